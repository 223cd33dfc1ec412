import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../platform/clock.js';

export type TimerCheck = 'ok' | 'too_fast' | 'expired' | 'invalid';

/**
 * Spam protection without tracking: the public form carries the time it was shown, signed. A post
 * sooner than a person could have written a report is treated as automated; nothing about the sender
 * is kept or looked at. The token holds only a time, the same for everyone shown the form that millisecond.
 */
export class FormTimer {
  private readonly key: Buffer;

  constructor(secret: string, private readonly clock: Clock, private readonly minimumMs = 3_000, private readonly maximumMs = 24 * 3_600_000) {
    this.key = createHmac('sha256', secret).update('palermo public report form timer').digest();
  }

  issue(): string {
    const shownAt = String(this.clock.now().getTime());
    return `${shownAt}.${this.sign(shownAt)}`;
  }

  check(token: unknown): TimerCheck {
    if (typeof token !== 'string') return 'invalid';
    const [shownAt = '', signature = ''] = token.split('.');
    const expected = Buffer.from(this.sign(shownAt));
    const given = Buffer.from(signature);
    if (!/^\d{1,15}$/.test(shownAt) || given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    const elapsed = this.clock.now().getTime() - Number(shownAt);
    if (elapsed > this.maximumMs) return 'expired';
    if (elapsed < this.minimumMs) return 'too_fast';
    return 'ok';
  }

  private sign(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }
}
