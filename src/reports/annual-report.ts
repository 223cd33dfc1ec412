import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import {
  DEFAULT_SUPPRESSION_RULE, suppressRelease, verifyRelease,
  type CountTable, type PublishedCount, type PublishedTable, type SuppressionRule,
} from '../statistics/disclosure/index.js';
import type { Release, StatisticsReleases } from '../statistics/releases.js';
import type { TimelinessRow } from '../statistics/publication/timeliness-table.js';

/** The calendar year a report covers, as UK dates. */
export interface ReportYear {
  year: number;
  from: string;
  to: string;
}

export function reportYear(year: number): ReportYear {
  return { year, from: `${year}-01-01`, to: `${year}-12-31` };
}

/** One chapter of the report: a few sentences written from published figures, and the tables they come from. */
export interface ReportSection {
  id: string;
  title: string;
  paragraphs: string[];
  tables: PublishedTable[];
  timeliness?: TimelinessRow[];
}

export interface AnnualReport {
  year: number;
  from: string;
  to: string;
  cutOff: Date;
  rule: string;
  sections: ReportSection[];
}

/**
 * A chapter drawn from another part of the service (missing people, prosecutions, the action plan): its
 * tables as they may be published — counts of people through disclosure control with the report's rule
 * (`published` below), so a small count is hidden here exactly as in the statistics.
 */
export interface ReportSource {
  id: string;
  title: string;
  tables(db: Db, period: ReportYear, rule: SuppressionRule): Promise<PublishedTable[]>;
  /** Sentences from the published tables only: never from a count that was hidden. */
  summary(tables: PublishedTable[], period: ReportYear): string[];
}

/** The NRM tables the report reprints from the year's statistics release; the release itself has them all. */
const referralTables = ['1b', '2', '3a', '4', '5', '6b'];
const decisionTables = ['8a', '9a', '11'];

/**
 * The independent rapporteur's annual report, drafted from the service's own data: the year's NRM
 * statistics (the statistics release for the calendar year, with its disclosure control), timeliness,
 * and a chapter from each source. Every draft is an export of statistics and is audited as one.
 */
export class AnnualReports {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly statistics: StatisticsReleases,
    private readonly sources: readonly ReportSource[],
    private readonly rule: SuppressionRule = DEFAULT_SUPPRESSION_RULE,
  ) {}

  async draft(year: number, context: AuditContext): Promise<AnnualReport> {
    const period = reportYear(year);
    const release = await this.statistics.preview({ from: period.from, to: period.to }, context);
    const sections = [referralSection(release, period), decisionSection(release, period), missingSection(release, period)];
    for (const source of this.sources) {
      const tables = await source.tables(this.database.db, period, this.rule);
      sections.push({ id: source.id, title: source.title, paragraphs: source.summary(tables, period), tables });
    }
    await this.audit.recordAlone(context, { action: 'export', recordType: 'annual_report', details: { year } });
    return { year, from: period.from, to: period.to, cutOff: release.cutOff, rule: release.rule, sections };
  }
}

/** Disclosure control across a chapter's tables, checked by the independent verifier as the statistics are. */
export function published(tables: CountTable[], rule: SuppressionRule): PublishedTable[] {
  if (tables.length === 0) return [];
  const release = suppressRelease({ tables }, rule);
  const check = verifyRelease(release);
  if (!check.safe) throw new Error(`Disclosure control failed: ${check.exposed.length} hidden figures could be worked out`);
  return [...release.tables];
}

/** A table of counts that identify no one (a plan's actions), published as counted. */
export function asCounted(t: CountTable, rule: string): PublishedTable {
  const rowTotals = t.counts.map((r) => r.reduce((a, b) => a + b, 0));
  const columnTotals = t.columns.map((_, c) => t.counts.reduce((a, r) => a + (r[c] ?? 0), 0));
  return {
    id: t.id, title: t.title, rowVariable: t.rowVariable, columnVariable: t.columnVariable, rows: t.rows, columns: t.columns,
    cells: t.counts, rowTotals, columnTotals, grandTotal: rowTotals.reduce((a, b) => a + b, 0), threshold: 0, rule,
  };
}

function pick(release: Release, ids: string[]): PublishedTable[] {
  return ids.flatMap((id) => release.tables.filter((t) => t.id === id));
}

function referralSection(release: Release, period: ReportYear): ReportSection {
  const tables = pick(release, referralTables);
  const ages = tables.find((t) => t.id === '2');
  const paragraphs: string[] = [];
  if (ages) {
    paragraphs.push(`In ${period.year}, ${figure(ages.grandTotal, 'potential victims')} were referred to the National Referral Mechanism.`);
    const child = ages.rows.indexOf('Child (17 or under)');
    if (child >= 0 && ages.grandTotal !== 0) paragraphs.push(sentence(`${figure(ages.rowTotals[child]!, 'them', 'of')} were referred for exploitation as children.`));
  }
  paragraphs.push('Figures shown as [c] are withheld so that no one can be identified; totals are of the people referred.');
  return { id: 'referrals', title: 'Referrals to the National Referral Mechanism', paragraphs, tables };
}

function decisionSection(release: Release, period: ReportYear): ReportSection {
  const tables = pick(release, decisionTables);
  const rg = release.timeliness.find((t) => t.stage === 'rg' && t.ageGroup === 'all');
  const cg = release.timeliness.find((t) => t.stage === 'cg' && t.ageGroup === 'all');
  const paragraphs = [
    rg ? sentence(`${figure(rg.decided, 'first reasonable grounds decisions')} were made in ${period.year}${rg.decided === 0 ? '' : `; the median time from referral was ${days(rg.median)}${rg.onTimePercent !== null ? `, and ${percent(rg.onTimePercent)} were made within 5 working days` : ''}`}.`) : '',
    cg ? sentence(`${figure(cg.decided, 'first conclusive grounds decisions')} were made${cg.decided === 0 ? '' : `; the median time from referral was ${days(cg.median)}`}.`) : '',
  ].filter(Boolean);
  return { id: 'decisions', title: 'Decisions and timeliness', paragraphs, tables, timeliness: release.timeliness };
}

function missingSection(release: Release, period: ReportYear): ReportSection {
  const tables = pick(release, ['15']);
  const episodes = tables[0];
  const paragraphs: string[] = [];
  if (episodes) {
    paragraphs.push(sentence(`${figure(episodes.grandTotal, 'episodes')} of a referred person going missing began in ${period.year}.`));
    const child = episodes.columns.indexOf('Child');
    if (child >= 0 && episodes.grandTotal !== 0) paragraphs.push(sentence(`${figure(episodes.columnTotals[child]!, 'them', 'of')} were of children: trafficked children go missing from care fast, and every episode is alerted to the police, the Competent Authority and the local authority.`));
  }
  return { id: 'missing', title: 'Missing people, children especially', paragraphs, tables };
}

/** A published count in a sentence: a withheld one is "a small number", never a number. */
export function figure(n: PublishedCount, noun: string, joiner = ''): string {
  if (n === '[c]') return `a small number of ${noun}`;
  if (n === 0) return `no ${noun}`;
  return `${n.toLocaleString('en-GB')} ${joiner ? `${joiner} ` : ''}${noun}`;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function days(n: PublishedCount): string {
  return n === '[c]' ? 'not published (too few decisions)' : `${n.toLocaleString('en-GB')} days`;
}

function percent(n: PublishedCount): string {
  return n === '[c]' ? 'a withheld share' : `${n}%`;
}
