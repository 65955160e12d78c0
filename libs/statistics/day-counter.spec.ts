import { WorkingCalendar } from '../calendar';
import { dayCounter } from './day-counter';

describe('the prefix-sum day counter', () => {
  const official = WorkingCalendar.official();

  it('counts as the calendar does, over holidays, make-up days and years, in any order of questions', () => {
    const counter = dayCounter(official);
    const pairs: [string, string][] = [
      ['2020-09-25', '2020-10-09'], ['2024-03-01', '2024-06-28'], ['2019-12-31', '2021-01-04'], ['2024-06-28', '2024-03-01'],
      ['2024-05-10', '2024-05-13'], ['2008-01-01', '2026-12-31'], ['2024-02-08', '2024-02-19'],
    ];
    for (const [from, to] of pairs) expect([from, to, counter.workingDaysBetween(from, to)]).toEqual([from, to, official.workingDaysBetween(from, to)]);
    expect(counter.workingDaysBetween('2020-09-25', '2020-10-09')).toBe(5); // docs/procedure.md's worked example
    expect(counter.id).toBe(official.id);
  });
});
