import { computeDueDate, DeadlineRule, DueDate, IsoDate, WorkingCalendar } from '../../libs/calendar';
import type { JurisdictionCalendars } from '../../libs/calendar/jurisdiction-calendars';

export interface DeadlineActivityDeps {
  /** The official calendar: cases without a jurisdiction, or whose jurisdiction stored no version, count on it. */
  calendar: WorkingCalendar;
  /** Offices' stored calendar versions (composed onto `calendar`); without it every case counts on `calendar`. */
  calendars?: Pick<JurisdictionCalendars, 'current'>;
}

/**
 * Due dates are computed outside the workflow: the calendar is data an office may correct, and
 * a computed due date is recorded in the case's history, so a later correction never changes
 * what a running case already decided.
 */
export function createDeadlineActivities({ calendar, calendars }: DeadlineActivityDeps) {
  return {
    /** Counted on the jurisdiction's latest calendar version at the time it runs, if it has one. */
    async computeDueDate(rule: DeadlineRule, start: IsoDate, jurisdiction?: string): Promise<DueDate> {
      const counted = jurisdiction && calendars ? (await calendars.current(jurisdiction)).corrected.calendar : calendar;
      return computeDueDate(rule, start, counted);
    },
  };
}

export type DeadlineActivities = ReturnType<typeof createDeadlineActivities>;
