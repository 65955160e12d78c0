/** Helpers that turn a deadline computation into one readable Chinese sentence. */
import { IsoDate, formatParts, toDayNumber, yearOf } from './iso-date';
import type { SkippedDay, WorkingCalendar } from './working-calendar';

/** At most this many date ranges are listed; the rest are summarised with a count. */
const MAX_RANGES = 8;

interface DateRange {
  from: IsoDate;
  to: IsoDate;
  names: string[];
}

function toRanges(days: SkippedDay[], calendar: WorkingCalendar): DateRange[] {
  const ranges: DateRange[] = [];
  for (const { date, reason } of days) {
    const last = ranges[ranges.length - 1];
    const name = reason === 'holiday' ? calendar.holidayName(date) : undefined;
    if (last && toDayNumber(date) === toDayNumber(last.to) + 1) {
      last.to = date;
      if (name && !last.names.includes(name)) last.names.push(name);
    } else {
      ranges.push({ from: date, to: date, names: name ? [name] : [] });
    }
  }
  return ranges;
}

function formatRange(r: DateRange): string {
  const span = r.from === r.to ? r.from : `${r.from}至${r.to}`;
  return r.names.length ? `${span}(${r.names.join('、')})` : span;
}

/** e.g. '2020-09-26、2020-10-01至2020-10-08(国庆节)'; long lists end with '等共27天'. */
export function listSkipped(days: SkippedDay[], calendar: WorkingCalendar): string {
  const ranges = toRanges(days, calendar);
  const listed = ranges.slice(0, MAX_RANGES).map(formatRange).join('、');
  return ranges.length > MAX_RANGES ? `${listed}等共${days.length}天` : listed;
}

/** e.g. '（2027年不在日历cn-official的覆盖范围内，按周一至周五工作制暂算）' for the days in [from, to]. */
export function describeProvisional(from: IsoDate, to: IsoDate, calendar: WorkingCalendar): string {
  const years: number[] = [];
  for (let y = yearOf(from); y <= yearOf(to); y++) {
    if (!calendar.covers(formatParts(y, 1, 1))) years.push(y);
  }
  const which = years.length ? `${years.join('、')}年` : '所涉年份';
  return `（${which}不在日历${calendar.id}的覆盖范围内，按周一至周五工作制暂算）`;
}
