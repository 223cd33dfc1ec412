import { randomUUID } from 'node:crypto';
import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import { systemActor, type AuditContext, type AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { actorOf, type Principal } from '../platform/auth/principal.js';
import { scopeFor } from '../platform/auth/policy.js';
import { NotFoundError, StaleVersionError } from '../platform/db/errors.js';
import type { FieldProblem } from './schema.js';
import type { DraftAnswers } from './draft-answers.js';
import type { PageId } from './journey.js';
import { deleteDraft, deleteExpiredDrafts, findDraft, insertDraft, listDrafts, updateDraft, type DraftRow } from './draft-store.js';

/** A draft is kept for 28 days after it was last changed, then removed: it holds a person's identity. */
export const DRAFT_LIFETIME_DAYS = 28;
/** Drafts this close to expiry are flagged on the home page. */
export const EXPIRY_WARNING_DAYS = 7;
const DAY = 86_400_000;

/** What a draft holds, sealed: the answers in the submission's shape, and the pages already saved. */
export interface DraftContent {
  answers: DraftAnswers;
  done: PageId[];
}

export interface Draft {
  id: string;
  version: number;
  /** Fixed when the draft is made: every submission of it carries this key, so it makes one referral. */
  idempotencyKey: string;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  content: DraftContent;
}

export interface DraftSummary {
  id: string;
  createdByName: string;
  updatedByName: string;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  expiresSoon: boolean;
}

export type SaveResult = { ok: true; draft: Draft } | { ok: false; problems: FieldProblem[]; draft: Draft };
/** A page's change to the content: the new content, or the problems that stop it being saved. */
export type DraftChange = (content: DraftContent) => { ok: true; content: DraftContent } | { ok: false; problems: FieldProblem[] };

/**
 * Referrals in progress. A draft belongs to the referrer's organisation (any first responder there can
 * continue it; other organisations cannot see it), its answers are encrypted, every read and write is
 * audited by the names of the questions, and it goes only in the transaction that stores its referral.
 */
export class DraftService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
  ) {}

  async create(principal: Principal, context: AuditContext): Promise<Draft> {
    const now = this.clock.now();
    return this.database.transaction(async (tx) => {
      const row = await insertDraft(tx, {
        organisationId: principal.organisationId, createdBy: principal.userId, updatedBy: principal.userId,
        sealed: this.seal({ answers: {}, done: [] }), idempotencyKey: randomUUID(),
        createdAt: now, updatedAt: now, expiresAt: new Date(now.getTime() + DRAFT_LIFETIME_DAYS * DAY),
      });
      await this.audit.record(tx, context, { action: 'create', recordType: 'referral_draft', recordId: row.id, fields: [] });
      return this.open(row);
    });
  }

  /** A live draft of the principal's organisation, or NotFoundError; the questions shown are audited. */
  async read(principal: Principal, id: string, fields: string[], context: AuditContext): Promise<Draft> {
    return this.database.transaction(async (tx) => {
      const row = await this.find(tx, principal, id);
      await this.audit.record(tx, context, { action: 'view', recordType: 'referral_draft', recordId: id, fields });
      return this.open(row);
    });
  }

  /**
   * Applies a page's change, if the draft is still at `version`: a colleague's save in between is not
   * overwritten (StaleVersionError). Each save restarts the 28 days. A change that has problems writes nothing.
   */
  async save(principal: Principal, id: string, version: number, fields: string[], change: DraftChange, context: AuditContext): Promise<SaveResult> {
    return this.database.transaction(async (tx) => {
      const row = await this.find(tx, principal, id, true);
      if (row.version !== version) throw new StaleVersionError('This draft');
      const draft = this.open(row);
      const changed = change(draft.content);
      if (!changed.ok) return { ok: false, problems: changed.problems, draft };
      const now = this.clock.now();
      const updated = await updateDraft(tx, id, version, {
        sealed: this.seal(changed.content), updatedBy: principal.userId, updatedAt: now, expiresAt: new Date(now.getTime() + DRAFT_LIFETIME_DAYS * DAY),
      });
      if (!updated) throw new StaleVersionError('This draft');
      await this.audit.record(tx, context, { action: 'update', recordType: 'referral_draft', recordId: id, fields });
      return { ok: true, draft: this.open(updated) };
    });
  }

  /** The organisation's live drafts, for the home page: who and when only, nothing from the sealed answers. */
  async list(principal: Principal): Promise<DraftSummary[]> {
    const now = this.clock.now();
    const rows = await listDrafts(this.database.db, scopeFor(principal.role, 'referral_draft'), principal, now);
    return rows.map((r) => ({ ...r, expiresSoon: r.expiresAt.getTime() - now.getTime() < EXPIRY_WARNING_DAYS * DAY }));
  }

  /** Called by ReferralService inside the transaction that stores the referral: both happen, or neither. */
  async removeInTransaction(tx: Db, principal: Principal, draftId: string): Promise<void> {
    const removed = await deleteDraft(tx, draftId, scopeFor(principal.role, 'referral_draft'), principal);
    if (!removed) return; // already gone: a repeated submission is answered with the first referral
    await this.audit.record(tx, { actor: actorOf(principal) }, {
      action: 'delete', recordType: 'referral_draft', recordId: draftId, fields: ['answers'], details: { removed: 'submitted as a referral' },
    });
  }

  /** Removes drafts past their expiry: identities are not kept for referrals nobody finished. */
  async purgeExpired(): Promise<number> {
    const now = this.clock.now();
    return this.database.transaction(async (tx) => {
      const removed = await deleteExpiredDrafts(tx, now);
      for (const draft of removed) {
        await this.audit.record(tx, { actor: systemActor }, {
          action: 'delete', recordType: 'referral_draft', recordId: draft.id, fields: ['answers'],
          details: { removed: `not changed for ${DRAFT_LIFETIME_DAYS} days`, organisationId: draft.organisationId },
        });
      }
      return removed.length;
    });
  }

  private async find(db: Db, principal: Principal, id: string, lock = false): Promise<DraftRow> {
    const row = await findDraft(db, id, scopeFor(principal.role, 'referral_draft'), principal, this.clock.now(), { lock });
    if (!row) throw new NotFoundError('No draft referral with this id');
    return row;
  }

  private seal(content: DraftContent): string {
    return this.cipher.encrypt(JSON.stringify(content));
  }

  private open(row: DraftRow): Draft {
    return {
      id: row.id, version: row.version, idempotencyKey: row.idempotencyKey, createdAt: row.createdAt, updatedAt: row.updatedAt, expiresAt: row.expiresAt,
      content: JSON.parse(this.cipher.decrypt(row.sealed)) as DraftContent,
    };
  }
}
