/**
 * Faults, on the system as `npm run dev` runs it (each part its own process): the Temporal dev
 * server on a SQLite file, a real PostgreSQL server, the worker and the API. Processes are killed
 * with SIGKILL (no drain) or stopped and started again; after each fault every case is present
 * and in the right stage, every due alert is delivered once per id, no step is applied twice and
 * no launch is left half-done. Nothing here waits on a clock: every check polls until it holds.
 */
import { Client } from '@temporalio/client';
import { TemporalConnection } from '../../libs/temporal/temporal-connection';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebhookReceiver } from '../support/alert-receivers';
import { type BanliEnvVars, type Proc, startApi, startTemporal, startWorker, type TemporalServer } from '../support/processes';
import { RealPostgres } from '../support/real-postgres';
import { eventually } from '../support/eventually';
import { HOOK_TIMEOUT, useTeardown } from '../support/teardown';

jest.setTimeout(900_000);

const dir = mkdtempSync(join(tmpdir(), 'banli-faults-'));
const teardown = useTeardown();
let pg: RealPostgres;
let temporal: TemporalServer;
let worker: Proc;
let api: { proc: Proc; url: string; officeKey: string };
let apiPort = 0;
let env: BanliEnvVars;
let connection: TemporalConnection;
let client: Client;
/** Every alert of every case, wherever its unit: each id processed once (it dedupes on webhook-id). */
const hook = new WebhookReceiver();

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

interface Res {
  status: number;
  body: any;
  headers: Headers;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${api.officeKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

async function ok(method: string, path: string, body?: unknown): Promise<any> {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

function cases(prefix: string, count: number, leadUnit = '区民政局') {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'npc-suggestion',
    session: '第十七届人大七次会议',
    number: `${prefix}${i + 1}`,
    title: `关于加强社区养老服务的建议（第${i + 1}号）`,
    submitters: [`第${i + 1}号建议领衔代表`],
    leadUnit,
    coUnits: [],
    keySupervised: false,
    closedSession: false,
  }));
}

const caseIdOf = (cycleId: string, number: string) => `${cycleId}.npc-suggestion.${number}`;

/** A cycle assigned in 2020: every deadline is long past, so each case's overdue alerts go out at launch. */
function overdueCycle(cycleId: string, count: number, leadUnit = '区民政局') {
  return {
    cycleId,
    title: '东丽区 2020 年建议办理（逾期催办）',
    jurisdiction: '天津市东丽区',
    assignedOn: '2020-05-07',
    cases: cases('O', count, leadUnit),
    policyOverrides: {
      'npc-suggestion': {
        quietHours: { start: '00:00', end: '00:00', workingDaysOnly: false },
        escalation: { ordinary: [{ id: 'overdue', kind: 'overdue', offsetWorkingDays: 0, recipients: ['supervisor'] }] },
      },
    },
  };
}

/** How many workflow executions (runs) a cycle's cases have: one per case when each was started once. */
async function executionsOf(cycleId: string): Promise<number> {
  let n = 0;
  for await (const _ of client.workflow.list({ query: `BanliCycle = "${cycleId}"` })) n++;
  return n;
}

async function launchCompleted(location: string, total: number): Promise<void> {
  await eventually(async () => {
    const launch = await ok('GET', location);
    expect(launch).toMatchObject({ status: 'completed', total, started: total });
  }, 600_000);
}

/** Every alert a case has sent, by id, once its deadlines' alerts are all sent. */
async function sentAlerts(caseId: string): Promise<string[]> {
  const view = await ok('GET', `/api/cases/${encodeURIComponent(caseId)}`);
  const alerts = (view.deadlines as { alerts?: { alertId: string; status: string }[] }[]).flatMap((d) => d.alerts ?? []);
  expect(alerts.length).toBeGreaterThan(0);
  expect(alerts.filter((a) => a.status !== 'sent' && a.status !== 'skipped')).toEqual([]);
  return alerts.filter((a) => a.status === 'sent').map((a) => a.alertId);
}

/** Every due alert of these cases reached the receiver, each id once, and nothing else of theirs did. */
async function expectEachAlertDeliveredOnce(receiver: WebhookReceiver, caseIds: string[]): Promise<void> {
  await eventually(async () => {
    const due = (await Promise.all(caseIds.map(sentAlerts))).flat();
    expect(new Set(due).size).toBe(due.length);
    const received = [...receiver.processed.keys()].filter((id) => caseIds.some((c) => id.startsWith(`${c}/`)));
    expect(received.sort()).toEqual([...due].sort());
    const stored = (await Promise.all(caseIds.map(async (c) => (await ok('GET', `/api/alerts?caseId=${encodeURIComponent(c)}&limit=500`)).alerts as { alertId: string }[]))).flat();
    expect(stored.map((a) => a.alertId).sort()).toEqual([...due].sort());
  }, 600_000);
}

beforeAll(async () => {
  pg = await RealPostgres.create();
  teardown.add('PostgreSQL', pg, (p) => p.stop());
  pg.start();
  temporal = await startTemporal(dir);
  teardown.add('Temporal dev server', { stop: () => temporal.proc.stop() }, (t) => t.stop());
  env = {
    TEMPORAL_ADDRESS: temporal.address,
    DATABASE_URL: pg.url,
    TEMPORAL_TASK_QUEUE: 'faults',
    // Fast delivery retries (the default waits 10 s, then longer), so the receiver's return is seen soon.
    ALERT_RETRY_INITIAL_MS: '200',
    ALERT_RETRY_MAX_INTERVAL_MS: '1000',
    // The webhook receiver listens on loopback, which the operator must allow.
    BANLI_WEBHOOK_ALLOW_HOSTS: 'loopback',
  };
  worker = await startWorker(dir, env);
  teardown.add('worker', { stop: () => worker.stop() }, (w) => w.stop());
  api = await startApi(dir, env);
  apiPort = Number(new URL(api.url).port);
  teardown.add('API', { stop: () => api.proc.stop() }, (a) => a.stop());
  connection = TemporalConnection.open({ address: temporal.address });
  teardown.add('Temporal connection', connection, (c) => c.close());
  client = new Client({ connection });
  await hook.start();
  teardown.add('webhook receiver', hook, (h) => h.stop());
  const sub = await ok('POST', '/api/subscriptions', { name: '区政府督查室', channel: 'webhook', target: hook.url });
  hook.secret = sub.secret;
}, HOOK_TIMEOUT.system);

describe('kill -9 of the worker', () => {
  it('in the middle of a launch: the launch completes, every case started once and assigned', async () => {
    const launched = await call('POST', '/api/cycles', { cycleId: 'fault-launch', title: '东丽区 2026 年建议办理', jurisdiction: '天津市东丽区', assignedOn: today, cases: cases('K', 150) });
    expect(launched.status).toBe(202);
    const location = launched.headers.get('location')!;
    // Killed once some cases are started and not all (the launch's pacing holds it after a batch).
    const before = await eventually(async () => {
      const launch = await ok('GET', location);
      expect(launch.started).toBeGreaterThan(0);
      return launch;
    }, 120_000);
    await worker.kill9();
    expect(before).toMatchObject({ status: 'running', total: 150 });
    expect(before.started).toBeLessThan(150);
    worker = await startWorker(dir, env);
    await launchCompleted(location, 150);
    expect(await executionsOf('fault-launch')).toBe(150);
    await eventually(async () => {
      const listed = await ok('GET', '/api/cases?cycleId=fault-launch&limit=500');
      expect(listed.count).toBe(150);
      expect(new Set((listed.cases as { stage: string }[]).map((c) => c.stage))).toEqual(new Set(['assigned']));
    }, 120_000);
  });

  it('while a cycle’s alerts fall due: each due alert is delivered, once per id', async () => {
    const launched = await ok('POST', '/api/cycles', overdueCycle('fault-alerts', 30));
    await worker.kill9();
    worker = await startWorker(dir, env);
    const caseIds = (launched.cases as { caseId: string }[]).map((c) => c.caseId);
    expect(caseIds).toHaveLength(30);
    await expectEachAlertDeliveredOnce(hook, caseIds);
  });
});

describe('the webhook receiver down for a while, then back', () => {
  const down = new WebhookReceiver();
  afterAll(() => down.stop(), HOOK_TIMEOUT.receivers);

  it('gets every alert once it is back, each id once', async () => {
    await down.startDown();
    const sub = await ok('POST', '/api/subscriptions', { name: '区档案局 值班', channel: 'webhook', target: down.url, unit: '区档案局' });
    down.secret = sub.secret;
    const launched = await ok('POST', '/api/cycles', overdueCycle('fault-receiver', 10, '区档案局'));
    const caseIds = (launched.cases as { caseId: string }[]).map((c) => c.caseId);
    // The alerts are due and their deliveries to it are failing (connection refused) meanwhile.
    await eventually(async () => {
      const alerts = (await ok('GET', `/api/alerts?caseId=${encodeURIComponent(caseIds[0])}`)).alerts as { alertId: string }[];
      expect(alerts.length).toBeGreaterThan(0);
      const attempts = (await ok('GET', `/api/alerts/${encodeURIComponent(alerts[0].alertId)}/deliveries`)).attempts as { subscriptionId: string; status: string }[];
      expect(attempts.filter((a) => a.subscriptionId === sub.id && a.status === 'failed').length).toBeGreaterThanOrEqual(2);
    }, 120_000);
    expect(down.requests).toHaveLength(0);
    await down.up();
    await expectEachAlertDeliveredOnce(down, caseIds);
  });
});

describe('a restart of the dev server on the same SQLite file', () => {
  it('keeps every case and launch; steps and launches work again after it', async () => {
    const before = await executionsOf('fault-launch');
    const port = Number(temporal.address.split(':')[1]);
    await temporal.proc.stop();
    temporal = await startTemporal(dir, temporal.dbFile, port);
    expect(await executionsOf('fault-launch')).toBe(before);
    const caseId = caseIdOf('fault-launch', 'K150');
    const signed = await eventually(async () => ok('POST', `/api/cases/${encodeURIComponent(caseId)}/sign`, {}), 120_000);
    expect(signed.stage).toBe('signed');
    const launched = await ok('POST', '/api/cycles', { cycleId: 'fault-after-restart', title: '东丽区 2026 年建议办理', jurisdiction: '天津市东丽区', assignedOn: today, cases: cases('N', 20) });
    expect(launched.cases).toHaveLength(20);
    expect(await eventually(async () => {
      const n = await executionsOf('fault-after-restart');
      expect(n).toBe(20);
      return n;
    })).toBe(20);
  });
});

describe('kill -9 of the API during a burst of idempotent step calls', () => {
  it('each call retried with its Idempotency-Key applies its step once', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => caseIdOf('fault-launch', `K${i + 1}`));
    const signOnce = async (caseId: string): Promise<void> => {
      for (;;) {
        const res = await call('POST', `/api/cases/${encodeURIComponent(caseId)}/sign`, { actor: '区民政局 张三' }, { 'idempotency-key': `sign-${caseId}` }).catch(() => undefined);
        if (res?.status === 200) return;
        if (res && res.status < 500) throw new Error(`${caseId}: ${res.status} ${JSON.stringify(res.body)}`);
        await new Promise((r) => setTimeout(r, 250)); // the API is down or Temporal timed out: retry with the same key
      }
    };
    const burst = Promise.all(ids.map(signOnce));
    await new Promise((r) => setTimeout(r, 300));
    await api.proc.kill9();
    api = await startApi(dir, env, apiPort);
    await burst;
    for (const caseId of ids) {
      const view = await ok('GET', `/api/cases/${encodeURIComponent(caseId)}`);
      expect(view.stage).toBe('signed');
      expect((view.history as { action: string }[]).filter((h) => h.action === 'sign')).toHaveLength(1);
    }
  });
});

describe('PostgreSQL stopped and started', () => {
  it('a launch refused while it is down starts nothing; alerts due meanwhile are delivered once it is back', async () => {
    const launched = await ok('POST', '/api/cycles', overdueCycle('fault-pg-alerts', 10));
    pg.stop();
    const refused = await call('POST', '/api/cycles', { cycleId: 'fault-pg-launch', title: '东丽区 2026 年建议办理', jurisdiction: '天津市东丽区', assignedOn: today, cases: cases('P', 10) });
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(await executionsOf('fault-pg-launch')).toBe(0);
    pg.start();
    const again = await eventually(async () => ok('POST', '/api/cycles', { cycleId: 'fault-pg-launch', title: '东丽区 2026 年建议办理', jurisdiction: '天津市东丽区', assignedOn: today, cases: cases('P', 10) }), 120_000);
    expect(again.cases).toHaveLength(10);
    // Neither process died of a connection lost under it (one checked out when the server stopped).
    expect({ worker: worker.running, api: api.proc.running }).toEqual({ worker: true, api: true });
    // The launch's activities back off while the database is away: on a busy machine the starts come late, but they come.
    await eventually(async () => expect(await executionsOf('fault-pg-launch')).toBe(10), 120_000);
    await expectEachAlertDeliveredOnce(hook, (launched.cases as { caseId: string }[]).map((c) => c.caseId));
  });
});
