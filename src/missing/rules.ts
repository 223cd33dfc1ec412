/**
 * The rules of a missing-person episode, as pure functions. Trafficked children go missing from care
 * fast — most within a week, many within 24 hours — so every organisation concerned is alerted at once,
 * and the alert is repeated until someone there says they have it.
 */

/** An unacknowledged alert is sent again this often while the person is missing. */
export const ALERT_REPEAT_MINUTES = 10;

export const missingOutcomes = ['found', 'not_found', 'returned_home'] as const;
export type MissingOutcome = (typeof missingOutcomes)[number];

export const outcomeLabels: Record<MissingOutcome, string> = {
  found: 'Found',
  not_found: 'Not found',
  returned_home: 'Returned home',
};

/** Why an organisation is alerted. */
export const concerns = ['police', 'competent_authority', 'local_authority', 'support_provider'] as const;
export type Concern = (typeof concerns)[number];

export const concernLabels: Record<Concern, string> = {
  police: 'Police force for the area',
  competent_authority: 'Competent Authority',
  local_authority: "Child's local authority",
  support_provider: 'Support provider',
};

/**
 * Who is alerted, once each (an organisation concerned twice is alerted under its first concern): the
 * police forces for the referral's police force area, the Competent Authority, a child's local
 * authority, and the support providers involved with the person.
 */
export function alertRecipients(concerned: { police: string[]; competentAuthorityId: string | null; child: boolean; localAuthorities: string[]; providers: string[] }) {
  const recipients: { organisationId: string; concern: Concern }[] = [];
  const add = (organisationId: string | null, concern: Concern) => {
    if (organisationId && !recipients.some((r) => r.organisationId === organisationId)) recipients.push({ organisationId, concern });
  };
  for (const id of concerned.police) add(id, 'police');
  add(concerned.competentAuthorityId, 'competent_authority');
  if (concerned.child) for (const id of concerned.localAuthorities) add(id, 'local_authority');
  for (const id of concerned.providers) add(id, 'support_provider');
  return recipients;
}

/** Whether an alert last sent at `lastSentAt` is due to be sent again. */
export function repeatDue(lastSentAt: Date, now: Date): boolean {
  return now.getTime() - lastSentAt.getTime() >= ALERT_REPEAT_MINUTES * 60_000;
}

/** The instant before which an unacknowledged alert was last sent if it is due again now. */
export function repeatCutOff(now: Date): Date {
  return new Date(now.getTime() - ALERT_REPEAT_MINUTES * 60_000);
}

/** How long someone has been (or was) missing, in the largest two units: "2 days 3 hours", "45 minutes". */
export function durationText(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (days > 0) return hours > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0) return mins > 0 ? `${unit(hours, 'hour')} ${unit(mins, 'minute')}` : unit(hours, 'hour');
  return unit(mins, 'minute');
}

/** Why an episode's times are refused, or null: nobody is last seen in the future, and an episode cannot end before it started. */
export function lastSeenProblem(lastSeenAt: Date, now: Date): string | null {
  return lastSeenAt.getTime() > now.getTime() ? 'The time they were last seen must be in the past' : null;
}

export function endProblem(lastSeenAt: Date, endedAt: Date, now: Date): string | null {
  if (endedAt.getTime() < lastSeenAt.getTime()) return 'The end of the episode must be after the time they were last seen';
  if (endedAt.getTime() > now.getTime()) return 'The end of the episode must be in the past';
  return null;
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** The wall-clock time in London of an instant, as "YYYY-MM-DDTHH:MM". */
function londonWallClock(instant: Date): string {
  const p = Object.fromEntries(londonParts.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The instant of a UK date and time as people enter it (GMT or BST as the day has it). A time skipped
 * when the clocks go forward is read an hour later; a repeated one as the first.
 */
export function ukInstant(date: string, time: string): Date {
  const wanted = `${date}T${time}`;
  const guess = new Date(`${wanted}:00Z`);
  for (const offsetMinutes of [-60, 0]) {
    const candidate = new Date(guess.getTime() + offsetMinutes * 60_000);
    if (londonWallClock(candidate) === wanted) return candidate;
  }
  return guess; // the skipped hour read as GMT, which London shows an hour later
}

/** The UK date and time of an instant, for a form's values. */
export function ukDateAndTime(instant: Date): { date: string; time: string } {
  const [date, time] = londonWallClock(instant).split('T') as [string, string];
  return { date, time };
}
