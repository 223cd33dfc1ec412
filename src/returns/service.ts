import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { AuditContext, AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError, StaleVersionError, isUniqueViolation } from '../platform/db/errors.js';
import { ukDate } from '../platform/working-days.js';
import { ReferralForbiddenError } from '../referrals/case-file.js';
import { CaseworkRefusedError } from '../casework/errors.js';
import type { ReferenceDataService } from '../reference-data/service.js';
import { riskFactorCodes, scoreRisk, type RiskFactor, type RiskLevel, type RiskReason, type FactorAnswer } from './risk-assessment.js';
import { factorAnswersOf, type AssessmentInput } from './schema.js';
import { mayWorkOnReturn } from './access.js';
import * as store from './store.js';

/** The nationality list's code for a nationality not known. */
export const notKnownCountry = 'XX';

type Case = NonNullable<Awaited<ReturnType<typeof store.lockCase>>>;
interface Step { tx: Db; kase: Case; now: Date; today: string }

export interface AssessmentView {
  id: string;
  version: number;
  level: RiskLevel;
  reasons: RiskReason[];
  factors: { factor: RiskFactor; answer: FactorAnswer; evidence?: string }[];
  assessedAt: Date;
  assessorName: string;
  signedOffAt: Date | null;
  signerName: string | null;
  /** A high level not yet signed off by a manager. */
  needsSignOff: boolean;
}

/**
 * Voluntary returns and the re-trafficking risk assessment before them. Each step runs in one
 * transaction with the case row locked (steps on one case happen one after another), checks who may
 * act on the case, and writes its audit event in the same transaction; a refusal writes nothing.
 */
export class ReturnsService {
  constructor(private readonly database: Database, private readonly audit: AuditLog, private readonly clock: Clock,
    private readonly cipher: FieldCipher, private readonly referenceData: ReferenceDataService) {}

  /** The case's assessments (latest first) and returns, read and audited. */
  async view(principal: Principal, reference: string, context: AuditContext) {
    const db = this.database.db;
    const kase = await this.visibleCase(db, principal, reference, context);
    const [assessments, returns] = await Promise.all([store.listAssessments(db, kase.id), store.listReturns(db, kase.id)]);
    await this.audit.recordAlone(context, { action: 'view', recordType: 'referral', recordId: kase.id, fields: ['reTraffickingRiskAssessments', 'voluntaryReturns'], details: { reference } });
    const views: AssessmentView[] = assessments.map(({ a, assessorName, signerName }) => {
      const evidence = JSON.parse(this.cipher.decrypt(a.evidenceSealed)) as Partial<Record<RiskFactor, string>>;
      const answers = a.answers as Record<RiskFactor, FactorAnswer>;
      return {
        id: a.id, version: a.version, level: a.level as RiskLevel, reasons: a.reasons as RiskReason[], assessedAt: a.assessedAt, assessorName,
        factors: riskFactorCodes.map((f) => ({ factor: f, answer: answers[f], evidence: evidence[f] })),
        signedOffAt: a.signedOffAt, signerName, needsSignOff: a.level === 'high' && !a.signedOffAt,
      };
    });
    return { case: kase, today: ukDate(this.clock.now()), latest: views[0], assessments: views, returns, openReturn: returns.find((r) => r.status === 'requested') };
  }

  /** A completed assessment: every factor answered, evidence where present; the level by the rule in risk-assessment.ts. */
  async assess(principal: Principal, reference: string, input: AssessmentInput, context: AuditContext, idempotencyKey?: string): Promise<store.AssessmentRow> {
    return this.step(principal, reference, context, async ({ tx, kase, now }) => {
      if (idempotencyKey) {
        const earlier = await store.findAssessmentByKey(tx, kase.id, idempotencyKey);
        if (earlier) return { value: earlier, audit: null };
      }
      // The latest counts: under the case lock, a new assessment is always later than the one before (even within a millisecond).
      const previous = await store.latestAssessment(tx, kase.id);
      const assessedAt = previous && previous.assessedAt >= now ? new Date(previous.assessedAt.getTime() + 1) : now;
      const answers = factorAnswersOf(input);
      const score = scoreRisk(answers);
      const evidence = Object.fromEntries(riskFactorCodes.filter((f) => answers[f] === 'present').map((f) => [f, input.factors[f].evidence]));
      const row = await store.insertAssessment(tx, {
        referralId: kase.id, answers, evidenceSealed: this.cipher.encrypt(JSON.stringify(evidence)), level: score.level, reasons: score.reasons,
        assessedBy: principal.userId, assessedByOrganisationId: principal.organisationId, assessedAt, idempotencyKey: idempotencyKey ?? null,
      });
      await store.addCaseEvent(tx, kase.id, principal.userId, now, 're_trafficking_risk_assessed', { level: score.level });
      return { value: row, audit: { action: 'create' as const, fields: ['reTraffickingRiskAssessment'], details: { level: score.level } } };
    });
  }

  /** A manager signs off the latest assessment when it is high. */
  async signOff(principal: Principal, reference: string, assessmentId: string, input: { version: number }, context: AuditContext): Promise<store.AssessmentRow> {
    if (principal.role !== 'ca_manager') throw new ReferralForbiddenError();
    return this.step(principal, reference, context, async ({ tx, kase, now }) => {
      const latest = await store.latestAssessment(tx, kase.id);
      if (!latest || latest.id !== assessmentId) {
        if (latest) throw new StaleVersionError('This risk assessment');
        throw new NotFoundError('No such risk assessment');
      }
      if (latest.version !== input.version) throw new StaleVersionError('This risk assessment');
      if (latest.level !== 'high') throw new CaseworkRefusedError('Only a high risk needs a manager’s sign-off.');
      if (latest.signedOffAt) throw new CaseworkRefusedError('This assessment is already signed off.');
      const row = await store.signOffAssessment(tx, latest.id, principal.userId, now);
      await store.addCaseEvent(tx, kase.id, principal.userId, now, 're_trafficking_risk_signed_off', {});
      return { value: row, audit: { action: 'decide' as const, fields: ['reTraffickingRiskAssessment.signedOff'], details: { assessmentId } } };
    });
  }

  /** A voluntary return asked for: the destination from the nationality list; one open request at a time. */
  async requestReturn(principal: Principal, reference: string, input: { destinationCountry: string; requestedOn: string }, context: AuditContext): Promise<store.ReturnRow> {
    // The nationality list's "Not known" (XX) is no country to return to.
    if (input.destinationCountry === notKnownCountry || !(await this.referenceData.isValid('nationality', input.destinationCountry))) throw new CaseworkRefusedError('Select the country of return from the list', 'destinationCountry');
    try {
      return await this.step(principal, reference, context, async ({ tx, kase, now, today }) => {
        if (input.requestedOn > today) throw new CaseworkRefusedError('The date the return was requested must be today or in the past', 'requestedOn');
        if (await store.findOpenReturn(tx, kase.id)) throw new CaseworkRefusedError('A return is already requested on this case.', 'destinationCountry');
        const row = await store.insertReturn(tx, {
          referralId: kase.id, destinationCountry: input.destinationCountry, requestedOn: input.requestedOn, status: 'requested', requestedBy: principal.userId, requestedAt: now,
        });
        await store.addCaseEvent(tx, kase.id, principal.userId, now, 'voluntary_return_requested', { destinationCountry: input.destinationCountry });
        return { value: row, audit: { action: 'create' as const, fields: ['voluntaryReturn'], details: { returnId: row.id } } };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new CaseworkRefusedError('A return is already requested on this case.', 'destinationCountry');
      throw error;
    }
  }

  /**
   * The return happened. Refused — and nothing written — without a completed risk assessment; when the
   * latest assessment is high, also without a manager's sign-off or without a named reintegration partner.
   */
  async recordReturn(principal: Principal, reference: string, returnId: string,
    input: { returnedOn: string; reintegrationPartner?: string; version: number }, context: AuditContext): Promise<store.ReturnRow> {
    return this.step(principal, reference, context, async ({ tx, kase, now, today }) => {
      const found = await store.findReturn(tx, kase.id, returnId);
      if (!found) throw new NotFoundError('No such return');
      if (found.version !== input.version) throw new StaleVersionError('This return');
      if (found.status !== 'requested') throw new CaseworkRefusedError('This return is already recorded.');
      const latest = await store.latestAssessment(tx, kase.id);
      if (!latest) throw new CaseworkRefusedError('Complete a re-trafficking risk assessment before recording the return.', 'assessment');
      if (latest.level === 'high' && !latest.signedOffAt) throw new CaseworkRefusedError('The risk of re-trafficking is high: a manager must sign off the assessment before the return.', 'assessment');
      if (latest.level === 'high' && !input.reintegrationPartner) throw new CaseworkRefusedError('The risk of re-trafficking is high: name the reintegration partner in the country of return.', 'reintegrationPartner');
      if (input.returnedOn > today) throw new CaseworkRefusedError('The date of return must be today or in the past', 'returnedOn');
      if (input.returnedOn < found.requestedOn) throw new CaseworkRefusedError('The date of return must be on or after the date it was requested', 'returnedOn');
      const row = await store.updateReturn(tx, found.id, {
        status: 'returned', returnedOn: input.returnedOn, reintegrationPartner: input.reintegrationPartner ?? null, assessmentId: latest.id,
        recordedBy: principal.userId, recordedAt: now, version: found.version + 1,
      });
      await store.addCaseEvent(tx, kase.id, principal.userId, now, 'voluntary_return_recorded', { level: latest.level });
      return { value: row, audit: { action: 'update' as const, fields: ['voluntaryReturn.returnedOn', 'voluntaryReturn.reintegrationPartner'], details: { returnId, level: latest.level } } };
    });
  }

  /** The person no longer wishes to return: the open request is closed, and a new one may be made later. */
  async cancelReturn(principal: Principal, reference: string, returnId: string, input: { version: number }, context: AuditContext): Promise<store.ReturnRow> {
    return this.step(principal, reference, context, async ({ tx, kase, now }) => {
      const found = await store.findReturn(tx, kase.id, returnId);
      if (!found) throw new NotFoundError('No such return');
      if (found.version !== input.version) throw new StaleVersionError('This return');
      if (found.status !== 'requested') throw new CaseworkRefusedError('Only a requested return can be cancelled.');
      const row = await store.updateReturn(tx, found.id, { status: 'cancelled', version: found.version + 1 });
      await store.addCaseEvent(tx, kase.id, principal.userId, now, 'voluntary_return_cancelled', {});
      return { value: row, audit: { action: 'update' as const, fields: ['voluntaryReturn.status'], details: { returnId, cancelled: true } } };
    });
  }

  private async visibleCase(db: Db, principal: Principal, reference: string, context: AuditContext) {
    const kase = await store.findCase(db, reference);
    if (!kase) throw new NotFoundError('No case with this reference');
    if (!(await mayWorkOnReturn(db, principal, kase))) {
      await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'referral', recordId: kase.id, details: { reference } });
      throw new ReferralForbiddenError();
    }
    return kase;
  }

  /** One transaction: the case locked, who may act checked, the step, its audit event. */
  private async step<T>(principal: Principal, reference: string, context: AuditContext,
    run: (step: Step) => Promise<{ value: T; audit: { action: 'create' | 'update' | 'decide'; fields: string[]; details: Record<string, unknown> } | null }>): Promise<T> {
    const now = this.clock.now();
    const result = await this.database.transaction(async (tx) => {
      const kase = await store.lockCase(tx, reference);
      if (!kase) throw new NotFoundError('No case with this reference');
      if (!(await mayWorkOnReturn(tx, principal, kase))) return { denied: true as const, recordId: kase.id };
      const { value, audit } = await run({ tx, kase, now, today: ukDate(now) });
      if (audit) await this.audit.record(tx, context, { action: audit.action, recordType: 'referral', recordId: kase.id, fields: audit.fields, details: { reference, ...audit.details } });
      return { denied: false as const, value };
    });
    if (result.denied) {
      await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'referral', recordId: result.recordId, details: { reference } });
      throw new ReferralForbiddenError();
    }
    return result.value;
  }
}
