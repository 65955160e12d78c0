import { MockActivityEnvironment } from '@temporalio/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScheduledAlert } from '../../libs/alerts';
import { CorrectedCalendar, WorkingCalendar } from '../../libs/calendar';
import { presetFor } from '../../libs/policy';
import { AlertLog } from './alert-log';
import { AlertPlanRequest, createAlertActivities } from './alert.activities';

const request: AlertPlanRequest = {
  caseId: 'dongli-mca-2020.npc-suggestion.11',
  kind: 'npc-suggestion',
  session: '第十七届人大七次会议',
  number: '11',
  title: '关于充分发挥社区老年日间中心作用的建议',
  unit: '区民政局',
  deadlineId: 'reply',
  dueOn: '2020-10-09',
  dueAt: '2020-10-09T16:00:00.000Z',
  revision: 1,
  ladder: presetFor('npc-suggestion').escalation.ordinary,
  quietHours: presetFor('npc-suggestion').quietHours,
};

describe('alert activities', () => {
  const log = new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-alert-spec-')), 'alerts.jsonl'));
  // Planned on 2020-09-01, before any rung of a deadline due 2020-10-09.
  const activities = createAlertActivities({
    calendar: WorkingCalendar.official(),
    alertLog: log,
    now: () => new Date('2020-09-01T02:00:00Z'),
  });
  const env = new MockActivityEnvironment();

  it('plans the ladder of a deadline on the official calendar, in Chinese, with the case named', async () => {
    const plan = (await env.run(activities.planAlerts, request)) as ScheduledAlert[];
    expect(plan.map((a) => [a.rungId, a.deliverAt])).toEqual([
      ['reminder', '2020-09-28T01:00:00.000Z'],
      ['overdue', '2020-10-10T00:00:00.000Z'], // held to 08:00 on Sat 10-10, a make-up working day
      ['escalation', '2020-10-13T01:00:00.000Z'],
      ['notice', '2020-10-22T01:00:00.000Z'],
    ]);
    expect(plan[1].body).toContain('第十七届人大七次会议第11号建议');
  });

  it('for a case planned after some rungs passed, drops past reminders and holds the latest late alert out of quiet hours', async () => {
    // Thu 2020-10-15 20:00 in China: reminder, overdue and escalation are past, the notice is not.
    const late = createAlertActivities({ calendar: WorkingCalendar.official(), alertLog: log, now: () => new Date('2020-10-15T12:00:00Z') });
    const plan = (await env.run(late.planAlerts, request)) as ScheduledAlert[];
    expect(plan.map((a) => [a.rungId, a.deliverAt, a.heldForQuietHours])).toEqual([
      ['escalation', '2020-10-16T00:00:00.000Z', true], // 08:00 on Fri 10-16
      ['notice', '2020-10-22T01:00:00.000Z', false],
    ]);
  });

  it('writes an alert to the log once, however often the activity is retried', async () => {
    const [first] = (await env.run(activities.planAlerts, request)) as ScheduledAlert[];
    const alert = { ...first, caseId: request.caseId, deadlineId: request.deadlineId };
    expect(await env.run(activities.emitAlert, alert)).toEqual({ duplicate: false });
    expect(await env.run(activities.emitAlert, alert)).toEqual({ duplicate: true });
    // A new log on the same file (a restarted worker) still knows the alert.
    expect(new AlertLog(log.path).append({ ...alert, emittedAt: new Date().toISOString() })).toEqual({ duplicate: true });
    expect(log.read().map((a) => a.alertId)).toEqual([first.alertId]);
  });
});

describe('alert planning on a jurisdiction’s corrected calendar', () => {
  const official = WorkingCalendar.official();
  // 东丽区 closed its offices on Mon 2020-09-28, the official day of the reply's reminder.
  const corrected = new CorrectedCalendar(official, {
    jurisdiction: '天津市东丽区', version: 1, days: [{ date: '2020-09-28', working: false, note: '区机关停电检修' }],
  });
  const activities = createAlertActivities({
    calendar: official,
    calendars: { current: async (jurisdiction: string) => ({ jurisdiction, version: 1, corrected }) },
    alertLog: new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-alert-jur-')), 'alerts.jsonl')),
    now: () => new Date('2020-09-01T02:00:00Z'),
  });
  const env = new MockActivityEnvironment();

  it('counts the ladder’s working days on the corrected calendar when the request names the jurisdiction', async () => {
    const plain = (await env.run(activities.planAlerts, request)) as ScheduledAlert[];
    const local = (await env.run(activities.planAlerts, { ...request, jurisdiction: '天津市东丽区' })) as ScheduledAlert[];
    expect(plain[0]).toMatchObject({ rungId: 'reminder', deliverAt: '2020-09-28T01:00:00.000Z' });
    // Three working days before Fri 10-09 are now 09-27 (the make-up Sunday), 09-29 and 09-30.
    expect(local[0]).toMatchObject({ rungId: 'reminder', deliverAt: '2020-09-27T01:00:00.000Z' });
    expect(local.slice(1)).toEqual(plain.slice(1));
  });
});
