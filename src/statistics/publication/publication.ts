import type { Db } from '../../platform/db/database.js';
import {
  DEFAULT_SUPPRESSION_RULE, SUPPRESSED, describeRule, groupRareRows, suppressRelease, verifyRelease,
  type CountTable, type PublishedCount, type PublishedTable, type SharedFigure, type SuppressionRule,
} from '../disclosure/index.js';
import { countTables, timelinessFrom, timelinessTables, type Counts } from './breakdowns.js';
import { timelinessTable, type TimelinessRow } from './timeliness-table.js';
import { tableDefinitions, type TableDefinition } from './table-definitions.js';
import { categoryLabel, variableLabels } from './labels.js';
import type { Scope } from './units.js';

export interface Publication {
  scope: Scope;
  rule: SuppressionRule;
  tables: PublishedTable[];
  timeliness: TimelinessRow[];
}

/**
 * The quarterly publication for a period: every table counted in the database, then disclosure
 * control across the whole release (tables on the same basis share their totals), then the tables
 * of "any mention" worked out from their suppressed combinations tables. Before it is returned the
 * release is checked by the independent verifier: a release that would let a hidden count be
 * worked out is never produced.
 */
export async function buildPublication(db: Db, scope: Scope, options: { rule?: SuppressionRule; labels?: Map<string, string> } = {}): Promise<Publication> {
  const rule = options.rule ?? DEFAULT_SUPPRESSION_RULE;
  const labels = options.labels ?? new Map<string, string>();
  // The historic tables only for periods that overlap the historic series.
  const definitions = tableDefinitions.filter((d) => !d.onlyFor || (scope.from <= d.onlyFor.to && scope.to >= d.onlyFor.from));
  const direct = definitions.filter((d) => !d.derivedFrom);
  // Every table and what timeliness needs, in one statement per basis: each basis's units are selected once.
  const counts = await countTables(db, scope, [...direct, ...timelinessTables]);
  const counted = counts.slice(0, direct.length).map((c, i) => toCountTable(direct[i]!, c, labels));
  const published = suppressRelease({ tables: counted }, rule);
  const check = verifyRelease(published);
  if (!check.safe) throw new Error(`Disclosure control failed: ${check.exposed.length} hidden figures could be worked out`);
  const byId = new Map(published.tables.map((t) => [t.id, t]));
  const tables = definitions.map((d) => (d.derivedFrom ? anyMention(d, byId.get(d.derivedFrom)!, rule) : byId.get(d.id)!));
  const times = timelinessTable(timelinessFrom(counts.slice(direct.length)), byId.get('8a')!, byId.get('9a')!, rule);
  return { scope, rule, tables, timeliness: times };
}

function toCountTable(d: TableDefinition, counts: Counts, labels: Map<string, string>): CountTable {
  const rowCodes = [...counts.rowTotals.keys()].sort();
  const columnCodes = [...counts.columnTotals.keys()].sort();
  const margin = d.marginBasis ?? d.basis;
  let table: CountTable = {
    id: d.id, title: d.title, rowVariable: variableLabels[d.row], columnVariable: variableLabels[d.column],
    rows: rowCodes.map((c) => categoryLabel(d.row, c, labels)), columns: columnCodes.map((c) => categoryLabel(d.column, c, labels)),
    counts: rowCodes.map((r) => columnCodes.map((c) => counts.cells.get(r)?.get(c) ?? 0)),
    sparse: d.sparse,
    // Tables counting the same units publish the same totals for the same variable: declared, so that
    // a count hidden in one cannot be worked out from another.
    margins: { rowTotals: `${margin}|${d.row}`, columnTotals: `${margin}|${d.column}`, grandTotal: `${margin}|total`, figures: [...routeFigures(d, rowCodes, columnCodes, labels), ...historicAgencyFigures(d, rowCodes, labels)] },
  };
  if (d.topRows && table.rows.length > d.topRows) table = groupRareRows(table, d.topRows, `Other ${variableLabels[d.row].toLowerCase()}`);
  // A grouped variable no longer matches the same variable elsewhere: its totals are its own.
  if (d.topRows) table = { ...table, margins: { ...table.margins, rowTotals: `${d.id}|${d.row}` } };
  return table;
}

/**
 * A table of both routes, by route (table 1a): its NRM column holds the NRM referrals' figures and its
 * Duty to Notify column the reports' — the same counts as the tables of those units publish (table 1b's
 * quarter totals, every table's grand total). Declared, so that none is hidden in one table and shown in
 * another, and a small number of reports is not the difference of two published totals.
 */
function routeFigures(d: TableDefinition, rowCodes: string[], columnCodes: string[], labels: Map<string, string>): SharedFigure[] {
  if (d.basis !== 'any_route' || d.column !== 'route' || d.topRows) return [];
  return columnCodes.flatMap((route) => {
    const basis = route === 'nrm' ? 'referral' : 'duty_to_notify';
    const column = categoryLabel('route', route);
    return [
      ...rowCodes.map((code) => {
        const row = categoryLabel(d.row, code, labels);
        return { row, column, sameAs: { margin: `${basis}|${d.row}`, category: row } };
      }),
      { column, sameAs: { grandTotal: `${basis}|total` } },
    ];
  });
}

/** The 2009 agencies that are one organisation type each: the same counts as table 5's rows of that type. */
const agencyTypes: Record<string, string> = { '2_police': 'police', '3_local_authority': 'local_authority', '5_cps': 'prosecution', '6_nhs': 'health' };

/**
 * Referrals by referring agency (table h1) publishes, for police, local authorities, the CPS and the
 * NHS, the same counts as the first-responder table (5) does for their organisation types. Declared,
 * so that a count hidden in one to protect a small one is not shown in the other.
 */
function historicAgencyFigures(d: TableDefinition, rowCodes: string[], labels: Map<string, string>): SharedFigure[] {
  if (d.row !== 'historic_agency' || d.basis !== 'historic_referral') return [];
  return rowCodes.filter((code) => code in agencyTypes).map((code) => ({
    row: categoryLabel(d.row, code, labels),
    sameAs: { margin: `referral|responder_type`, category: categoryLabel('responder_type', agencyTypes[code]!, labels) },
  }));
}

/**
 * "Any mention of type X" is the sum of the combinations that include X. Each figure is published only
 * when every combination it adds up is published, so the table says nothing its source hides.
 */
function anyMention(d: TableDefinition, source: PublishedTable, rule: SuppressionRule): PublishedTable {
  const types = new Map<string, number[]>();
  // Combination labels join type labels with " and " (labels.ts); no type label contains it.
  source.rows.forEach((label, i) => {
    for (const part of label.split(' and ')) types.set(part, [...(types.get(part) ?? []), i]);
  });
  const rows = [...types.keys()].sort();
  const sum = (values: PublishedCount[]): PublishedCount => (values.some((v) => v === SUPPRESSED) ? SUPPRESSED : (values as number[]).reduce((a, b) => a + b, 0));
  const cells = rows.map((t) => source.columns.map((_, c) => sum(types.get(t)!.map((i) => source.cells[i]![c]!))));
  return {
    id: d.id, title: d.title, rowVariable: variableLabels[d.row], columnVariable: source.columnVariable, rows, columns: source.columns, cells,
    rowTotals: rows.map((t) => sum(types.get(t)!.map((i) => source.rowTotals[i]!))),
    // Mentions are not people: a referral of two types is in two rows, so the totals are the source's, in people.
    columnTotals: source.columnTotals, grandTotal: source.grandTotal,
    threshold: source.threshold,
    rule: `${describeRule(rule)} Each figure is the sum of the combinations of types that include it, and is hidden when any of them is. A referral of several types is counted under each, so rows do not add up to the totals.`,
  };
}
