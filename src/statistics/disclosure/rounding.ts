import { describeRule } from './describe-rule.js';
import { buildModel, thresholdFor, withTotals } from './model.js';
import { DEFAULT_ROUNDING_RULE, type PublishedRelease, type Release, type RoundingRule } from './types.js';

/** The nearest multiple of `base` (halves round up, which cannot happen for whole counts and base 5). */
export function roundToBase(count: number, base: number): number {
  return Math.round(count / base) * base;
}

/**
 * The alternative to suppression: every count rounded to the nearest 5, and every total rounded
 * from its own unrounded value — not summed from rounded cells, which would compound the error
 * and let differences between tables undo the rounding.
 */
export function roundRelease(release: Release, rule: RoundingRule = DEFAULT_ROUNDING_RULE): PublishedRelease {
  buildModel(release, rule); // checks the shape and that shared margins agree
  return {
    tables: release.tables.map((table) => {
      const grid = withTotals(table).map((line) => line.map((count) => roundToBase(count, rule.base)));
      const R = table.rows.length;
      const C = table.columns.length;
      return {
        id: table.id,
        title: table.title,
        rowVariable: table.rowVariable,
        columnVariable: table.columnVariable,
        rows: table.rows,
        columns: table.columns,
        cells: grid.slice(0, R).map((line) => line.slice(0, C)),
        rowTotals: grid.slice(0, R).map((line) => line[C]!),
        columnTotals: grid[R]!.slice(0, C),
        grandTotal: grid[R]![C]!,
        ...(table.margins ? { margins: table.margins } : {}),
        threshold: thresholdFor(table, rule),
        rule: describeRule(rule, table),
      };
    }),
    ...(release.sums ? { sums: release.sums } : {}),
  };
}
