import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, inArray } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FixedClock } from '../support/test-services.js';
import { pdfText } from '../support/pdf-text.js';
import { organisations } from '../../src/organisations/tables.js';
import { users } from '../../src/users/tables.js';
import { outboxMessages } from '../../src/outbox/tables.js';
import { auditEvents } from '../../src/platform/audit/tables.js';
import { decisions, recoveryPeriods } from '../../src/casework/tables.js';
import { devMailbox, noticeDeliveries, notices } from '../../src/notices/tables.js';
import { systemActor } from '../../src/platform/audit/audit-log.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import type { Role } from '../../src/platform/auth/roles.js';
import { NoticeService } from '../../src/notices/service.js';
import { DevelopmentMailer, type Mailer, type OutgoingMail } from '../../src/notices/mailer.js';
import type { Db } from '../../src/platform/db/database.js';

// Friday 4 December 2026, 10:00 UK time.
const clock = new FixedClock(new Date('2026-12-04T10:00:00Z'));
let t: TestApp;
let token: string;
let caseworkerId: string;
let managerId: string;

const person = {
  givenName: 'Amina', familyName: 'Yusuf', dateOfBirth: '1995-04-12', gender: 'female', nationalities: ['NG'], email: 'amina.yusuf@example.org',
  letterRecipient: 'person', asylumClaim: 'no', detention: 'none', immigrationStatus: 'leave_to_remain',
};
const situations = [{ types: ['domestic_servitude'], startMonth: '2024-03', endMonth: '2026-09', ukPlaces: ['sheffield'], narrative: 'Kept in the house.' }];

async function submit(overrides: Record<string, unknown>, key: string): Promise<{ id: string; reference: string }> {
  const response = await t.app.inject({
    method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
    payload: { under18: 'no', consent: true, person: { ...person, ...overrides }, situations },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json() as { id: string; reference: string };
}

interface Issue {
  stage?: 'rg' | 'cg';
  outcome?: string;
  positive?: boolean;
  recovery?: boolean;
}

/** A decision as the casework code issues it: the row, then the letters in the same transaction. */
async function issue(referralId: string, options: Issue = {}, service: NoticeService = t.ctx.notices): Promise<string> {
  const { stage = 'rg', outcome = 'positive', positive = true } = options;
  return t.ctx.database.transaction(async (tx) => {
    const [decision] = await tx.insert(decisions).values({
      referralId, stage, outcome, positive, reasonsSealed: t.ctx.cipher.encrypt('Her account is detailed and consistent.'), reasonCategory: positive ? null : 'no_exploitation',
      standardOfProof: 'There are reasonable grounds to believe, based on objective factors but falling short of conclusive proof, that the person is a victim of modern slavery',
      status: 'issued', decidedOn: '2026-12-04', madeBy: caseworkerId, madeAt: clock.now(),
      reviewedBy: positive ? null : managerId, reviewedAt: positive ? null : clock.now(), issuedAt: clock.now(),
      moveOnEnd: stage === 'cg' ? '2027-01-18' : null,
    }).returning();
    if (options.recovery) {
      await tx.insert(recoveryPeriods).values({
        referralId, decisionId: decision!.id, startedOn: '2026-12-04', minimumEnd: '2027-01-03', currentEnd: '2027-01-03',
        ruleSource: 'at least 30 days, from 13 December 2022', removalStayed: true, caseReviewDue: '2027-01-03',
      });
    }
    await service.issueForDecision(tx, decision!.id, clock.now());
    return decision!.id;
  });
}

async function noticesOf(decisionId: string) {
  return t.ctx.database.db.select().from(notices).where(eq(notices.decisionId, decisionId)).orderBy(notices.recipient);
}

async function principal(email: string): Promise<Principal> {
  const [row] = await t.ctx.database.db.select({ user: users, organisationName: organisations.name }).from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId)).where(eq(users.email, email));
  return { userId: row!.user.id, email, name: row!.user.name, role: row!.user.role as Role, organisationId: row!.user.organisationId, organisationName: row!.organisationName, via: 'session' };
}

/** Delivers everything waiting, so a test starts with an empty queue. */
async function drain(): Promise<void> {
  for (let round = 0; round < 10 && (await t.ctx.notices.deliverPending()) > 0; round++) { /* until none is left */ }
}

before(async () => {
  t = await startTestApp({ clock });
  token = (await t.ctx.apiTokens.create('first.responder@palermo.example', 'test')).token;
  caseworkerId = (await principal('caseworker@palermo.example')).userId;
  managerId = (await principal('ca.manager@palermo.example')).userId;
  const [syp] = await t.ctx.database.db.select().from(organisations).where(eq(organisations.name, 'South Yorkshire Police'));
  await t.ctx.users.create({ email: 'officer@syp.example', name: 'Sam Officer', organisationId: syp!.id, role: 'first_responder', password: 'a long enough password' }, { actor: systemActor });
});
after(async () => { await t.close(); });

describe('writing decision letters', () => {
  it('writes a sealed letter to the first responder and to the person; the outbox and the subject name no one', async () => {
    const referral = await submit({}, 'notices-person-0001');
    const decisionId = await issue(referral.id, { recovery: true });
    const written = await noticesOf(decisionId);
    assert.deepEqual(written.map((n) => [n.recipient, n.status, n.template]), [['first_responder', 'pending', 'rg-positive'], ['person', 'pending', 'rg-positive']]);
    for (const notice of written) {
      assert.equal(notice.subject, `Reasonable grounds decision: ${referral.reference}`);
      assert.equal(notice.letterSealed.includes('Amina'), false, 'the letter is sealed');
      assert.equal(notice.addressSealed!.includes('@'), false, 'the address is sealed');
    }
    const toPerson = t.ctx.cipher.decrypt(written[1]!.letterSealed);
    assert.match(toPerson, /Dear Amina Yusuf/);
    assert.match(toPerson, /reasonable grounds to believe that you are a victim of modern slavery/);
    assert.match(toPerson, /lasts until at least 3 January 2027/);
    assert.match(toPerson, /No action will be taken to remove you/);
    assert.match(toPerson, /Her account is detailed and consistent/);
    assert.match(t.ctx.cipher.decrypt(written[0]!.letterSealed), /Dear Fiona Reid/);

    const messages = await t.ctx.database.db.select().from(outboxMessages).where(inArray(outboxMessages.subjectId, written.map((n) => n.id)));
    assert.equal(messages.length, 2);
    for (const message of messages) {
      assert.equal(message.topic, 'notice.send');
      assert.deepEqual(Object.keys(message.payload as object), ['noticeId']);
      assert.doesNotMatch(JSON.stringify(message.payload), /Amina|Yusuf|@/);
    }
    const created = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordType, 'notice'), eq(auditEvents.action, 'create')));
    assert.deepEqual(created.filter((e) => written.some((n) => n.id === e.recordId)).map((e) => e.fields), [['letter', 'address'], ['letter', 'address']]);

    await t.ctx.database.transaction((tx) => t.ctx.notices.issueForDecision(tx, decisionId, clock.now()));
    assert.equal((await noticesOf(decisionId)).length, 2, 'issued once: no second set of letters');
  });

  it('writes to the representative when the referral says so, and keeps a letter with only a postal address for posting', async () => {
    const represented = await submit({ letterRecipient: 'representative', email: undefined, representativeName: 'Ravi Patel', representativeEmail: 'ravi@law.example' }, 'notices-rep-0001');
    const negative = await issue(represented.id, { outcome: 'negative', positive: false });
    const toRepresentative = await noticesOf(negative);
    assert.deepEqual(toRepresentative.map((n) => [n.recipient, n.status, n.template]), [['first_responder', 'pending', 'rg-negative'], ['representative', 'pending', 'rg-negative']]);
    const letter = t.ctx.cipher.decrypt(toRepresentative[1]!.letterSealed);
    assert.match(letter, /Dear Ravi Patel/);
    assert.match(letter, /Ask within 30 days of the decision, by 3 January 2027/);

    const byPost = await submit({ email: undefined, postalAddress: '12 Mill Lane, Sheffield, S1 2AB' }, 'notices-post-0001');
    const conclusive = await issue(byPost.id, { stage: 'cg', outcome: 'slavery_servitude_forced_labour' });
    const written = await noticesOf(conclusive);
    assert.deepEqual(written.map((n) => [n.recipient, n.status, n.template]), [['first_responder', 'pending', 'cg-positive'], ['person', 'no_address', 'cg-positive']]);
    const posted = t.ctx.cipher.decrypt(written[1]!.letterSealed);
    assert.match(posted, /12 Mill Lane/);
    assert.match(posted, /you are a victim of slavery, servitude, or forced or compulsory labour/);
    assert.match(posted, /until at least 18 January 2027/);
  });
});

describe('sending decision letters', () => {
  it('sends to the development mailbox with the PDF attached, records each delivery, and posts (does not email) a letter without an address', async () => {
    const before = await t.ctx.database.db.select().from(devMailbox);
    const waiting = await t.ctx.database.db.select().from(notices).where(eq(notices.status, 'pending'));
    assert.equal(await t.ctx.notices.deliverPending(), waiting.length);
    assert.equal(await t.ctx.notices.deliverPending(), 0, 'nothing is sent twice');

    const mailbox = await t.ctx.database.db.select().from(devMailbox);
    assert.equal(mailbox.length - before.length, waiting.length);
    const recipients = mailbox.map((m) => t.ctx.cipher.decrypt(m.toSealed)).sort();
    assert.ok(recipients.includes('amina.yusuf@example.org') && recipients.includes('ravi@law.example') && recipients.includes('first.responder@palermo.example'));
    for (const mail of mailbox) {
      assert.match(mail.subject, /^(Reasonable|Conclusive) grounds decision: NRM-2026-\d{6}$/);
      assert.match(mail.attachmentName!, /^decision-letter-NRM-2026-\d{6}\.pdf$/);
      assert.equal(mail.bodySealed.includes('Dear'), false);
    }

    const all = await t.ctx.database.db.select().from(notices);
    const deliveries = await t.ctx.database.db.select().from(noticeDeliveries);
    for (const notice of all) {
      const mine = deliveries.filter((d) => d.noticeId === notice.id);
      if (notice.status === 'no_address') {
        assert.equal(mine.length, 0, 'a letter to be posted is not emailed');
        assert.equal(notice.sentAt, null);
      } else {
        assert.equal(notice.status, 'sent');
        assert.deepEqual(mine.map((d) => [d.attempt, d.outcome, d.adapter]), [[1, 'delivered', 'development']]);
        assert.ok(mine[0]!.providerReference);
      }
    }
    const undelivered = await t.ctx.database.db.select().from(outboxMessages).where(eq(outboxMessages.topic, 'notice.send'));
    assert.ok(undelivered.every((m) => m.deliveredAt !== null), 'every message is done with, including the one to be posted');
  });

  it('records a failed attempt without the address, and tries again later', async () => {
    await drain();
    const failing: Mailer = {
      adapter: 'smtp',
      send: async (mail: OutgoingMail) => { throw Object.assign(new Error(`Recipient <${mail.to}> rejected`), { responseCode: 550 }); },
    };
    const unreliable = new NoticeService(t.ctx.database, t.ctx.audit, clock, t.ctx.cipher, failing);
    const referral = await submit({ letterRecipient: 'first_responder' }, 'notices-fail-0001');
    const decisionId = await issue(referral.id, {}, unreliable);
    const [notice] = await noticesOf(decisionId);

    assert.equal(await unreliable.deliverPending(), 0);
    const [failed] = await t.ctx.database.db.select().from(noticeDeliveries).where(eq(noticeDeliveries.noticeId, notice!.id));
    assert.equal(failed!.outcome, 'failed');
    assert.equal(failed!.error, '550: Recipient <[address]> rejected');
    const [message] = await t.ctx.database.db.select().from(outboxMessages).where(eq(outboxMessages.subjectId, notice!.id));
    assert.equal(message!.attempts, 1);
    assert.equal(message!.deliveredAt, null);
    assert.equal(message!.availableAt.getTime(), clock.now().getTime() + 60_000, 'a minute later');
    assert.doesNotMatch(message!.lastError!, /@/);
    assert.equal((await noticesOf(decisionId))[0]!.status, 'failed');

    assert.equal(await t.ctx.notices.deliverPending(), 0, 'not before its time');
    clock.advanceMinutes(2);
    assert.equal(await t.ctx.notices.deliverPending(), 1);
    const attempts = await t.ctx.database.db.select().from(noticeDeliveries).where(eq(noticeDeliveries.noticeId, notice!.id)).orderBy(noticeDeliveries.attempt);
    assert.deepEqual(attempts.map((a) => [a.attempt, a.outcome]), [[1, 'failed'], [2, 'delivered']]);
    assert.equal((await noticesOf(decisionId))[0]!.status, 'sent');
  });

  it('never sends a letter twice when several senders run at once', async () => {
    await drain();
    const slow = (inner: Mailer): Mailer => ({
      adapter: inner.adapter,
      send: async (mail: OutgoingMail, tx: Db) => { await new Promise((resolve) => setTimeout(resolve, 20)); return inner.send(mail, tx); },
    });
    const senders = [1, 2, 3].map(() => new NoticeService(t.ctx.database, t.ctx.audit, clock, t.ctx.cipher, slow(new DevelopmentMailer(t.ctx.cipher, clock))));
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push(...(await noticesOf(await issue((await submit({}, `notices-race-000${n}`)).id))).map((x) => x.id));
    assert.equal(ids.length, 6);
    const before = (await t.ctx.database.db.select().from(devMailbox)).length;

    const sent = await Promise.all(senders.map((s) => s.deliverPending()));
    assert.equal(sent.reduce((a, b) => a + b, 0), 6);
    assert.equal((await t.ctx.database.db.select().from(devMailbox)).length - before, 6);
    const deliveries = await t.ctx.database.db.select().from(noticeDeliveries).where(inArray(noticeDeliveries.noticeId, ids));
    assert.deepEqual(deliveries.map((d) => d.attempt), [1, 1, 1, 1, 1, 1], 'one delivery per letter');
  });
});

describe('reading decision letters', () => {
  let reference: string;
  let noticeId: string;
  let referralId: string;

  before(async () => {
    const referral = await submit({ letterRecipient: 'first_responder' }, 'notices-read-0001');
    reference = referral.reference;
    referralId = referral.id;
    noticeId = (await noticesOf(await issue(referral.id, { outcome: 'negative', positive: false })))[0]!.id;
  });

  it('shows the letter and its PDF to the first responder and the Competent Authority, auditing each view', async () => {
    const responder = t.agent();
    await responder.signIn('first.responder@palermo.example');
    const page = await responder.get(`/referrals/${reference}/notices/${noticeId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Reasonable grounds decision/);
    assert.match(page.body, /not reasonable grounds to believe that Amina Yusuf is a victim of modern slavery/);
    assert.match(page.body, /Download as PDF/);

    const pdf = await responder.get(`/referrals/${reference}/notices/${noticeId}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const text = pdfText(pdf.rawPayload);
    assert.match(text, new RegExp(`Reference: ${reference}`));
    assert.match(text, /not reasonable grounds to believe/);

    const caseworker = t.agent();
    await caseworker.signIn('caseworker@palermo.example');
    assert.equal((await caseworker.get(`/referrals/${reference}/notices/${noticeId}`)).statusCode, 200);

    const views = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, noticeId), eq(auditEvents.action, 'view')));
    assert.deepEqual(views.map((v) => [v.actorEmail, v.fields, (v.details as { format: string }).format]), [
      ['first.responder@palermo.example', ['letter'], 'html'],
      ['first.responder@palermo.example', ['letter'], 'pdf'],
      ['caseworker@palermo.example', ['letter'], 'html'],
    ]);
  });

  it('refuses another organisation’s first responder (403, audited), and answers 404 for a letter that is not the referral’s', async () => {
    const officer = t.agent();
    assert.equal((await officer.signIn('officer@syp.example', 'a long enough password')).statusCode, 303);
    assert.equal((await officer.get(`/referrals/${reference}/notices/${noticeId}`)).statusCode, 403);
    assert.equal((await officer.get(`/referrals/${reference}/notices/${noticeId}/pdf`)).statusCode, 403);
    const denied = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'permission_denied'), eq(auditEvents.recordType, 'notice')));
    assert.equal(denied.filter((e) => e.actorEmail === 'officer@syp.example').length, 2);

    const responder = t.agent();
    await responder.signIn('first.responder@palermo.example');
    const [other] = await t.ctx.database.db.select().from(notices).where(eq(notices.recipient, 'person'));
    assert.equal((await responder.get(`/referrals/${reference}/notices/${other!.id}`)).statusCode, 404);
    assert.equal((await responder.get(`/referrals/${reference}/notices/not-a-letter`)).statusCode, 404);
  });

  it('lists a referral’s letters without their content, only within the reader’s scope', async () => {
    const list = await t.ctx.notices.listForReferral(await principal('first.responder@palermo.example'), referralId);
    assert.equal(list.length, 1);
    assert.deepEqual(Object.keys(list[0]!).sort(), ['createdAt', 'decisionId', 'deliveries', 'id', 'recipient', 'recipientLabel', 'sentAt', 'status', 'statusLabel', 'subject']);
    assert.equal(list[0]!.subject, `Reasonable grounds decision: ${reference}`);
    assert.deepEqual(await t.ctx.notices.listForReferral(await principal('officer@syp.example'), referralId), []);
  });
});

describe('the development mailbox', () => {
  it('shows an administrator what was "sent", under a banner, and nobody else', async () => {
    await drain();
    const admin = t.agent();
    await admin.signIn('admin@palermo.example');
    const list = await admin.get('/dev/mailbox');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /No email leaves this service/);
    const id = /href="\/dev\/mailbox\/([0-9a-f-]{36})"/.exec(list.body)?.[1];
    assert.ok(id);
    const mail = await admin.get(`/dev/mailbox/${id}`);
    assert.equal(mail.statusCode, 200);
    assert.match(mail.body, /This message was not sent/);
    assert.match(mail.body, /Dear /);
    const views = await t.ctx.database.db.select().from(auditEvents).where(and(eq(auditEvents.recordType, 'dev_mailbox'), eq(auditEvents.actorEmail, 'admin@palermo.example')));
    assert.equal(views.length, 2);

    const caseworker = t.agent();
    await caseworker.signIn('caseworker@palermo.example');
    assert.equal((await caseworker.get('/dev/mailbox')).statusCode, 403);
  });

  it('is not there when email goes to a mail server', async () => {
    const withSmtp = await startTestApp({ config: { smtpUrl: 'smtp://mail.invalid:2525' } });
    try {
      const admin = withSmtp.agent();
      await admin.signIn('admin@palermo.example');
      assert.equal((await admin.get('/dev/mailbox')).statusCode, 404);
    } finally {
      await withSmtp.close();
    }
  });
});
