import { SUPPRESSED, publishPercentage, type PublishedCount, type PublishedTable, type SuppressionRule } from '../disclosure/index.js';
import type { Timeliness } from './breakdowns.js';
import { categoryLabel } from './labels.js';

export interface TimelinessRow {
  stage: 'rg' | 'cg';
  ageGroup: string;
  decided: PublishedCount;
  median: PublishedCount;
  lowerQuartile: PublishedCount;
  upperQuartile: PublishedCount;
  /** Share of RG decisions within the target (percent). */
  onTimePercent: PublishedCount | null;
}

/**
 * Table 10. The numbers of decisions are the totals of tables 8a and 9a, as published there (so the
 * two can never disagree or reveal each other); medians and quartiles only where based on enough
 * decisions; the on-time share hidden where either it or its complement is a small count, since a
 * percentage of a known total gives the count back.
 */
export function timelinessTable(rows: Timeliness[], rg: PublishedTable, cg: PublishedTable, rule: SuppressionRule): TimelinessRow[] {
  return rows.map((r) => {
    const source = r.stage === 'rg' ? rg : cg;
    const label = categoryLabel('age_group', r.ageGroup);
    const index = source.columns.indexOf(label);
    const decided = r.ageGroup === 'all' ? source.grandTotal : index >= 0 ? source.columnTotals[index]! : SUPPRESSED;
    const enough = r.decided >= rule.minimumCountForMedian;
    const late = r.onTime === null ? 0 : r.decided - r.onTime;
    const onTimePercent = r.onTime === null ? null
      : late >= 1 && late < rule.threshold ? SUPPRESSED
        : publishPercentage({ numerator: r.onTime, denominator: r.decided, denominatorHidden: decided === SUPPRESSED }, rule);
    return {
      stage: r.stage, ageGroup: r.ageGroup, decided,
      median: enough && r.median !== null ? r.median : SUPPRESSED,
      lowerQuartile: enough && r.lowerQuartile !== null ? r.lowerQuartile : SUPPRESSED,
      upperQuartile: enough && r.upperQuartile !== null ? r.upperQuartile : SUPPRESSED,
      onTimePercent,
    };
  });
}
