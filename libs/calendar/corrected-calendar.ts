/**
 * A jurisdiction's calendar: the official data plus an office's corrections (docs/procedure.md,
 * "Counting dates" — the notice for a year is published the November before and may be amended
 * after, as the 2020 Spring Festival was extended in January). Pure: safe anywhere, workflows
 * included.
 */
import { LABELS } from '../i18n/labels';
import { IsoDate, assertInteger, assertIsoDate, fromDayNumber, toDayNumber } from './iso-date';
import type { WorkingCalendar } from './working-calendar';

/** One date an office declares a working day or a day off, with why (shown in explanations). */
export interface CalendarCorrection {
  date: IsoDate;
  working: boolean;
  note?: string;
}

/** One stored version of a jurisdiction's corrections: the complete set, not a change to the previous one. */
export interface CalendarCorrections {
  jurisdiction: string;
  version: number;
  days: readonly CalendarCorrection[];
  /** Years the office loaded whole (e.g. the November notice for next year): no longer provisional. */
  coversYears?: readonly number[];
}

export type DayReason = 'working-day' | 'weekend' | 'official-holiday' | 'make-up-working-day' | 'office-correction';

export interface DayDescription {
  date: IsoDate;
  working: boolean;
  reason: DayReason;
  /** The reason in Chinese, from LABELS.calendarDay. */
  label: string;
  /** Holiday name (国庆节), make-up day name (国庆节调休) or the office's note. */
  name?: string;
  /** For an office correction: what the official calendar says of the date. */
  official?: { working: boolean; reason: Exclude<DayReason, 'office-correction'> };
  /** The date's year is not covered by the calendar (its notice is not loaded yet). */
  provisional: boolean;
}

/** Most days a single description request may span (one year and a day). */
export const MAX_DESCRIBED_DAYS = 366;

/** Each date listed again after its first listing, with the index of the first. */
export function duplicateCorrections(days: readonly Pick<CalendarCorrection, 'date'>[]): { index: number; first: number; date: IsoDate }[] {
  const seen = new Map<IsoDate, number>();
  const out: { index: number; first: number; date: IsoDate }[] = [];
  days.forEach(({ date }, index) => {
    const first = seen.get(date);
    if (first === undefined) seen.set(date, index);
    else out.push({ index, first, date });
  });
  return out;
}

/**
 * `base` with the corrections applied; the calendar's id and version name the jurisdiction and
 * the version (cn-official+天津市东丽区 / chinese-days-1.5.7+v3), so every due date says which
 * calendar it was counted on.
 *
 * - working: false → a day off named by the note (or the official holiday's name, or
 *   本地调整为休息日); it replaces a make-up working day on that date.
 * - working: true on a date the base calendar does not work → a working day named by the note
 *   (counted like a make-up working day); on a date it already works, nothing changes.
 */
export function withCorrections(base: WorkingCalendar, c: CalendarCorrections): WorkingCalendar {
  if (!c || typeof c.jurisdiction !== 'string' || !c.jurisdiction) throw new RangeError('Calendar corrections need a jurisdiction');
  assertInteger(c.version, 'calendar version', 1);
  if (!Array.isArray(c.days)) throw new RangeError('Calendar corrections need a days array');
  const duplicate = duplicateCorrections(c.days)[0];
  if (duplicate) throw new RangeError(`Calendar corrections list ${duplicate.date} twice`);
  const offDays: Record<IsoDate, string> = {};
  const workDays: Record<IsoDate, string> = {};
  for (const d of c.days) {
    assertIsoDate(d.date, 'corrected date');
    if (typeof d.working !== 'boolean') throw new RangeError(`Invalid working flag for ${d.date}: must be a boolean`);
    if (d.note !== undefined && typeof d.note !== 'string') throw new RangeError(`Invalid note for ${d.date}: must be a string`);
    const note = d.note?.trim() || undefined;
    if (!d.working) {
      const officialName = base.dayKind(d.date) === 'holiday' ? base.holidayName(d.date) : undefined;
      offDays[d.date] = note ?? officialName ?? LABELS.calendarCorrection.off;
    } else if (!base.isWorkingDay(d.date)) {
      workDays[d.date] = note ?? LABELS.calendarCorrection.working;
    }
  }
  return base.withOverride({
    id: c.jurisdiction,
    version: `v${c.version}`,
    years: [...(c.coversYears ?? [])],
    offDays,
    workDays,
  });
}

/** A jurisdiction's calendar with what it needs to say why a date is or is not a working day. */
export class CorrectedCalendar {
  /** The calendar due dates are counted on. */
  readonly calendar: WorkingCalendar;
  private readonly byDate: ReadonlyMap<IsoDate, CalendarCorrection>;

  /** Without corrections (a jurisdiction with no stored version) it is the base calendar. */
  constructor(
    readonly base: WorkingCalendar,
    readonly corrections?: CalendarCorrections,
  ) {
    this.calendar = corrections ? withCorrections(base, corrections) : base;
    this.byDate = new Map((corrections?.days ?? []).map((d) => [d.date, d]));
  }

  describeDay(date: IsoDate): DayDescription {
    assertIsoDate(date);
    const provisional = !this.calendar.covers(date);
    const correction = this.byDate.get(date);
    if (correction) {
      const official = officialReason(this.base, date);
      return {
        date,
        working: this.calendar.isWorkingDay(date),
        reason: 'office-correction',
        label: LABELS.calendarDay['office-correction'],
        ...(correction.note?.trim() ? { name: correction.note.trim() } : nameOf(this.calendar, date)),
        official: { working: this.base.isWorkingDay(date), reason: official },
        provisional,
      };
    }
    const reason = officialReason(this.calendar, date);
    return {
      date,
      working: this.calendar.isWorkingDay(date),
      reason,
      label: LABELS.calendarDay[reason],
      ...nameOf(this.calendar, date),
      provisional,
    };
  }

  /** Every date in [from, to], at most MAX_DESCRIBED_DAYS of them. */
  describeDays(from: IsoDate, to: IsoDate): DayDescription[] {
    assertIsoDate(from, 'from date');
    assertIsoDate(to, 'to date');
    const first = toDayNumber(from);
    const last = toDayNumber(to);
    if (last < first) throw new RangeError(`Invalid range: ${to} is before ${from}`);
    if (last - first + 1 > MAX_DESCRIBED_DAYS) {
      throw new RangeError(`Invalid range: ${from} to ${to} spans more than ${MAX_DESCRIBED_DAYS} days`);
    }
    const out: DayDescription[] = [];
    for (let d = first; d <= last; d++) out.push(this.describeDay(fromDayNumber(d)));
    return out;
  }
}

function officialReason(calendar: WorkingCalendar, date: IsoDate): Exclude<DayReason, 'office-correction'> {
  switch (calendar.dayKind(date)) {
    case 'holiday':
      return 'official-holiday';
    case 'make-up-working':
      return 'make-up-working-day';
    case 'weekend':
      return 'weekend';
    default:
      return 'working-day';
  }
}

function nameOf(calendar: WorkingCalendar, date: IsoDate): { name?: string } {
  const name = calendar.holidayName(date);
  return name ? { name } : {};
}
