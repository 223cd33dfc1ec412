import { describeRule } from './describe-rule.js';
import { buildModel, thresholdFor, type ReleaseModel } from './model.js';
import { primarySuppressions } from './primary.js';
import { secondarySuppressions } from './secondary.js';
import {
  DEFAULT_SUPPRESSION_RULE, SUPPRESSED,
  type PublishedCount, type PublishedRelease, type Release, type SuppressionRule,
} from './types.js';

/** The release as it may be published: small counts and the figures that would reveal them as [c]. */
export function suppressRelease(release: Release, rule: SuppressionRule = DEFAULT_SUPPRESSION_RULE): PublishedRelease {
  const model = buildModel(release, rule);
  return publishModel(release, model, secondarySuppressions(model, primarySuppressions(model)), rule);
}

/** Every figure of the release, with the given figures shown as [c]. */
export function publishModel(release: Release, model: ReleaseModel, hidden: ReadonlySet<number>, rule: SuppressionRule): PublishedRelease {
  return {
    tables: release.tables.map((table) => {
      const variables = model.variableAt.get(table.id)!;
      const shown = (r: number, c: number): PublishedCount => {
        const variable = variables[r]![c]!;
        return hidden.has(variable) ? SUPPRESSED : model.figures[variable]!.value;
      };
      const R = table.rows.length;
      const C = table.columns.length;
      const threshold = thresholdFor(table, rule);
      return {
        id: table.id,
        title: table.title,
        rowVariable: table.rowVariable,
        columnVariable: table.columnVariable,
        rows: table.rows,
        columns: table.columns,
        cells: table.rows.map((_, r) => table.columns.map((_, c) => shown(r, c))),
        rowTotals: table.rows.map((_, r) => shown(r, C)),
        columnTotals: table.columns.map((_, c) => shown(R, c)),
        grandTotal: shown(R, C),
        ...(table.margins ? { margins: table.margins } : {}),
        threshold,
        rule: describeRule(rule, table),
      };
    }),
    ...(release.sums ? { sums: release.sums } : {}),
  };
}
