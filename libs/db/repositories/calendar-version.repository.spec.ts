import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { CalendarVersionRepository, type NewCalendarVersion } from './calendar-version.repository';

function versionOf(jurisdiction: string, version: number, over: Partial<NewCalendarVersion> = {}): NewCalendarVersion {
  return {
    jurisdiction,
    version,
    days: [{ date: '2024-10-12', working: true, note: '调休上班' }, { date: '2024-10-14', working: false }],
    coversYears: [2024],
    note: `v${version}`,
    createdBy: null,
    ...over,
  };
}

describe('CalendarVersionRepository (embedded PostgreSQL)', () => {
  const teardown = useTeardown();
  let db: Db | undefined;
  let calendars: CalendarVersionRepository;

  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    calendars = new CalendarVersionRepository(db);
  }, HOOK_TIMEOUT.postgres);
  beforeEach(async () => {
    await db!.deleteFrom('calendar_versions').execute();
  });

  it('stores a version with its days and years as JSON', async () => {
    expect(await calendars.insert(versionOf('dongli', 1))).toBe(true);
    const row = await calendars.find('dongli', 1);
    expect(row).toMatchObject({
      jurisdiction: 'dongli',
      version: 1,
      days: [{ date: '2024-10-12', working: true, note: '调休上班' }, { date: '2024-10-14', working: false }],
      covers_years: [2024],
      note: 'v1',
      created_by: null,
    });
    expect(await calendars.find('dongli', 2)).toBeUndefined();
    expect(await calendars.find('xicheng', 1)).toBeUndefined();
  });

  it('refuses a version number already taken (false), keeping the stored version', async () => {
    await calendars.insert(versionOf('dongli', 1));
    expect(await calendars.insert(versionOf('dongli', 1, { note: 'other', days: [] }))).toBe(false);
    expect(await calendars.find('dongli', 1)).toMatchObject({ note: 'v1', days: expect.arrayContaining([expect.anything()]) });
    expect(await calendars.insert(versionOf('xicheng', 1))).toBe(true);
  });

  it('still throws other failures', async () => {
    await expect(calendars.insert(versionOf(null as unknown as string, 1))).rejects.toThrow(/null value/);
  });

  it('names the latest version of a jurisdiction, and every jurisdiction with its latest', async () => {
    expect(await calendars.latestVersion('dongli')).toBeUndefined();
    expect(await calendars.jurisdictions()).toEqual([]);
    await calendars.insert(versionOf('xicheng', 1));
    await calendars.insert(versionOf('dongli', 1));
    await calendars.insert(versionOf('dongli', 2));
    expect(await calendars.latestVersion('dongli')).toBe(2);
    expect(await calendars.jurisdictions()).toEqual([
      { jurisdiction: 'dongli', latestVersion: 2 },
      { jurisdiction: 'xicheng', latestVersion: 1 },
    ]);
  });

  it('summarises the versions oldest first, counting their days', async () => {
    expect(await calendars.summaries('dongli')).toEqual([]);
    await calendars.insert(versionOf('dongli', 2, { days: [], coversYears: [2024, 2025], note: null }));
    await calendars.insert(versionOf('dongli', 1));
    const summaries = await calendars.summaries('dongli');
    expect(summaries).toEqual([
      { version: 1, dayCount: 2, coversYears: [2024], note: 'v1', createdAt: expect.any(Date), createdBy: null },
      { version: 2, dayCount: 0, coversYears: [2024, 2025], note: null, createdAt: expect.any(Date), createdBy: null },
    ]);
  });
});
