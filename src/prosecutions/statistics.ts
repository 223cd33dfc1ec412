import { DEFAULT_SUPPRESSION_RULE, suppressRelease, verifyRelease, type CountTable, type PublishedTable, type SuppressionRule } from '../statistics/disclosure/index.js';
import { offenceCodes, offenceLabel } from './offences.js';
import { sentenceKindLabels, sentenceKinds } from './schema.js';
import type { ConvictionCount } from './store.js';

/** What the tables count: one defendant convicted of one offence, in the year the prosecution concluded. */
export const countingUnit = 'A conviction is one defendant convicted of one offence, counted in the year the prosecution concluded.';
export const NOT_YET_SENTENCED = 'Not yet sentenced';

export interface ProsecutionStatistics {
  fromYear: number;
  toYear: number;
  /** Empty when no prosecution concluded with a conviction in these years. */
  tables: PublishedTable[];
}

/**
 * Convictions by offence and year, and by offence and sentence, as they may be published: the two
 * tables share their offence totals and grand total (margin keys), so the disclosure module hides small
 * counts (1–4) and whatever else would let one be worked out from either table, and the verifier
 * checks the result independently before anything is shown.
 */
export function prosecutionTables(counts: readonly ConvictionCount[], fromYear: number, toYear: number, rule: SuppressionRule = DEFAULT_SUPPRESSION_RULE): ProsecutionStatistics {
  const offencesCounted = offenceCodes.filter((code) => counts.some((c) => c.offence === code && c.count > 0));
  if (offencesCounted.length === 0) return { fromYear, toYear, tables: [] };
  const years = Array.from({ length: toYear - fromYear + 1 }, (_, i) => fromYear + i);
  const sentenceColumns = [...sentenceKinds, null] as const;
  const sum = (match: (c: ConvictionCount) => boolean) => counts.filter(match).reduce((total, c) => total + c.count, 0);
  const rows = offencesCounted.map(offenceLabel);
  const period = fromYear === toYear ? `${fromYear}` : `${fromYear} to ${toYear}`;
  const byYear: CountTable = {
    id: 'p1', title: `Convictions for trafficking and slavery offences by offence and year concluded, ${period}`,
    rowVariable: 'Offence', columnVariable: 'Year concluded', rows, columns: years.map(String),
    counts: offencesCounted.map((o) => years.map((y) => sum((c) => c.offence === o && c.year === y))),
    margins: { rowTotals: 'convictions-by-offence', grandTotal: 'convictions' },
  };
  const bySentence: CountTable = {
    id: 'p2', title: `Convictions for trafficking and slavery offences by offence and sentence, ${period}`,
    rowVariable: 'Offence', columnVariable: 'Sentence', rows,
    columns: sentenceColumns.map((k) => (k ? sentenceKindLabels[k] : NOT_YET_SENTENCED)),
    counts: offencesCounted.map((o) => sentenceColumns.map((k) => sum((c) => c.offence === o && (c.sentenceKind ?? null) === k))),
    margins: { rowTotals: 'convictions-by-offence', grandTotal: 'convictions' },
  };
  const published = suppressRelease({ tables: [byYear, bySentence] }, rule);
  const check = verifyRelease(published);
  if (!check.safe) throw new Error('Disclosure control failed: a hidden figure of the prosecution tables could be worked out');
  return { fromYear, toYear, tables: [...published.tables] };
}
