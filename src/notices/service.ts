import type { Database, Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import { systemActor, type AuditContext, type AuditLog } from '../platform/audit/audit-log.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import type { Principal } from '../platform/auth/principal.js';
import { scopeFor } from '../platform/auth/policy.js';
import { NotFoundError } from '../platform/db/errors.js';
import { ukDate } from '../platform/working-days.js';
import type { Nation } from '../organisations/kinds.js';
import { enqueue } from '../outbox/store.js';
import { findPerson, findVisibleReferral, referralExists } from '../referrals/store.js';
import { openIdentity } from '../referrals/identity.js';
import { ReferralForbiddenError } from '../referrals/case-file.js';
import {
  addresseesFor, initialStatus, letterContext, personName, recipientLabels, referenceOf, subjectFor, templateFor,
  type Addressee, type DecisionOutcome, type DecisionStage, type NoticeRecipient,
} from './letters.js';
import { letterBlocks, letterText, renderLetter } from './letter-html.js';
import { letterPdf } from './letter-pdf.js';
import type { Mailer } from './mailer.js';
import * as store from './store.js';

/** Where a letter goes, sealed with it. */
type SealedAddress = Omit<Addressee, 'recipient'>;

export const noticeStatusLabels: Record<string, string> = {
  pending: 'Waiting to be sent',
  sent: 'Sent',
  failed: 'Not sent yet: trying again',
  no_address: 'To be posted',
};

export interface NoticeSummary {
  id: string;
  decisionId: string;
  recipient: NoticeRecipient;
  recipientLabel: string;
  subject: string;
  status: string;
  statusLabel: string;
  createdAt: Date;
  sentAt: Date | null;
  deliveries: number;
}

/**
 * Decision letters. Written once, inside the transaction that issues the decision, one per recipient,
 * sealed exactly as sent; then delivered by email from the outbox, with the letter as a PDF attached.
 * A letter without an email address is kept for printing and posting.
 */
export class NoticeService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
    private readonly mailer: Mailer,
  ) {}

  /** Whether email goes to the development mailbox (nothing leaves the service). */
  get hasDevelopmentMailbox(): boolean {
    return this.mailer.adapter === 'development';
  }

  /**
   * Writes the decision's letters in the caller's transaction — the one that issues the decision — so
   * letters exist if and only if the decision was issued. Called again for the same decision, it writes
   * nothing. `context` names who issued it in the audit log (the system when not given).
   */
  async issueForDecision(tx: Db, decisionId: string, now: Date, context: AuditContext = { actor: systemActor }): Promise<void> {
    const decision = await store.findDecision(tx, decisionId);
    if (!decision) throw new NotFoundError('No decision with this id');
    if (decision.status !== 'issued') throw new Error('Letters are written only for an issued decision');
    if (await store.decisionHasNotices(tx, decisionId)) return;
    const referral = await store.findReferralForLetter(tx, decision.referralId);
    if (!referral) throw new NotFoundError('No referral for this decision');
    const sealedPerson = await findPerson(tx, referral.id);
    const person = sealedPerson ? openIdentity(this.cipher, sealedPerson.sealed) : null;
    const period = decision.stage === 'rg' && decision.positive ? await store.findRecoveryPeriod(tx, referral.id) : undefined;
    const recovery = period && period.decisionId === decision.id
      ? { startedOn: period.startedOn, currentEnd: period.currentEnd, removalStayed: period.removalStayed }
      : null;
    const { letterRecipient } = referral.details as { letterRecipient?: string | null };
    const addressees = addresseesFor(letterRecipient, { name: referral.submitterName, email: referral.submitterEmail, organisation: referral.organisationName }, person);
    const stage = decision.stage as DecisionStage;

    const written: store.NoticeRow[] = [];
    for (const to of addressees) {
      const letter = letterContext({
        reference: referral.reference, nation: referral.nation as Nation, authorityName: referral.authorityName ?? 'The Competent Authority',
        issuedOn: ukDate(now), personName: personName(person), referrerOrganisation: referral.organisationName, to, recovery,
        decision: {
          stage, outcome: decision.outcome as DecisionOutcome, positive: decision.positive, decidedOn: decision.decidedOn,
          reasons: this.cipher.decrypt(decision.reasonsSealed), standardOfProof: decision.standardOfProof,
          onReconsideration: decision.reconsiderationOf !== null, moveOnEnd: decision.moveOnEnd,
        },
      });
      const { recipient, ...address } = to;
      const notice = await store.insertNotice(tx, {
        referralId: referral.id, decisionId, recipient, template: templateFor(stage, decision.positive),
        subject: subjectFor(stage, referral.reference), addressSealed: this.cipher.encrypt(JSON.stringify(address satisfies SealedAddress)),
        letterSealed: this.cipher.encrypt(renderLetter(letter)), status: initialStatus(to), createdAt: now,
      });
      // The message names the notice only: the sender reads the sealed letter when it sends it.
      await enqueue(tx, {
        topic: store.noticeSendTopic, recipientOrganisationId: recipient === 'first_responder' ? referral.organisationId : null,
        subjectType: 'notice', subjectId: notice.id, payload: { noticeId: notice.id },
      }, now);
      written.push(notice);
    }
    // Last: the audit chain's lock is then held only until the caller's commit.
    for (const notice of written) {
      await this.audit.record(tx, context, {
        action: 'create', recordType: 'notice', recordId: notice.id, fields: ['letter', 'address'],
        details: { reference: referral.reference, decisionId, recipient: notice.recipient, status: notice.status },
      });
    }
  }

  /**
   * Sends waiting letters, each in a transaction of its own holding its outbox message's lock, so
   * several processes can deliver at once and none sends a letter twice. Returns how many were sent.
   */
  async deliverPending(limit = 20): Promise<number> {
    let sent = 0;
    for (let i = 0; i < limit; i++) {
      const outcome = await this.database.transaction((tx) => this.deliverNext(tx));
      if (outcome === 'none') break;
      if (outcome === 'sent') sent++;
    }
    return sent;
  }

  private async deliverNext(tx: Db): Promise<'none' | 'sent' | 'failed' | 'not_emailed'> {
    const now = this.clock.now();
    const message = await store.lockNextNoticeMessage(tx, now);
    if (!message) return 'none';
    const { noticeId } = message.payload as { noticeId?: unknown };
    const notice = typeof noticeId === 'string' ? await store.findNotice(tx, noticeId) : undefined;
    // Already sent, or no email address: the letter is printed from its page and posted instead.
    if (!notice || notice.status === 'sent' || notice.status === 'no_address' || !notice.addressSealed) {
      await store.markMessageDelivered(tx, message.id, now, message.attempts);
      return 'not_emailed';
    }
    const attempt = message.attempts + 1;
    let outcome: 'sent' | 'failed';
    // Whatever fails — opening the letter, drawing the PDF, the mail server — is recorded and retried
    // later, so one letter that cannot be sent never holds up the others.
    try {
      const address = JSON.parse(this.cipher.decrypt(notice.addressSealed)) as SealedAddress;
      if (!address.email) {
        await store.markMessageDelivered(tx, message.id, now, message.attempts);
        return 'not_emailed';
      }
      const html = this.cipher.decrypt(notice.letterSealed);
      const pdf = await this.renderPdf(notice, html);
      // A savepoint: a mailer that fails mid-statement leaves the transaction usable to record the failure.
      const result = await tx.transaction((savepoint) => this.mailer.send({
        to: address.email!, subject: notice.subject, html: emailHtml(html), text: `${emailIntro}\n\n${letterText(html)}`,
        attachment: { filename: pdfFilename(notice), content: pdf, contentType: 'application/pdf' },
      }, savepoint));
      await store.insertDelivery(tx, { noticeId: notice.id, attempt, attemptedAt: now, outcome: 'delivered', adapter: this.mailer.adapter, providerReference: result.providerReference });
      await store.setNoticeStatus(tx, notice.id, 'sent', now);
      await store.markMessageDelivered(tx, message.id, now, attempt);
      outcome = 'sent';
    } catch (error) {
      const text = deliveryError(error);
      await store.insertDelivery(tx, { noticeId: notice.id, attempt, attemptedAt: now, outcome: 'failed', adapter: this.mailer.adapter, error: text });
      await store.setNoticeStatus(tx, notice.id, 'failed', null);
      await store.deferMessage(tx, message.id, attempt, new Date(now.getTime() + retryDelayMs(attempt)), text);
      outcome = 'failed';
    }
    await this.audit.record(tx, { actor: systemActor }, {
      action: 'update', recordType: 'notice', recordId: notice.id, fields: ['status'],
      details: { delivery: outcome === 'sent' ? 'delivered' : 'failed', attempt, adapter: this.mailer.adapter },
    });
    return outcome;
  }

  /** A letter as the page shows it: only for a referral in the principal's scope; every view audited. */
  async open(principal: Principal, reference: string, noticeId: string, context: AuditContext) {
    const { notice, html } = await this.read(principal, reference, noticeId, context, 'html');
    return { ...summaryOf(notice), reference, template: notice.template, html };
  }

  /** A letter as a PDF, for printing and posting: the same checks and audit as the page. */
  async pdf(principal: Principal, reference: string, noticeId: string, context: AuditContext): Promise<{ filename: string; content: Buffer }> {
    const { notice, html } = await this.read(principal, reference, noticeId, context, 'pdf');
    return { filename: pdfFilename(notice), content: await this.renderPdf(notice, html) };
  }

  /** A referral's letters without their content, for the case page. Outside the principal's scope: none. */
  async listForReferral(principal: Principal, referralId: string): Promise<NoticeSummary[]> {
    const rows = await store.listNotices(this.database.db, referralId, scopeFor(principal.role, 'referral'), principal);
    return rows.map((row) => summaryOf(row, row.deliveries));
  }

  /** What the development mailer "sent", newest first. Viewing it is audited: it holds addresses. */
  async mailbox(context: AuditContext, limit = 100) {
    const rows = await store.listMailbox(this.database.db, limit);
    await this.audit.recordAlone(context, { action: 'view', recordType: 'dev_mailbox', fields: ['to'], details: { messages: rows.length } });
    return rows.map((row) => ({ id: row.id, to: this.cipher.decrypt(row.toSealed), subject: row.subject, attachmentName: row.attachmentName, sentAt: row.sentAt }));
  }

  async mailboxMessage(id: string, context: AuditContext) {
    const row = await store.findMail(this.database.db, id);
    if (!row) throw new NotFoundError('No such message');
    await this.audit.recordAlone(context, { action: 'view', recordType: 'dev_mailbox', recordId: row.id, fields: ['to', 'body'] });
    return { id: row.id, to: this.cipher.decrypt(row.toSealed), subject: row.subject, html: this.cipher.decrypt(row.bodySealed), attachmentName: row.attachmentName, sentAt: row.sentAt };
  }

  private async read(principal: Principal, reference: string, noticeId: string, context: AuditContext, format: 'html' | 'pdf') {
    const db = this.database.db;
    const visible = await findVisibleReferral(db, reference, scopeFor(principal.role, 'referral'), principal);
    if (!visible) {
      if (await referralExists(db, reference)) {
        await this.audit.recordAlone(context, { action: 'permission_denied', outcome: 'denied', recordType: 'notice', details: { reference, noticeId } });
        throw new ReferralForbiddenError();
      }
      throw new NotFoundError('No referral with this reference');
    }
    const notice = await store.findNoticeOfReferral(db, visible.referral.id, noticeId);
    if (!notice) throw new NotFoundError('No letter with this id');
    const html = this.cipher.decrypt(notice.letterSealed);
    await this.audit.recordAlone(context, { action: 'view', recordType: 'notice', recordId: notice.id, fields: ['letter'], details: { reference, format } });
    return { notice, html };
  }

  private renderPdf(notice: store.NoticeRow, html: string): Promise<Buffer> {
    const blocks = letterBlocks(html);
    const from = blocks.find((b) => b.kind === 'from');
    return letterPdf(blocks, { title: notice.subject, reference: referenceOf(notice.subject), author: from && 'text' in from ? from.text : 'Palermo', createdAt: notice.createdAt });
  }
}

function summaryOf(row: Pick<store.NoticeRow, 'id' | 'decisionId' | 'recipient' | 'subject' | 'status' | 'createdAt' | 'sentAt'>, deliveries = 0): NoticeSummary {
  const recipient = row.recipient as NoticeRecipient;
  return {
    id: row.id, decisionId: row.decisionId, recipient, recipientLabel: recipientLabels[recipient] ?? row.recipient, subject: row.subject,
    status: row.status, statusLabel: noticeStatusLabels[row.status] ?? row.status, createdAt: row.createdAt, sentAt: row.sentAt, deliveries,
  };
}

const emailIntro = 'Your decision letter is below and attached as a PDF.';

function emailHtml(letter: string): string {
  return `<p>${emailIntro}</p>\n${letter}`;
}

function pdfFilename(notice: Pick<store.NoticeRow, 'subject'>): string {
  // The reference only: the file name travels in email headers, where the decision is nobody's business.
  return `decision-letter-${referenceOf(notice.subject)}.pdf`;
}

/**
 * Retries wait longer each time — 1, 2, 4 … minutes, at most 6 hours — so a mail server that is down
 * is not hammered, and one that comes back is used within hours.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(2 ** (attempt - 1), 360) * 60_000;
}

/** What went wrong, for the delivery record and the outbox: never an address or a name. */
export function deliveryError(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = [e?.code, e?.responseCode].filter((x) => typeof x === 'string' || typeof x === 'number').join(' ');
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return `${code ? `${code}: ` : ''}${message}`
    .replace(/[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+/g, '[address]')
    .slice(0, 500);
}
