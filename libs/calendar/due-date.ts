import { describeProvisional, listSkipped } from './explain';
import {
  IsoDate,
  addCalendarDays,
  addCalendarMonths,
  assertInteger,
  assertIsoDate,
  endOfChinaDay,
  fromDayNumber,
  toDayNumber,
} from './iso-date';
import type { SkippedDay, WorkingCalendar } from './working-calendar';

export type DeadlineUnit = 'working-days' | 'calendar-days' | 'calendar-months';

/** rollForward defaults to true for calendar-days/-months; working-day results are always working days. */
export interface DeadlineRule {
  amount: number;
  unit: DeadlineUnit;
  rollForward?: boolean;
}

export interface DueDate {
  dueOn: IsoDate; // the last day on which the step is on time
  dueAt: string; // instant it becomes overdue: start of the day after dueOn in UTC+8
  start: IsoDate; // T0 (not counted)
  rule: DeadlineRule;
  calendar: { id: string; version: string };
  skipped: SkippedDay[]; // non-working days passed over while counting or rolling forward
  clampedFrom?: IsoDate; // calendar months: the nonexistent date that was clamped, e.g. '2021-02-30'
  rolledFrom?: IsoDate; // the non-working date the due date was moved off
  extendedFrom?: IsoDate; // set by extendDueDate: the due date before the extension
  provisional: boolean; // some day used lies in a year the calendar does not cover
  explanation: string; // one Chinese sentence
}

const UNITS: readonly DeadlineUnit[] = ['working-days', 'calendar-days', 'calendar-months'];

function validateRule(rule: DeadlineRule): void {
  if (!rule || !UNITS.includes(rule.unit)) {
    throw new RangeError(`Invalid deadline unit: ${JSON.stringify(rule?.unit)} (expected ${UNITS.join(', ')})`);
  }
  assertInteger(rule.amount, 'deadline amount', 0);
  if (rule.rollForward !== undefined && typeof rule.rollForward !== 'boolean') {
    throw new RangeError(`Invalid rollForward: ${JSON.stringify(rule.rollForward)} (expected a boolean)`);
  }
}

/** Working days in (from, to] that are make-up working days (调休), for the explanation. */
function makeUpDaysIn(from: IsoDate, to: IsoDate, calendar: WorkingCalendar): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = toDayNumber(from) + 1, end = toDayNumber(to); d <= end; d++) {
    const date = fromDayNumber(d);
    if (calendar.dayKind(date) === 'make-up-working') out.push(date);
  }
  return out;
}

/**
 * The due date of a step that starts on `start` (T0, never counted) under `rule`.
 *
 * - working-days: the amount-th working day after start (amount 0: start, or the
 *   next working day if start is not one).
 * - calendar-days / calendar-months: the plain calendar result (months clamp to
 *   the month's last day); if it is not a working day and rollForward is not
 *   false, it moves to the next working day.
 */
export function computeDueDate(rule: DeadlineRule, start: IsoDate, calendar: WorkingCalendar): DueDate {
  validateRule(rule);
  assertIsoDate(start, 'start date');
  const { amount, unit } = rule;
  const rollForward = unit === 'working-days' || rule.rollForward !== false;

  let candidate: IsoDate;
  let clampedFrom: IsoDate | undefined;
  let skipped: SkippedDay[] = [];
  let provisional = false;
  let sentence: string;

  if (unit === 'working-days') {
    const r = calendar.addWorkingDays(start, amount);
    ({ date: candidate, skipped, provisional } = r);
    sentence = amount === 0 ? `自${start}起0个工作日，即当日${start}` : `自${start}起${amount}个工作日(不含当日)`;
    if (skipped.length) sentence += `，跳过非工作日${listSkipped(skipped, calendar)}`;
    const makeUp = makeUpDaysIn(start, candidate, calendar);
    if (makeUp.length) sentence += `，计入调休工作日${makeUp.join('、')}`;
  } else if (unit === 'calendar-days') {
    candidate = addCalendarDays(start, amount);
    sentence = `自${start}起${amount}个自然日(不含当日)为${candidate}`;
  } else {
    const r = addCalendarMonths(start, amount);
    candidate = r.date;
    clampedFrom = r.clampedFrom;
    sentence = clampedFrom
      ? `自${start}起${amount}个月，对应日${clampedFrom}不存在，取当月最后一日${candidate}`
      : `自${start}起${amount}个月为${candidate}`;
  }

  let dueOn = candidate;
  let rolledFrom: IsoDate | undefined;
  if (rollForward) {
    const r = calendar.nextWorkingDayOnOrAfter(candidate);
    provisional ||= r.provisional;
    if (r.date !== candidate) {
      rolledFrom = candidate;
      dueOn = r.date;
      skipped = [...skipped, ...r.skipped];
      sentence += `，遇非工作日${listSkipped(r.skipped, calendar)}顺延`;
    }
  } else if (!calendar.isWorkingDay(candidate)) {
    const name = calendar.holidayName(candidate);
    sentence += `，该日为非工作日${name ? `(${name})` : ''}，按规则不顺延`;
  }

  sentence += `，截止${dueOn}`;
  if (provisional) sentence += describeProvisional(start, dueOn, calendar);

  return {
    dueOn,
    dueAt: endOfChinaDay(dueOn),
    start,
    rule: unit === 'working-days' ? { ...rule } : { ...rule, rollForward },
    calendar: { id: calendar.id, version: calendar.version },
    skipped,
    ...(clampedFrom ? { clampedFrom } : {}),
    ...(rolledFrom ? { rolledFrom } : {}),
    provisional,
    explanation: sentence,
  };
}

/**
 * The same due date moved later to `newDueOn`, the reason added to its explanation (a clock that
 * stood still, a reassignment); never earlier than the current one.
 */
export function moveDueDate(due: DueDate, newDueOn: IsoDate, note: string): DueDate {
  assertIsoDate(newDueOn, 'new due date');
  if (newDueOn < due.dueOn) {
    throw new RangeError(`Cannot move due date ${due.dueOn} to an earlier date ${newDueOn}`);
  }
  return { ...due, dueOn: newDueOn, dueAt: endOfChinaDay(newDueOn), explanation: `${due.explanation}；${note}` };
}

/** An approved extension (延期) to `newDueOn`: moved, and `extendedFrom` says from when. */
export function extendDueDate(due: DueDate, newDueOn: IsoDate): DueDate {
  return { ...moveDueDate(due, newDueOn, `经批准延期至${newDueOn}`), extendedFrom: due.dueOn };
}
