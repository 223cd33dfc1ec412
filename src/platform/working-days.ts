import Holidays from 'date-holidays';
import type { Nation } from '../organisations/kinds.js';

/**
 * UK working days: Monday to Friday less the bank holidays of the nation concerned. England and
 * Wales, Scotland and Northern Ireland have different bank holidays (Scotland's 2 January and
 * St Andrew's Day, Northern Ireland's St Patrick's Day and 12 July), including one-off days such as
 * 3 June 2022 and 19 September 2022. The dates come from the maintained `date-holidays` package.
 *
 * Dates are ISO calendar dates (YYYY-MM-DD) in UK local time.
 */

const regionOf: Record<Nation, string> = { england: 'ENG', wales: 'WLS', scotland: 'SCT', northern_ireland: 'NIR' };
const calendars = new Map<Nation, Holidays>();
const cache = new Map<string, ReadonlySet<string>>();

export function bankHolidays(nation: Nation, year: number): ReadonlySet<string> {
  const key = `${nation}:${year}`;
  let days = cache.get(key);
  if (!days) {
    let calendar = calendars.get(nation);
    if (!calendar) {
      calendar = new Holidays('GB', regionOf[nation]);
      calendars.set(nation, calendar);
    }
    // Only days off in law or by proclamation count; observances (Mother's Day…) do not.
    days = new Set(calendar.getHolidays(year).filter((h) => h.type === 'public' || h.type === 'bank').map((h) => h.date.slice(0, 10)));
    cache.set(key, days);
  }
  return days;
}

export function isWorkingDay(date: string, nation: Nation): boolean {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  if (day === 0 || day === 6) return false;
  return !bankHolidays(nation, Number(date.slice(0, 4))).has(date);
}

export function addCalendarDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The date `count` working days after `date` (the day itself does not count). */
export function addWorkingDays(date: string, count: number, nation: Nation): string {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a whole number of days, 0 or more');
  let current = date;
  let left = count;
  while (left > 0) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current, nation)) left--;
  }
  return current;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, nation: Nation): number {
  let count = 0;
  for (let current = addCalendarDays(from, 1); current <= to; current = addCalendarDays(current, 1)) {
    if (isWorkingDay(current, nation)) count++;
  }
  return count;
}

const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The UK calendar date of an instant (a referral received at 00:30 BST on 1 June was received on 1 June). */
export function ukDate(instant: Date): string {
  return londonDate.format(instant);
}
