import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { AuditContext } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import type { Principal } from '../platform/auth/principal.js';
import { NotFoundError } from '../platform/db/errors.js';
import { addWorkingDays } from '../platform/working-days.js';
import { enqueue } from '../outbox/store.js';
import type { Db } from '../platform/db/database.js';
import type { CaseAccess } from './case-access.js';
import { CaseworkRefusedError } from './errors.js';
import { informationRequests } from './tables.js';
import { referrals } from '../referrals/tables.js';

const open = ['awaiting_rg', 'rg_positive', 'awaiting_cg', 'suspended_missing'];

/**
 * The Competent Authority asks the first responder for more information and the first responder
 * answers in the system. The RG clock does not stop: the due date stays on the case for everyone to see.
 */
export class InformationRequestService {
  constructor(private readonly access: CaseAccess, private readonly cipher: FieldCipher) {}

  async ask(principal: Principal, reference: string, input: { question: string; answerBy?: string; version: number }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { version: input.version, context, fields: ['informationRequests'] }, async (change) => {
      const c = change.case;
      if (!open.includes(c.status)) throw new CaseworkRefusedError('Information can only be requested on an open case.', 'question');
      const answerBy = input.answerBy ?? addWorkingDays(change.today, 2, c.nation);
      if (answerBy < change.today) throw new CaseworkRefusedError('The answer-by date must be today or later', 'answerBy');
      const [row] = await change.tx.insert(informationRequests).values({
        referralId: c.id, organisationId: c.organisationId, questionSealed: this.cipher.encrypt(input.question),
        askedBy: principal.userId, askedAt: change.now, answerBy,
      }).returning({ id: informationRequests.id });
      await change.history('information_requested', { answerBy });
      await enqueue(change.tx, {
        topic: 'information.requested', recipientOrganisationId: c.organisationId, subjectType: 'referral', subjectId: c.id,
        payload: { reference: c.reference, requestId: row!.id, answerBy },
      }, change.now);
    });
  }

  /** The first responder's organisation answers (scope: their own organisation's referrals). */
  async answer(principal: Principal, reference: string, requestId: string, input: { answer: string }, context: AuditContext): Promise<void> {
    await this.access.change(principal, reference, { context, fields: ['informationRequests'] }, async (change) => {
      const [request] = await change.tx.select().from(informationRequests)
        .where(and(eq(informationRequests.id, requestId), eq(informationRequests.referralId, change.case.id)));
      if (!request) throw new NotFoundError('No such request on this referral');
      if (request.answeredAt) throw new CaseworkRefusedError('This request has already been answered.', 'answer');
      await change.tx.update(informationRequests).set({ answerSealed: this.cipher.encrypt(input.answer), answeredBy: principal.userId, answeredAt: change.now })
        .where(eq(informationRequests.id, request.id));
      await change.history('information_answered', {});
      await enqueue(change.tx, {
        topic: 'information.answered', recipientOrganisationId: change.case.competentAuthorityId, subjectType: 'referral', subjectId: change.case.id,
        payload: { reference: change.case.reference, requestId: request.id },
      }, change.now);
    });
  }

  /** The requests on a case, opened for someone allowed to read the case (the caller has checked and audited that). */
  async forCase(db: Db, referralId: string) {
    const rows = await db.select().from(informationRequests).where(eq(informationRequests.referralId, referralId)).orderBy(asc(informationRequests.askedAt));
    return rows.map((r) => ({
      id: r.id, askedAt: r.askedAt, answerBy: r.answerBy, answeredAt: r.answeredAt,
      question: this.cipher.decrypt(r.questionSealed), answer: r.answerSealed ? this.cipher.decrypt(r.answerSealed) : null,
    }));
  }

  /** How many requests wait for an answer from an organisation (for the first responder's home page). */
  /** Questions still waiting for the organisation's answer; those on a withdrawn referral need none. */
  async openCount(db: Db, organisationId: string): Promise<number> {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(informationRequests)
      .innerJoin(referrals, eq(referrals.id, informationRequests.referralId))
      .where(and(eq(informationRequests.organisationId, organisationId), isNull(informationRequests.answeredAt), ne(referrals.status, 'withdrawn')));
    return row?.n ?? 0;
  }
}
