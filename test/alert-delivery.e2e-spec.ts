import { WorkflowNotFoundError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertLog } from '../activities/notify/alert-log';
import { AlertDeliverer } from '../activities/delivery/delivery.activities';
import { createAlertActivities } from '../activities/notify/alert.activities';
import { WorkingCalendar } from '../libs/calendar';
import { createDatabase, Db } from '../libs/db';
import { AlertDeliveryInput, alertDeliveryWorkflowId } from '../libs/contract';
import { type ActivityMetrics, NO_ACTIVITY_METRICS } from '../libs/telemetry/activity-metrics';
import { readEventStream, SmtpReceiver, StreamEvent, WebhookReceiver } from './support/alert-receivers';
import { overdueCycle } from './support/overdue-cycle';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT, useTeardown } from './support/teardown';

jest.setTimeout(240_000);

const e2e = useTestSystem('alert-delivery');
const { http } = e2e;

/** Down (503) for the first two attempts of every alert. */
const supervisorHook = new WebhookReceiver(2);
/** Refuses connections until the test brings it up. */
const unitHook = new WebhookReceiver();
/** Subscribed to another unit's alerts only: must get nothing from these cases. */
const otherUnitHook = new WebhookReceiver();
/** Answers 451 (try later) to the first delivery of every alert. */
const smtp = new SmtpReceiver(1);
const subscriptionIds: Record<'supervisor' | 'unit' | 'otherUnit' | 'email', string> = { supervisor: '', unit: '', otherUnit: '', email: '' };
/** Stops the receivers, each whether or not it started (or was brought up by a test). */
const receivers = useTeardown();
for (const [name, receiver] of Object.entries({ supervisorHook, unitHook, otherUnitHook, smtp })) {
  receivers.add(name, receiver, (r) => r.stop());
}

beforeAll(async () => {
  await Promise.all([supervisorHook.start(), unitHook.startDown(), otherUnitHook.start(), smtp.start()]);
  // Fast retries for the suite (the defaults retry for 26 h), SMTP on loopback; the worker reads them at start.
  Object.assign(e2e.system.env, {
    ALERT_RETRY_INITIAL_MS: 200,
    ALERT_RETRY_MAX_INTERVAL_MS: 1_000,
    ALERT_DELIVERY_WINDOW_MS: 120_000,
    SMTP_URL: smtp.url,
    ALERT_EMAIL_FROM: '东丽区政府督查室 <duban@dongli.example>',
    ALERT_STREAM_POLL_MS: 200,
  });
  await e2e.system.stopWorker();
  await e2e.system.startWorker();
}, HOOK_TIMEOUT.restart);

interface Alert {
  alertId: string;
  caseId: string;
  deadline: string;
  dueOn: string | null;
  kind: string;
  recipients: string[];
  unit: string | null;
  title: string;
  text: string;
  emittedAt: string;
  acknowledged: { at: string; by: string } | null;
}

interface Attempt {
  subscriptionId: string;
  channel: string;
  attempt: number;
  status: 'delivered' | 'failed';
  statusCode: number | null;
  error: string | null;
}

const enc = encodeURIComponent;

async function alertsOf(caseId: string): Promise<Alert[]> {
  return (await http().get('/api/alerts').query({ caseId }).expect(200)).body.alerts as Alert[];
}

async function attemptsOf(alertId: string, subscriptionId: string): Promise<Attempt[]> {
  const res = await http().get(`/api/alerts/${enc(alertId)}/deliveries`).expect(200);
  return (res.body.attempts as Attempt[]).filter((a) => a.subscriptionId === subscriptionId);
}

/** Launches the cycle and waits until every alert its cases sent is stored; returns them. */
async function launchAndCollect(cycleId: string, number: string): Promise<{ caseId: string; alerts: Alert[] }> {
  const launched = await http().post('/api/cycles').send(overdueCycle(cycleId, [number])).expect(201);
  const caseId = launched.body.cases[0].caseId as string;
  const alerts = await eventually(async () => {
    const view = (await http().get(`/api/cases/${caseId}`).expect(200)).body;
    const sent = (view.deadlines as { alerts?: { alertId: string; status: string }[] }[])
      .flatMap((d) => d.alerts ?? [])
      .filter((a) => a.status === 'sent')
      .map((a) => a.alertId);
    const stored = await alertsOf(caseId);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(stored.map((a) => a.alertId).sort()).toEqual(sent.sort());
    return stored;
  }, 60_000);
  return { caseId, alerts };
}

function officeHeaders(): Record<string, string> {
  const key = (e2e.system as unknown as { officeKey?: string }).officeKey;
  return key ? { authorization: `Bearer ${key}` } : {};
}

function apiUrl(path: string): string {
  return `http://127.0.0.1:${(e2e.system.server.address() as AddressInfo).port}${path}`;
}

describe('subscriptions', () => {
  it('refuses invalid bodies with 400 naming each field, and stores nothing', async () => {
    const before = (await http().get('/api/subscriptions').expect(200)).body.count as number;
    const invalid: [Record<string, unknown>, string][] = [
      [{ name: '督查室', channel: 'webhook', target: 'ftp://duban.example/hook' }, 'target'],
      [{ name: '督查室', channel: 'webhook', target: 'not a url' }, 'target'],
      [{ name: '督查室', channel: 'webhook', target: 'https://user:pw@duban.example/hook' }, 'target'],
      [{ name: '督查室', channel: 'email', target: 'duban-at-example' }, 'target'],
      [{ name: '督查室', channel: 'sms', target: '13800000000' }, 'channel'],
      [{ name: '督查室', channel: 'webhook', target: 'https://duban.example/hook', rungs: ['sometimes'] }, 'rungs'],
      [{ name: '督查室', channel: 'webhook', target: 'https://duban.example/hook', rungs: [] }, 'rungs'],
      [{ name: '督查室', channel: 'webhook', target: 'https://duban.example/hook', rungs: ['overdue', 'overdue'] }, 'rungs'],
      [{ name: '督查室', channel: 'webhook', target: 'https://duban.example/hook', recipient: 'mayor' }, 'recipient'],
      [{ name: '督查室', channel: 'webhook', target: 'https://duban.example/hook', unit: null }, 'unit'],
      [{ channel: 'webhook', target: 'https://duban.example/hook' }, 'name'],
      [{ name: '督查室', channel: 'webhook', target: 'https://duban.example/hook', secret: 'whsec_mine' }, 'secret'],
    ];
    for (const [body, field] of invalid) {
      const res = await http().post('/api/subscriptions').send(body).expect(400);
      expect(res.body.error).toBe('ValidationFailed');
      expect(res.body.problems.map((p: { field: string }) => p.field)).toContain(field);
    }
    expect((await http().get('/api/subscriptions').expect(200)).body.count).toBe(before);
  });

  it('stores webhook and email subscriptions; a webhook’s secret is shown once; delete stops it', async () => {
    const hook = await http()
      .post('/api/subscriptions')
      .send({ name: '区政府督查室', channel: 'webhook', target: supervisorHook.url, recipient: 'supervisor' })
      .expect(201);
    expect(hook.body).toMatchObject({ channel: 'webhook', target: supervisorHook.url, recipient: 'supervisor', unit: null, rungs: null });
    expect(hook.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    supervisorHook.secret = hook.body.secret;
    subscriptionIds.supervisor = hook.body.id;

    const unit = await http()
      .post('/api/subscriptions')
      .send({ name: '区民政局 值班', channel: 'webhook', target: unitHook.url, unit: '区民政局', rungs: ['overdue', 'escalation'] })
      .expect(201);
    unitHook.secret = unit.body.secret;
    subscriptionIds.unit = unit.body.id;

    const other = await http()
      .post('/api/subscriptions')
      .send({ name: '区司法局 值班', channel: 'webhook', target: otherUnitHook.url, unit: '区司法局' })
      .expect(201);
    otherUnitHook.secret = other.body.secret;
    subscriptionIds.otherUnit = other.body.id;

    const email = await http()
      .post('/api/subscriptions')
      .send({ name: '督查室 邮箱', channel: 'email', target: 'duban@dongli.example', recipient: 'supervisor', rungs: ['overdue'] })
      .expect(201);
    expect(email.body.secret).toBeUndefined();
    subscriptionIds.email = email.body.id;

    const gone = await http()
      .post('/api/subscriptions')
      .send({ name: '临时', channel: 'webhook', target: 'http://127.0.0.1:9/never' })
      .expect(201);
    await http().delete(`/api/subscriptions/${gone.body.id}`).expect(204);
    const again = await http().delete(`/api/subscriptions/${gone.body.id}`).expect(404);
    expect(again.body.error).toBe('SubscriptionNotFound');

    const list = (await http().get('/api/subscriptions').expect(200)).body;
    expect(list.subscriptions.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([subscriptionIds.supervisor, subscriptionIds.unit, subscriptionIds.otherUnit, subscriptionIds.email]),
    );
    expect(list.subscriptions.map((s: { id: string }) => s.id)).not.toContain(gone.body.id);
    expect(list.subscriptions.every((s: Record<string, unknown>) => !('secret' in s))).toBe(true);
  });
});

describe('overdue alerts reach every subscriber, through outages, once each', () => {
  let caseId = '';
  let alerts: Alert[] = [];

  beforeAll(async () => {
    ({ caseId, alerts } = await launchAndCollect('alerts-2020', '11'));
  }, HOOK_TIMEOUT.setup);

  it('stores each overdue alert with its deadline, unit and Chinese text', () => {
    for (const a of alerts) {
      expect(a).toMatchObject({ caseId, kind: 'overdue', unit: '区民政局', recipients: ['unit-leader', 'supervisor'] });
      expect(a.dueOn).toMatch(/^20\d\d-\d\d-\d\d$/);
      expect(a.title).toMatch(/^【催办】第十七届人大七次会议第11号建议/);
      expect(a.text).toContain('请抓紧办理');
    }
  });

  it('a supervisor’s receiver that answers 503 twice gets every alert on the third attempt, signed, and processes each once', async () => {
    await eventually(async () => expect([...supervisorHook.processed.keys()].filter((id) => id.startsWith(caseId)).sort()).toEqual(alerts.map((a) => a.alertId).sort()), 60_000);
    for (const a of alerts) {
      expect(supervisorHook.countsFor(a.alertId)).toEqual([503, 503, 200]);
      const payload = supervisorHook.processed.get(a.alertId)!;
      expect(payload.type).toBe('alert.overdue');
      expect(payload.data).toMatchObject({ alertId: a.alertId, caseId, deadline: a.deadline, dueOn: a.dueOn, kind: 'overdue', recipients: a.recipients, title: a.title, text: a.text });
      const log = await eventually(async () => {
        const attempts = await attemptsOf(a.alertId, subscriptionIds.supervisor);
        expect(attempts).toHaveLength(3);
        return attempts;
      });
      expect(log.map((x) => [x.attempt, x.status, x.statusCode])).toEqual([[1, 'failed', 503], [2, 'failed', 503], [3, 'delivered', 200]]);
      expect(log[0].error).toBe('HTTP 503 Service Unavailable');
    }
    expect(supervisorHook.requests.every((r) => r.signatureValid)).toBe(true);
    expect(supervisorHook.duplicates).toBe(0);
  });

  it('a unit’s receiver that refuses connections gets every alert once it is back; the log shows the refused attempts', async () => {
    // Down until every alert has failed at least twice for it, then up.
    await eventually(async () => {
      for (const a of alerts) expect((await attemptsOf(a.alertId, subscriptionIds.unit)).length).toBeGreaterThanOrEqual(2);
    }, 30_000);
    expect(unitHook.requests).toEqual([]);
    await unitHook.up();
    await eventually(async () => expect([...unitHook.processed.keys()].sort()).toEqual(alerts.map((a) => a.alertId).sort()), 60_000);
    for (const a of alerts) {
      const log = await eventually(async () => {
        const attempts = await attemptsOf(a.alertId, subscriptionIds.unit);
        expect(attempts.at(-1)?.status).toBe('delivered');
        return attempts;
      });
      const failed = log.slice(0, -1);
      expect(failed.length).toBeGreaterThanOrEqual(2);
      expect(failed.every((x) => x.status === 'failed' && x.statusCode === null && /ECONNREFUSED/.test(x.error ?? ''))).toBe(true);
      expect(log.map((x) => x.attempt)).toEqual(log.map((_x, i) => i + 1));
      expect(log.at(-1)).toMatchObject({ status: 'delivered', statusCode: 200, error: null });
      expect(unitHook.countsFor(a.alertId)).toEqual([200]);
    }
    expect(unitHook.requests.every((r) => r.signatureValid)).toBe(true);
  });

  it('a subscription for another unit gets nothing', async () => {
    for (const a of alerts) expect(await attemptsOf(a.alertId, subscriptionIds.otherUnit)).toEqual([]);
    expect(otherUnitHook.requests).toEqual([]);
  });

  it('the supervisor’s mailbox gets one email per alert, Chinese subject and text, after the SMTP server’s 451', async () => {
    await eventually(async () => {
      const ids = smtp.received.map((m) => m.headers['x-banli-alert-id']).filter((id) => id.startsWith(caseId));
      expect(ids.sort()).toEqual(alerts.map((a) => a.alertId).sort());
    }, 60_000);
    for (const a of alerts) {
      const mails = smtp.received.filter((m) => m.headers['x-banli-alert-id'] === a.alertId);
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      expect(mail.subject).toBe(a.title);
      expect(mail.to).toEqual(['duban@dongli.example']);
      expect(mail.from).toBe('duban@dongli.example');
      expect(mail.text).toContain(a.text);
      expect(mail.text).toContain(`提醒编号：${a.alertId}`);
      expect(mail.text).toContain('承办单位：区民政局');
      const log = await attemptsOf(a.alertId, subscriptionIds.email);
      expect(log.map((x) => [x.attempt, x.status, x.statusCode])).toEqual([[1, 'failed', 451], [2, 'delivered', 250]]);
    }
  });
});

describe('the alert feed', () => {
  let caseId = '';
  let alerts: Alert[] = [];

  beforeAll(async () => {
    caseId = 'alerts-2020.npc-suggestion.11';
    alerts = await alertsOf(caseId);
  }, HOOK_TIMEOUT.setup);

  it('lists newest first and filters by unit, kind and recipient', async () => {
    expect(alerts.length).toBeGreaterThanOrEqual(2);
    const times = alerts.map((a) => Date.parse(a.emittedAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    const q = (query: Record<string, string>) => http().get('/api/alerts').query({ caseId, ...query }).expect(200);
    expect((await q({ unit: '区民政局' })).body.count).toBe(alerts.length);
    expect((await q({ unit: '区司法局' })).body.count).toBe(0);
    expect((await q({ kind: 'overdue' })).body.count).toBe(alerts.length);
    expect((await q({ kind: 'reminder' })).body.count).toBe(0);
    expect((await q({ recipient: 'supervisor' })).body.count).toBe(alerts.length);
    expect((await q({ recipient: 'office' })).body.count).toBe(0);
    expect((await q({ since: '2999-01-01T00:00:00Z' })).body.count).toBe(0);
    expect((await q({ limit: '1' })).body.alerts.map((a: Alert) => a.alertId)).toEqual([alerts[0].alertId]);
    for (const bad of [{ kind: 'urgent' }, { since: 'yesterday' }, { limit: '0' }, { acknowledged: 'yes' }, { recipient: 'mayor' }]) {
      const res = await http().get('/api/alerts').query(bad).expect(400);
      expect(res.body.problems.map((p: { field: string }) => p.field)).toEqual([Object.keys(bad)[0]]);
    }
  });

  it('records who acknowledged an alert and when; acknowledging again keeps the first', async () => {
    const [first] = alerts;
    const acked = await http().post(`/api/alerts/${enc(first.alertId)}/ack`).send({ actor: '区政府督查室 李四' }).expect(200);
    expect(acked.body.acknowledged).toEqual({ by: 'e2e office（代录：区政府督查室 李四）', at: expect.any(String) }); // the key first
    const again = await http().post(`/api/alerts/${enc(first.alertId)}/ack`).send({ actor: '另一人' }).expect(200);
    expect(again.body.acknowledged).toEqual(acked.body.acknowledged);
    const yes = (await http().get('/api/alerts').query({ caseId, acknowledged: 'true' }).expect(200)).body.alerts;
    expect(yes.map((a: Alert) => a.alertId)).toEqual([first.alertId]);
    const no = (await http().get('/api/alerts').query({ caseId, acknowledged: 'false' }).expect(200)).body.alerts;
    expect(no.map((a: Alert) => a.alertId)).not.toContain(first.alertId);
    expect(no).toHaveLength(alerts.length - 1);

    const missing = await http().post(`/api/alerts/${enc(`${caseId}/nothing/r1/overdue`)}/ack`).send({}).expect(404);
    expect(missing.body.error).toBe('AlertNotFound');
    await http().get(`/api/alerts/${enc(`${caseId}/nothing/r1/overdue`)}/deliveries`).expect(404);
  });

  it('the stream replays what came after Last-Event-ID, in order, each with its alert id', async () => {
    const ascending = [...alerts].reverse();
    const expected = ascending.slice(1).map((a) => a.alertId);
    const res = await readEventStream(
      apiUrl(`/api/alerts/stream?caseId=${enc(caseId)}`),
      { ...officeHeaders(), 'last-event-id': ascending[0].alertId },
      (events) => events.length >= expected.length,
    );
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/event-stream/);
    expect(res.events.map((e) => e.id)).toEqual(expected);
    expect(res.events.map((e) => (JSON.parse(e.data) as Alert).alertId)).toEqual(expected);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await http().get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/alerts',
        '/api/alerts/stream',
        '/api/alerts/{alertId}/ack',
        '/api/alerts/{alertId}/deliveries',
        '/api/subscriptions',
        '/api/subscriptions/{id}',
      ]),
    );
    expect(Object.keys(doc.paths['/api/alerts/stream'].get.responses['200'].content)).toEqual(['text/event-stream']);
  });

  it('the stream sends alerts emitted while it is open', async () => {
    let launched: Promise<{ caseId: string; alerts: Alert[] }> | undefined;
    const caseId12 = 'alerts-2020-live.npc-suggestion.12';
    const isLive = (events: StreamEvent[]) => events.filter((e) => e.id?.startsWith(caseId12));
    const res = await readEventStream(
      apiUrl(`/api/alerts/stream?caseId=${enc(caseId12)}`),
      officeHeaders(),
      (events) => isLive(events).length >= 2,
      { timeoutMs: 60_000, onOpen: () => void (launched = sleep(1_000).then(() => launchAndCollect('alerts-2020-live', '12'))) },
    );
    const stored = (await launched!).alerts;
    const ids = isLive(res.events).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(stored.map((a) => a.alertId)).toEqual(expect.arrayContaining(ids));
  });
});

describe('emitting an alert', () => {
  let db: Db;
  /** Inline attempts counted by channel and result. */
  const counted: string[] = [];
  const metrics: ActivityMetrics = { ...NO_ACTIVITY_METRICS, deliveryAttempt: (channel, result) => void counted.push(`${channel}:${result}`) };
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('WARN') });
  const client = () => e2e.system.temporal.client;
  beforeAll(() => {
    db = createDatabase(e2e.system.env.DATABASE_URL, 4);
  });
  afterAll(async () => db?.destroy(), HOOK_TIMEOUT.stop);

  /** The alert activities as the worker builds them: the first attempt from emitAlert, the rest by the workflow. */
  function emitter(firstAttemptsBoundMs?: number) {
    return createAlertActivities({
      calendar: WorkingCalendar.official(),
      alertLog: new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-emit-')), 'alerts.jsonl')),
      delivery: {
        db,
        client: client(),
        taskQueue: e2e.system.env.TEMPORAL_TASK_QUEUE,
        retry: { initialIntervalMs: 200, maximumIntervalMs: 1_000, windowMs: 60_000 },
        deliverer: new AlertDeliverer({ db, smtp: { url: smtp.url, from: 'duban@dongli.example' }, webhookAllowHosts: () => 'loopback', metrics }),
        ...(firstAttemptsBoundMs ? { firstAttemptsBoundMs } : {}),
      },
    });
  }

  /** An overdue alert about `unit` for case `number` (only subscriptions for that unit match it, unless it is 区民政局). */
  function overdueAlert(number: string, unit = '区民政局', recipients: ('unit-leader' | 'supervisor')[] = ['unit-leader', 'supervisor']) {
    const caseId = `emit-2020.npc-suggestion.${number}`;
    return {
      alertId: `${caseId}/reply/r1/overdue`,
      caseId,
      deadlineId: 'reply' as const,
      kind: 'overdue' as const,
      rungId: 'overdue',
      recipients,
      nominalAt: '2020-08-07T16:00:00.000Z',
      deliverAt: '2020-08-08T00:00:00.000Z',
      heldForQuietHours: true,
      title: `【催办】第十七届人大七次会议第${number}号建议答复已逾期`,
      body: `【催办】${unit}：第十七届人大七次会议第${number}号建议《关于……的建议》的答复期限为2020-08-07，现已逾期，请抓紧办理。`,
      unit,
      dueOn: '2020-08-07',
      caseNumberLabel: `第十七届人大七次会议第${number}号建议`,
      caseTitle: '关于……的建议',
    };
  }

  /** A webhook subscription for `unit`'s alerts only, to `receiver`. */
  async function subscribe(unit: string, receiver: { url: string; secret: string }): Promise<string> {
    const res = await http().post('/api/subscriptions').send({ name: `${unit} 值班`, channel: 'webhook', target: receiver.url, unit }).expect(201);
    receiver.secret = res.body.secret;
    return res.body.id as string;
  }

  async function deliveryRows(alertId: string) {
    const rows = await db.selectFrom('deliveries').select(['subscription_id', 'attempt', 'status', 'status_code']).where('alert_id', '=', alertId).orderBy('id').execute();
    return rows.map((r) => [r.subscription_id, r.attempt, r.status, r.status_code]);
  }

  async function workflowExists(alertId: string): Promise<boolean> {
    try {
      await client().workflow.getHandle(alertDeliveryWorkflowId(alertId)).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  async function workflowInput(alertId: string): Promise<AlertDeliveryInput> {
    const history = await client().workflow.getHandle(alertDeliveryWorkflowId(alertId)).fetchHistory();
    const payload = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    return JSON.parse(Buffer.from(payload.data!).toString('utf8')) as AlertDeliveryInput;
  }

  it('stores it once and starts one delivery, however often it is emitted', async () => {
    const activities = emitter();
    const alert = overdueAlert('1');
    expect(await env.run(activities.emitAlert, alert)).toEqual({ duplicate: false });
    expect(await env.run(activities.emitAlert, alert)).toEqual({ duplicate: true });

    const handle = client().workflow.getHandle(alertDeliveryWorkflowId(alert.alertId));
    const result = await handle.result();
    // The first attempts were emitAlert's: the workflow's are numbered on from them.
    expect(result.outcomes).toEqual(
      expect.arrayContaining([
        { subscriptionId: subscriptionIds.supervisor, channel: 'webhook', status: 'delivered', attempt: 3 },
        { subscriptionId: subscriptionIds.email, channel: 'email', status: 'delivered', attempt: 2 },
      ]),
    );
    // Emitted again after its delivery completed: still that one run, nothing sent again.
    expect(await env.run(activities.emitAlert, alert)).toEqual({ duplicate: true });
    await eventually(async () => {
      const runs: string[] = [];
      const query = `WorkflowId = '${alertDeliveryWorkflowId(alert.alertId)}'`;
      for await (const run of client().workflow.list({ query })) runs.push(run.runId);
      expect(runs).toEqual([(await handle.describe()).runId]);
    });
    const rows = await db.selectFrom('alerts').select('alert_id').where('alert_id', '=', alert.alertId).execute();
    expect(rows).toHaveLength(1);
    expect(supervisorHook.countsFor(alert.alertId)).toEqual([503, 503, 200]);
    expect(smtp.received.filter((m) => m.headers['x-banli-alert-id'] === alert.alertId)).toHaveLength(1);
    const supervisorLog = (await deliveryRows(alert.alertId)).filter(([sub]) => sub === subscriptionIds.supervisor);
    expect(supervisorLog.map(([, attempt, status, code]) => [attempt, status, code])).toEqual([[1, 'failed', 503], [2, 'failed', 503], [3, 'delivered', 200]]);
  });

  it('delivers at once to a receiver that accepts, from emitAlert itself, and starts no delivery workflow', async () => {
    const hook = teardownLater(new WebhookReceiver());
    await hook.start();
    const sub = await subscribe('区教育局', hook);
    const alert = overdueAlert('2', '区教育局', ['unit-leader']);
    counted.length = 0;
    expect(await env.run(emitter().emitAlert, alert)).toEqual({ duplicate: false });
    // Done when emitAlert returns: no waiting for a workflow.
    expect(hook.countsFor(alert.alertId)).toEqual([200]);
    expect(hook.requests.every((r) => r.signatureValid)).toBe(true);
    expect(await deliveryRows(alert.alertId)).toEqual([[sub, 1, 'delivered', 200]]);
    expect(counted).toEqual(['webhook:delivered']);
    expect(await workflowExists(alert.alertId)).toBe(false);
  });

  it('leaves a receiver that fails the first attempt to the workflow, whose attempts are numbered on (2, 3)', async () => {
    const hook = teardownLater(new WebhookReceiver(2));
    await hook.start();
    const sub = await subscribe('区卫健委', hook);
    const alert = overdueAlert('3', '区卫健委', ['unit-leader']);
    counted.length = 0;
    await env.run(emitter().emitAlert, alert);
    expect(await deliveryRows(alert.alertId)).toEqual([[sub, 1, 'failed', 503]]);
    expect(counted).toEqual(['webhook:failed']);
    expect(await workflowInput(alert.alertId)).toMatchObject({ alertId: alert.alertId, attemptsMade: 1 });
    const result = await client().workflow.getHandle(alertDeliveryWorkflowId(alert.alertId)).result();
    expect(result.outcomes).toEqual([{ subscriptionId: sub, channel: 'webhook', status: 'delivered', attempt: 3 }]);
    expect(await deliveryRows(alert.alertId)).toEqual([[sub, 1, 'failed', 503], [sub, 2, 'failed', 503], [sub, 3, 'delivered', 200]]);
    expect(hook.countsFor(alert.alertId)).toEqual([503, 503, 200]);
    expect(hook.duplicates).toBe(0);
  });

  it('emitted twice, delivers once: a second emit sends nothing to a receiver that has it', async () => {
    const hook = teardownLater(new WebhookReceiver());
    await hook.start();
    const sub = await subscribe('区住建委', hook);
    const alert = overdueAlert('4', '区住建委', ['unit-leader']);
    const activities = emitter();
    expect(await env.run(activities.emitAlert, alert)).toEqual({ duplicate: false });
    expect(await env.run(activities.emitAlert, alert)).toEqual({ duplicate: true });
    // Another worker's activities (another alert log) retrying it find it delivered too.
    expect(await env.run(emitter().emitAlert, alert)).toEqual({ duplicate: false });
    expect(hook.countsFor(alert.alertId)).toEqual([200]);
    expect(await deliveryRows(alert.alertId)).toEqual([[sub, 1, 'delivered', 200]]);
    expect(await workflowExists(alert.alertId)).toBe(false);
  });

  it('emitted again after a first attempt that failed and no workflow was started, sends nothing itself and starts the workflow', async () => {
    const hook = teardownLater(new WebhookReceiver());
    await hook.start();
    const sub = await subscribe('区交通局', hook);
    const alert = overdueAlert('5', '区交通局', ['unit-leader']);
    // As if an earlier emit made its first attempt and its worker died before it started the workflow.
    await db.insertInto('deliveries').values({
      alert_id: alert.alertId, subscription_id: sub, channel: 'webhook', attempt: 1, status: 'failed', status_code: 503, error: 'HTTP 503 Service Unavailable',
    }).execute();
    await env.run(emitter().emitAlert, alert);
    expect(await workflowInput(alert.alertId)).toMatchObject({ attemptsMade: 1 });
    const result = await client().workflow.getHandle(alertDeliveryWorkflowId(alert.alertId)).result();
    expect(result.outcomes).toEqual([{ subscriptionId: sub, channel: 'webhook', status: 'delivered', attempt: 2 }]);
    expect(hook.countsFor(alert.alertId)).toEqual([200]);
    expect((await deliveryRows(alert.alertId)).map(([, attempt, status]) => [attempt, status])).toEqual([[1, 'failed'], [2, 'delivered']]);
  });

  it('does not wait past its bound for a receiver that never answers: the workflow takes over', async () => {
    const hanging = teardownLater(new SilentReceiver());
    await hanging.start();
    const sub = await subscribe('区水务局', hanging);
    const alert = overdueAlert('6', '区水务局', ['unit-leader']);
    await env.run(emitter(1_000).emitAlert, alert);
    // emitAlert returned before its attempt ended: the attempt is recorded only when the webhook's
    // 15 s timeout ends it (or the receiver answers, which this one never does).
    expect(await deliveryRows(alert.alertId)).toEqual([]);
    expect(await workflowInput(alert.alertId)).toMatchObject({ alertId: alert.alertId, attemptsMade: 1 });
    await eventually(async () => expect(hanging.open).toBeGreaterThanOrEqual(1));
    await client().workflow.getHandle(alertDeliveryWorkflowId(alert.alertId)).terminate('test over');
    await hanging.stop();
    // The late first attempt still ends up in the log, failed, with its own number.
    await eventually(async () => expect(await deliveryRows(alert.alertId)).toContainEqual([sub, 1, 'failed', null]));
  });
});

/** Stops the receiver when the suite ends. */
function teardownLater<T extends { stop(): Promise<void> }>(receiver: T): T {
  return receivers.add('receiver', receiver, (r) => r.stop());
}

/** Takes webhook requests and never answers them; counts those still open. */
class SilentReceiver {
  secret = '';
  open = 0;
  private readonly pending = new Set<IncomingMessage>();
  private readonly server = createServer((req) => {
    this.open++;
    this.pending.add(req);
    req.socket.on('close', () => {
      this.open--;
      this.pending.delete(req);
    });
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/banli/alerts`;
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
