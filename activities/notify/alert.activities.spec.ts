import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScheduledAlert } from '../../libs/alerts';
import { CorrectedCalendar, WorkingCalendar } from '../../libs/calendar';
import type { Db } from '../../libs/db';
import { AlertRepository, ArmedAlertRepository } from '../../libs/db/repositories';
import { presetFor } from '../../libs/policy';
import { migratedDatabase } from '../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../test/support/teardown';
import { AlertDeliverer } from '../delivery/delivery.activities';
import { AlertLog } from './alert-log';
import { AlertPlanRequest, type AlertToEmit, createAlertActivities } from './alert.activities';

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

describe('arming alerts ahead of their instant (v12)', () => {
  const env = new MockActivityEnvironment();
  const newLog = () => new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-arming-')), 'alerts.jsonl'));
  const plan = async (): Promise<AlertToEmit[]> => {
    const planning = createAlertActivities({ calendar: WorkingCalendar.official(), alertLog: newLog(), now: () => new Date('2020-09-01T02:00:00Z') });
    const planned = (await env.run(planning.planAlerts, request)) as ScheduledAlert[];
    return planned.map((a) => ({ ...a, caseId: request.caseId, deadlineId: request.deadlineId }));
  };

  it('without delivery (no database), arms nothing and finds nothing sent', async () => {
    const activities = createAlertActivities({ calendar: WorkingCalendar.official(), alertLog: newLog() });
    const [alert] = await plan();
    expect(await env.run(activities.armAlert, alert)).toEqual({ alertId: alert.alertId, armed: false });
    expect(await env.run(activities.disarmAlert, { alertId: alert.alertId })).toEqual({ sent: false });
  });

  describe('with delivery (embedded PostgreSQL)', () => {
    const teardown = useTeardown();
    let db: Db;
    let activities: ReturnType<typeof createAlertActivities>;
    const rowOf = (alertId: string) => db.selectFrom('armed_alerts').selectAll().where('alert_id', '=', alertId).executeTakeFirst();

    beforeAll(async () => {
      db = await migratedDatabase(teardown);
      // No subscription matches, so emitAlert's first attempts leave nothing undelivered and the
      // client (a real one, connecting lazily) is never asked to start a delivery workflow.
      const client = new Client({ connection: teardown.add('lazy Temporal connection', Connection.lazy({ address: '127.0.0.1:1' }), (c) => c.close()) });
      activities = createAlertActivities({
        calendar: WorkingCalendar.official(),
        alertLog: newLog(),
        delivery: { db, client, taskQueue: 'alert-spec', deliverer: new AlertDeliverer({ db }) },
      });
    }, HOOK_TIMEOUT.postgres);
    beforeEach(async () => {
      await db.deleteFrom('armed_alerts').execute();
      await db.deleteFrom('alerts').execute();
    });

    it('arms the alert whole, once: arming again (a retry) changes nothing', async () => {
      const [alert] = await plan();
      expect(await env.run(activities.armAlert, alert)).toEqual({ alertId: alert.alertId, armed: true });
      expect(await env.run(activities.armAlert, { ...alert, title: 'changed' })).toEqual({ alertId: alert.alertId, armed: true });
      const row = await rowOf(alert.alertId);
      expect(row).toMatchObject({ case_id: request.caseId, state: 'armed', alert, claimed_at: null });
      expect(row!.deliver_at).toEqual(new Date(alert.deliverAt));
    });

    it('disarms an armed alert; one the dispatcher claimed is reported sent, when it was claimed', async () => {
      const [first, second] = await plan();
      await env.run(activities.armAlert, first);
      await env.run(activities.armAlert, second);
      await new ArmedAlertRepository(db).claim([second.alertId]);
      const claimedAt = (await rowOf(second.alertId))!.claimed_at!;

      expect(await env.run(activities.disarmAlert, { alertId: first.alertId })).toEqual({ sent: false });
      expect(await env.run(activities.disarmAlert, { alertId: second.alertId })).toEqual({ sent: true, sentAt: claimedAt.toISOString() });
      expect(await env.run(activities.disarmAlert, { alertId: 'never-armed' })).toEqual({ sent: false });
      expect((await rowOf(first.alertId))!.state).toBe('disarmed');
      expect((await rowOf(second.alertId))!.state).toBe('claimed');
    });

    it('emitting an armed alert stores it and marks it emitted: no dispatcher claims it after', async () => {
      const [alert] = await plan();
      await env.run(activities.armAlert, alert);
      expect(await env.run(activities.emitAlert, alert)).toEqual({ duplicate: false });
      expect(await new AlertRepository(db).exists(alert.alertId)).toBe(true);
      expect((await rowOf(alert.alertId))!.state).toBe('emitted');
      expect(await new ArmedAlertRepository(db).claim([alert.alertId])).toEqual([]);
      expect(await env.run(activities.disarmAlert, { alertId: alert.alertId })).toEqual({ sent: false });
    });
  });
});

