import { addCalendarDays, addCalendarMonths, chinaDateOf, endOfChinaDay, isIsoDate } from './index';
import { dayOfWeek, fromDayNumber, toDayNumber } from './iso-date';

describe('isIsoDate', () => {
  it.each(['2020-10-09', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (s) => {
    expect(isIsoDate(s)).toBe(true);
  });
  it.each([
    '2023-02-29', // not a leap year
    '1900-02-29', // century, not a leap year
    '2020-02-30',
    '2020-04-31',
    '2020-13-01',
    '2020-00-10',
    '2020-01-00',
    '2020-1-01',
    '20200101',
    '2020-01-01T00:00:00Z',
    ' 2020-01-01',
    '0000-01-01',
    '',
  ])('rejects %j', (s) => {
    expect(isIsoDate(s)).toBe(false);
  });
  it('rejects non-strings without throwing', () => {
    expect(isIsoDate(20200101 as unknown as string)).toBe(false);
  });
});

describe('day numbers and weekdays', () => {
  it('round-trips and knows weekdays', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(toDayNumber('2020-10-09'))).toBe('2020-10-09');
    expect(dayOfWeek('2020-09-25')).toBe(5); // Friday
    expect(dayOfWeek('2020-09-27')).toBe(0); // Sunday
    expect(dayOfWeek('2024-10-12')).toBe(6); // Saturday
    expect(dayOfWeek('1969-12-31')).toBe(3); // Wednesday, before the epoch
  });
});

describe('addCalendarDays', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2020-09-25', 0)).toBe('2020-09-25');
    expect(addCalendarDays('2020-09-25', 14)).toBe('2020-10-09');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2020-03-01', -1)).toBe('2020-02-29');
  });
  it('validates input', () => {
    expect(() => addCalendarDays('2020-02-30', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('2020-02-01', 1.5)).toThrow(/not an integer/);
    expect(() => addCalendarDays('2020-02-01', NaN)).toThrow(RangeError);
  });
});

describe('addCalendarMonths', () => {
  it('keeps the day of month when it exists', () => {
    expect(addCalendarMonths('2020-07-01', 3)).toEqual({ date: '2020-10-01' });
    expect(addCalendarMonths('2020-11-15', 3)).toEqual({ date: '2021-02-15' });
    expect(addCalendarMonths('2020-01-31', 0)).toEqual({ date: '2020-01-31' });
    expect(addCalendarMonths('2020-01-31', 12)).toEqual({ date: '2021-01-31' });
  });
  it('clamps to the last day of the month and names the nonexistent date', () => {
    expect(addCalendarMonths('2020-11-30', 3)).toEqual({ date: '2021-02-28', clampedFrom: '2021-02-30' });
    expect(addCalendarMonths('2020-03-31', 3)).toEqual({ date: '2020-06-30', clampedFrom: '2020-06-31' });
    expect(addCalendarMonths('2024-01-31', 1)).toEqual({ date: '2024-02-29', clampedFrom: '2024-02-31' });
    expect(addCalendarMonths('2023-01-31', 1)).toEqual({ date: '2023-02-28', clampedFrom: '2023-02-31' });
    expect(addCalendarMonths('2024-02-29', 12)).toEqual({ date: '2025-02-28', clampedFrom: '2025-02-29' });
  });
  it('handles negative amounts', () => {
    expect(addCalendarMonths('2021-03-31', -1)).toEqual({ date: '2021-02-28', clampedFrom: '2021-02-31' });
    expect(addCalendarMonths('2021-01-15', -13)).toEqual({ date: '2019-12-15' });
  });
  it('validates input', () => {
    expect(() => addCalendarMonths('2021-02-29', 1)).toThrow(RangeError);
    expect(() => addCalendarMonths('2021-01-01', 0.5)).toThrow(RangeError);
  });
});

describe('China civil dates and instants', () => {
  it('endOfChinaDay is the next day 00:00 +08:00', () => {
    expect(endOfChinaDay('2020-10-09')).toBe('2020-10-09T16:00:00.000Z');
    expect(endOfChinaDay('2020-12-31')).toBe('2020-12-31T16:00:00.000Z');
    expect(endOfChinaDay('2024-02-28')).toBe('2024-02-28T16:00:00.000Z');
    expect(() => endOfChinaDay('2020-10-32')).toThrow(RangeError);
  });
  it('chinaDateOf maps an instant to the UTC+8 civil date', () => {
    expect(chinaDateOf('2020-10-09T16:30:00Z')).toBe('2020-10-10');
    expect(chinaDateOf('2020-10-09T15:59:59.999Z')).toBe('2020-10-09');
    expect(chinaDateOf('2020-10-09T16:00:00.000Z')).toBe('2020-10-10');
    expect(chinaDateOf('2020-10-10T00:30:00+08:00')).toBe('2020-10-10');
    expect(chinaDateOf('2020-10-09T20:00:00-05:00')).toBe('2020-10-10'); // 01:00Z on the 10th = 09:00 in China
    expect(chinaDateOf(new Date(Date.UTC(2020, 11, 31, 16)))).toBe('2021-01-01');
  });
  it('chinaDateOf rejects zone-less or invalid instants', () => {
    expect(() => chinaDateOf('2020-10-09T16:30:00')).toThrow(RangeError); // would be host-local time
    expect(() => chinaDateOf('2020-10-09')).toThrow(RangeError);
    expect(() => chinaDateOf('yesterday')).toThrow(RangeError);
    expect(() => chinaDateOf(new Date(NaN))).toThrow(RangeError);
  });
});
