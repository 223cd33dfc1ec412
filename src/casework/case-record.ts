import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../platform/db/database.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import type { Role } from '../platform/auth/roles.js';
import { ukDate } from '../platform/working-days.js';
import type { Clock } from '../platform/clock.js';
import type { Nation } from '../organisations/kinds.js';
import { users } from '../users/tables.js';
import { caseEvents, caseSuspensions, decisions, informationRequests, reconsiderations, recoveryExtensions, recoveryPeriods, residencePermitConsiderations } from './tables.js';
import { earliestConclusiveGrounds, reconsiderationDeadline } from './deadlines.js';

const maker = alias(users, 'maker');
const reviewer = alias(users, 'reviewer');
const actor = alias(users, 'actor');

/**
 * The casework on one case, for a page that has already opened (and audited) the referral for this
 * person. Competent Authority staff see everything; the first responder sees issued decisions with
 * their reasons (as in the letter), the recovery period dates, and the requests addressed to them.
 */
export class CaseRecords {
  constructor(private readonly database: Database, private readonly cipher: FieldCipher, private readonly clock: Clock) {}

  async load(referralId: string, nation: Nation, role: Role) {
    const db = this.database.db;
    const caseworker = role === 'ca_caseworker' || role === 'ca_manager';
    const open = (sealed: string | null) => (sealed ? this.cipher.decrypt(sealed) : null);
    const [decisionRows, [period], extensions, suspensions, requests, reconsiderationRows, permits, history] = await Promise.all([
      db.select({ d: decisions, makerName: maker.name, reviewerName: reviewer.name }).from(decisions)
        .innerJoin(maker, eq(maker.id, decisions.madeBy)).leftJoin(reviewer, eq(reviewer.id, decisions.reviewedBy))
        .where(eq(decisions.referralId, referralId)).orderBy(asc(decisions.madeAt)),
      db.select().from(recoveryPeriods).where(eq(recoveryPeriods.referralId, referralId)),
      db.select().from(recoveryExtensions).where(eq(recoveryExtensions.referralId, referralId)).orderBy(asc(recoveryExtensions.requestedAt)),
      db.select().from(caseSuspensions).where(eq(caseSuspensions.referralId, referralId)).orderBy(asc(caseSuspensions.startedAt)),
      db.select().from(informationRequests).where(eq(informationRequests.referralId, referralId)).orderBy(asc(informationRequests.askedAt)),
      db.select().from(reconsiderations).where(eq(reconsiderations.referralId, referralId)).orderBy(asc(reconsiderations.requestedAt)),
      db.select().from(residencePermitConsiderations).where(eq(residencePermitConsiderations.referralId, referralId)),
      caseworker
        ? db.select({ e: caseEvents, actorName: actor.name }).from(caseEvents).leftJoin(actor, eq(actor.id, caseEvents.actorId))
          .where(eq(caseEvents.referralId, referralId)).orderBy(asc(caseEvents.occurredAt))
        : Promise.resolve([]),
    ]);
    const today = ukDate(this.clock.now());
    const visibleDecisions = decisionRows.filter((r) => caseworker || r.d.status === 'issued');
    const lastIssued = [...decisionRows].reverse().find((r) => r.d.status === 'issued')?.d;
    return {
      today,
      decisions: visibleDecisions.map(({ d, makerName, reviewerName }) => ({
        id: d.id, stage: d.stage, outcome: d.outcome, positive: d.positive, status: d.status, decidedOn: d.decidedOn, issuedAt: d.issuedAt,
        standardOfProof: d.standardOfProof, reasons: open(d.reasonsSealed), reasonCategory: d.reasonCategory, moveOnEnd: d.moveOnEnd, reconsiderationOf: d.reconsiderationOf,
        madeBy: d.madeBy, makerName: caseworker ? makerName : undefined, reviewerName: caseworker ? reviewerName : undefined,
        reviewComment: caseworker ? open(d.reviewCommentSealed) : undefined,
        residencePermit: permits.filter((p) => p.decisionId === d.id).map((p) => ({
          recommended: p.recommended, bases: p.bases, periodMonths: p.periodMonths, note: caseworker ? open(p.noteSealed) : undefined,
        }))[0],
      })),
      recoveryPeriod: period ? {
        startedOn: period.startedOn, minimumEnd: period.minimumEnd, currentEnd: period.currentEnd, ruleSource: period.ruleSource,
        removalStayed: period.removalStayed, caseReviewDue: period.caseReviewDue, caseReviewedOn: period.caseReviewedOn,
        caseReview: caseworker ? open(period.caseReviewSealed) : undefined,
        earliestConclusiveGrounds: earliestConclusiveGrounds(period.startedOn, nation, [{ newEnd: period.currentEnd }]),
        ended: today > period.currentEnd,
      } : null,
      extensions: caseworker ? extensions.map((e) => ({ id: e.id, reason: e.reason, detail: open(e.detailSealed), newEnd: e.newEnd, status: e.status, requestedAt: e.requestedAt, decidedAt: e.decidedAt })) : [],
      suspensions: suspensions.map((s) => ({ startedAt: s.startedAt, endedAt: s.endedAt, reason: s.reason })),
      informationRequests: requests.map((r) => ({
        id: r.id, askedAt: r.askedAt, answerBy: r.answerBy, answeredAt: r.answeredAt, question: open(r.questionSealed), answer: open(r.answerSealed),
        overdue: !r.answeredAt && r.answerBy < today,
      })),
      reconsiderations: reconsiderationRows.map((r) => ({
        id: r.id, decisionId: r.decisionId, grounds: r.grounds, detail: open(r.detailSealed), status: r.status, requestedAt: r.requestedAt,
        respondedAt: r.respondedAt, response: open(r.responseSealed), newDecisionId: r.newDecisionId,
      })),
      reconsideration: lastIssued && !lastIssued.positive ? {
        decisionId: lastIssued.id, stage: lastIssued.stage, deadline: reconsiderationDeadline(lastIssued.decidedOn, nation),
        open: today <= reconsiderationDeadline(lastIssued.decidedOn, nation) && !reconsiderationRows.some((r) => r.decisionId === lastIssued.id),
      } : null,
      history: history.map(({ e, actorName }) => ({ occurredAt: e.occurredAt, event: e.event, actorName, details: e.details as Record<string, unknown> })),
    };
  }
}
