/**
 * The calendars offices stored in the database, per jurisdiction. Not exported from ./index:
 * workflow code imports that index and must stay free of database code; import it by its path.
 */
import type { Db } from '../db';
import { CalendarVersionRepository } from '../db/repositories';
import { CalendarCorrection, CalendarCorrections, CorrectedCalendar } from './corrected-calendar';
import { WorkingCalendar } from './working-calendar';

/** One stored version of a jurisdiction's calendar corrections (table calendar_versions). */
export interface StoredCalendarVersion extends CalendarCorrections {
  days: CalendarCorrection[];
  coversYears: number[];
  note: string | null;
  createdAt: string;
  createdBy: string | null;
}

/** The calendar a jurisdiction counts on now: its latest stored version, or the base (version null). */
export interface CurrentCalendar {
  jurisdiction: string;
  version: number | null;
  corrected: CorrectedCalendar;
}

/** Composed calendars kept per jurisdiction and version; a version never changes once stored. */
const DEFAULT_MAX_CACHED = 64;

/**
 * Reads the calendar versions offices stored and composes them onto the base (official) calendar.
 * Asking for a jurisdiction's current calendar costs one indexed "latest version" query; the
 * version's days are read and composed once, then served from memory.
 */
export class JurisdictionCalendars {
  private readonly cache = new Map<string, Promise<CorrectedCalendar>>();
  private readonly versions: CalendarVersionRepository;

  constructor(
    db: Db,
    readonly base: WorkingCalendar = WorkingCalendar.official(),
    private readonly maxCached = DEFAULT_MAX_CACHED,
  ) {
    this.versions = new CalendarVersionRepository(db);
  }

  /** The jurisdiction's highest stored version, or undefined if it has none. */
  async latestVersion(jurisdiction: string): Promise<number | undefined> {
    return this.versions.latestVersion(jurisdiction);
  }

  async version(jurisdiction: string, version: number): Promise<StoredCalendarVersion | undefined> {
    const row = await this.versions.find(jurisdiction, version);
    if (!row) return undefined;
    return {
      jurisdiction: row.jurisdiction,
      version: row.version,
      days: row.days.map((d) => ({ date: d.date, working: d.working, ...(d.note !== undefined ? { note: d.note } : {}) })),
      coversYears: row.covers_years ?? [],
      note: row.note,
      // created_at is Generated<Timestamp>: Kysely types the selected value as the column type, pg gives a Date
      createdAt: new Date(row.created_at as unknown as Date).toISOString(),
      createdBy: row.created_by,
    };
  }

  /** The base calendar with the given stored version applied; undefined if there is no such version. */
  async calendarAt(jurisdiction: string, version: number): Promise<CorrectedCalendar | undefined> {
    const key = `${version}\u0000${jurisdiction}`;
    let cached = this.cache.get(key);
    if (!cached) {
      cached = this.version(jurisdiction, version).then((stored) => {
        if (!stored) throw new MissingVersion();
        return new CorrectedCalendar(this.base, stored);
      });
      this.remember(key, cached);
    }
    try {
      return await cached;
    } catch (err) {
      if (err instanceof MissingVersion) return undefined;
      throw err;
    }
  }

  /** What new due dates of the jurisdiction are counted on: its latest version, else the base. */
  async current(jurisdiction: string): Promise<CurrentCalendar> {
    const latest = await this.latestVersion(jurisdiction);
    const corrected = latest === undefined ? undefined : await this.calendarAt(jurisdiction, latest);
    if (latest === undefined || !corrected) return { jurisdiction, version: null, corrected: new CorrectedCalendar(this.base) };
    return { jurisdiction, version: latest, corrected };
  }

  private remember(key: string, value: Promise<CorrectedCalendar>): void {
    // a failed read (database down, no such version) is not kept: the next call reads again
    value.catch(() => this.cache.delete(key));
    this.cache.set(key, value);
    while (this.cache.size > this.maxCached) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }
}

class MissingVersion extends Error {}
