import { WorkingCalendar, computeDueDate, extendDueDate } from './index';
import type { DeadlineRule } from './index';

const cal = WorkingCalendar.official();
const official = { id: 'cn-official', version: 'chinese-days-1.5.7' };

describe('computeDueDate: working days', () => {
  it('5 working days after 2020-09-25, fully explained', () => {
    const due = computeDueDate({ amount: 5, unit: 'working-days' }, '2020-09-25', cal);
    expect(due).toEqual({
      dueOn: '2020-10-09',
      dueAt: '2020-10-09T16:00:00.000Z',
      start: '2020-09-25',
      rule: { amount: 5, unit: 'working-days' },
      calendar: official,
      skipped: [
        { date: '2020-09-26', reason: 'weekend' },
        ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2020-10-${d}`, reason: 'holiday' })),
      ],
      provisional: false,
      explanation:
        '自2020-09-25起5个工作日(不含当日)，跳过非工作日2020-09-26、2020-10-01至2020-10-08(国庆节)，' +
        '计入调休工作日2020-09-27，截止2020-10-09',
    });
  });

  it('2024 and 2026 examples', () => {
    expect(computeDueDate({ amount: 3, unit: 'working-days' }, '2024-09-27', cal).dueOn).toBe('2024-10-08');
    const spring = computeDueDate({ amount: 5, unit: 'working-days' }, '2024-02-08', cal);
    expect(spring.dueOn).toBe('2024-02-21');
    expect(spring.explanation).toBe(
      '自2024-02-08起5个工作日(不含当日)，跳过非工作日2024-02-10至2024-02-17(春节)，计入调休工作日2024-02-18，截止2024-02-21',
    );
    expect(computeDueDate({ amount: 5, unit: 'working-days' }, '2026-02-12', cal).dueOn).toBe('2026-02-26');
    expect(computeDueDate({ amount: 6, unit: 'working-days' }, '2026-09-24', cal).dueOn).toBe('2026-10-10');
  });

  it('rollForward is irrelevant: a working-day result is always a working day', () => {
    const a = computeDueDate({ amount: 3, unit: 'working-days', rollForward: false }, '2024-09-27', cal);
    expect(a.dueOn).toBe('2024-10-08');
    expect(a.rolledFrom).toBeUndefined();
    expect(a.rule).toEqual({ amount: 3, unit: 'working-days', rollForward: false });
  });

  it('0 working days: the start day, or the next working day if the start is a day off', () => {
    expect(computeDueDate({ amount: 0, unit: 'working-days' }, '2024-02-08', cal)).toMatchObject({
      dueOn: '2024-02-08',
      skipped: [],
    });
    const due = computeDueDate({ amount: 0, unit: 'working-days' }, '2024-02-10', cal);
    expect(due).toMatchObject({ dueOn: '2024-02-18', rolledFrom: '2024-02-10' });
    expect(due.skipped).toHaveLength(8);
  });

  it('a span into an uncovered year is provisional and says so', () => {
    const due = computeDueDate({ amount: 5, unit: 'working-days' }, '2026-12-28', cal);
    expect(due).toMatchObject({ dueOn: '2027-01-04', provisional: true });
    expect(due.explanation).toContain('2027年不在日历cn-official的覆盖范围内');
    const plain = computeDueDate({ amount: 5, unit: 'working-days' }, '2027-03-01', cal);
    expect(plain).toMatchObject({ dueOn: '2027-03-08', provisional: true });
    expect(computeDueDate({ amount: 3, unit: 'working-days' }, '2026-12-28', cal).provisional).toBe(false);
  });

  it('an office override shows in the result', () => {
    const local = cal.withOverride({ id: 'sz', version: '2020.1', offDays: { '2020-10-09': '地方假日' } });
    const due = computeDueDate({ amount: 5, unit: 'working-days' }, '2020-09-25', local);
    expect(due.dueOn).toBe('2020-10-10');
    expect(due.calendar).toEqual({ id: 'cn-official+sz', version: 'chinese-days-1.5.7+2020.1' });
    expect(due.explanation).toContain('2020-10-01至2020-10-09(国庆节、地方假日)');
    const noMakeUp = cal.withOverride({ id: 'x', version: '7', removeWorkDays: ['2020-09-27'] });
    const due2 = computeDueDate({ amount: 5, unit: 'working-days' }, '2020-09-25', noMakeUp);
    expect(due2.dueOn).toBe('2020-10-10');
    expect(due2.calendar).toEqual({ id: 'cn-official+x', version: 'chinese-days-1.5.7+7' });
    expect(due2.skipped[0]).toEqual({ date: '2020-09-26', reason: 'weekend' });
    expect(due2.skipped[1]).toEqual({ date: '2020-09-27', reason: 'weekend' });
  });
});

describe('computeDueDate: calendar months', () => {
  const months = (amount: number, rollForward?: boolean): DeadlineRule =>
    rollForward === undefined ? { amount, unit: 'calendar-months' } : { amount, unit: 'calendar-months', rollForward };

  it('clamps to the month end (3 months after 2020-11-30)', () => {
    const kept = computeDueDate(months(3, false), '2020-11-30', cal);
    expect(kept).toMatchObject({ dueOn: '2021-02-28', clampedFrom: '2021-02-30', provisional: false });
    expect(kept.rolledFrom).toBeUndefined();
    expect(kept.explanation).toContain('对应日2021-02-30不存在，取当月最后一日2021-02-28');
    // 2021-02-28 is a Sunday: by default it rolls to Monday
    const rolled = computeDueDate(months(3), '2020-11-30', cal);
    expect(rolled).toMatchObject({
      dueOn: '2021-03-01',
      clampedFrom: '2021-02-30',
      rolledFrom: '2021-02-28',
      skipped: [{ date: '2021-02-28', reason: 'weekend' }],
      rule: { amount: 3, unit: 'calendar-months', rollForward: true },
    });
  });

  it('3 months after 2020-03-31 is 2020-06-30; 1 month after 2024-01-31 is 2024-02-29', () => {
    expect(computeDueDate(months(3), '2020-03-31', cal)).toMatchObject({
      dueOn: '2020-06-30',
      clampedFrom: '2020-06-31',
      skipped: [],
    });
    const leap = computeDueDate(months(1), '2024-01-31', cal);
    expect(leap).toMatchObject({ dueOn: '2024-02-29', clampedFrom: '2024-02-31', skipped: [] });
    expect(leap.rolledFrom).toBeUndefined();
  });

  it('rolls a due date on a holiday forward (3 months after 2020-07-01)', () => {
    const due = computeDueDate(months(3), '2020-07-01', cal);
    expect(due.dueOn).toBe('2020-10-09');
    expect(due.dueAt).toBe('2020-10-09T16:00:00.000Z');
    expect(due.rolledFrom).toBe('2020-10-01');
    expect(due.clampedFrom).toBeUndefined();
    expect(due.skipped.map((s) => s.date)).toEqual([
      '2020-10-01', '2020-10-02', '2020-10-03', '2020-10-04', '2020-10-05', '2020-10-06', '2020-10-07', '2020-10-08',
    ]);
    expect(due.explanation).toBe(
      '自2020-07-01起3个月为2020-10-01，遇非工作日2020-10-01至2020-10-08(国庆节)顺延，截止2020-10-09',
    );
  });

  it('with rollForward:false the due date stays on the holiday', () => {
    const due = computeDueDate(months(3, false), '2020-07-01', cal);
    expect(due).toMatchObject({ dueOn: '2020-10-01', dueAt: '2020-10-01T16:00:00.000Z', skipped: [] });
    expect(due.rolledFrom).toBeUndefined();
    expect(due.explanation).toContain('该日为非工作日(国庆节)，按规则不顺延');
  });

  it('provisional only when an uncovered year is consulted', () => {
    // 2027-01-02 is a Saturday
    const rolled = computeDueDate(months(1), '2026-12-02', cal);
    expect(rolled).toMatchObject({ dueOn: '2027-01-04', rolledFrom: '2027-01-02', provisional: true });
    const kept = computeDueDate(months(1, false), '2026-12-02', cal);
    expect(kept).toMatchObject({ dueOn: '2027-01-02', provisional: false });
  });
});

describe('computeDueDate: calendar days', () => {
  it('counts plain days and rolls forward by default', () => {
    expect(computeDueDate({ amount: 10, unit: 'calendar-days' }, '2020-09-18', cal)).toMatchObject({
      dueOn: '2020-09-28',
      skipped: [],
    });
    expect(computeDueDate({ amount: 10, unit: 'calendar-days' }, '2020-09-21', cal)).toMatchObject({
      dueOn: '2020-10-09',
      rolledFrom: '2020-10-01',
    });
    expect(computeDueDate({ amount: 10, unit: 'calendar-days', rollForward: false }, '2020-09-21', cal).dueOn).toBe(
      '2020-10-01',
    );
    // a make-up working Sunday is a working day: no roll
    expect(computeDueDate({ amount: 2, unit: 'calendar-days' }, '2020-09-25', cal).dueOn).toBe('2020-09-27');
  });
});

describe('computeDueDate: validation', () => {
  it.each([
    [{ amount: -1, unit: 'working-days' }, /less than 0/],
    [{ amount: 1.5, unit: 'calendar-days' }, /not an integer/],
    [{ amount: Infinity, unit: 'calendar-months' }, /not an integer/],
    [{ amount: 3, unit: 'weeks' }, /deadline unit/],
    [{ amount: 3, unit: 'calendar-days', rollForward: 'yes' }, /rollForward/],
  ])('rejects rule %j', (rule, message) => {
    expect(() => computeDueDate(rule as DeadlineRule, '2020-09-25', cal)).toThrow(message);
  });

  it('rejects a bad start date', () => {
    expect(() => computeDueDate({ amount: 1, unit: 'working-days' }, '2021-02-29', cal)).toThrow(RangeError);
    expect(() => computeDueDate({ amount: 1, unit: 'working-days' }, '2021-2-1', cal)).toThrow(/start date/);
  });
});

describe('extendDueDate', () => {
  it('moves the due date later and records where it came from', () => {
    const due = computeDueDate({ amount: 5, unit: 'working-days' }, '2020-09-25', cal);
    const ext = extendDueDate(due, '2020-10-23');
    expect(ext).toMatchObject({
      dueOn: '2020-10-23',
      dueAt: '2020-10-23T16:00:00.000Z',
      extendedFrom: '2020-10-09',
      start: '2020-09-25',
      calendar: official,
    });
    expect(ext.explanation).toBe(`${due.explanation}；经批准延期至2020-10-23`);
    expect(due.dueOn).toBe('2020-10-09'); // input untouched
    expect(() => extendDueDate(due, '2020-10-08')).toThrow(RangeError);
    expect(() => extendDueDate(due, '2020-10-32')).toThrow(RangeError);
  });
});
