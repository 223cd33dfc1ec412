import type { CountTable } from './types.js';

export interface CategoryCount {
  readonly category: string;
  readonly count: number;
}

/**
 * Rare categories are grouped before suppression ("other nationalities"), so fewer cells are
 * small and fewer need hiding. Keeps the `keep` largest categories, largest first (ties by name, so
 * the same data always groups the same way), and adds their remainder as `otherLabel`.
 */
export function groupRareCategories(counts: readonly CategoryCount[], keep: number, otherLabel: string): CategoryCount[] {
  if (counts.some((c) => c.category === otherLabel)) throw new Error(`"${otherLabel}" is already a category`);
  const ranked = [...counts].sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
  if (ranked.length <= keep) return ranked;
  const rest = ranked.slice(keep);
  return [...ranked.slice(0, keep), { category: otherLabel, count: rest.reduce((sum, c) => sum + c.count, 0) }];
}

/**
 * Groups the rows of a table, ranked by row total. Tables that share the row margin rank on the
 * same totals and so group alike; the grouped margin is a different margin, so give it its own key.
 */
export function groupRareRows(table: CountTable, keep: number, otherLabel: string): CountTable {
  const totals = table.rows.map((category, r) => ({ category, count: table.counts[r]!.reduce((a, b) => a + b, 0) }));
  const grouped = groupRareCategories(totals, keep, otherLabel);
  const kept = new Set(grouped.map((g) => g.category));
  const countsOf = (category: string) => {
    if (category !== otherLabel) return [...table.counts[table.rows.indexOf(category)]!];
    return table.columns.map((_, c) => table.rows.reduce((sum, row, r) => (kept.has(row) ? sum : sum + table.counts[r]![c]!), 0));
  };
  return { ...table, rows: grouped.map((g) => g.category), counts: grouped.map((g) => countsOf(g.category)) };
}

export function groupRareColumns(table: CountTable, keep: number, otherLabel: string): CountTable {
  return transpose(groupRareRows(transpose(table), keep, otherLabel));
}

function transpose(table: CountTable): CountTable {
  const { rowTotals, columnTotals, grandTotal } = table.margins ?? {};
  return {
    ...table,
    rowVariable: table.columnVariable,
    columnVariable: table.rowVariable,
    rows: table.columns,
    columns: table.rows,
    counts: table.columns.map((_, c) => table.rows.map((_, r) => table.counts[r]![c]!)),
    ...(table.margins ? { margins: { rowTotals: columnTotals, columnTotals: rowTotals, grandTotal } } : {}),
  };
}
