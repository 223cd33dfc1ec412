import { nationLabels } from '../../organisations/kinds.js';
import type { AgeBand } from './store.js';
import type { DecisionTimes, TimelinessReport } from './timeliness.js';

/** The report as the page reads it: numbers formatted, and words instead of figures where there are none. */

const NO_DECISIONS = 'No decisions in this period';
const figure = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

export const ageBandLabels: Record<AgeBand, string> = {
  under_3_months: 'Under 3 months',
  '3_to_6_months': '3 to 6 months',
  '6_to_12_months': '6 to 12 months',
  '1_to_2_years': '1 to 2 years',
  over_2_years: 'Over 2 years',
  not_known: 'Date of positive decision not recorded',
};

const stageLabels = { rg: 'Reasonable grounds', cg: 'Conclusive grounds' } as const;

export function formatNumber(n: number): string {
  return figure.format(n);
}

export function formatDays(n: number | null): string {
  if (n === null) return 'Not applicable';
  return `${figure.format(n)} ${n === 1 ? 'day' : 'days'}`;
}

function plural(n: number, one: string, many: string): string {
  return `${figure.format(n)} ${n === 1 ? one : many}`;
}

type Row = { key: { text: string }; value: { text: string } };
const row = (key: string, value: string): Row => ({ key: { text: key }, value: { text: value } });
type Cell = { text: string; format?: 'numeric' };
const numeric = (text: string): Cell => ({ text, format: 'numeric' });

function timesRows(times: DecisionTimes): Row[] {
  if (times.decided === 0) return [row('Decisions', NO_DECISIONS)];
  return [
    row('Decisions', figure.format(times.decided)),
    row('Median time from receipt', formatDays(times.medianDays)),
    row('Interquartile range (the middle half of decisions)', `${figure.format(times.lowerQuartileDays!)} to ${formatDays(times.upperQuartileDays)}`),
  ];
}

export function dashboardView(report: TimelinessReport) {
  const rg = report.reasonableGrounds;
  const cg = report.conclusiveGrounds;
  const waiting = report.awaitingConclusiveGrounds;
  const due = report.reasonableGroundsDue;
  const review = report.awaitingReview;
  const onTime = rg.decided === 0 ? NO_DECISIONS : `${figure.format(rg.percentOnTime!)}% (${figure.format(rg.onTime)} of ${figure.format(rg.decided)})`;
  const showNotKnown = waiting.sincePositiveRg.some((b) => b.band === 'not_known' && b.cases > 0);
  return {
    nationText: report.nation ? nationLabels[report.nation] : 'all nations',
    headline: [
      row('Reasonable grounds decisions made within the target', onTime),
      row('Median time to a reasonable grounds decision', rg.decided === 0 ? NO_DECISIONS : formatDays(rg.medianDays)),
      row('Median time to a conclusive grounds decision', cg.decided === 0 ? NO_DECISIONS : formatDays(cg.medianDays)),
      row('Waiting for a conclusive grounds decision now', plural(waiting.cases, 'case', 'cases')),
      row('Reasonable grounds decisions overdue now', plural(due.overdue, 'case', 'cases')),
      row('Negative decisions waiting for a second review', plural(review.decisions, 'decision', 'decisions')),
    ],
    reasonableGrounds: {
      decided: rg.decided > 0,
      rows: rg.decided === 0 ? timesRows(rg) : [
        row('Made within the target', onTime),
        row('Made late', figure.format(rg.late)),
        ...timesRows(rg).slice(1),
      ],
    },
    conclusiveGrounds: { decided: cg.decided > 0, rows: timesRows(cg) },
    waiting: {
      cases: waiting.cases,
      rows: [
        row('Cases waiting', figure.format(waiting.cases)),
        row('Median wait since the positive reasonable grounds decision', formatDays(waiting.medianDaysSincePositiveRg)),
        row('Median time since the referral was received', formatDays(waiting.medianDaysSinceReceipt)),
      ],
      table: waiting.sincePositiveRg
        .map((b, i) => ({ band: b.band, sinceRg: b.cases, sinceReceipt: waiting.sinceReceipt[i]?.cases ?? 0 }))
        .filter((b) => b.band !== 'not_known' || showNotKnown)
        .map((b): Cell[] => [{ text: ageBandLabels[b.band] }, numeric(figure.format(b.sinceRg)), numeric(figure.format(b.sinceReceipt))]),
    },
    due: {
      overdue: due.overdue,
      dueSoon: due.dueSoon,
      summary: `${plural(due.overdue, 'case', 'cases')} overdue; ${plural(due.dueSoon, 'case', 'cases')} due today or in the next ${plural(due.dueSoonWorkingDays, 'working day', 'working days')}.`,
      dueSoonHeading: `Due today or in the next ${plural(due.dueSoonWorkingDays, 'working day', 'working days')}`,
      table: due.byCaseworker.map((c): Cell[] => [
        { text: c.caseworker },
        numeric(figure.format(c.overdue)),
        numeric(c.longestOverdueDays === null ? '–' : formatDays(c.longestOverdueDays)),
        numeric(figure.format(c.dueSoon)),
      ]),
    },
    review: {
      decisions: review.decisions,
      table: review.byStage.map((s): Cell[] => [
        { text: stageLabels[s.stage] },
        numeric(figure.format(s.decisions)),
        numeric(formatDays(s.medianDaysWaiting)),
        numeric(formatDays(s.longestDaysWaiting)),
      ]),
    },
  };
}
