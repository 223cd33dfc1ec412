import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { SmtpMailer } from './mailer.js';

describe('the SMTP mailer', () => {
  it('sends the letter with its PDF from the sender named in the URL (nodemailer’s JSON transport: nothing leaves)', async () => {
    const sentMessages: string[] = [];
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const mailer = new SmtpMailer('smtp://mail.example:587?from=decisions%40sca.example', {
      sendMail: async (message: object) => {
        const info = await transport.sendMail(message) as { message: string; messageId: string };
        sentMessages.push(info.message);
        return info;
      },
    } as unknown as ConstructorParameters<typeof SmtpMailer>[1]);
    const result = await mailer.send({
      to: 'first.responder@palermo.example', subject: 'Reasonable grounds decision: NRM-2026-000123', html: '<p>Letter</p>', text: 'Letter',
      attachment: { filename: 'decision-letter-NRM-2026-000123.pdf', content: Buffer.from('%PDF-1.3'), contentType: 'application/pdf' },
    });
    assert.ok(result.providerReference);
    const message = JSON.parse(sentMessages[0]!) as { from: { address: string }; to: { address: string }[]; subject: string; attachments: { filename: string; contentType: string }[] };
    assert.equal(message.from.address, 'decisions@sca.example');
    assert.deepEqual(message.to.map((a) => a.address), ['first.responder@palermo.example']);
    assert.equal(message.subject, 'Reasonable grounds decision: NRM-2026-000123');
    assert.deepEqual(message.attachments.map((a) => [a.filename, a.contentType]), [['decision-letter-NRM-2026-000123.pdf', 'application/pdf']]);
  });
});
