import { WorkingCalendar, endOfChinaDay } from '../calendar';
import { alertId, scheduleAlerts } from './index';
import type { AlertSubject, LadderRung, QuietHours, ScheduledAlert } from './index';

const cal = WorkingCalendar.official();
const quiet: QuietHours = { start: '20:00', end: '08:00', workingDaysOnly: true };

/** The defaults of docs/procedure.md, "Reminders and escalation". */
const standardLadder: LadderRung[] = [
  { id: 'remind', kind: 'reminder', offsetWorkingDays: -3, recipients: ['unit-handler'] },
  { id: 'overdue', kind: 'overdue', offsetWorkingDays: 0, recipients: ['unit-leader', 'supervisor'] },
  { id: 'escalate', kind: 'escalation', offsetWorkingDays: 3, recipients: ['supervising-office-head'] },
  { id: 'notice', kind: 'notice', offsetWorkingDays: 10, recipients: ['office'] },
];

/** Key cases: reminder at T−5, the leading leader is told when overdue. */
const keyLadder: LadderRung[] = [
  { id: 'remind', kind: 'reminder', offsetWorkingDays: -5, recipients: ['unit-handler'] },
  { id: 'overdue', kind: 'overdue', offsetWorkingDays: 0, recipients: ['unit-leader', 'supervisor', 'leading-leader'] },
  { id: 'escalate', kind: 'escalation', offsetWorkingDays: 3, recipients: ['supervising-office-head', 'leading-leader'] },
  { id: 'notice', kind: 'notice', offsetWorkingDays: 10, recipients: ['office'] },
];

function subject(dueOn: string, over: Partial<AlertSubject> = {}): AlertSubject {
  return {
    caseId: 'npc-17-7-11',
    deadlineId: 'reply',
    dueOn,
    dueAt: endOfChinaDay(dueOn),
    revision: 1,
    unit: '区民政局',
    caseTitle: '关于……的建议',
    caseNumberLabel: '第十七届人大七次会议第11号建议',
    stepLabel: '答复',
    ...over,
  };
}

type Timing = [nominalAt: string, deliverAt: string, held: boolean];
function timings(alerts: ScheduledAlert[]): Record<string, Timing> {
  return Object.fromEntries(alerts.map((a) => [a.rungId, [a.nominalAt, a.deliverAt, a.heldForQuietHours]]));
}

describe('2020 National Day (Oct 1-8 off; Sun Sep 27 and Sat Oct 10 worked): reply due Fri 2020-10-09', () => {
  const alerts = scheduleAlerts(subject('2020-10-09'), standardLadder, quiet, cal);

  it('the calendar data agrees with the days counted below', () => {
    expect(cal.dayKind('2020-10-08')).toBe('holiday');
    expect(cal.dayKind('2020-10-10')).toBe('make-up-working');
    expect(cal.dayKind('2020-10-11')).toBe('weekend');
    expect(cal.dayKind('2020-09-27')).toBe('make-up-working');
  });

  it('T−3 reminder at 09:00 on Mon 09-28 (counting back over the holiday: 09-30, 09-29, 09-28)', () => {
    expect(timings(alerts).remind).toEqual(['2020-09-28T01:00:00.000Z', '2020-09-28T01:00:00.000Z', false]);
  });

  it('the overdue alert at 00:00 on 10-10 is held to 08:00 the same day, a make-up working Saturday', () => {
    expect(timings(alerts).overdue).toEqual(['2020-10-09T16:00:00.000Z', '2020-10-10T00:00:00.000Z', true]);
  });

  it('T+3 escalation on Tue 10-13 (10-10 worked, 10-11 Sunday off, 10-12, 10-13)', () => {
    expect(timings(alerts).escalate).toEqual(['2020-10-13T01:00:00.000Z', '2020-10-13T01:00:00.000Z', false]);
  });

  it('T+10 public notice on Thu 10-22', () => {
    expect(timings(alerts).notice).toEqual(['2020-10-22T01:00:00.000Z', '2020-10-22T01:00:00.000Z', false]);
  });

  it('alerts come in time order with their kinds and recipients from the ladder', () => {
    expect(alerts.map((a) => [a.rungId, a.kind, a.recipients])).toEqual([
      ['remind', 'reminder', ['unit-handler']],
      ['overdue', 'overdue', ['unit-leader', 'supervisor']],
      ['escalate', 'escalation', ['supervising-office-head']],
      ['notice', 'notice', ['office']],
    ]);
  });
});

describe('key-case ladder (T−5 reminder, leading leader told when overdue)', () => {
  const alerts = scheduleAlerts(subject('2020-10-09', { caseId: 'npc-17-7-3' }), keyLadder, quiet, cal);

  it('T−5 counts the make-up Sunday 09-27 and lands on Fri 09-25', () => {
    expect(timings(alerts).remind).toEqual(['2020-09-25T01:00:00.000Z', '2020-09-25T01:00:00.000Z', false]);
  });

  it('the leading leader is among the overdue and escalation recipients', () => {
    const byRung = Object.fromEntries(alerts.map((a) => [a.rungId, a.recipients]));
    expect(byRung.overdue).toEqual(['unit-leader', 'supervisor', 'leading-leader']);
    expect(byRung.escalate).toEqual(['supervising-office-head', 'leading-leader']);
    expect(byRung.remind).not.toContain('leading-leader');
  });

  it('the same deadline under the standard ladder reminds at T−3 instead', () => {
    const standard = scheduleAlerts(subject('2020-10-09', { caseId: 'npc-17-7-3' }), standardLadder, quiet, cal);
    expect(timings(standard).remind[0]).toBe('2020-09-28T01:00:00.000Z');
    expect(standard.find((a) => a.rungId === 'overdue')?.recipients).not.toContain('leading-leader');
  });
});

describe('2024 Spring Festival (Feb 10-17 off; Sun Feb 4 and Sun Feb 18 worked): due Fri 2024-02-09', () => {
  const alerts = scheduleAlerts(subject('2024-02-09'), [...keyLadder, { ...standardLadder[0], id: 'remind-3' }], quiet, cal);
  const t = timings(alerts);

  it('the calendar data agrees', () => {
    expect(cal.dayKind('2024-02-04')).toBe('make-up-working');
    expect(cal.dayKind('2024-02-10')).toBe('holiday');
    expect(cal.dayKind('2024-02-17')).toBe('holiday');
    expect(cal.dayKind('2024-02-18')).toBe('make-up-working');
  });

  it('T−3 on Tue 02-06; T−5 on the make-up Sunday 02-04', () => {
    expect(t['remind-3']).toEqual(['2024-02-06T01:00:00.000Z', '2024-02-06T01:00:00.000Z', false]);
    expect(t.remind).toEqual(['2024-02-04T01:00:00.000Z', '2024-02-04T01:00:00.000Z', false]);
  });

  it('overdue at 00:00 on the first holiday day is held through the festival to 08:00 Sun 02-18', () => {
    expect(t.overdue).toEqual(['2024-02-09T16:00:00.000Z', '2024-02-18T00:00:00.000Z', true]);
  });

  it('T+3 on Tue 02-20 (02-18, 02-19, 02-20); T+10 on leap day 02-29', () => {
    expect(t.escalate).toEqual(['2024-02-20T01:00:00.000Z', '2024-02-20T01:00:00.000Z', false]);
    expect(t.notice).toEqual(['2024-02-29T01:00:00.000Z', '2024-02-29T01:00:00.000Z', false]);
  });
});

describe('2026 Spring Festival (Feb 15-23 off; Sat Feb 14 and Sat Feb 28 worked)', () => {
  it('the calendar data agrees', () => {
    expect(cal.dayKind('2026-02-14')).toBe('make-up-working');
    expect(cal.dayKind('2026-02-15')).toBe('holiday');
    expect(cal.dayKind('2026-02-23')).toBe('holiday');
    expect(cal.dayKind('2026-02-28')).toBe('make-up-working');
  });

  it('due Fri 02-13: overdue delivered 08:00 on make-up Sat 02-14; T+3 on 02-25; T+10 on 03-05', () => {
    const t = timings(scheduleAlerts(subject('2026-02-13'), standardLadder, quiet, cal));
    expect(t.remind).toEqual(['2026-02-10T01:00:00.000Z', '2026-02-10T01:00:00.000Z', false]);
    expect(t.overdue).toEqual(['2026-02-13T16:00:00.000Z', '2026-02-14T00:00:00.000Z', true]);
    expect(t.escalate).toEqual(['2026-02-25T01:00:00.000Z', '2026-02-25T01:00:00.000Z', false]);
    expect(t.notice).toEqual(['2026-03-05T01:00:00.000Z', '2026-03-05T01:00:00.000Z', false]);
  });

  it('due Tue 02-24: a T−1 rung fires on make-up Sat 02-14, T−3 on Thu 02-12', () => {
    const ladder: LadderRung[] = [
      { id: 't-1', kind: 'reminder', offsetWorkingDays: -1, recipients: ['unit-handler'] },
      { id: 't-3', kind: 'reminder', offsetWorkingDays: -3, recipients: ['unit-handler'] },
    ];
    const t = timings(scheduleAlerts(subject('2026-02-24'), ladder, quiet, cal));
    expect(t['t-1']).toEqual(['2026-02-14T01:00:00.000Z', '2026-02-14T01:00:00.000Z', false]);
    expect(t['t-3']).toEqual(['2026-02-12T01:00:00.000Z', '2026-02-12T01:00:00.000Z', false]);
  });
});

describe('2026 Mid-Autumn and National Day (Sep 25-27 and Oct 1-7 off; Sun Sep 20 and Sat Oct 10 worked)', () => {
  it('the calendar data agrees', () => {
    expect(cal.dayKind('2026-09-20')).toBe('make-up-working');
    expect(cal.dayKind('2026-09-25')).toBe('holiday');
    expect(cal.dayKind('2026-10-07')).toBe('holiday');
    expect(cal.dayKind('2026-10-08')).toBe('working');
    expect(cal.dayKind('2026-10-10')).toBe('make-up-working');
  });

  it('due Wed 09-30: T−5 Tue 09-22, T−3 Thu 09-24 (over Mid-Autumn), overdue held to Thu 10-08, T+3 make-up Sat 10-10', () => {
    const t = timings(scheduleAlerts(subject('2026-09-30'), keyLadder, quiet, cal));
    expect(t.remind).toEqual(['2026-09-22T01:00:00.000Z', '2026-09-22T01:00:00.000Z', false]);
    expect(t.overdue).toEqual(['2026-09-30T16:00:00.000Z', '2026-10-08T00:00:00.000Z', true]);
    expect(t.escalate).toEqual(['2026-10-10T01:00:00.000Z', '2026-10-10T01:00:00.000Z', false]);
    expect(t.notice).toEqual(['2026-10-20T01:00:00.000Z', '2026-10-20T01:00:00.000Z', false]);
    const std = timings(scheduleAlerts(subject('2026-09-30'), standardLadder, quiet, cal));
    expect(std.remind[0]).toBe('2026-09-24T01:00:00.000Z');
  });

  it('due Mon 09-28: the T−5 reminder fires on make-up Sun 09-20', () => {
    const t = timings(scheduleAlerts(subject('2026-09-28'), keyLadder, quiet, cal));
    expect(t.remind).toEqual(['2026-09-20T01:00:00.000Z', '2026-09-20T01:00:00.000Z', false]);
  });
});

describe('counting back agrees with the calendar counting forward', () => {
  it('for every working due date 2020-2026, the T−N day is a working day N working days before it', () => {
    const ladder: LadderRung[] = [1, 2, 3, 5, 10].map((n) => ({
      id: `t-${n}`,
      kind: 'reminder',
      offsetWorkingDays: -n,
      recipients: ['unit-handler'],
    }));
    let checked = 0;
    const wrong: string[] = [];
    for (let ms = Date.UTC(2020, 0, 20); ms <= Date.UTC(2026, 11, 31); ms += 86_400_000) {
      const dueOn = new Date(ms).toISOString().slice(0, 10);
      if (!cal.isWorkingDay(dueOn)) continue;
      for (const a of scheduleAlerts(subject(dueOn), ladder, quiet, cal)) {
        const n = Number(a.rungId.slice(2));
        const day = new Date(Date.parse(a.nominalAt) + 8 * 3_600_000).toISOString().slice(0, 10);
        const ok =
          cal.isWorkingDay(day) && cal.addWorkingDays(day, n).date === dueOn && a.nominalAt.endsWith('T01:00:00.000Z');
        if (!ok) wrong.push(`${dueOn} ${a.rungId} -> ${a.nominalAt}`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(8000);
  });
});

describe('alertId: receivers dedupe on it', () => {
  const s = subject('2020-10-09');

  it('has the documented shape and is stable across calls', () => {
    expect(alertId(s, 'overdue')).toBe('npc-17-7-11/reply/r1/overdue');
    const a = scheduleAlerts(s, standardLadder, quiet, cal);
    const b = scheduleAlerts({ ...s }, standardLadder.map((r) => ({ ...r })), quiet, cal);
    expect(a).toEqual(b);
    expect(a.map((x) => x.alertId)).toEqual([
      'npc-17-7-11/reply/r1/remind',
      'npc-17-7-11/reply/r1/overdue',
      'npc-17-7-11/reply/r1/escalate',
      'npc-17-7-11/reply/r1/notice',
    ]);
  });

  it('differs by rung, revision, deadline and case', () => {
    const ids = new Set([
      alertId(s, 'overdue'),
      alertId(s, 'remind'),
      alertId({ ...s, revision: 2 }, 'overdue'),
      alertId({ ...s, deadlineId: 'sign' }, 'overdue'),
      alertId({ ...s, caseId: 'npc-17-7-12' }, 'overdue'),
    ]);
    expect(ids.size).toBe(5);
  });

  it('keeps a co-unit deadline readable and cannot be confused by a "/" inside a part', () => {
    expect(alertId({ ...s, deadlineId: 'co-opinion:区司法局' }, 'overdue')).toBe('npc-17-7-11/co-opinion:区司法局/r1/overdue');
    const a = alertId({ caseId: 'a/b', deadlineId: 'c', revision: 1 }, 'x');
    const b = alertId({ caseId: 'a', deadlineId: 'b/c', revision: 1 }, 'x');
    expect(a).not.toBe(b);
    expect(a).toBe('a%2Fb/c/r1/x');
  });

  it('an extended deadline (new revision, later due date) yields new ids and new times', () => {
    const before = scheduleAlerts(s, standardLadder, quiet, cal);
    const after = scheduleAlerts(subject('2020-10-23', { revision: 2 }), standardLadder, quiet, cal);
    for (const a of after) expect(before.map((x) => x.alertId)).not.toContain(a.alertId);
    expect(after.find((a) => a.rungId === 'overdue')).toMatchObject({
      alertId: 'npc-17-7-11/reply/r2/overdue',
      nominalAt: '2020-10-23T16:00:00.000Z',
      deliverAt: '2020-10-26T00:00:00.000Z', // Fri night -> Mon 08:00
      heldForQuietHours: true,
    });
  });
});

describe('scheduleAlerts: input checks and purity', () => {
  it('does not mutate the ladder and hands out copies of the recipients', () => {
    const ladder = keyLadder.map((r) => ({ ...r, recipients: [...r.recipients] }));
    const snapshot = JSON.parse(JSON.stringify(ladder));
    const alerts = scheduleAlerts(subject('2020-10-09'), ladder, quiet, cal);
    alerts[1].recipients.push('office');
    expect(ladder).toEqual(snapshot);
  });

  it('orders out-of-order rungs by time', () => {
    const shuffled = [standardLadder[3], standardLadder[1], standardLadder[0], standardLadder[2]];
    expect(scheduleAlerts(subject('2020-10-09'), shuffled, quiet, cal).map((a) => a.rungId)).toEqual([
      'remind',
      'overdue',
      'escalate',
      'notice',
    ]);
  });

  it('accepts dueAt written with a +08:00 offset and normalises it to UTC', () => {
    const alerts = scheduleAlerts(subject('2020-10-09', { dueAt: '2020-10-10T00:00:00+08:00' }), standardLadder, quiet, cal);
    expect(alerts[1].nominalAt).toBe('2020-10-09T16:00:00.000Z');
  });

  it('an empty ladder emits nothing', () => {
    expect(scheduleAlerts(subject('2020-10-09'), [], quiet, cal)).toEqual([]);
  });

  it('refuses inconsistent or malformed input', () => {
    const s = subject('2020-10-09');
    expect(() => scheduleAlerts({ ...s, dueAt: '2020-10-09T00:00:00.000Z' }, standardLadder, quiet, cal)).toThrow(
      /dueAt.*2020-10-09T16:00:00.000Z/,
    );
    expect(() => scheduleAlerts({ ...s, dueOn: '2020-02-30' }, standardLadder, quiet, cal)).toThrow(/dueOn/);
    expect(() => scheduleAlerts({ ...s, revision: -1 }, standardLadder, quiet, cal)).toThrow(/revision/);
    expect(() => scheduleAlerts(s, [...standardLadder, standardLadder[0]], quiet, cal)).toThrow(/appears twice/);
    expect(() =>
      scheduleAlerts(s, [{ ...standardLadder[0], offsetWorkingDays: 1.5 }], quiet, cal),
    ).toThrow(/not an integer/);
    expect(() =>
      scheduleAlerts(s, [{ ...standardLadder[0], recipients: ['mayor' as never] }], quiet, cal),
    ).toThrow(/unknown recipient "mayor"/);
    expect(() => scheduleAlerts(s, [{ ...standardLadder[0], recipients: [] }], quiet, cal)).toThrow(/recipient/);
    expect(() => scheduleAlerts(s, standardLadder, { ...quiet, start: '8pm' }, cal)).toThrow(/quiet hours start/);
  });
});
