import { stringify } from 'csv-stringify/sync';
import type { Release } from '../releases.js';

/**
 * Every table in one CSV, one figure per line (tidy data): table, row, column, value. Totals are rows
 * and columns named "Total"; hidden figures are "[c]".
 */
export function releaseCsv(release: Release): string {
  const lines: (string | number)[][] = [['table', 'title', 'row_variable', 'row', 'column_variable', 'column', 'value']];
  for (const t of release.tables) {
    t.rows.forEach((row, r) => {
      t.columns.forEach((column, c) => lines.push([t.id, t.title, t.rowVariable, row, t.columnVariable, column, t.cells[r]![c]!]));
      lines.push([t.id, t.title, t.rowVariable, row, t.columnVariable, 'Total', t.rowTotals[r]!]);
    });
    t.columns.forEach((column, c) => lines.push([t.id, t.title, t.rowVariable, 'Total', t.columnVariable, column, t.columnTotals[c]!]));
    lines.push([t.id, t.title, t.rowVariable, 'Total', t.columnVariable, 'Total', t.grandTotal]);
  }
  for (const x of release.timeliness) {
    const title = `Days from referral to the first ${x.stage === 'rg' ? 'reasonable grounds' : 'conclusive grounds'} decision`;
    for (const [measure, value] of [['decisions', x.decided], ['median_days', x.median], ['lower_quartile_days', x.lowerQuartile], ['upper_quartile_days', x.upperQuartile], ['percent_within_target', x.onTimePercent]] as const) {
      if (value !== null) lines.push([`10-${x.stage}`, title, 'Age at exploitation', x.ageGroup, 'Measure', measure, value]);
    }
  }
  return stringify(lines);
}
