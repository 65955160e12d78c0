import { WorkingCalendar } from './index';
import type { CalendarData } from './index';

const cal = WorkingCalendar.official();

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

describe('WorkingCalendar.official()', () => {
  it('identifies itself and covers 2004-2026 only', () => {
    expect(cal.id).toBe('cn-official');
    expect(cal.version).toBe('chinese-days-1.5.7');
    expect(cal.covers('2004-01-01')).toBe(true);
    expect(cal.covers('2026-12-31')).toBe(true);
    expect(cal.covers('2003-12-31')).toBe(false);
    expect(cal.covers('2027-01-01')).toBe(false);
  });

  it('is memoised', () => {
    expect(WorkingCalendar.official()).toBe(cal);
  });
});

describe('2020 National Day (Oct 1-8 off; Sep 27 Sun and Oct 10 Sat worked)', () => {
  it('classifies the days', () => {
    expect(cal.dayKind('2020-09-26')).toBe('weekend');
    expect(cal.dayKind('2020-09-27')).toBe('make-up-working');
    for (const d of range('2020-10-01', '2020-10-08')) expect(cal.dayKind(d)).toBe('holiday');
    expect(cal.dayKind('2020-10-09')).toBe('working');
    expect(cal.dayKind('2020-10-10')).toBe('make-up-working');
    expect(cal.dayKind('2020-10-11')).toBe('weekend');
    expect(cal.isWorkingDay('2020-09-27')).toBe(true);
    expect(cal.isWorkingDay('2020-10-03')).toBe(false);
    expect(cal.holidayName('2020-10-01')).toBe('国庆节');
    expect(cal.holidayName('2020-09-27')).toBe('国庆节调休');
    expect(cal.holidayName('2020-10-09')).toBeUndefined();
  });

  it('5 working days after Fri 2020-09-25 is Fri 2020-10-09', () => {
    const r = cal.addWorkingDays('2020-09-25', 5);
    expect(r.date).toBe('2020-10-09');
    expect(r.provisional).toBe(false);
    expect(r.skipped).toEqual([
      { date: '2020-09-26', reason: 'weekend' },
      ...range('2020-10-01', '2020-10-08').map((date) => ({ date, reason: 'holiday' })),
    ]);
    expect(cal.addWorkingDays('2020-09-25', 6).date).toBe('2020-10-10');
    expect(cal.addWorkingDays('2020-09-25', 1).date).toBe('2020-09-27');
    expect(cal.addWorkingDays('2020-09-25', 0)).toEqual({ date: '2020-09-25', skipped: [], provisional: false });
  });

  it('counts working days in (from, to]', () => {
    expect(cal.workingDaysBetween('2020-09-25', '2020-10-09')).toBe(5);
    expect(cal.workingDaysBetween('2020-09-25', '2020-10-10')).toBe(6);
    expect(cal.workingDaysBetween('2020-09-30', '2020-10-08')).toBe(0);
    expect(cal.workingDaysBetween('2020-10-09', '2020-10-09')).toBe(0);
    expect(cal.workingDaysBetween('2020-10-09', '2020-09-25')).toBe(0);
  });

  it('finds the next working day on or after a date', () => {
    expect(cal.nextWorkingDayOnOrAfter('2020-10-09')).toEqual({ date: '2020-10-09', skipped: [], provisional: false });
    const r = cal.nextWorkingDayOnOrAfter('2020-10-03');
    expect(r.date).toBe('2020-10-09');
    expect(r.skipped.map((s) => s.date)).toEqual(range('2020-10-03', '2020-10-08'));
    expect(cal.nextWorkingDayOnOrAfter('2020-09-26').date).toBe('2020-09-27');
  });
});

describe('2024 (checked against data/official-cn.json)', () => {
  it('National Day: Oct 1-7 off, Sun Sep 29 and Sat Oct 12 worked', () => {
    for (const d of range('2024-10-01', '2024-10-07')) expect(cal.dayKind(d)).toBe('holiday');
    expect(cal.dayKind('2024-09-29')).toBe('make-up-working');
    expect(cal.dayKind('2024-10-12')).toBe('make-up-working');
    expect(cal.dayKind('2024-09-28')).toBe('weekend');
    expect(cal.dayKind('2024-10-08')).toBe('working');
  });

  it('3 working days after Fri 2024-09-27 is Tue 2024-10-08', () => {
    const r = cal.addWorkingDays('2024-09-27', 3); // Sep 29 (Sun, make-up), Sep 30, Oct 8
    expect(r.date).toBe('2024-10-08');
    expect(r.skipped.map((s) => s.date)).toEqual(['2024-09-28', ...range('2024-10-01', '2024-10-07')]);
    expect(cal.addWorkingDays('2024-10-07', 5).date).toBe('2024-10-12'); // Oct 8-11, then Sat Oct 12
    expect(cal.addWorkingDays('2024-10-07', 6).date).toBe('2024-10-14');
    expect(cal.workingDaysBetween('2024-09-27', '2024-10-12')).toBe(7);
  });

  it('Spring Festival: Feb 10-17 off, Sun Feb 4 and Sun Feb 18 worked, Feb 9 (eve) a working day', () => {
    for (const d of range('2024-02-10', '2024-02-17')) expect(cal.holidayName(d)).toBe('春节');
    expect(cal.dayKind('2024-02-04')).toBe('make-up-working');
    expect(cal.dayKind('2024-02-18')).toBe('make-up-working');
    expect(cal.dayKind('2024-02-09')).toBe('working');
  });

  it('5 working days after Thu 2024-02-08 is Wed 2024-02-21', () => {
    const r = cal.addWorkingDays('2024-02-08', 5); // Feb 9, 18 (Sun), 19, 20, 21
    expect(r.date).toBe('2024-02-21');
    expect(r.skipped.map((s) => s.date)).toEqual(range('2024-02-10', '2024-02-17'));
    expect(cal.addWorkingDays('2024-02-03', 1).date).toBe('2024-02-04');
    expect(cal.addWorkingDays('2024-02-08', 2).date).toBe('2024-02-18');
  });
});

describe('2026 (checked against data/official-cn.json)', () => {
  it('New Year: Jan 1-3 off, Sun Jan 4 worked', () => {
    for (const d of range('2026-01-01', '2026-01-03')) expect(cal.holidayName(d)).toBe('元旦');
    expect(cal.dayKind('2026-01-04')).toBe('make-up-working');
    expect(cal.addWorkingDays('2025-12-31', 1).date).toBe('2026-01-04');
  });

  it('Spring Festival: Feb 15-23 off, Sat Feb 14 and Sat Feb 28 worked', () => {
    for (const d of range('2026-02-15', '2026-02-23')) expect(cal.dayKind(d)).toBe('holiday');
    expect(cal.dayKind('2026-02-14')).toBe('make-up-working');
    expect(cal.dayKind('2026-02-28')).toBe('make-up-working');
    expect(cal.holidayName('2026-02-28')).toBe('春节调休');
    expect(cal.dayKind('2026-02-24')).toBe('working');

    expect(cal.addWorkingDays('2026-02-13', 1).date).toBe('2026-02-14');
    expect(cal.addWorkingDays('2026-02-13', 2).date).toBe('2026-02-24');
    const r = cal.addWorkingDays('2026-02-12', 5); // Feb 13, 14 (Sat), 24, 25, 26
    expect(r.date).toBe('2026-02-26');
    expect(r.skipped.map((s) => s.date)).toEqual(range('2026-02-15', '2026-02-23'));
    expect(cal.addWorkingDays('2026-02-26', 2).date).toBe('2026-02-28');
  });

  it('Mid-Autumn Sep 25-27 and National Day Oct 1-7 off; Sun Sep 20 and Sat Oct 10 worked', () => {
    for (const d of range('2026-09-25', '2026-09-27')) expect(cal.holidayName(d)).toBe('中秋');
    for (const d of range('2026-10-01', '2026-10-07')) expect(cal.holidayName(d)).toBe('国庆节');
    expect(cal.dayKind('2026-09-20')).toBe('make-up-working');
    expect(cal.dayKind('2026-10-10')).toBe('make-up-working');
    expect(cal.dayKind('2026-10-08')).toBe('working');

    expect(cal.addWorkingDays('2026-09-19', 1).date).toBe('2026-09-20');
    const r = cal.addWorkingDays('2026-09-24', 5); // Sep 28, 29, 30, Oct 8, 9
    expect(r.date).toBe('2026-10-09');
    expect(r.skipped.map((s) => s.date)).toEqual([...range('2026-09-25', '2026-09-27'), ...range('2026-10-01', '2026-10-07')]);
    expect(cal.addWorkingDays('2026-09-24', 6).date).toBe('2026-10-10');
    expect(cal.workingDaysBetween('2026-09-18', '2026-10-10')).toBe(1 + 4 + 3 + 3);
  });
});

describe('years the calendar does not cover', () => {
  it('counts Mon-Fri and flags the result provisional', () => {
    const r = cal.addWorkingDays('2027-03-01', 5); // Mon
    expect(r).toEqual({
      date: '2027-03-08',
      skipped: [
        { date: '2027-03-06', reason: 'weekend' },
        { date: '2027-03-07', reason: 'weekend' },
      ],
      provisional: true,
    });
    expect(cal.dayKind('2027-10-01')).toBe('working'); // unknown until the 2027 notice is imported
    expect(cal.addWorkingDays('2027-03-01', 0).provisional).toBe(true);
    expect(cal.nextWorkingDayOnOrAfter('2027-03-06')).toMatchObject({ date: '2027-03-08', provisional: true });
  });

  it('a span crossing from 2026 into 2027 is provisional; one ending in 2026 is not', () => {
    expect(cal.addWorkingDays('2026-12-28', 5)).toMatchObject({ date: '2027-01-04', provisional: true });
    expect(cal.addWorkingDays('2026-12-28', 3)).toMatchObject({ date: '2026-12-31', provisional: false });
  });
});

describe('office overrides', () => {
  it('an extra day off changes results and the identity', () => {
    const local = cal.withOverride({ id: 'sz', version: '2020.1', offDays: { '2020-10-09': '地方假日' } });
    expect(local.id).toBe('cn-official+sz');
    expect(local.version).toBe('chinese-days-1.5.7+2020.1');
    expect(local.dayKind('2020-10-09')).toBe('holiday');
    expect(local.holidayName('2020-10-09')).toBe('地方假日');
    expect(local.addWorkingDays('2020-09-25', 5).date).toBe('2020-10-10');
    expect(cal.addWorkingDays('2020-09-25', 5).date).toBe('2020-10-09'); // base calendar untouched
  });

  it('removing a make-up working day or a day off changes results', () => {
    const noMakeUp = cal.withOverride({ id: 'a', version: '1', removeWorkDays: ['2020-09-27'] });
    expect(noMakeUp.dayKind('2020-09-27')).toBe('weekend');
    expect(noMakeUp.addWorkingDays('2020-09-25', 5).date).toBe('2020-10-10'); // Sep 28-30, Oct 9, Oct 10
    const shorter = cal.withOverride({ id: 'b', version: '1', removeOffDays: ['2020-10-08'] });
    expect(shorter.dayKind('2020-10-08')).toBe('working');
    expect(shorter.addWorkingDays('2020-09-25', 5).date).toBe('2020-10-08');
  });

  it('an added day replaces the opposite kind on the same date; overrides chain', () => {
    const o = cal
      .withOverride({ id: 'a', version: '1', workDays: { '2020-10-08': '补班' } })
      .withOverride({ id: 'b', version: '2', offDays: { '2020-09-27': '不补班' } });
    expect(o.id).toBe('cn-official+a+b');
    expect(o.version).toBe('chinese-days-1.5.7+1+2');
    expect(o.dayKind('2020-10-08')).toBe('make-up-working');
    expect(o.dayKind('2020-09-27')).toBe('holiday');
  });

  it('listed years become covered', () => {
    const o = cal.withOverride({ id: 'y27', version: '1', years: [2027], offDays: { '2027-01-01': '元旦' } });
    expect(o.covers('2027-06-01')).toBe(true);
    expect(o.addWorkingDays('2026-12-28', 5)).toMatchObject({ date: '2027-01-05', provisional: false });
  });

  it('rejects malformed overrides', () => {
    expect(() => cal.withOverride({ id: '', version: '1' })).toThrow(RangeError);
    expect(() => cal.withOverride({ id: 'x', version: '1', offDays: { '2020-02-30': 'x' } })).toThrow(RangeError);
    expect(() => cal.withOverride({ id: 'x', version: '1', removeWorkDays: ['2020/09/27'] })).toThrow(RangeError);
    expect(() => cal.withOverride({ id: 'x', version: '1', years: [2027.5] })).toThrow(RangeError);
    expect(() =>
      cal.withOverride({ id: 'x', version: '1', offDays: { '2021-01-04': 'a' }, workDays: { '2021-01-04': 'b' } }),
    ).toThrow(/both/);
  });
});

describe('fromData and input validation', () => {
  const tiny: CalendarData = {
    id: 't',
    version: '0',
    years: [2030],
    offDays: { '2030-01-01': '元旦' },
    workDays: { '2030-01-05': '元旦调休' },
  };

  it('builds a calendar from data', () => {
    const t = WorkingCalendar.fromData(tiny);
    expect(t.dayKind('2030-01-01')).toBe('holiday');
    expect(t.dayKind('2030-01-05')).toBe('make-up-working');
    expect(t.addWorkingDays('2029-12-31', 4)).toMatchObject({ date: '2030-01-05', provisional: false });
  });

  it('rejects inconsistent data', () => {
    expect(() => WorkingCalendar.fromData({ ...tiny, workDays: { '2030-01-01': 'x' } })).toThrow(/both/);
    expect(() => WorkingCalendar.fromData({ ...tiny, offDays: { '2030-1-1': 'x' } })).toThrow(RangeError);
    expect(() => WorkingCalendar.fromData({ ...tiny, id: '' })).toThrow(RangeError);
  });

  it('rejects bad arguments', () => {
    expect(() => cal.addWorkingDays('2020-09-25', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2020-09-25', 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2020-09-31', 1)).toThrow(/2020-09-31/);
    expect(() => cal.isWorkingDay('2020-9-1')).toThrow(RangeError);
    expect(() => cal.workingDaysBetween('2020-01-01', 'soon')).toThrow(RangeError);
  });

  it('fails instead of looping forever on a calendar with no working days', () => {
    const allOff: Record<string, string> = {};
    for (let t = Date.UTC(2030, 0, 1); t <= Date.UTC(2031, 11, 31); t += 86_400_000) {
      allOff[new Date(t).toISOString().slice(0, 10)] = 'x';
    }
    const dead = WorkingCalendar.fromData({ ...tiny, offDays: allOff, workDays: {} });
    expect(() => dead.addWorkingDays('2030-01-01', 1)).toThrow(/no working day/);
    expect(() => dead.nextWorkingDayOnOrAfter('2030-01-01')).toThrow(/no working day/);
  });
});
