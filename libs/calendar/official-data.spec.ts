import * as chineseDays from 'chinese-days';
import * as officialJson from './data/official-cn.json';
import { convert, readChineseDays } from './data/generate-official';
import { WorkingCalendar } from './index';
import type { CalendarData } from './index';

/**
 * The committed fixture must match what the generator produces from the
 * installed `chinese-days` package; rerun data/generate-official.ts after an upgrade.
 */
describe('data/official-cn.json', () => {
  const fixture = officialJson as unknown as CalendarData;

  it('is in sync with the installed chinese-days package', () => {
    const { version, source } = readChineseDays();
    const expected = convert(source, version);
    expect(fixture.id).toBe(expected.id);
    expect(fixture.version).toBe(expected.version);
    expect(fixture.years).toEqual(expected.years);
    expect(fixture.offDays).toEqual(expected.offDays);
    expect(fixture.workDays).toEqual(expected.workDays);
  });

  it('covers 2004-2026 with Chinese names', () => {
    expect(fixture.years).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(fixture.offDays['2020-10-01']).toBe('国庆节');
    expect(fixture.offDays['2026-02-15']).toBe('春节');
    expect(fixture.workDays['2020-09-27']).toBe('国庆节调休');
    expect(Object.keys(fixture.offDays)).toHaveLength(619);
    expect(Object.keys(fixture.workDays)).toHaveLength(150);
  });

  it('agrees with chinese-days isWorkday() on every day of 2004-2026', () => {
    const cal = WorkingCalendar.official();
    const mismatches: string[] = [];
    for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      if (cal.isWorkingDay(date) !== chineseDays.isWorkday(date)) mismatches.push(date);
    }
    expect(mismatches).toEqual([]);
  });

  it('every make-up working day is a weekend and every named day off is known', () => {
    const cal = WorkingCalendar.official();
    for (const date of Object.keys(fixture.workDays)) {
      const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
      expect([date, dow === 0 || dow === 6]).toEqual([date, true]);
      expect(cal.dayKind(date)).toBe('make-up-working');
    }
    const names = new Set(Object.values(fixture.offDays));
    expect([...names].sort()).toEqual(
      ['元旦', '春节', '清明', '劳动节', '端午', '中秋', '国庆节', '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日'].sort(),
    );
  });
});
