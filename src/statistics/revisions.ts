import type { PublishedCount, PublishedTable } from './disclosure/index.js';

export interface Revision {
  table: string;
  title: string;
  row: string;
  column: string;
  before: PublishedCount | null;
  after: PublishedCount | null;
}

/**
 * Table 14: what changed against the last release for the same period and area. Figures are
 * provisional (the data is living: late referrals and decisions arrive after a quarter closes), so a
 * revision compares published figures — never the hidden ones — cell by cell and total by total.
 */
export function revisionsBetween(previous: readonly PublishedTable[], current: readonly PublishedTable[]): Revision[] {
  const before = new Map(previous.map((t) => [t.id, figures(t)]));
  const out: Revision[] = [];
  for (const table of current) {
    const was = before.get(table.id) ?? new Map<string, PublishedCount>();
    const now = figures(table);
    for (const key of new Set([...was.keys(), ...now.keys()])) {
      const a = was.get(key) ?? null;
      const b = now.get(key) ?? null;
      if (a !== b) {
        const [row, column] = key.split('\u0000') as [string, string];
        out.push({ table: table.id, title: table.title, row, column, before: a, after: b });
      }
    }
  }
  return out;
}

function figures(t: PublishedTable): Map<string, PublishedCount> {
  const map = new Map<string, PublishedCount>();
  t.rows.forEach((row, r) => t.columns.forEach((column, c) => map.set(`${row}\u0000${column}`, t.cells[r]![c]!)));
  t.rows.forEach((row, r) => map.set(`${row}\u0000Total`, t.rowTotals[r]!));
  t.columns.forEach((column, c) => map.set(`Total\u0000${column}`, t.columnTotals[c]!));
  map.set('Total\u0000Total', t.grandTotal);
  return map;
}
