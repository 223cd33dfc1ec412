import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import type { BlindIndex } from '../../platform/crypto/blind-index.js';
import { addCalendarDays } from '../../platform/working-days.js';
import { ruleInForce } from '../../casework/rules.js';
import { caseReviewDue, earliestConclusiveGrounds, moveOnEnd, reasonableGroundsDue, recoveryPeriodEnd } from '../../casework/deadlines.js';
import { isPositive, outcomesFor, removalStayed, standardOfProof, type DecisionOutcome, type Stage } from '../../casework/outcomes.js';
import type { decisions, recoveryPeriods } from '../../casework/tables.js';
import { negativeReasonCategoryCodes, type NegativeReasonCategory } from '../../casework/reason-categories.js';
import type { referralPeople, referrals, referralSituations } from '../../referrals/tables.js';
import { birthDateKey, nameKeys, sealIdentity } from '../../referrals/identity.js';
import { routeReferral } from '../../referrals/routing.js';
import type { Nation } from '../../organisations/kinds.js';
import {
  detentionFor, exploitationLocationFor, exploitationTypesFor, fictitiousName, genderWeights, immigrationStatusFor, nationalityWeights,
  ukPlaces, type AsylumClaim, type AuthorityIds, type Referrer,
} from './population.js';
import { generatedId, randomFor, type SeededRandom } from './random.js';

/** What every generated referral is made with. */
export interface GenerationContext {
  seed: number;
  /** Receipt dates, YYYY-MM-DD, both included; `to` is never after today. */
  from: string;
  to: string;
  today: string;
  referrers: readonly Referrer[];
  authorities: AuthorityIds;
  submittedBy: string;
  caseworker: string;
  secondCaseworker: string;
  cipher: FieldCipher;
  names: BlindIndex;
}

export type ReferralInsert = typeof referrals.$inferInsert & { id: string };
export type DecisionInsert = typeof decisions.$inferInsert & { id: string };

/** One referral's rows, before its reference number is taken (numbers are taken a batch at a time). */
export interface PlannedReferral {
  /** The reference series, e.g. NRM-2025. */
  series: string;
  referral: Omit<ReferralInsert, 'reference'>;
  person: typeof referralPeople.$inferInsert | null;
  situation: typeof referralSituations.$inferInsert;
  decisions: DecisionInsert[];
  recoveryPeriod: typeof recoveryPeriods.$inferInsert | null;
}

// Shares of referrals decided, and of decisions positive, close to the published figures.
const rgDecidedShare = 0.85;
const rgPositiveShare = 0.85;
const cgDecidedShare = 0.5;
const cgPositiveShare = 0.88;

export function planReferral(c: GenerationContext, index: number): PlannedReferral {
  const random = randomFor(c.seed, index);
  const id = generatedId(c.seed, 'referral', index);
  const receivedOn = addCalendarDays(c.from, random.int(0, daysBetween(c.from, c.to)));
  const receivedAt = new Date(`${receivedOn}T${String(random.int(8, 17)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00Z`);
  const referrer = random.weighted(c.referrers.map((r) => [r, r.weight] as const));
  const child = random.chance(0.4);
  // Duty to Notify: an adult who does not consent to an NRM referral is reported anonymously instead.
  const dutyToNotify = !child && random.chance(0.2);
  const gender = random.weighted(genderWeights);
  const nationality = random.weighted(nationalityWeights);
  const types = exploitationTypesFor(random, child, gender);
  const countyLines = types.includes('criminal') && nationality === 'GB' && random.chance(child ? 0.6 : 0.25);
  const location = exploitationLocationFor(random, nationality, countyLines);
  const britishOrIrish = nationality === 'GB' || nationality === 'IE';
  const common = {
    id, receivedAt, nation: referrer.nation, organisationId: referrer.id, submittedBy: c.submittedBy,
    ageGroup: child ? 'child' : 'adult', treatedAsChild: child, gender, nationalities: [nationality], exploitationTypes: types, countyLines,
    exploitationLocation: location, details: {}, idempotencyKey: `generated:${c.seed}:${index}`, requestHash: generatedId(c.seed, 'request', index),
  };
  const situation = situationOf(random, id, types, countyLines, location, receivedOn);
  const year = receivedOn.slice(0, 4);
  if (dutyToNotify) {
    return { series: `DTN-${year}`, referral: { ...common, route: 'duty_to_notify', status: 'notified', consent: false }, person: null, situation, decisions: [], recoveryPeriod: null };
  }
  const immigrationStatus = immigrationStatusFor(random, britishOrIrish);
  const asylumClaim: AsylumClaim = immigrationStatus === 'asylum_seeker' ? 'yes' : britishOrIrish ? 'no' : random.pick(['no', 'intends_to', 'unknown']);
  const detention = detentionFor(random, child);
  const routing = routeReferral({ receivedOn, referrerType: referrer.type, asylumClaim, detention, irregularStatus: immigrationStatus === 'no_leave', britishOrIrish });
  const authorityId = c.authorities.get(routing.authority);
  if (!authorityId) throw new Error(`No active ${routing.authority} organisation to route generated referrals to`);
  const referral = {
    ...common, route: 'nrm', consent: child ? null : true, competentAuthorityId: authorityId, routingRule: routing.ruleId, routingExplanation: routing.explanation,
    detained: detention === 'unknown' ? null : detention !== 'none', asylumClaim, immigrationStatus,
    reasonableGroundsDueDate: reasonableGroundsDue(receivedOn, referrer.nation),
  };
  const person = personOf(c, random, id, receivedOn, child);
  const casework = caseworkOf(c, random, index, { ...referral, receivedOn });
  return { series: `NRM-${year}`, referral: { ...referral, status: casework.status }, person, situation, decisions: casework.decisions, recoveryPeriod: casework.recoveryPeriod };
}

function personOf(c: GenerationContext, random: SeededRandom, referralId: string, receivedOn: string, child: boolean) {
  const { givenName, familyName } = fictitiousName(random);
  const age = child ? random.int(10, 17) : random.int(18, 60);
  const knownBirthDate = random.chance(0.8);
  const dateOfBirth = knownBirthDate ? addCalendarDays(receivedOn, -(age * 365 + random.int(0, 364))) : undefined;
  const identity = { givenName, familyName, aliases: [] as string[], ...(dateOfBirth ? { dateOfBirth } : { estimatedAge: age }) };
  return {
    referralId, sealed: sealIdentity(c.cipher, identity),
    nameKeys: nameKeys(c.names, identity), birthDateKey: birthDateKey(c.names, dateOfBirth),
  };
}

function situationOf(random: SeededRandom, referralId: string, types: string[], countyLines: boolean, location: string, receivedOn: string) {
  const start = addCalendarDays(receivedOn, -random.int(30, 1500)).slice(0, 7);
  const ongoing = random.chance(0.3);
  const inUk = location === 'uk' || location === 'both';
  const overseas = location === 'overseas' || location === 'both';
  return {
    referralId, position: 0, types, countyLines, startMonth: start, endMonth: ongoing ? null : receivedOn.slice(0, 7), ongoing,
    ukPlaces: inUk ? [random.pick(ukPlaces)] : [], overseasCountries: overseas ? [random.pick(['FR', 'IT', 'LY', 'AL', 'VN', 'TR'])] : [],
    recruitment: [], meansOfControl: [], indicators: [],
  };
}

interface CaseFacts {
  id: string;
  receivedOn: string;
  nation: Nation;
  nationalities: string[];
  immigrationStatus: string;
  reasonableGroundsDueDate: string;
  treatedAsChild: boolean;
}

/**
 * The decisions made so far, and the status they leave: an RG decision 1 to 40 days after receipt, and
 * for some positive ones a CG decision after the recovery period, 45 to 600 days after the RG. A
 * decision that would fall after today has not been made yet.
 */
function caseworkOf(c: GenerationContext, random: SeededRandom, index: number, r: CaseFacts) {
  const none = { status: 'awaiting_rg', decisions: [] as DecisionInsert[], recoveryPeriod: null };
  const rgOn = addCalendarDays(r.receivedOn, random.chance(0.6) ? random.int(1, 10) : random.int(11, 40));
  if (!random.chance(rgDecidedShare) || rgOn > c.today) return none;
  const rgPositive = random.chance(rgPositiveShare);
  const rg = decisionOf(c, random, { id: generatedId(c.seed, 'rg', index), referralId: r.id, stage: 'rg', on: rgOn, nation: r.nation, outcome: rgPositive ? 'positive' : 'negative', dueDate: r.reasonableGroundsDueDate, child: r.treatedAsChild });
  if (!rgPositive) return { status: 'rg_negative', decisions: [rg], recoveryPeriod: null };
  const minimumEnd = recoveryPeriodEnd(rgOn, r.nation);
  const rule = ruleInForce<number>('recovery_period_min_days', rgOn, r.nation);
  const recoveryPeriod = {
    referralId: r.id, decisionId: rg.id, startedOn: rgOn, minimumEnd, currentEnd: minimumEnd, ruleSource: `${rule.value} days: ${rule.source}`,
    removalStayed: removalStayed(r.nationalities, r.immigrationStatus), caseReviewDue: caseReviewDue(rgOn, r.nation),
  };
  const earliest = earliestConclusiveGrounds(rgOn, r.nation);
  const drawn = addCalendarDays(rgOn, random.int(45, 600));
  const cgOn = drawn < earliest ? earliest : drawn;
  if (!random.chance(cgDecidedShare) || cgOn > c.today) return { status: 'rg_positive', decisions: [rg], recoveryPeriod };
  const outcomes = outcomesFor('cg', cgOn, r.nation);
  const wanted = random.chance(cgPositiveShare);
  const outcome = random.pick(outcomes.filter((o) => isPositive(o) === wanted).length > 0 ? outcomes.filter((o) => isPositive(o) === wanted) : outcomes);
  const cg = decisionOf(c, random, { id: generatedId(c.seed, 'cg', index), referralId: r.id, stage: 'cg', on: cgOn, nation: r.nation, outcome, dueDate: null, child: r.treatedAsChild });
  return { status: cg.positive ? 'cg_positive' : 'cg_negative', decisions: [rg, cg], recoveryPeriod };
}

interface DecisionFacts {
  id: string;
  referralId: string;
  stage: Stage;
  on: string;
  nation: Nation;
  outcome: DecisionOutcome;
  dueDate: string | null;
  child: boolean;
}

/** An issued decision; a negative one was reviewed by a second caseworker, not its maker, before issue. */
function decisionOf(c: GenerationContext, random: SeededRandom, d: DecisionFacts): DecisionInsert {
  const positive = isPositive(d.outcome);
  const madeAt = new Date(`${d.on}T${String(random.int(9, 13)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00Z`);
  const reviewedAt = positive ? null : new Date(madeAt.getTime() + 60 * 60_000);
  const issuedAt = new Date(madeAt.getTime() + 2 * 60 * 60_000);
  return {
    id: d.id, referralId: d.referralId, stage: d.stage, outcome: d.outcome, positive, reasonsSealed: c.cipher.encrypt('Generated decision'),
    reasonCategory: positive ? null : reasonCategoryOf(d.id, d.child),
    standardOfProof: standardOfProof(d.stage, d.on, d.nation), status: 'issued', decidedOn: d.on, dueDate: d.dueDate,
    madeBy: c.caseworker, madeAt, reviewedBy: positive ? null : c.secondCaseworker, reviewedAt, reviewCommentSealed: null, issuedAt,
    moveOnEnd: d.stage === 'cg' ? moveOnEnd(d.on, positive, d.nation) : null,
  };
}

/**
 * A negative decision's main reason, taken from its id rather than the random sequence, so that every
 * other generated value stays what it was for the seed. "No means" is never a child's reason.
 */
function reasonCategoryOf(id: string, child: boolean): NegativeReasonCategory {
  const choices = negativeReasonCategoryCodes.filter((code) => !(child && code === 'no_means'));
  return choices[parseInt(id.slice(0, 8), 16) % choices.length]!;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
