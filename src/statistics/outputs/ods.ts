import XLSX from 'xlsx';
import type { Release } from '../releases.js';
import { areaLabel, timelinessTitle } from './presentation.js';

/**
 * The release as an OpenDocument spreadsheet: a cover sheet, a notes sheet with the disclosure rule,
 * one sheet per table, timeliness and revisions. Written only — files from outside are never parsed
 * with this library.
 */
export function releaseOds(release: Release): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([
    ['National Referral Mechanism statistics'],
    ['Period', `${release.from} to ${release.to}`],
    ['Area', areaLabel(release.area)],
    ['Data as at (cut-off)', release.cutOff.toISOString()],
    ['Published', release.publishedAt ? release.publishedAt.toISOString() : 'Not published (preview)'],
    ['Tables', release.tables.length + 1],
  ]), 'Cover');
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([
    ['Notes'], ['Disclosure control', release.rule],
    ['Figures are provisional', 'Referrals and decisions recorded after the cut-off are included in later releases; see the Revisions sheet.'],
    ['[c]', 'Figure hidden to protect the people counted.'],
  ]), 'Notes');
  for (const t of release.tables) {
    const rows: (string | number)[][] = [[t.title], [t.rule], [], [`${t.rowVariable} \\ ${t.columnVariable}`, ...t.columns, 'Total']];
    t.rows.forEach((row, r) => rows.push([row, ...t.cells[r]!, t.rowTotals[r]!]));
    rows.push(['Total', ...t.columnTotals, t.grandTotal]);
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), `Table ${t.id}`);
  }
  const times: (string | number)[][] = [[timelinessTitle], [], ['Decision', 'Age at exploitation', 'Decisions', 'Median days', 'Lower quartile', 'Upper quartile', '% within target']];
  for (const x of release.timeliness) times.push([x.stage === 'rg' ? 'Reasonable grounds' : 'Conclusive grounds', x.ageGroup, x.decided, x.median, x.lowerQuartile, x.upperQuartile, x.onTimePercent ?? '']);
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(times), 'Table 10');
  const revisions: (string | number)[][] = [['Revisions against the previous release for this period'], [], ['Table', 'Row', 'Column', 'Was', 'Now']];
  for (const r of release.revisions) revisions.push([r.table, r.row, r.column, r.before ?? '', r.after ?? '']);
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(revisions), 'Revisions');
  return XLSX.write(book, { type: 'buffer', bookType: 'ods' }) as Buffer;
}
