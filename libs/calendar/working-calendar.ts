import * as officialJson from './data/official-cn.json';
import {
  IsoDate,
  assertInteger,
  assertIsoDate,
  dayOfWeek,
  fromDayNumber,
  toDayNumber,
  yearOf,
} from './iso-date';

export interface CalendarData {
  id: string; // e.g. 'cn-official'
  version: string; // e.g. 'chinese-days-1.5.7'
  years: number[]; // years fully covered, sorted
  offDays: Record<string, string>; // ISO date -> Chinese holiday name, e.g. '国庆节'
  workDays: Record<string, string>; // ISO date -> e.g. '国庆节调休' (make-up working day)
}

/** An office's per-jurisdiction corrections; the years it lists become covered. */
export interface CalendarOverride {
  id: string;
  version: string;
  years?: number[];
  offDays?: Record<IsoDate, string>;
  workDays?: Record<IsoDate, string>;
  removeOffDays?: IsoDate[];
  removeWorkDays?: IsoDate[];
}

export type DayKind = 'working' | 'weekend' | 'holiday' | 'make-up-working';
export type SkipReason = 'weekend' | 'holiday';
export interface SkippedDay {
  date: IsoDate;
  reason: SkipReason;
}
export interface WorkingDayResult {
  date: IsoDate;
  skipped: SkippedDay[];
  provisional: boolean;
}

/** Guards against endless loops on a calendar (e.g. a bad override) with no working days. */
const MAX_CONSECUTIVE_DAYS_OFF = 366;

let officialCalendar: WorkingCalendar | undefined;

function assertYear(y: unknown): asserts y is number {
  assertInteger(y, 'calendar year', 1);
  if (y > 9999) throw new RangeError(`Invalid calendar year: ${y}`);
}

function checkedEntries(record: Record<string, string> | undefined, what: string): [IsoDate, string][] {
  return Object.entries(record ?? {}).map(([date, name]) => {
    assertIsoDate(date, `${what} date`);
    if (typeof name !== 'string') throw new RangeError(`Invalid ${what} name for ${date}: must be a string`);
    return [date, name];
  });
}

/**
 * China's official working-day calendar: weekends off, plus the State Council's
 * days off (`offDays`) and make-up working days (`workDays`, 调休).
 *
 * Explicit `offDays`/`workDays` entries always apply. For dates with no entry the
 * rule is Mon–Fri working. `years` only says which years are fully covered: a
 * result that relies on a day outside them is `provisional` (the holiday notice
 * for that year may not be published or imported yet).
 */
export class WorkingCalendar {
  private constructor(
    readonly id: string,
    readonly version: string,
    private readonly years: ReadonlySet<number>,
    private readonly offDays: ReadonlyMap<IsoDate, string>,
    private readonly workDays: ReadonlyMap<IsoDate, string>,
  ) {}

  /** The State Council calendar bundled as data/official-cn.json. */
  static official(): WorkingCalendar {
    officialCalendar ??= WorkingCalendar.fromData(officialJson as unknown as CalendarData);
    return officialCalendar;
  }

  static fromData(data: CalendarData): WorkingCalendar {
    if (!data || typeof data.id !== 'string' || !data.id) throw new RangeError('Calendar data needs a non-empty id');
    if (typeof data.version !== 'string' || !data.version) throw new RangeError('Calendar data needs a non-empty version');
    if (!Array.isArray(data.years)) throw new RangeError('Calendar data needs a years array');
    data.years.forEach(assertYear);
    const off = new Map(checkedEntries(data.offDays, 'day-off'));
    const work = new Map(checkedEntries(data.workDays, 'make-up working day'));
    for (const d of work.keys()) {
      if (off.has(d)) throw new RangeError(`Calendar data lists ${d} both as a day off and as a make-up working day`);
    }
    return new WorkingCalendar(data.id, data.version, new Set(data.years), off, work);
  }

  /**
   * A new calendar with an office's corrections applied: removals first, then
   * additions (an added day off replaces a make-up working day on the same date
   * and vice versa). The override's years become covered.
   */
  withOverride(o: CalendarOverride): WorkingCalendar {
    if (!o || typeof o.id !== 'string' || !o.id) throw new RangeError('Calendar override needs a non-empty id');
    if (typeof o.version !== 'string' || !o.version) throw new RangeError('Calendar override needs a non-empty version');
    const years = new Set(this.years);
    for (const y of o.years ?? []) {
      assertYear(y);
      years.add(y);
    }
    const off = new Map(this.offDays);
    const work = new Map(this.workDays);
    for (const d of o.removeOffDays ?? []) {
      assertIsoDate(d, 'removed day-off date');
      off.delete(d);
    }
    for (const d of o.removeWorkDays ?? []) {
      assertIsoDate(d, 'removed make-up working day date');
      work.delete(d);
    }
    const addOff = checkedEntries(o.offDays, 'day-off');
    const addWork = checkedEntries(o.workDays, 'make-up working day');
    for (const [d] of addWork) {
      if (addOff.some(([x]) => x === d)) {
        throw new RangeError(`Calendar override ${o.id} lists ${d} both as a day off and as a make-up working day`);
      }
    }
    for (const [d, name] of addOff) {
      work.delete(d);
      off.set(d, name);
    }
    for (const [d, name] of addWork) {
      off.delete(d);
      work.set(d, name);
    }
    return new WorkingCalendar(`${this.id}+${o.id}`, `${this.version}+${o.version}`, years, off, work);
  }

  /** Whether the date's year is fully covered by the calendar data. */
  covers(date: IsoDate): boolean {
    return this.years.has(yearOf(date));
  }

  dayKind(date: IsoDate): DayKind {
    assertIsoDate(date);
    if (this.offDays.has(date)) return 'holiday';
    if (this.workDays.has(date)) return 'make-up-working';
    const dow = dayOfWeek(date);
    return dow === 0 || dow === 6 ? 'weekend' : 'working';
  }

  isWorkingDay(date: IsoDate): boolean {
    const kind = this.dayKind(date);
    return kind === 'working' || kind === 'make-up-working';
  }

  /** The holiday's name for a day off, or e.g. '国庆节调休' for a make-up working day. */
  holidayName(date: IsoDate): string | undefined {
    assertIsoDate(date);
    return this.offDays.get(date) ?? this.workDays.get(date);
  }

  /** The n-th working day after `start` (start itself is not counted); n = 0 returns start. */
  addWorkingDays(start: IsoDate, n: number): WorkingDayResult {
    assertIsoDate(start, 'start date');
    assertInteger(n, 'number of working days', 0);
    const skipped: SkippedDay[] = [];
    let provisional = !this.covers(start) && n === 0;
    let day = toDayNumber(start);
    let counted = 0;
    let run = 0;
    while (counted < n) {
      const date = fromDayNumber(++day);
      if (!this.covers(date)) provisional = true;
      if (this.isWorkingDay(date)) {
        counted++;
        run = 0;
      } else {
        skipped.push({ date, reason: this.skipReason(date) });
        if (++run > MAX_CONSECUTIVE_DAYS_OFF) throw this.noWorkingDayError(start);
      }
    }
    return { date: fromDayNumber(day), skipped, provisional };
  }

  /** `date` itself if it is a working day, else the next one; skipped lists the days passed. */
  nextWorkingDayOnOrAfter(date: IsoDate): WorkingDayResult {
    assertIsoDate(date);
    const skipped: SkippedDay[] = [];
    let provisional = false;
    let day = toDayNumber(date);
    for (;;) {
      const d = fromDayNumber(day);
      if (!this.covers(d)) provisional = true;
      if (this.isWorkingDay(d)) return { date: d, skipped, provisional };
      skipped.push({ date: d, reason: this.skipReason(d) });
      if (skipped.length > MAX_CONSECUTIVE_DAYS_OFF) throw this.noWorkingDayError(date);
      day++;
    }
  }

  /** Number of working days in (from, to]; 0 if to <= from. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    assertIsoDate(from, 'from date');
    assertIsoDate(to, 'to date');
    let count = 0;
    for (let day = toDayNumber(from) + 1, end = toDayNumber(to); day <= end; day++) {
      if (this.isWorkingDay(fromDayNumber(day))) count++;
    }
    return count;
  }

  private skipReason(date: IsoDate): SkipReason {
    return this.offDays.has(date) ? 'holiday' : 'weekend';
  }

  private noWorkingDayError(from: IsoDate): Error {
    return new RangeError(
      `Calendar ${this.id}@${this.version} has no working day within ${MAX_CONSECUTIVE_DAYS_OFF} days after ${from}`,
    );
  }
}
