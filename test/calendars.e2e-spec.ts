import { createDeadlineActivities } from '../activities/deadlines/deadline.activities';
import { JurisdictionCalendars } from '../libs/calendar/jurisdiction-calendars';
import { WorkingCalendar } from '../libs/calendar';
import { createDatabase, Db } from '../libs/db';
import { useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';

jest.setTimeout(180_000);

const e2e = useTestSystem('calendars');
const { http } = e2e;

const DONGLI = '天津市东丽区';
const path = (jurisdiction: string, rest = '') => `/api/calendars/${encodeURIComponent(jurisdiction)}${rest}`;

/** The due date of 10 working days from Mon 2020-01-20, as the jurisdiction counts now (or at `version`). */
async function tenWorkingDaysFromJan20(jurisdiction: string, version?: number) {
  const res = await http()
    .get(path(jurisdiction, '/due-date'))
    .query({ from: '2020-01-20', amount: 10, unit: 'working-days', ...(version ? { version } : {}) })
    .expect(200);
  return res.body;
}

// Tianjin-style epidemic measure: offices stay closed Feb 3–7 2020 after the (already extended) Spring Festival.
const closedFeb3to7 = ['2020-02-03', '2020-02-04', '2020-02-05', '2020-02-06', '2020-02-07'].map((date) => ({
  date,
  working: false,
  note: '延迟复工',
}));

describe('a jurisdiction corrects its calendar; due dates follow the latest version', () => {
  it('without a stored version the jurisdiction counts on the official calendar', async () => {
    const missing = await http().get(path(DONGLI)).expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'CalendarNotFound' });

    const view = await tenWorkingDaysFromJan20(DONGLI);
    expect(view).toMatchObject({ jurisdiction: DONGLI, version: null });
    // Jan 21–23, then the Spring Festival (Jan 24–Feb 2), then Feb 3–7 and 10–11
    expect(view.due).toMatchObject({ dueOn: '2020-02-11', provisional: false, calendar: { id: 'cn-official' } });
  });

  it('stores a correction as version 1 and counts the closed week: the due date moves to 2020-02-18', async () => {
    const created = await http()
      .put(path(DONGLI))
      .send({ days: closedFeb3to7, note: '疫情防控：延迟复工至2月10日' })
      .expect(201);
    expect(created.body).toMatchObject({
      jurisdiction: DONGLI,
      version: 1,
      coversYears: [],
      note: '疫情防控：延迟复工至2月10日',
      days: closedFeb3to7,
    });
    expect(Date.parse(created.body.createdAt)).not.toBeNaN();

    const view = await tenWorkingDaysFromJan20(DONGLI);
    expect(view.version).toBe(1);
    expect(view.due).toMatchObject({
      dueOn: '2020-02-18',
      calendar: { id: `cn-official+${DONGLI}`, version: 'chinese-days-1.5.7+v1' },
    });
    expect(view.due.explanation).toBe(
      '自2020-01-20起10个工作日(不含当日)，跳过非工作日2020-01-24至2020-02-09(春节、延迟复工)、2020-02-15至2020-02-16，截止2020-02-18',
    );
  });

  it('a later correction is a new version; the older one stays readable and countable', async () => {
    const amended = await http()
      .patch(path(DONGLI))
      .send({ days: [{ date: '2020-02-08', working: true, note: '调休上班' }], note: '2月8日（周六）上班' })
      .expect(201);
    expect(amended.body.version).toBe(2);
    expect(amended.body.days.map((d: { date: string }) => d.date)).toEqual([...closedFeb3to7.map((d) => d.date), '2020-02-08']);

    // Sat Feb 8 now counts: one day earlier
    expect((await tenWorkingDaysFromJan20(DONGLI)).due.dueOn).toBe('2020-02-17');
    expect((await tenWorkingDaysFromJan20(DONGLI, 1)).due.dueOn).toBe('2020-02-18');

    const latest = await http().get(path(DONGLI)).expect(200);
    expect(latest.body).toMatchObject({ version: 2, note: '2月8日（周六）上班' });
    const first = await http().get(path(DONGLI, '/versions/1')).expect(200);
    expect(first.body).toMatchObject({ version: 1, days: closedFeb3to7 });
    const list = await http().get(path(DONGLI, '/versions')).expect(200);
    expect(list.body.versions.map((v: { version: number; dayCount: number }) => [v.version, v.dayCount])).toEqual([[1, 5], [2, 6]]);
    await http().get(path(DONGLI, '/versions/3')).expect(404);

    const all = await http().get('/api/calendars').expect(200);
    expect(all.body).toContainEqual({ jurisdiction: DONGLI, latestVersion: 2 });
  });

  it('shows why each date is or is not a working day', async () => {
    const res = await http().get(path(DONGLI, '/days')).query({ from: '2020-01-31', to: '2020-02-10' }).expect(200);
    expect(res.body).toMatchObject({ jurisdiction: DONGLI, version: 2, calendar: { id: `cn-official+${DONGLI}` } });
    const byDate = Object.fromEntries(res.body.days.map((d: { date: string }) => [d.date, d]));
    expect(res.body.days).toHaveLength(11);
    expect(byDate['2020-01-31']).toMatchObject({ working: false, reason: 'official-holiday', label: '法定节假日', name: '春节' });
    expect(byDate['2020-02-06']).toMatchObject({
      working: false,
      reason: 'office-correction',
      label: '本地调整',
      name: '延迟复工',
      official: { working: true, reason: 'working-day' },
    });
    expect(byDate['2020-02-08']).toMatchObject({ working: true, reason: 'office-correction', official: { working: false, reason: 'weekend' } });
    expect(byDate['2020-02-09']).toMatchObject({ working: false, reason: 'weekend', label: '周末' });
    expect(byDate['2020-02-10']).toMatchObject({ working: true, reason: 'working-day', provisional: false });
  });

  it('PATCH removes a corrected date again, and refuses to remove one that is not corrected', async () => {
    const refused = await http()
      .patch(path(DONGLI))
      .send({ remove: ['2020-02-08', '2020-03-02'], note: 'x' })
      .expect(400);
    expect(refused.body.problems).toEqual([{ field: 'remove.1', problem: '2020-03-02 is not corrected in version 2' }]);

    const removed = await http().patch(path(DONGLI)).send({ remove: ['2020-02-08'], note: '2月8日不再上班' }).expect(201);
    expect(removed.body).toMatchObject({ version: 3, days: closedFeb3to7 });
    expect((await tenWorkingDaysFromJan20(DONGLI)).due.dueOn).toBe('2020-02-18');
  });
});

describe('a year loaded ahead of the official data (next year’s November notice)', () => {
  const CHENGDE = '河北省承德市';

  it('makes that year’s due dates non-provisional for the jurisdiction only', async () => {
    const before = await http().get(path(CHENGDE, '/due-date')).query({ from: '2026-12-15', amount: 3, unit: 'calendar-months' }).expect(200);
    expect(before.body.due).toMatchObject({ dueOn: '2027-03-15', provisional: true });

    await http()
      .put(path(CHENGDE))
      .send({ days: [{ date: '2027-01-01', working: false, note: '元旦' }], coversYears: [2027], note: '国务院办公厅关于2027年部分节假日安排的通知' })
      .expect(201);

    const after = await http().get(path(CHENGDE, '/due-date')).query({ from: '2026-12-15', amount: 3, unit: 'calendar-months' }).expect(200);
    expect(after.body).toMatchObject({ version: 1, due: { dueOn: '2027-03-15', provisional: false } });
    expect(after.body.due.explanation).not.toContain('暂算');
    const days = await http().get(path(CHENGDE, '/days')).query({ from: '2027-01-01', to: '2027-01-04' }).expect(200);
    expect(days.body.days.map((d: { provisional: boolean }) => d.provisional)).toEqual([false, false, false, false]);

    const elsewhere = await http().get(path(DONGLI, '/due-date')).query({ from: '2026-12-15', amount: 3, unit: 'calendar-months' }).expect(200);
    expect(elsewhere.body.due.provisional).toBe(true);
  });
});

describe('bad uploads and queries are refused with each problem, and store nothing', () => {
  const BAD = '测试市';

  it('refuses unreal dates, repeated dates, non-boolean flags, bad years and a missing note', async () => {
    const res = await http()
      .put(path(BAD))
      .send({
        days: [
          { date: '2021-02-29', working: false },
          { date: '2021-10-08', working: 'yes' },
          { date: '2021-10-09', working: true },
          { date: '2021-10-09', working: false },
        ],
        coversYears: [2027.5],
      })
      .expect(400);
    expect(res.body.error).toBe('ValidationFailed');
    const fields = res.body.problems.map((p: { field: string }) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['days', 'days.0.date', 'days.1.working', 'coversYears', 'note']));
    expect(res.body.problems).toContainEqual({ field: 'days', problem: 'days.3 repeats days.2 (2021-10-09)' });

    const duplicateYears = await http().put(path(BAD)).send({ days: [], coversYears: [2027, 2027], note: 'x' }).expect(400);
    expect(duplicateYears.body.problems).toEqual([{ field: 'coversYears', problem: "All coversYears's elements must be unique" }]);

    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ date: new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10), working: true }));
    const big = await http().put(path(BAD)).send({ days: tooMany, note: 'x' }).expect(400);
    expect(big.body.problems[0].field).toBe('days');

    const farOff = await http().put(path(BAD)).send({ days: [{ date: '1900-01-01', working: false }], note: 'x' }).expect(400);
    expect(farOff.body.problems).toEqual([{ field: 'days.0.date', problem: 'date must be in the years 1990 to 2100' }]);

    await http().get(path(BAD)).expect(404);
  });

  it('refuses a correction that leaves no working day within a year', async () => {
    const year = Array.from({ length: 367 }, (_, i) => ({ date: new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10), working: false }));
    const res = await http().put(path(BAD)).send({ days: year, note: 'x' }).expect(400);
    expect(res.body.problems).toEqual([{ field: 'days', problem: 'leaves no working day within a year from 2021-01-01' }]);
    await http().get(path(BAD)).expect(404);
  });

  it('refuses bad due-date and days queries', async () => {
    const bad = await http().get(path(DONGLI, '/due-date')).query({ from: '2020-02-30', amount: 'five', unit: 'weeks' }).expect(400);
    expect([...new Set(bad.body.problems.map((p: { field: string }) => p.field))].sort()).toEqual(['amount', 'from', 'unit']);
    const tooLong = await http().get(path(DONGLI, '/due-date')).query({ from: '2020-01-20', amount: 251, unit: 'working-days' }).expect(400);
    expect(tooLong.body.problems).toEqual([{ field: 'amount', problem: 'must be at most 250 working-days' }]);
    const reversed = await http().get(path(DONGLI, '/days')).query({ from: '2020-02-10', to: '2020-02-01' }).expect(400);
    expect(reversed.body.problems).toEqual([{ field: 'to', problem: 'must not be before from (2020-02-10)' }]);
    await http().get(path(DONGLI, '/days')).query({ from: '2020-01-01', to: '2021-01-01' }).expect(400);
    await http().get(path(DONGLI, '/due-date')).query({ from: '2020-01-20', amount: 1, unit: 'working-days', version: 99 }).expect(404);
  });
});

describe('the worker’s computeDueDate activity on a stored calendar', () => {
  let db: Db;
  beforeAll(() => {
    db = createDatabase(e2e.system.env.DATABASE_URL, 1);
  });
  afterAll(async () => {
    await db?.destroy();
  }, HOOK_TIMEOUT.stop);

  it('counts on the jurisdiction’s latest version when it runs; no jurisdiction or no version: the official calendar', async () => {
    const official = WorkingCalendar.official();
    const { computeDueDate } = createDeadlineActivities({ calendar: official, calendars: new JurisdictionCalendars(db, official) });
    const rule = { amount: 10, unit: 'working-days' } as const;
    const WORKER = '天津市河东区';

    expect((await computeDueDate(rule, '2020-01-20')).dueOn).toBe('2020-02-11');
    expect((await computeDueDate(rule, '2020-01-20', WORKER)).dueOn).toBe('2020-02-11');

    await http().put(path(WORKER)).send({ days: closedFeb3to7, note: '延迟复工' }).expect(201);
    const v1 = await computeDueDate(rule, '2020-01-20', WORKER);
    expect(v1).toMatchObject({ dueOn: '2020-02-18', calendar: { id: `cn-official+${WORKER}`, version: 'chinese-days-1.5.7+v1' } });

    // a correction after a due date was computed: the next computation (same worker, cached v1) sees v2
    await http().patch(path(WORKER)).send({ days: [{ date: '2020-02-08', working: true }], note: '周六上班' }).expect(201);
    const v2 = await computeDueDate(rule, '2020-01-20', WORKER);
    expect(v2).toMatchObject({ dueOn: '2020-02-17', calendar: { version: 'chinese-days-1.5.7+v2' } });
    expect(v2.explanation).toContain('计入调休工作日2020-02-08');
    // …while the earlier result is what it was (a case keeps what its history recorded)
    expect(v1.dueOn).toBe('2020-02-18');

    // cases of other jurisdictions are not affected
    expect((await computeDueDate(rule, '2020-01-20', '天津市和平区')).dueOn).toBe('2020-02-11');
  });

  it('without a database (createCaseWorker given no db) every case counts on the official calendar', async () => {
    const { computeDueDate } = createDeadlineActivities({ calendar: WorkingCalendar.official() });
    expect((await computeDueDate({ amount: 10, unit: 'working-days' }, '2020-01-20', DONGLI)).dueOn).toBe('2020-02-11');
  });
});

describe('the OpenAPI document', () => {
  it('describes the calendar and policy endpoints', async () => {
    const res = await http().get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/calendars/{jurisdiction}',
        '/api/calendars/{jurisdiction}/versions/{version}',
        '/api/calendars/{jurisdiction}/days',
        '/api/calendars/{jurisdiction}/due-date',
        '/api/policies',
        '/api/policies/{id}/versions/{version}',
      ]),
    );
    expect(Object.keys(res.body.paths['/api/calendars/{jurisdiction}'])).toEqual(expect.arrayContaining(['get', 'put', 'patch']));
  });
});
