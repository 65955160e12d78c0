/**
 * Civil-date arithmetic on 'YYYY-MM-DD' strings.
 *
 * Dates are converted to a day number (days since 1970-01-01) with Date.UTC, so
 * nothing here depends on the host's local time zone. China uses UTC+8 with no
 * DST, so converting between instants and Chinese civil dates is a fixed offset.
 */

/** 'YYYY-MM-DD', a civil date in China (Asia/Shanghai, UTC+8, no DST). */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An instant must carry an explicit zone ('Z' or ±hh:mm); otherwise JS would read it as local time. */
const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export interface DateParts {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Strict check: the right shape AND a real calendar date (year 0001-9999). */
export function isIsoDate(s: string): boolean {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE_RE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function assertIsoDate(s: unknown, what = 'date'): asserts s is IsoDate {
  if (typeof s !== 'string' || !isIsoDate(s)) {
    throw new RangeError(`Invalid ${what}: ${JSON.stringify(s)} is not a real calendar date in YYYY-MM-DD form`);
  }
}

export function assertInteger(n: unknown, what: string, min?: number): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new RangeError(`Invalid ${what}: ${String(n)} is not an integer`);
  }
  if (min !== undefined && n < min) {
    throw new RangeError(`Invalid ${what}: ${n} is less than ${min}`);
  }
}

export function parseIsoDate(date: IsoDate): DateParts {
  assertIsoDate(date);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** Formats parts without validating them (used to name nonexistent dates such as '2021-02-30'). */
export function formatParts(year: number, month: number, day: number): string {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function utcMs(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, does not remap years 0-99
  return d.getTime();
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return Math.round(utcMs(year, month, day) / MS_PER_DAY);
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  const year = d.getUTCFullYear();
  if (!Number.isFinite(d.getTime()) || year < 1 || year > 9999) {
    throw new RangeError(`Date out of supported range (years 0001-9999): day number ${dayNumber}`);
  }
  return formatParts(year, d.getUTCMonth() + 1, d.getUTCDate());
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function yearOf(date: IsoDate): number {
  return parseIsoDate(date).year;
}

/** `start` plus n calendar days (n may be negative). */
export function addCalendarDays(start: IsoDate, n: number): IsoDate {
  assertIsoDate(start, 'start date');
  assertInteger(n, 'number of calendar days');
  return fromDayNumber(toDayNumber(start) + n);
}

/**
 * Same day-of-month n months later (n may be negative). If that day does not
 * exist, the month's last day is returned and `clampedFrom` names the
 * nonexistent date, e.g. 3 months after 2020-11-30 -> 2021-02-28 (from '2021-02-30').
 */
export function addCalendarMonths(start: IsoDate, n: number): { date: IsoDate; clampedFrom?: IsoDate } {
  assertIsoDate(start, 'start date');
  assertInteger(n, 'number of calendar months');
  const { year, month, day } = parseIsoDate(start);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  if (y < 1 || y > 9999) throw new RangeError(`Date out of supported range (years 0001-9999): ${start} + ${n} months`);
  const last = daysInMonth(y, m);
  if (day <= last) return { date: formatParts(y, m, day) };
  return { date: formatParts(y, m, last), clampedFrom: formatParts(y, m, day) };
}

function toDate(instant: Date | string): Date {
  if (instant instanceof Date) {
    if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid instant: Date is invalid');
    return instant;
  }
  if (typeof instant !== 'string' || !ISO_INSTANT_RE.test(instant)) {
    throw new RangeError(
      `Invalid instant: ${JSON.stringify(instant)} must be an ISO 8601 date-time with 'Z' or an explicit offset`,
    );
  }
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Invalid instant: ${JSON.stringify(instant)}`);
  return d;
}

/** The civil date in China (UTC+8) at the given instant. */
export function chinaDateOf(instant: Date | string): IsoDate {
  const ms = toDate(instant).getTime() + CHINA_OFFSET_MS;
  return fromDayNumber(Math.floor(ms / MS_PER_DAY));
}

/** The instant the given Chinese civil day ends: next day 00:00 +08:00, as an ISO string in UTC. */
export function endOfChinaDay(date: IsoDate): string {
  assertIsoDate(date);
  return new Date((toDayNumber(date) + 1) * MS_PER_DAY - CHINA_OFFSET_MS).toISOString();
}
