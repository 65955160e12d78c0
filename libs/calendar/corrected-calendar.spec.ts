import { CorrectedCalendar, WorkingCalendar, computeDueDate, duplicateCorrections, withCorrections } from './index';
import type { CalendarCorrections } from './index';

const official = WorkingCalendar.official();

/**
 * The 2020 notice as published in November 2019: Spring Festival Jan 24–30 off, Sun Jan 19 and
 * Sat Feb 1 worked. The bundled data already carries January's extension (Jan 31–Feb 2 off), so
 * the original is rebuilt from it.
 */
const notice2020AsPublished = official.withOverride({
  id: 'notice-2019-11',
  version: '1',
  removeOffDays: ['2020-01-31', '2020-02-01', '2020-02-02'],
  workDays: { '2020-02-01': '春节调休' },
});

const januaryAmendment: CalendarCorrections = {
  jurisdiction: '天津市东丽区',
  version: 2,
  days: ['2020-01-31', '2020-02-01', '2020-02-02'].map((date) => ({ date, working: false, note: '春节假期延长' })),
};

const fiveWorkingDays = { amount: 5, unit: 'working-days' } as const;

describe('a January amendment (the 2020 Spring Festival extension)', () => {
  it('moves a working-day due date: 5 working days after Wed 2020-01-22 go from Tue 02-04 to Thu 02-06', () => {
    expect(computeDueDate(fiveWorkingDays, '2020-01-22', notice2020AsPublished).dueOn).toBe('2020-02-04');

    const amended = withCorrections(notice2020AsPublished, januaryAmendment);
    const due = computeDueDate(fiveWorkingDays, '2020-01-22', amended);
    expect(due.dueOn).toBe('2020-02-06');
    expect(due.provisional).toBe(false);
    expect(due.explanation).toBe('自2020-01-22起5个工作日(不含当日)，跳过非工作日2020-01-24至2020-02-02(春节、春节假期延长)，截止2020-02-06');
    // the amended calendar agrees with the official data as chinese-days has it now
    expect(due.dueOn).toBe(computeDueDate(fiveWorkingDays, '2020-01-22', official).dueOn);
  });

  it('names the jurisdiction and version in the calendar every due date records', () => {
    const due = computeDueDate(fiveWorkingDays, '2020-01-22', withCorrections(official, januaryAmendment));
    expect(due.calendar).toEqual({ id: 'cn-official+天津市东丽区', version: 'chinese-days-1.5.7+v2' });
  });

  it('turns a make-up working day into a day off (Sat 2020-02-01 is no longer worked)', () => {
    const amended = withCorrections(notice2020AsPublished, januaryAmendment);
    expect(notice2020AsPublished.dayKind('2020-02-01')).toBe('make-up-working');
    expect(amended.dayKind('2020-02-01')).toBe('holiday');
    expect(amended.holidayName('2020-02-01')).toBe('春节假期延长');
  });
});

describe('a year loaded ahead of the official data (the November notice for 2027)', () => {
  const loaded2027: CalendarCorrections = {
    jurisdiction: '天津市东丽区',
    version: 1,
    coversYears: [2027],
    days: [
      { date: '2027-01-01', working: false, note: '元旦' },
      { date: '2027-03-15', working: false, note: '本地停工' },
    ],
  };

  it('makes a 2027 due date non-provisional', () => {
    const onOfficial = computeDueDate({ amount: 3, unit: 'calendar-months' }, '2026-12-15', official);
    expect(onOfficial).toMatchObject({ dueOn: '2027-03-15', provisional: true });
    expect(onOfficial.explanation).toContain('暂算');

    const calendar = withCorrections(official, { ...loaded2027, days: [loaded2027.days[0]] });
    const due = computeDueDate({ amount: 3, unit: 'calendar-months' }, '2026-12-15', calendar);
    expect(due).toMatchObject({ dueOn: '2027-03-15', provisional: false });
    expect(due.explanation).toBe('自2026-12-15起3个月为2027-03-15，截止2027-03-15');
  });

  it('counts its days off: a due date on a loaded day off rolls forward, named by the note', () => {
    const due = computeDueDate({ amount: 3, unit: 'calendar-months' }, '2026-12-15', withCorrections(official, loaded2027));
    expect(due).toMatchObject({ dueOn: '2027-03-16', rolledFrom: '2027-03-15', provisional: false });
    expect(due.explanation).toContain('遇非工作日2027-03-15(本地停工)顺延');
  });

  it('leaves the years it does not list provisional', () => {
    const calendar = withCorrections(official, loaded2027);
    expect(calendar.covers('2027-06-01')).toBe(true);
    expect(calendar.covers('2028-01-03')).toBe(false);
    expect(calendar.addWorkingDays('2027-12-30', 3).provisional).toBe(true);
  });
});

describe('what a correction does to a date', () => {
  const c = (days: CalendarCorrections['days']): WorkingCalendar =>
    withCorrections(official, { jurisdiction: 'x', version: 1, days });

  it('a weekend declared working counts as a working day (like a make-up day), under the default name without a note', () => {
    const calendar = c([{ date: '2020-10-17', working: true }]);
    expect(calendar.dayKind('2020-10-17')).toBe('make-up-working');
    expect(calendar.holidayName('2020-10-17')).toBe('本地调整为工作日');
    // Fri 10-16 + 1 working day: Sat 10-17 now counts
    expect(calendar.addWorkingDays('2020-10-16', 1).date).toBe('2020-10-17');
  });

  it('a working day declared working changes nothing', () => {
    const calendar = c([{ date: '2020-10-14', working: true, note: '确认' }]);
    expect(calendar.dayKind('2020-10-14')).toBe('working');
    expect(calendar.holidayName('2020-10-14')).toBeUndefined();
  });

  it('an official holiday declared off keeps its name; a plain day declared off gets the note or the default name', () => {
    const calendar = c([
      { date: '2020-10-01', working: false },
      { date: '2020-10-14', working: false },
      { date: '2020-10-15', working: false, note: ' 防汛停工 ' },
    ]);
    expect(calendar.holidayName('2020-10-01')).toBe('国庆节');
    expect(calendar.holidayName('2020-10-14')).toBe('本地调整为休息日');
    expect(calendar.holidayName('2020-10-15')).toBe('防汛停工');
    expect(calendar.isWorkingDay('2020-10-14')).toBe(false);
  });

  it('an official holiday declared working is worked', () => {
    const calendar = c([{ date: '2020-10-08', working: true, note: '值守' }]);
    expect(calendar.isWorkingDay('2020-10-08')).toBe(true);
    // Fri 2020-09-25 + 5: Sun 09-27 (make-up), 28, 29, 30, then Thu 10-08 (worked here) instead of Fri 10-09
    expect(calendar.addWorkingDays('2020-09-25', 5).date).toBe('2020-10-08');
  });

  it('no corrections: the same calendar as the base on every day of 2020', () => {
    const calendar = c([]);
    for (let d = new Date('2020-01-01T00:00:00Z'); d.getUTCFullYear() === 2020; d.setUTCDate(d.getUTCDate() + 1)) {
      const date = d.toISOString().slice(0, 10);
      expect([date, calendar.dayKind(date)]).toEqual([date, official.dayKind(date)]);
    }
  });

  it('refuses a date listed twice, an unreal date, a non-boolean flag, a bad version or year', () => {
    expect(() => c([{ date: '2020-10-14', working: true }, { date: '2020-10-14', working: false }])).toThrow(/2020-10-14 twice/);
    expect(() => c([{ date: '2021-02-29', working: false }])).toThrow(RangeError);
    expect(() => c([{ date: '2021-02-01', working: 'no' as unknown as boolean }])).toThrow(/boolean/);
    expect(() => withCorrections(official, { jurisdiction: 'x', version: 0, days: [] })).toThrow(RangeError);
    expect(() => withCorrections(official, { jurisdiction: '', version: 1, days: [] })).toThrow(RangeError);
    expect(() => withCorrections(official, { jurisdiction: 'x', version: 1, days: [], coversYears: [2027.5] })).toThrow(RangeError);
  });

  it('duplicateCorrections names each repeated date with its first index', () => {
    const days = ['2020-01-01', '2020-01-02', '2020-01-01', '2020-01-01'].map((date) => ({ date }));
    expect(duplicateCorrections(days)).toEqual([
      { index: 2, first: 0, date: '2020-01-01' },
      { index: 3, first: 0, date: '2020-01-01' },
    ]);
  });
});

describe('CorrectedCalendar.describeDays: why each date is or is not worked', () => {
  const corrected = new CorrectedCalendar(notice2020AsPublished, januaryAmendment);

  it('gives the official reason, or the office correction with what the official calendar said', () => {
    const days = corrected.describeDays('2020-01-18', '2020-02-03');
    const byDate = Object.fromEntries(days.map((d) => [d.date, d]));
    expect(days).toHaveLength(17);
    expect(byDate['2020-01-18']).toEqual({ date: '2020-01-18', working: false, reason: 'weekend', label: '周末', provisional: false });
    expect(byDate['2020-01-19']).toMatchObject({ working: true, reason: 'make-up-working-day', label: '调休上班日', name: '春节调休' });
    expect(byDate['2020-01-20']).toMatchObject({ working: true, reason: 'working-day', label: '工作日' });
    expect(byDate['2020-01-24']).toMatchObject({ working: false, reason: 'official-holiday', label: '法定节假日', name: '春节' });
    expect(byDate['2020-02-01']).toEqual({
      date: '2020-02-01',
      working: false,
      reason: 'office-correction',
      label: '本地调整',
      name: '春节假期延长',
      official: { working: true, reason: 'make-up-working-day' },
      provisional: false,
    });
    expect(byDate['2020-01-31'].official).toEqual({ working: true, reason: 'working-day' });
  });

  it('without corrections it describes the base calendar', () => {
    const plain = new CorrectedCalendar(official);
    expect(plain.calendar).toBe(official);
    expect(plain.describeDay('2027-01-01')).toMatchObject({ working: true, reason: 'working-day', provisional: true });
  });

  it('refuses a reversed range or one longer than 366 days', () => {
    expect(() => corrected.describeDays('2020-02-03', '2020-02-01')).toThrow(/before/);
    expect(() => corrected.describeDays('2020-01-01', '2021-01-01')).toThrow(/366/);
    expect(corrected.describeDays('2020-01-01', '2020-12-31')).toHaveLength(366);
  });
});
