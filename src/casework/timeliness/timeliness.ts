import type { Database } from '../../platform/db/database.js';
import type { Principal } from '../../platform/auth/principal.js';
import { scopeFor } from '../../platform/auth/policy.js';
import { addWorkingDays } from '../../platform/working-days.js';
import { nations, type Nation } from '../../organisations/kinds.js';
import type { TimelinessFilters } from './schema.js';
import * as store from './store.js';
import { ageBands, type AgeBand } from './store.js';

/**
 * The figures a minister asks of a Competent Authority: how many RG decisions meet the 5 working day
 * target, how long RG and CG decisions take, how long people wait for a CG decision, what is overdue
 * now and with whom, and which negative decisions wait for their second review. Aggregates only: no
 * person referred is named, so reading them is not a read of anyone's record.
 */

/** Days from receipt to the first issued decision of a stage; null figures when there were no decisions. */
export interface DecisionTimes {
  decided: number;
  medianDays: number | null;
  lowerQuartileDays: number | null;
  upperQuartileDays: number | null;
}

export interface ReasonableGroundsTimes extends DecisionTimes {
  /** Decided on or before the due date (the target of 5 working days by the nation's bank holidays). */
  onTime: number;
  late: number;
  /** 0 to 100; null when there were no decisions. */
  percentOnTime: number | null;
}

export interface BandCount {
  band: AgeBand;
  cases: number;
}

export interface CaseworkerDue {
  /** The caseworker's name, or 'Unassigned'. */
  caseworker: string;
  assigned: boolean;
  overdue: number;
  longestOverdueDays: number | null;
  dueSoon: number;
}

export interface ReviewWait {
  stage: 'rg' | 'cg';
  decisions: number;
  medianDaysWaiting: number;
  longestDaysWaiting: number;
}

export interface TimelinessReport {
  /** The UK date the figures are as of (the service clock's). */
  asOf: string;
  period: { from: string; to: string };
  nation: Nation | null;
  /** For cases received in the period. */
  reasonableGrounds: ReasonableGroundsTimes;
  conclusiveGrounds: DecisionTimes;
  /** Now, whenever the case was received. */
  awaitingConclusiveGrounds: {
    cases: number;
    medianDaysSincePositiveRg: number | null;
    medianDaysSinceReceipt: number | null;
    sincePositiveRg: BandCount[];
    sinceReceipt: BandCount[];
  };
  reasonableGroundsDue: {
    overdue: number;
    dueSoon: number;
    /** How many working days ahead "due soon" looks, after today. */
    dueSoonWorkingDays: number;
    byCaseworker: CaseworkerDue[];
  };
  awaitingReview: { decisions: number; byStage: ReviewWait[] };
}

/** Decisions due today or within this many working days count as due soon. */
export const DUE_SOON_WORKING_DAYS = 2;

export class TimelinessReports {
  constructor(private readonly database: Database) {}

  /** The figures for the principal's Competent Authority, as of `today` (a UK date from the service clock). */
  async report(principal: Principal, filters: TimelinessFilters, today: string): Promise<TimelinessReport> {
    const db = this.database.db;
    const filter: store.CaseFilter = { scope: scopeFor(principal.role, 'referral'), subject: principal, nation: filters.nation };
    const period = { from: filters.from, to: filters.to };
    const dueSoonUntil = Object.fromEntries(nations.map((n) => [n, addWorkingDays(today, DUE_SOON_WORKING_DAYS, n)])) as Record<Nation, string>;
    const [times, waiting, bands, due, reviews] = await Promise.all([
      store.decisionTimes(db, filter, period),
      store.waitingSummary(db, filter, today),
      store.waitingByAge(db, filter, today),
      store.reasonableGroundsDue(db, filter, today, dueSoonUntil),
      store.awaitingReview(db, filter, today),
    ]);
    const rg = times.find((t) => t.stage === 'rg');
    const cg = times.find((t) => t.stage === 'cg');
    return {
      asOf: today,
      period,
      nation: filters.nation,
      reasonableGrounds: {
        ...decisionTimes(rg),
        onTime: rg?.on_time ?? 0,
        late: rg ? rg.decided - rg.on_time : 0,
        percentOnTime: rg ? rg.percent_on_time : null,
      },
      conclusiveGrounds: decisionTimes(cg),
      awaitingConclusiveGrounds: {
        cases: waiting.cases,
        medianDaysSincePositiveRg: waiting.median_days_since_positive_rg,
        medianDaysSinceReceipt: waiting.median_days_since_receipt,
        sincePositiveRg: bandCounts(bands.filter((b) => b.since === 'positive_rg')),
        sinceReceipt: bandCounts(bands.filter((b) => b.since === 'receipt')),
      },
      reasonableGroundsDue: {
        overdue: sum(due.map((d) => d.overdue)),
        dueSoon: sum(due.map((d) => d.due_soon)),
        dueSoonWorkingDays: DUE_SOON_WORKING_DAYS,
        byCaseworker: due.map((d) => ({
          caseworker: d.caseworker ?? 'Unassigned', assigned: d.caseworker !== null,
          overdue: d.overdue, longestOverdueDays: d.longest_overdue_days, dueSoon: d.due_soon,
        })),
      },
      awaitingReview: {
        decisions: sum(reviews.map((r) => r.decisions)),
        byStage: reviews.map((r) => ({ stage: r.stage, decisions: r.decisions, medianDaysWaiting: r.median_days_waiting, longestDaysWaiting: r.longest_days_waiting })),
      },
    };
  }
}

function decisionTimes(row: store.DecisionTimesRow | undefined): DecisionTimes {
  return {
    decided: row?.decided ?? 0,
    medianDays: row?.median_days ?? null,
    lowerQuartileDays: row?.lower_quartile_days ?? null,
    upperQuartileDays: row?.upper_quartile_days ?? null,
  };
}

/** Every band in order, with zeros, so the figures keep their shape. */
function bandCounts(rows: store.WaitingBandRow[]): BandCount[] {
  return ageBands.map((band) => ({ band, cases: rows.find((r) => r.band === band)?.cases ?? 0 }));
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
