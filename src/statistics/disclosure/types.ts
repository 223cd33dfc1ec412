/**
 * Disclosure control for the published NRM statistics (docs/STATISTICS.md, "Disclosure control").
 *
 * A table is a two-way table of counts with its row totals, column totals and grand total, all of
 * which are published. A release is the set of tables published together: tables that publish the
 * same figures (the age totals of "age × gender" and "age × exploitation type" for one quarter)
 * name the same margin key, so that hiding a cell in one table is reasoned about with every other
 * table that would let it be worked out.
 */

/**
 * Names a published vector of totals, e.g. "Referrals by age group, Q1 2026". Two tables that name
 * the same key publish the same value for each category of it (matched by category label).
 */
export type MarginKey = string;

export interface CountTable {
  /** Unique within the release, e.g. "referrals-age-gender-2026-q1". */
  readonly id: string;
  readonly title: string;
  /** What the rows and columns are, e.g. "Age at exploitation", "Gender". */
  readonly rowVariable: string;
  readonly columnVariable: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** counts[row][column]: whole numbers, 0 or more. Totals are computed from them. */
  readonly counts: readonly (readonly number[])[];
  /** How many breakdown variables the table crosses (2 unless a row or column combines several). */
  readonly breakdownVariables?: number;
  /** A sparse breakdown such as nationality × police force area (uses the sparse threshold). */
  readonly sparse?: boolean;
  /** The published totals this table shares with other tables of the release. */
  readonly margins?: {
    readonly rowTotals?: MarginKey;
    readonly columnTotals?: MarginKey;
    readonly grandTotal?: MarginKey;
    /** Single figures of this table that other tables publish as a margin's category or a grand total. */
    readonly figures?: readonly SharedFigure[];
  };
}

/**
 * One figure of a table — a cell, a row or column total (category left out), or the grand total (both
 * left out) — that is the same count as another table's margin category or grand total: e.g. the NRM
 * column of "referrals by quarter and route" holds the quarter totals and the grand total of the tables
 * of NRM referrals.
 */
export interface SharedFigure {
  /** Row label; none for the column totals' row. */
  readonly row?: string;
  /** Column label; none for the row totals' column. */
  readonly column?: string;
  readonly sameAs: { readonly margin: MarginKey; readonly category: string } | { readonly grandTotal: MarginKey };
}

/**
 * A table that is, cell by cell and total by total, the sum of other tables of the release:
 * year to date = Q1 + Q2. Parts and whole have the same row and column categories.
 */
export interface TableSum {
  readonly whole: string;
  readonly parts: readonly string[];
}

export interface Release {
  readonly tables: readonly CountTable[];
  readonly sums?: readonly TableSum[];
}

/** Where a figure sits in a table: a cell, a row total, a column total or the grand total. */
export interface CellAddress {
  readonly table: string;
  readonly row: number | 'total';
  readonly column: number | 'total';
}

/** The symbol the Government Statistical Service uses for a figure withheld for confidentiality. */
export const SUPPRESSED = '[c]';
export type PublishedCount = number | typeof SUPPRESSED;

export interface PublishedTable {
  readonly id: string;
  readonly title: string;
  readonly rowVariable: string;
  readonly columnVariable: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly PublishedCount[])[];
  readonly rowTotals: readonly PublishedCount[];
  readonly columnTotals: readonly PublishedCount[];
  readonly grandTotal: PublishedCount;
  readonly margins?: CountTable['margins'];
  /** The primary suppression threshold that applied to this table (counts below it are hidden). */
  readonly threshold: number;
  /** The rule applied, in words, printed with the table. */
  readonly rule: string;
}

export interface PublishedRelease {
  readonly tables: readonly PublishedTable[];
  readonly sums?: readonly TableSum[];
}

/** Settings shared by both modes. */
interface CommonRule {
  /** Counts from 1 up to threshold − 1 are disclosive. */
  readonly threshold: number;
  /** Threshold for sparse tables and tables of more than two breakdown variables. */
  readonly sparseThreshold: number;
  /** Percentages are not shown when their denominator is below this. */
  readonly minimumDenominator: number;
  /** Medians are shown only when based on at least this many cases. */
  readonly minimumCountForMedian: number;
}

/** Hide small counts, then hide further figures so that none of them can be worked out. */
export interface SuppressionRule extends CommonRule {
  readonly mode: 'suppression';
}

/** Round every count (totals independently) to the nearest multiple of `base`. */
export interface RoundingRule extends CommonRule {
  readonly mode: 'rounding';
  readonly base: number;
}

export type DisclosureRule = SuppressionRule | RoundingRule;

export const DEFAULT_SUPPRESSION_RULE: SuppressionRule = {
  mode: 'suppression',
  threshold: 5,
  sparseThreshold: 10,
  minimumDenominator: 20,
  minimumCountForMedian: 10,
};

export const DEFAULT_ROUNDING_RULE: RoundingRule = {
  mode: 'rounding',
  base: 5,
  threshold: 5,
  sparseThreshold: 10,
  minimumDenominator: 20,
  minimumCountForMedian: 10,
};
