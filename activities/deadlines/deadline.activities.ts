import { computeDueDate, DeadlineRule, DueDate, IsoDate, WorkingCalendar } from '../../libs/calendar';

export interface DeadlineActivityDeps {
  calendar: WorkingCalendar;
}

/**
 * Due dates are computed outside the workflow: the calendar is data an office may correct, and
 * a computed due date is recorded in the case's history, so a later correction never changes
 * what a running case already decided.
 */
export function createDeadlineActivities({ calendar }: DeadlineActivityDeps) {
  return {
    async computeDueDate(rule: DeadlineRule, start: IsoDate): Promise<DueDate> {
      return computeDueDate(rule, start, calendar);
    },
  };
}

export type DeadlineActivities = ReturnType<typeof createDeadlineActivities>;
