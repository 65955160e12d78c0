import { WorkingCalendar } from '../calendar';
import { applyQuietHours } from './index';
import type { QuietHours } from './index';

const cal = WorkingCalendar.official();
const quiet: QuietHours = { start: '20:00', end: '08:00', workingDaysOnly: true };

/** A China-time wall clock reading, e.g. at('2020-09-29', '19:59'). */
const at = (date: string, time: string) => `${date}T${time}:00+08:00`;
const utc = (date: string, time: string) => new Date(at(date, time)).toISOString();

describe('applyQuietHours: 20:00-08:00 and working days only (docs/procedure.md, "Reminders and escalation")', () => {
  it('19:59 on a working day is delivered at once', () => {
    expect(applyQuietHours(at('2020-09-29', '19:59'), quiet, cal)).toEqual({
      deliverAt: '2020-09-29T11:59:00.000Z',
      held: false,
    });
  });

  it('19:59:59.999 is still before the window', () => {
    expect(applyQuietHours('2020-09-29T11:59:59.999Z', quiet, cal)).toEqual({
      deliverAt: '2020-09-29T11:59:59.999Z',
      held: false,
    });
  });

  it('20:00 is held to 08:00 on the next working day', () => {
    expect(applyQuietHours(at('2020-09-29', '20:00'), quiet, cal)).toEqual({
      deliverAt: '2020-09-30T00:00:00.000Z',
      held: true,
    });
    expect(applyQuietHours('2020-09-29T12:00:00Z', quiet, cal).deliverAt).toBe('2020-09-30T00:00:00.000Z');
  });

  it('before 08:00 on a working day is held to 08:00 the same day; 08:00 itself goes out', () => {
    expect(applyQuietHours(at('2020-09-29', '07:59'), quiet, cal)).toEqual({ deliverAt: utc('2020-09-29', '08:00'), held: true });
    expect(applyQuietHours(at('2020-09-29', '00:00'), quiet, cal)).toEqual({ deliverAt: '2020-09-29T00:00:00.000Z', held: true });
    expect(applyQuietHours(at('2020-09-29', '08:00'), quiet, cal)).toEqual({ deliverAt: '2020-09-29T00:00:00.000Z', held: false });
  });

  it('an ordinary Saturday is held to Monday 08:00', () => {
    expect(cal.dayKind('2020-09-19')).toBe('weekend');
    expect(applyQuietHours(at('2020-09-19', '10:00'), quiet, cal)).toEqual({ deliverAt: '2020-09-21T00:00:00.000Z', held: true });
    expect(applyQuietHours(at('2020-09-18', '21:30'), quiet, cal)).toEqual({ deliverAt: '2020-09-21T00:00:00.000Z', held: true });
  });

  it('a make-up working Sunday is a working day: delivered at once by day, the same day 08:00 if before', () => {
    expect(applyQuietHours(at('2020-09-27', '10:00'), quiet, cal)).toEqual({ deliverAt: utc('2020-09-27', '10:00'), held: false });
    expect(applyQuietHours(at('2020-09-27', '06:00'), quiet, cal)).toEqual({ deliverAt: '2020-09-27T00:00:00.000Z', held: true });
    // Friday night skips Saturday 09-26 (off) to the make-up Sunday.
    expect(applyQuietHours(at('2020-09-25', '20:00'), quiet, cal).deliverAt).toBe('2020-09-27T00:00:00.000Z');
  });

  it('the eve of a holiday week is held to the first working day after it', () => {
    // 2020: Oct 1-8 off -> Fri 10-09.
    expect(applyQuietHours(at('2020-09-30', '20:30'), quiet, cal)).toEqual({ deliverAt: '2020-10-09T00:00:00.000Z', held: true });
    expect(applyQuietHours(at('2020-10-03', '12:00'), quiet, cal).deliverAt).toBe('2020-10-09T00:00:00.000Z');
    // 2024 Spring Festival: Feb 10-17 off -> make-up Sun 02-18.
    expect(applyQuietHours(at('2024-02-09', '21:00'), quiet, cal)).toEqual({ deliverAt: '2024-02-18T00:00:00.000Z', held: true });
    // 2026 Spring Festival: Sat 02-14 is worked, Feb 15-23 off -> Tue 02-24.
    expect(applyQuietHours(at('2026-02-13', '22:00'), quiet, cal).deliverAt).toBe('2026-02-14T00:00:00.000Z');
    expect(applyQuietHours(at('2026-02-14', '20:00'), quiet, cal).deliverAt).toBe('2026-02-24T00:00:00.000Z');
    // 2026 National Day: Oct 1-7 off -> Thu 10-08.
    expect(applyQuietHours(at('2026-09-30', '22:00'), quiet, cal).deliverAt).toBe('2026-10-08T00:00:00.000Z');
  });

  it('without workingDaysOnly, only the clock matters', () => {
    const q = { ...quiet, workingDaysOnly: false };
    expect(applyQuietHours(at('2020-09-19', '10:00'), q, cal)).toEqual({ deliverAt: utc('2020-09-19', '10:00'), held: false });
    expect(applyQuietHours(at('2020-09-19', '21:00'), q, cal)).toEqual({ deliverAt: '2020-09-20T00:00:00.000Z', held: true });
    expect(applyQuietHours(at('2020-10-03', '03:00'), q, cal)).toEqual({ deliverAt: '2020-10-03T00:00:00.000Z', held: true });
  });

  it('a window within one day (12:00-14:00) holds to its end the same day', () => {
    const q: QuietHours = { start: '12:00', end: '14:00', workingDaysOnly: true };
    expect(applyQuietHours(at('2020-09-29', '12:30'), q, cal)).toEqual({ deliverAt: utc('2020-09-29', '14:00'), held: true });
    expect(applyQuietHours(at('2020-09-29', '11:59'), q, cal).held).toBe(false);
    expect(applyQuietHours(at('2020-09-29', '21:00'), q, cal).held).toBe(false);
  });

  it('start === end means no time window', () => {
    const q: QuietHours = { start: '08:00', end: '08:00', workingDaysOnly: false };
    expect(applyQuietHours(at('2020-09-29', '03:00'), q, cal)).toEqual({ deliverAt: utc('2020-09-29', '03:00'), held: false });
  });

  it('refuses malformed quiet hours and instants without a zone', () => {
    expect(() => applyQuietHours(at('2020-09-29', '10:00'), { ...quiet, end: '24:00' }, cal)).toThrow(/quiet hours end/);
    expect(() => applyQuietHours(at('2020-09-29', '10:00'), { ...quiet, start: '8:00' }, cal)).toThrow(/quiet hours start/);
    expect(() => applyQuietHours('2020-09-29T10:00:00', quiet, cal)).toThrow(/explicit offset/);
    expect(() =>
      applyQuietHours(at('2020-09-29', '10:00'), { ...quiet, workingDaysOnly: 'yes' as unknown as boolean }, cal),
    ).toThrow(/workingDaysOnly/);
  });
});
