import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Db } from '../platform/db/database.js';
import type { Clock } from '../platform/clock.js';
import type { FieldCipher } from '../platform/crypto/field-encryption.js';
import { devMailbox } from './tables.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachment?: { filename: string; content: Buffer; contentType: string };
}

export interface SentMail {
  /** The provider's message id, when it gives one. */
  providerReference: string | null;
}

/**
 * Sends email. `send` is given the transaction the delivery runs in: the development adapter stores
 * the message in it (on the embedded database any other connection would wait for that transaction),
 * so a delivery that is rolled back leaves nothing in the mailbox either.
 */
export interface Mailer {
  readonly adapter: 'development' | 'smtp';
  send(mail: OutgoingMail, tx: Db): Promise<SentMail>;
}

/** Nothing leaves the service: messages go into the development mailbox (sealed), for people trying the service. */
export class DevelopmentMailer implements Mailer {
  readonly adapter = 'development' as const;

  constructor(private readonly cipher: FieldCipher, private readonly clock: Clock) {}

  async send(mail: OutgoingMail, tx: Db): Promise<SentMail> {
    const [row] = await tx.insert(devMailbox).values({
      toSealed: this.cipher.encrypt(mail.to),
      subject: mail.subject,
      bodySealed: this.cipher.encrypt(mail.html),
      attachmentName: mail.attachment?.filename ?? null,
      sentAt: this.clock.now(),
    }).returning({ id: devMailbox.id });
    return { providerReference: row!.id };
  }
}

const defaultFrom = 'Palermo <no-reply@palermo.invalid>';

/**
 * Email through an SMTP server, from PALERMO_SMTP_URL (smtp://user:password@host:587, or smtps://…).
 * A `from` query parameter sets the sender address.
 */
export class SmtpMailer implements Mailer {
  readonly adapter = 'smtp' as const;
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(smtpUrl: string, transport?: Transporter) {
    const url = new URL(smtpUrl);
    this.from = url.searchParams.get('from') ?? defaultFrom;
    url.searchParams.delete('from');
    this.transport = transport ?? nodemailer.createTransport(url.toString());
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const info = await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      attachments: mail.attachment ? [mail.attachment] : [],
    }) as { messageId?: string };
    return { providerReference: info.messageId ?? null };
  }
}

export function createMailer(smtpUrl: string | undefined, cipher: FieldCipher, clock: Clock): Mailer {
  return smtpUrl ? new SmtpMailer(smtpUrl) : new DevelopmentMailer(cipher, clock);
}
