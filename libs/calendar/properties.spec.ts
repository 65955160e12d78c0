import { WorkingCalendar, addCalendarDays, addCalendarMonths, chinaDateOf, computeDueDate, endOfChinaDay } from './index';
import type { DeadlineUnit } from './index';

/** mulberry32: a tiny deterministic PRNG so failures are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const FIRST = Date.UTC(2004, 0, 1);
const LAST = Date.UTC(2026, 11, 31);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);

const cal = WorkingCalendar.official();
const rand = prng(20240927);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const randomDate = () => iso(FIRST + int(0, (LAST - FIRST) / DAY) * DAY);
// 300 random starts plus the edges of the covered range
const STARTS = ['2004-01-01', '2026-12-31', '2026-12-05', ...Array.from({ length: 300 }, randomDate)];

/** Collects violations (calling expect() ~100k times would be slow); each test asserts there are none. */
function violations(): { check: (ok: boolean, what: string) => void; list: string[] } {
  const list: string[] = [];
  return { list, check: (ok, what) => void (ok || list.length >= 20 || list.push(what)) };
}

describe('properties (seeded)', () => {
  it('addWorkingDays: working result, exact count, skipped days are the non-working days between, monotonic', () => {
    const { check, list } = violations();
    let cases = 0;
    for (const start of STARTS) {
      let previous = start;
      for (let n = 0; n <= 40; n++) {
        const r = cal.addWorkingDays(start, n);
        const ctx = `${start} + ${n} -> ${r.date}`;
        cases++;
        if (n === 0) check(r.date === start, `${ctx}: n=0 must return start`);
        else {
          check(cal.isWorkingDay(r.date), `${ctx}: not a working day`);
          check(r.date > start, `${ctx}: not after start`);
          check(r.date > previous, `${ctx}: not after result for n-1 (${previous})`);
        }
        check(cal.workingDaysBetween(start, r.date) === n, `${ctx}: workingDaysBetween != n`);
        // every calendar day in (start, result] is either counted or skipped
        check((ms(r.date) - ms(start)) / DAY === n + r.skipped.length, `${ctx}: days != n + skipped`);
        for (const s of r.skipped) {
          check(s.date > start && s.date < r.date && !cal.isWorkingDay(s.date), `${ctx}: bad skipped day ${s.date}`);
        }
        check(r.provisional === r.date > '2026-12-31', `${ctx}: provisional=${r.provisional}`);
        previous = r.date;
      }
    }
    expect(cases).toBe(STARTS.length * 41);
    expect(list).toEqual([]);
  });

  it('addCalendarMonths lands in the right month on min(day, daysInMonth)', () => {
    const { check, list } = violations();
    for (const start of STARTS) {
      const [y, m, d] = start.split('-').map(Number);
      for (let n = 0; n <= 40; n++) {
        const r = addCalendarMonths(start, n);
        const ty = y + Math.floor((m - 1 + n) / 12);
        const tm = ((m - 1 + n) % 12) + 1;
        const dim = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
        const expected = `${ty}-${String(tm).padStart(2, '0')}-${String(Math.min(d, dim)).padStart(2, '0')}`;
        const ctx = `${start} + ${n} months -> ${r.date}`;
        check(r.date === expected, `${ctx}: expected ${expected}`);
        check((r.clampedFrom !== undefined) === d > dim, `${ctx}: clampedFrom=${r.clampedFrom}`);
        check(r.date >= start, `${ctx}: earlier than start`);
      }
    }
    expect(list).toEqual([]);
  });

  it('addCalendarDays agrees with millisecond arithmetic and never goes backwards', () => {
    const { check, list } = violations();
    for (const start of STARTS) {
      for (const n of [0, 1, int(2, 60), int(61, 800)]) {
        const r = addCalendarDays(start, n);
        check(r === iso(ms(start) + n * DAY) && r >= start, `${start} + ${n} days -> ${r}`);
      }
    }
    expect(list).toEqual([]);
  });

  it('computeDueDate with rollForward returns the first working day on or after the plain result', () => {
    const { check, list } = violations();
    const units: DeadlineUnit[] = ['working-days', 'calendar-days', 'calendar-months'];
    for (const start of STARTS) {
      for (const unit of units) {
        const amount = int(0, 40);
        const due = computeDueDate({ amount, unit }, start, cal);
        const ctx = `${amount} ${unit} after ${start} -> ${due.dueOn}`;
        check(cal.isWorkingDay(due.dueOn), `${ctx}: not a working day`);
        check(due.dueOn >= start, `${ctx}: earlier than start`);
        check(due.dueAt === endOfChinaDay(due.dueOn), `${ctx}: dueAt ${due.dueAt}`);
        if (due.rolledFrom) {
          check(!cal.isWorkingDay(due.rolledFrom), `${ctx}: rolled from a working day`);
          check(cal.workingDaysBetween(due.rolledFrom, due.dueOn) === 1, `${ctx}: not the first working day`);
          check(due.skipped.some((s) => s.date === due.rolledFrom), `${ctx}: rolledFrom not in skipped`);
        }
        if (unit !== 'working-days') {
          const kept = computeDueDate({ amount, unit, rollForward: false }, start, cal);
          check(kept.rolledFrom === undefined && kept.skipped.length === 0, `${ctx}: rollForward:false moved`);
          check(due.dueOn === cal.nextWorkingDayOnOrAfter(kept.dueOn).date, `${ctx}: vs unrolled ${kept.dueOn}`);
          check((due.rolledFrom ?? kept.dueOn) === kept.dueOn, `${ctx}: rolledFrom ${due.rolledFrom}`);
        }
      }
    }
    expect(list).toEqual([]);
  });

  it('chinaDateOf / endOfChinaDay are consistent', () => {
    const { check, list } = violations();
    for (const date of STARTS) {
      const end = Date.parse(endOfChinaDay(date));
      check(chinaDateOf(new Date(end - 1)) === date, `${date}: last ms`);
      check(chinaDateOf(new Date(end)) === addCalendarDays(date, 1), `${date}: first ms of next day`);
    }
    expect(list).toEqual([]);
  });
});
