import { sql } from 'kysely';
import type { CalendarVersionRow } from '../schema';
import { Repository } from './repository';

const UNIQUE_VIOLATION = '23505';

export interface NewCalendarVersion {
  jurisdiction: string;
  version: number;
  days: { date: string; working: boolean; note?: string }[];
  coversYears: number[];
  note: string | null;
  createdBy: string | null;
}

/** A version as the list of versions shows it: everything but its days, which it counts. */
export interface CalendarVersionSummary {
  version: number;
  dayCount: number;
  coversYears: number[];
  note: string | null;
  createdAt: Date;
  createdBy: string | null;
}

/** Offices' calendar corrections (`calendar_versions`): versions 1, 2, … per jurisdiction, each kept as stored. */
export class CalendarVersionRepository extends Repository {
  /** Every jurisdiction with a stored version and its highest version, by jurisdiction. */
  async jurisdictions(): Promise<{ jurisdiction: string; latestVersion: number }[]> {
    return this.db
      .selectFrom('calendar_versions')
      .select(['jurisdiction', (eb) => eb.fn.max('version').as('latestVersion')])
      .groupBy('jurisdiction')
      .orderBy('jurisdiction')
      .execute();
  }

  /** The jurisdiction's highest stored version, or undefined if it has none. */
  async latestVersion(jurisdiction: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('calendar_versions')
      .select((eb) => eb.fn.max('version').as('latest'))
      .where('jurisdiction', '=', jurisdiction)
      .executeTakeFirst();
    return row?.latest ?? undefined;
  }

  async find(jurisdiction: string, version: number): Promise<CalendarVersionRow | undefined> {
    return this.db
      .selectFrom('calendar_versions')
      .selectAll()
      .where('jurisdiction', '=', jurisdiction)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  /** The jurisdiction's versions, oldest first; empty if it has none. */
  async summaries(jurisdiction: string): Promise<CalendarVersionSummary[]> {
    const rows = await this.db
      .selectFrom('calendar_versions')
      .select(['version', 'covers_years', 'note', 'created_at', 'created_by', sql<number>`jsonb_array_length(days)`.as('day_count')])
      .where('jurisdiction', '=', jurisdiction)
      .orderBy('version')
      .execute();
    return rows.map((r) => ({
      version: r.version,
      dayCount: Number(r.day_count),
      coversYears: r.covers_years,
      note: r.note,
      // created_at is Generated<Timestamp>: Kysely types the selected value as the column type, pg gives a Date
      createdAt: new Date(r.created_at as unknown as Date),
      createdBy: r.created_by,
    }));
  }

  /** Stores the version; false (nothing stored) if the jurisdiction has this version number already. */
  async insert(version: NewCalendarVersion): Promise<boolean> {
    try {
      await this.db
        .insertInto('calendar_versions')
        .values({
          jurisdiction: version.jurisdiction,
          version: version.version,
          // pg writes a JS array as a PostgreSQL array: JSON columns get JSON text
          days: JSON.stringify(version.days),
          covers_years: JSON.stringify(version.coversYears),
          note: version.note,
          created_by: version.createdBy,
        })
        .execute();
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) return false;
      throw err;
    }
  }
}
