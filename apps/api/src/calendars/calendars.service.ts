import { Injectable, Logger } from '@nestjs/common';
import {
  CalendarCorrection,
  DeadlineRule,
  MAX_DESCRIBED_DAYS,
  computeDueDate,
  withCorrections,
} from '../../../../libs/calendar';
import { toDayNumber } from '../../../../libs/calendar/iso-date';
import { CalendarVersionRepository } from '../../../../libs/db';
import { MAX_DEADLINE_AMOUNT } from '../../../../libs/policy';
import { CurrentCalendar, JurisdictionCalendars, StoredCalendarVersion } from '../../../../libs/calendar/jurisdiction-calendars';
import { ConflictError, FieldProblem, InvalidRequestError, NotFoundError } from '../errors/api-errors';
import {
  CalendarDaysDto,
  CalendarDaysQueryDto,
  CalendarDueDateDto,
  CalendarDueDateQueryDto,
  CalendarVersionDto,
  CalendarVersionListDto,
  JurisdictionSummaryDto,
  MAX_CALENDAR_DAYS,
  PatchCalendarDto,
  PutCalendarDto,
} from './dto/calendar.dto';

/** What a new version will hold. */
interface NextVersion {
  days: CalendarCorrection[];
  coversYears: number[];
}

/** Tries at storing a version when another one took the same number meanwhile. */
const STORE_ATTEMPTS = 3;

/**
 * Offices' calendars: each upload is a new version of a jurisdiction's corrections to the official
 * calendar (older versions stay readable); due dates and day views count on the latest version.
 */
@Injectable()
export class CalendarsService {
  private readonly logger = new Logger(CalendarsService.name);

  constructor(
    private readonly calendarVersions: CalendarVersionRepository,
    private readonly calendars: JurisdictionCalendars,
  ) {}

  async jurisdictions(): Promise<JurisdictionSummaryDto[]> {
    const rows = await this.calendarVersions.jurisdictions();
    return rows.map((r) => ({ jurisdiction: r.jurisdiction, latestVersion: r.latestVersion }));
  }

  /** Stores `body` as the jurisdiction's complete set of corrections, in a new version. */
  replace(jurisdiction: string, body: PutCalendarDto): Promise<CalendarVersionDto> {
    const days = body.days.map(normalizeDay);
    const coversYears = body.coversYears ?? [];
    return this.store(jurisdiction, body.note, () => ({ days, coversYears }));
  }

  /** The latest version with `body`'s changes, stored as a new version. */
  amend(jurisdiction: string, body: PatchCalendarDto): Promise<CalendarVersionDto> {
    const days = (body.days ?? []).map(normalizeDay);
    const remove = body.remove ?? [];
    const added = body.coversYears ?? [];
    const problems: FieldProblem[] = remove.flatMap((date, i) =>
      days.some((d) => d.date === date) ? [{ field: `remove.${i}`, problem: `${date} is also listed in days` }] : [],
    );
    if (days.length + remove.length + added.length === 0) {
      problems.push({ field: '(body)', problem: 'changes nothing: give days, remove or coversYears' });
    }
    if (problems.length > 0) throw new InvalidRequestError(problems);
    return this.store(jurisdiction, body.note, (latest) => {
      const corrected = new Set((latest?.days ?? []).map((d) => d.date));
      const missing: FieldProblem[] = remove.flatMap((date, i) =>
        corrected.has(date)
          ? []
          : [{ field: `remove.${i}`, problem: latest ? `${date} is not corrected in version ${latest.version}` : `${date} is not corrected: no version is stored yet` }],
      );
      if (missing.length > 0) throw new InvalidRequestError(missing);
      const replaced = new Set([...remove, ...days.map((d) => d.date)]);
      const merged = [...(latest?.days ?? []).filter((d) => !replaced.has(d.date)), ...days];
      if (merged.length > MAX_CALENDAR_DAYS) {
        throw new InvalidRequestError([{ field: 'days', problem: `the new version would hold ${merged.length} dates, more than ${MAX_CALENDAR_DAYS}` }]);
      }
      return { days: merged, coversYears: [...(latest?.coversYears ?? []), ...added] };
    });
  }

  async latest(jurisdiction: string): Promise<CalendarVersionDto> {
    const version = await this.calendars.latestVersion(jurisdiction);
    const stored = version === undefined ? undefined : await this.calendars.version(jurisdiction, version);
    if (!stored) {
      throw new NotFoundError('CalendarNotFound', `no calendar version is stored for ${jurisdiction}: it counts on the official calendar`);
    }
    return stored;
  }

  async version(jurisdiction: string, version: number): Promise<CalendarVersionDto> {
    const stored = await this.calendars.version(jurisdiction, version);
    if (!stored) throw new NotFoundError('CalendarVersionNotFound', `${jurisdiction} has no calendar version ${version}`);
    return stored;
  }

  async versions(jurisdiction: string): Promise<CalendarVersionListDto> {
    const rows = await this.calendarVersions.summaries(jurisdiction);
    if (rows.length === 0) {
      throw new NotFoundError('CalendarNotFound', `no calendar version is stored for ${jurisdiction}: it counts on the official calendar`);
    }
    return {
      jurisdiction,
      versions: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    };
  }

  /** Why each date in [from, to] is or is not a working day in the jurisdiction. */
  async days(jurisdiction: string, query: CalendarDaysQueryDto): Promise<CalendarDaysDto> {
    const span = toDayNumber(query.to) - toDayNumber(query.from) + 1;
    if (span < 1) throw new InvalidRequestError([{ field: 'to', problem: `must not be before from (${query.from})` }]);
    if (span > MAX_DESCRIBED_DAYS) throw new InvalidRequestError([{ field: 'to', problem: `must be at most ${MAX_DESCRIBED_DAYS} days from from, inclusive` }]);
    const current = await this.calendarFor(jurisdiction, query.version);
    const { calendar } = current.corrected;
    return {
      jurisdiction,
      version: current.version,
      calendar: { id: calendar.id, version: calendar.version },
      days: current.corrected.describeDays(query.from, query.to),
    };
  }

  /** The due date a case of the jurisdiction would get now, with its explanation. */
  async dueDate(jurisdiction: string, query: CalendarDueDateQueryDto): Promise<CalendarDueDateDto> {
    if (query.amount > MAX_DEADLINE_AMOUNT[query.unit]) {
      throw new InvalidRequestError([{ field: 'amount', problem: `must be at most ${MAX_DEADLINE_AMOUNT[query.unit]} ${query.unit}` }]);
    }
    const rule: DeadlineRule = {
      amount: query.amount,
      unit: query.unit,
      ...(query.rollForward !== undefined ? { rollForward: query.rollForward === 'true' } : {}),
    };
    const current = await this.calendarFor(jurisdiction, query.version);
    try {
      return { jurisdiction, version: current.version, due: computeDueDate(rule, query.from, current.corrected.calendar) };
    } catch (err) {
      if (err instanceof RangeError) throw new InvalidRequestError([{ field: '(query)', problem: err.message }]);
      throw err;
    }
  }

  private async calendarFor(jurisdiction: string, version?: number): Promise<CurrentCalendar> {
    if (version === undefined) return this.calendars.current(jurisdiction);
    const corrected = await this.calendars.calendarAt(jurisdiction, version);
    if (!corrected) throw new NotFoundError('CalendarVersionNotFound', `${jurisdiction} has no calendar version ${version}`);
    return { jurisdiction, version, corrected };
  }

  /**
   * Stores the next version built from the latest one. Versions are numbered 1, 2, …; if another
   * upload took the number meanwhile, the version is built again on top of that one.
   */
  private async store(
    jurisdiction: string,
    note: string,
    build: (latest: StoredCalendarVersion | undefined) => NextVersion,
  ): Promise<CalendarVersionDto> {
    for (let attempt = 1; attempt <= STORE_ATTEMPTS; attempt++) {
      const latestVersion = await this.calendars.latestVersion(jurisdiction);
      const latest = latestVersion === undefined ? undefined : await this.calendars.version(jurisdiction, latestVersion);
      const next = build(latest);
      const days = [...next.days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      const coversYears = [...new Set(next.coversYears)].sort((a, b) => a - b);
      const version = (latestVersion ?? 0) + 1;
      checkComposes(jurisdiction, version, days, coversYears, this.calendars);
      // false: another upload took this version number meanwhile
      if (!(await this.calendarVersions.insert({ jurisdiction, version, days, coversYears, note, createdBy: null }))) continue;
      this.logger.log(`calendar ${jurisdiction} v${version}: ${days.length} corrected dates, years loaded [${coversYears.join(', ')}]`);
      return (await this.calendars.version(jurisdiction, version))!;
    }
    throw new ConflictError('CalendarVersionConflict', `other versions of ${jurisdiction} were stored at the same time; send it again`);
  }
}

/** A note of only spaces is no note. */
function normalizeDay(d: CalendarCorrection): CalendarCorrection {
  const note = d.note?.trim();
  return { date: d.date, working: d.working, ...(note ? { note } : {}) };
}

/** Refuses corrections the calendar cannot count on: a date with no working day within a year after it. */
function checkComposes(
  jurisdiction: string,
  version: number,
  days: CalendarCorrection[],
  coversYears: number[],
  calendars: JurisdictionCalendars,
): void {
  const calendar = withCorrections(calendars.base, { jurisdiction, version, days, coversYears });
  for (const d of days) {
    if (d.working) continue;
    try {
      calendar.nextWorkingDayOnOrAfter(d.date);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      throw new InvalidRequestError([{ field: 'days', problem: `leaves no working day within a year from ${d.date}` }]);
    }
  }
}
