import { addCalendarDays } from '../calendar';
import type { WorkingCalendar } from '../calendar';
import type { QuietHours } from './alert.types';
import {
  MS_PER_MINUTE,
  chinaDateAt,
  chinaInstantMs,
  msIntoChinaDay,
  parseClock,
  parseInstant,
  toIso,
} from './china-time';

/** Enough for a year of days off plus the hops within a day; a sane calendar needs a handful. */
const MAX_HOPS = 800;

interface QuietWindow {
  startMin: number;
  endMin: number;
  workingDaysOnly: boolean;
}

export function parseQuietHours(quiet: QuietHours): QuietWindow {
  if (!quiet || typeof quiet !== 'object') throw new RangeError('Quiet hours are required');
  if (typeof quiet.workingDaysOnly !== 'boolean') {
    throw new RangeError(`Invalid quiet hours workingDaysOnly: ${JSON.stringify(quiet.workingDaysOnly)} (expected a boolean)`);
  }
  return {
    startMin: parseClock(quiet.start, 'quiet hours start'),
    endMin: parseClock(quiet.end, 'quiet hours end'),
    workingDaysOnly: quiet.workingDaysOnly,
  };
}

/**
 * When an alert due at `instant` may be delivered: the instant itself if it lies outside quiet
 * hours (China time), else the first moment after them — for the default 20:00–08:00 window on
 * working days only, 08:00 of the same day (if it is a working day and the alert fell before
 * 08:00) or of the next working day. `deliverAt` is always an ISO instant in UTC ('Z').
 */
export function applyQuietHours(
  instant: string,
  quiet: QuietHours,
  calendar: WorkingCalendar,
): { deliverAt: string; held: boolean } {
  const w = parseQuietHours(quiet);
  const startMs = w.startMin * MS_PER_MINUTE;
  const endMs = w.endMin * MS_PER_MINUTE;
  const crossesMidnight = w.endMin < w.startMin;
  let t = parseInstant(instant, 'alert instant');
  let held = false;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const date = chinaDateAt(t);
    if (w.workingDaysOnly && !calendar.isWorkingDay(date)) {
      t = chinaInstantMs(calendar.nextWorkingDayOnOrAfter(date).date, 0);
      held = true;
      continue;
    }
    const now = msIntoChinaDay(t);
    if (crossesMidnight && now >= startMs) {
      t = chinaInstantMs(addCalendarDays(date, 1), w.endMin);
    } else if ((crossesMidnight && now < endMs) || (!crossesMidnight && now >= startMs && now < endMs)) {
      t = chinaInstantMs(date, w.endMin);
    } else {
      return { deliverAt: toIso(t), held };
    }
    held = true;
  }
  throw new RangeError(`No delivery time found for ${instant} under quiet hours ${quiet.start}-${quiet.end}`);
}
