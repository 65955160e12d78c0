/**
 * China's official working-day calendar and deadline computation.
 * Pure TypeScript (no Node builtins, no clock, no randomness): safe to use in
 * Temporal workflow code.
 */
export type { IsoDate } from './iso-date';
export { addCalendarDays, addCalendarMonths, chinaDateOf, endOfChinaDay, isIsoDate } from './iso-date';
export type {
  CalendarData,
  CalendarOverride,
  DayKind,
  SkipReason,
  SkippedDay,
  WorkingDayResult,
} from './working-calendar';
export { WorkingCalendar } from './working-calendar';
export type { DeadlineRule, DeadlineUnit, DueDate } from './due-date';
export { computeDueDate, extendDueDate, moveDueDate } from './due-date';
export type { CalendarCorrection, CalendarCorrections, DayDescription, DayReason } from './corrected-calendar';
export { CorrectedCalendar, MAX_DESCRIBED_DAYS, duplicateCorrections, withCorrections } from './corrected-calendar';
