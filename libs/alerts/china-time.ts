/**
 * Small instant/civil-date helpers for China time (UTC+8, no DST). Pure: only Date.UTC-style
 * arithmetic on the arguments, never the clock, so they are safe in Temporal workflow code.
 */
import { addCalendarDays, chinaDateOf, isIsoDate } from '../calendar';
import type { IsoDate, WorkingCalendar } from '../calendar';

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const CLOCK_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** Same shape the calendar library accepts: an explicit zone is required. */
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Guards stepping back over a calendar (e.g. a bad override) that has no working days. */
const MAX_CONSECUTIVE_DAYS_OFF = 366;

/** 'HH:MM' -> minutes since midnight. */
export function parseClock(hhmm: unknown, what: string): number {
  const m = typeof hhmm === 'string' ? CLOCK_RE.exec(hhmm) : null;
  if (!m) throw new RangeError(`Invalid ${what}: ${JSON.stringify(hhmm)} must be a time of day in HH:MM form (00:00-23:59)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** ISO instant with an explicit zone -> epoch milliseconds. */
export function parseInstant(instant: unknown, what: string): number {
  if (typeof instant !== 'string' || !INSTANT_RE.test(instant)) {
    throw new RangeError(`Invalid ${what}: ${JSON.stringify(instant)} must be an ISO 8601 date-time with 'Z' or an explicit offset`);
  }
  const ms = new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Invalid ${what}: ${JSON.stringify(instant)}`);
  return ms;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The China civil date at an instant. */
export function chinaDateAt(ms: number): IsoDate {
  return chinaDateOf(toIso(ms));
}

/** Milliseconds since 00:00 China time of the instant's China day. */
export function msIntoChinaDay(ms: number): number {
  return (((ms + CHINA_OFFSET_MS) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
}

/** Epoch ms of `date` at `minutes` past midnight, China time. */
export function chinaInstantMs(date: IsoDate, minutes: number): number {
  if (!isIsoDate(date)) throw new RangeError(`Invalid date: ${JSON.stringify(date)} is not a real calendar date in YYYY-MM-DD form`);
  const d = new Date(0);
  d.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return d.getTime() + minutes * MS_PER_MINUTE - CHINA_OFFSET_MS;
}

/** The n-th working day before `date` (date itself is not counted); n = 0 returns date. */
export function subtractWorkingDays(calendar: WorkingCalendar, date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Invalid number of working days: ${String(n)}`);
  let day = date;
  let counted = 0;
  let run = 0;
  while (counted < n) {
    day = addCalendarDays(day, -1);
    if (calendar.isWorkingDay(day)) {
      counted++;
      run = 0;
    } else if (++run > MAX_CONSECUTIVE_DAYS_OFF) {
      throw new RangeError(
        `Calendar ${calendar.id}@${calendar.version} has no working day within ${MAX_CONSECUTIVE_DAYS_OFF} days before ${date}`,
      );
    }
  }
  return day;
}
