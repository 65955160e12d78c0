import { ARMED_EMIT_GRACE_MS } from '../libs/contract/alert-arming';
import { createDatabase, Db } from '../libs/db';
import { WebhookReceiver } from './support/alert-receivers';
import { overdueCycle } from './support/overdue-cycle';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT, useTeardown } from './support/teardown';

/**
 * Case workflow v12: an alert is armed ahead and the worker's dispatcher sends it at its instant.
 * Two overdue cases whose alerts quiet hours hold to the same minute boundary ahead: one nobody
 * touches (the dispatcher sends its alerts), one that gets its sign-for step before the instant
 * (the API holds its armed alerts first, so the workflow decides them: the met deadline's alert
 * never goes out, the others go out from the workflow — v13: ARMED_EMIT_GRACE_MS after the instant).
 */
jest.setTimeout(420_000);

const e2e = useTestSystem('armed-alerts');
const { http } = e2e;
const hook = new WebhookReceiver();
useTeardown().add('webhook receiver', hook, (r) => r.stop());
let db: Db | undefined;

beforeAll(async () => {
  await hook.start();
  const res = await http().post('/api/subscriptions').send({ name: '督查室 值班', channel: 'webhook', target: hook.url }).expect(201);
  hook.secret = res.body.secret;
}, HOOK_TIMEOUT.restart);

/** China wall-clock HH:MM of an instant. */
const chinaClock = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(11, 16);

/** Quiet hours from an hour ago until `untilMs` (a minute boundary): every alert of the cycle is held to it. */
function heldCycle(cycleId: string, numbers: string[], untilMs: number) {
  return overdueCycle(cycleId, numbers, {
    title: '东丽区 2020 年建议办理（预置提醒）',
    recipients: ['supervisor'],
    quietHours: { start: chinaClock(Date.now() - 3_600_000), end: chinaClock(untilMs), workingDaysOnly: false },
  });
}

interface ArmedRow {
  alert_id: string;
  case_id: string;
  deadline: string;
  state: string;
  deliver_at: Date;
}

async function armedRowsOf(caseId: string): Promise<ArmedRow[]> {
  const rows = await db!.selectFrom('armed_alerts').select(['alert_id', 'case_id', 'state', 'deliver_at', 'alert']).where('case_id', '=', caseId).execute();
  return rows.map((r) => ({ alert_id: r.alert_id, case_id: r.case_id, state: r.state, deliver_at: new Date(r.deliver_at), deadline: (r.alert as { deadlineId: string }).deadlineId }));
}

type CaseAlertView = { alertId: string; status: string; sentAt?: string };
async function caseAlerts(caseId: string): Promise<Map<string, { deadline: string; alerts: CaseAlertView[] }>> {
  const view = (await http().get(`/api/cases/${encodeURIComponent(caseId)}`).expect(200)).body;
  return new Map((view.deadlines as { id: string; alerts?: CaseAlertView[] }[]).map((d) => [d.id, { deadline: d.id, alerts: d.alerts ?? [] }]));
}

describe('armed alerts', () => {
  // The suite's own pool, closed before the system (and its PostgreSQL) stops.
  beforeAll(() => {
    db = createDatabase(e2e.system.env.DATABASE_URL, 2);
  });
  afterAll(async () => db?.destroy(), HOOK_TIMEOUT.stop);

  it('sends armed alerts from the dispatcher at their instant, once, never before it; a step sent first leaves its case to the workflow', async () => {
    // A minute boundary at least 90 s ahead: time to launch and arm before it.
    const instant = Math.ceil((Date.now() + 90_000) / 60_000) * 60_000;
    const launched = await http().post('/api/cycles').send(heldCycle('armed-alerts', ['A1', 'A2'], instant)).expect(201);
    const [untouched, stepped] = (launched.body.cases as { caseId: string }[]).map((c) => c.caseId);

    // Both cases' overdue alerts are armed for the instant, one per deadline already past: every alert
    // the case lists as scheduled has its armed row (the ladders arm one by one, so wait for the last).
    const armed = await eventually(async () => {
      const rows: ArmedRow[] = [];
      for (const caseId of [untouched, stepped]) {
        const scheduled = [...(await caseAlerts(caseId)).values()].flatMap((d) => d.alerts).filter((a) => a.status === 'scheduled').map((a) => a.alertId);
        const own = await armedRowsOf(caseId);
        expect(own.map((r) => r.alert_id).sort()).toEqual(scheduled.sort());
        rows.push(...own);
      }
      // The four deadlines a suggestion opens at assignment, each opened after its own due-date activity.
      for (const caseId of [untouched, stepped]) expect(rows.filter((r) => r.case_id === caseId).map((r) => r.deadline).sort()).toEqual(['contact', 'reply', 'sign', 'work-plan']);
      return rows;
    }, 60_000);
    expect(Date.now()).toBeLessThan(instant); // the scenario needs the step to come before the instant
    for (const row of armed) {
      expect(row.state).toBe('armed');
      expect(row.deliver_at.getTime()).toBe(instant);
    }

    // The sign-for step, sent before the instant: the API holds the case's armed alerts first.
    await http().post(`/api/cases/${encodeURIComponent(stepped)}/sign`).send({}).expect(200);
    const armedBefore = new Set(armed.filter((r) => r.case_id === stepped).map((r) => r.alert_id));
    for (const row of (await armedRowsOf(stepped)).filter((r) => armedBefore.has(r.alert_id))) expect(['held', 'disarmed']).toContain(row.state);
    const signAlert = armed.find((r) => r.case_id === stepped && r.deadline === 'sign')!.alert_id;

    // The untouched case: every armed alert reaches the receiver once, at or after its instant.
    const untouchedIds = armed.filter((r) => r.case_id === untouched).map((r) => r.alert_id);
    await eventually(async () => {
      for (const id of untouchedIds) expect(hook.processed.has(id)).toBe(true);
    }, 240_000);
    for (const id of untouchedIds) expect(hook.firstArrivedAt.get(id)!).toBeGreaterThanOrEqual(instant);
    // Sent by the dispatcher (claimed), then recorded as sent by the workflow when it emits it, a
    // grace after the instant (v13) — with the time the dispatcher sent it, its claim's.
    for (const row of await armedRowsOf(untouched)) expect(row.state).toBe('claimed');
    const sent = await eventually(async () => {
      const alerts = [...(await caseAlerts(untouched)).values()].flatMap((d) => d.alerts).filter((a) => a.status === 'sent');
      expect(alerts.map((a) => a.alertId).sort()).toEqual([...untouchedIds].sort());
      return alerts;
    }, 240_000);
    const claims = await db!.selectFrom('armed_alerts').select(['alert_id', 'claimed_at']).where('case_id', '=', untouched).execute();
    for (const alert of sent) expect(alert.sentAt).toBe(claims.find((c) => c.alert_id === alert.alertId)!.claimed_at!.toISOString());

    // The stepped case: the workflow emitted what is still owed; the met deadline's alert was disarmed.
    const owed = armed.filter((r) => r.case_id === stepped && r.deadline !== 'sign').map((r) => r.alert_id);
    await eventually(async () => {
      for (const id of owed) expect(hook.processed.has(id)).toBe(true);
      const rows = (await armedRowsOf(stepped)).filter((r) => armedBefore.has(r.alert_id));
      expect(rows.find((r) => r.alert_id === signAlert)!.state).toBe('disarmed');
      for (const row of rows.filter((r) => r.alert_id !== signAlert)) expect(row.state).toBe('emitted');
    }, 240_000);
    // Held, so left to the workflow: it emitted them a grace after their instant (v13), not at it.
    for (const id of owed) expect(hook.firstArrivedAt.get(id)!).toBeGreaterThanOrEqual(instant + ARMED_EMIT_GRACE_MS);
    const sign = (await caseAlerts(stepped)).get('sign')!;
    expect(sign.alerts.find((a) => a.alertId === signAlert)!.status).toBe('cancelled');
    expect(hook.requests.some((r) => r.id === signAlert)).toBe(false);
    expect(hook.duplicates).toBe(0);
  });
});
