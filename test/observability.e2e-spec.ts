/**
 * Observability over real HTTP: the API's and the worker's GET /metrics in the Prometheus text
 * format, and what moves them (requests, steps, launches, alerts, deliveries, the case gauges
 * against the API's own lists); the metrics token; then the worker and the API as processes
 * (their main.ts) with tracing on, exporting OTLP/JSON to a receiver here: the worker's /metrics
 * carries the Temporal SDK's own metrics, and one trace follows a request into the workflows and
 * their activities across both processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { dongli } from './support/fixtures';
import { WebhookReceiver } from './support/alert-receivers';
import { overdueCycle } from './support/overdue-cycle';
import { diesWithParent } from './support/dies-with-parent';
import { type Exposition, parsePrometheus, valueOf } from './support/prometheus';
import { spawnedServers } from './support/spawned-servers';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT, useTeardown } from './support/teardown';

jest.setTimeout(600_000);

const e2e = useTestSystem('observability');
const ROOT = join(__dirname, '..');

/** The Prometheus text format's media type: text/plain, version 0.0.4, UTF-8 (parameters in any order). */
function expectPrometheusText(contentType: string | undefined): void {
  const [type, ...params] = (contentType ?? '').split(';').map((p) => p.trim());
  expect([type, params.sort()]).toEqual(['text/plain', ['charset=utf-8', 'version=0.0.4']]);
}

/** Down (503) for the first attempt of every alert, then up. */
const hook = new WebhookReceiver(1);
const receivers = useTeardown();
receivers.add('webhook receiver', hook, (h) => h.stop());

beforeAll(async () => {
  await hook.start();
  const sub = await e2e.http().post('/api/subscriptions').send({ name: '督查室', channel: 'webhook', target: hook.url }).expect(201);
  hook.secret = sub.body.secret;
}, HOOK_TIMEOUT.receivers);

async function apiMetrics(): Promise<Exposition> {
  const res = await e2e.anonymous().get('/metrics').expect(200);
  expectPrometheusText(res.headers['content-type']);
  return parsePrometheus(res.text);
}

async function workerMetrics(url = e2e.system.workerMetricsUrl): Promise<Exposition> {
  const res = await request(url).get('').expect(200);
  expectPrometheusText(res.headers['content-type']);
  return parsePrometheus(res.text);
}

const sum = (e: Exposition, name: string, labels: Record<string, string> = {}) =>
  e.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);

describe('the API’s GET /metrics', () => {
  it('answers in the Prometheus text format, without a key, with the API’s metrics and Node’s', async () => {
    const metrics = await apiMetrics();
    expect(Object.fromEntries([...metrics.types].filter(([name]) => name.startsWith('banli_')))).toEqual({
      banli_http_requests_total: 'counter',
      banli_http_request_duration_seconds: 'histogram',
      banli_step_duration_seconds: 'histogram',
      banli_launches_started_total: 'counter',
    });
    expect(metrics.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(metrics.types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
  });

  it('counts and times requests by method, route pattern and status — never by URL, refused ones too', async () => {
    const caseId = 'no-such-cycle.npc-suggestion.404';
    await e2e.http().get(`/api/cases/${caseId}`).expect(404);
    await e2e.anonymous().get('/api/keys').expect(401);
    await e2e.anonymous().get('/api/no-such-route/42').expect(404);
    await e2e.http().post('/api/cycles').set('content-type', 'application/json').send('{"broken json').expect(400);
    const metrics = await apiMetrics();
    const labelValues = metrics.samples.flatMap((s) => Object.values(s.labels));
    expect(labelValues.filter((v) => v.includes('no-such') || v.includes('42'))).toEqual([]);
    expect(valueOf(metrics, 'banli_http_requests_total', { method: 'GET', route: '/api/cases/:caseId', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(metrics, 'banli_http_requests_total', { method: 'GET', route: '/api/keys', status: '401' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(metrics, 'banli_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(metrics, 'banli_http_requests_total', { method: 'POST', route: 'unmatched', status: '400' })).toBeGreaterThanOrEqual(1);
    const timed = { method: 'GET', route: '/api/cases/:caseId', status: '404' };
    expect(valueOf(metrics, 'banli_http_request_duration_seconds_count', timed)).toBe(valueOf(metrics, 'banli_http_requests_total', timed));
    expect(valueOf(metrics, 'banli_http_request_duration_seconds_bucket', { ...timed, le: '+Inf' })).toBe(valueOf(metrics, 'banli_http_request_duration_seconds_count', timed));
  });

  it('counts a launch, and times each step by its action and outcome', async () => {
    const before = await apiMetrics();
    const launched = await e2e.http().post('/api/cycles').send(dongli).expect(201);
    const caseId = launched.body.cases[0].caseId as string;
    await e2e.http().post(`/api/cases/${caseId}/sign`).send({}).expect(200);
    await e2e.http().post(`/api/cases/${caseId}/sign`).send({}).expect(409); // signed already: refused
    const after = await apiMetrics();
    const delta = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(delta('banli_launches_started_total')).toBe(1);
    expect(delta('banli_step_duration_seconds_count', { action: 'sign', outcome: 'applied' })).toBe(1);
    expect(delta('banli_step_duration_seconds_count', { action: 'sign', outcome: 'refused' })).toBe(1);
    expect(delta('banli_step_duration_seconds_sum', { action: 'sign', outcome: 'applied' })).toBeGreaterThan(0);
    expect(delta('banli_http_requests_total', { method: 'POST', route: '/api/cases/:caseId/sign', status: '200' })).toBe(1);
    expect(delta('banli_http_requests_total', { method: 'POST', route: '/api/cases/:caseId/sign', status: '409' })).toBe(1);
  });

  describe('with BANLI_METRICS_TOKEN set', () => {
    const token = 'prometheus-scrape-token-0123456789';
    beforeAll(() => {
      e2e.system.env.BANLI_METRICS_TOKEN = token;
    });
    afterAll(() => {
      e2e.system.env.BANLI_METRICS_TOKEN = '';
    });

    it('answers only the token: not without it, not a wrong one, not an API key', async () => {
      for (const auth of [undefined, 'Bearer prometheus-scrape-token-WRONG', `Bearer ${e2e.system.officeKey}`, `Basic ${Buffer.from(`x:${token}`).toString('base64')}`]) {
        const req = e2e.anonymous().get('/metrics');
        const res = await (auth ? req.set('Authorization', auth) : req).expect(401);
        expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'GET /metrics needs Authorization: Bearer <BANLI_METRICS_TOKEN>' });
        expect(res.headers['www-authenticate']).toBe('Bearer realm="banli-metrics"');
      }
      const res = await e2e.anonymous().get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
      expect(parsePrometheus(res.text).types.get('banli_http_requests_total')).toBe('counter');
    });

    it('is the credential of /metrics only: every other route still takes API keys, and refuses the token', async () => {
      await e2e.http().get('/api/keys').expect(200);
      await e2e.anonymous().get('/api/keys').set('Authorization', `Bearer ${token}`).expect(401);
      await e2e.anonymous().get('/health').expect(200);
    });
  });
});

describe('the worker’s GET /metrics', () => {
  it('answers in the Prometheus text format on its own port, and nothing else', async () => {
    const metrics = await workerMetrics();
    expect(Object.fromEntries([...metrics.types].filter(([name]) => name.startsWith('banli_')))).toEqual({
      banli_alerts_emitted_total: 'counter',
      banli_alert_deliveries_total: 'counter',
      banli_launch_batches_total: 'counter',
      banli_launch_cases_started_total: 'counter',
      banli_launches_finished_total: 'counter',
      banli_case_counts_failures_total: 'counter',
      banli_open_cases: 'gauge',
      banli_overdue_cases: 'gauge',
      banli_cases_needing_attention: 'gauge',
      banli_case_counts_timestamp_seconds: 'gauge',
      banli_temporal_metrics_scrape_failures_total: 'counter',
    });
    expect(metrics.types.get('process_resident_memory_bytes')).toBe('gauge');
    const base = e2e.system.workerMetricsUrl.replace(/\/metrics$/, '');
    await request(base).get('/').expect(404);
    await request(base).get('/api/cases').expect(404);
    await request(base).post('/metrics').expect(405);
  });

  it('counts launches, the alerts emitted by kind and the delivery attempts by channel and result', async () => {
    /** The alerts stored (every one emitted), by kind. */
    const storedByKind = async () => {
      const alerts = (await e2e.http().get('/api/alerts').query({ limit: '1000' }).expect(200)).body.alerts as { kind: string }[];
      expect(alerts.length).toBeLessThan(1000);
      return alerts.reduce<Record<string, number>>((n, a) => ({ ...n, [a.kind]: (n[a.kind] ?? 0) + 1 }), {});
    };
    const before = await workerMetrics();
    const storedBefore = await storedByKind();
    await e2e.http().post('/api/cycles').send(overdueCycle('observability-overdue', ['1', '2'])).expect(201);
    await eventually(async () => {
      const metrics = await workerMetrics();
      const stored = await storedByKind();
      const delta = (name: string, labels: Record<string, string> = {}) => valueOf(metrics, name, labels) - valueOf(before, name, labels);
      const newByKind: Record<string, number> = Object.fromEntries(
        Object.entries(stored).map(([kind, n]): [string, number] => [kind, n - (storedBefore[kind] ?? 0)]).filter(([, n]) => n !== 0),
      );
      const emitted = Object.values(newByKind).reduce((a, b) => a + b, 0);
      // At least each case's sign-for deadline is overdue at launch.
      expect(newByKind.overdue).toBeGreaterThanOrEqual(2);
      expect({
        byKind: Object.fromEntries(Object.keys(newByKind).map((kind) => [kind, delta('banli_alerts_emitted_total', { kind })])),
        allKinds: sum(metrics, 'banli_alerts_emitted_total') - sum(before, 'banli_alerts_emitted_total'),
        // Each alert's first attempt fails (the receiver is down for it), its retry delivers it.
        failed: delta('banli_alert_deliveries_total', { channel: 'webhook', result: 'failed' }),
        delivered: delta('banli_alert_deliveries_total', { channel: 'webhook', result: 'delivered' }),
        launchesCompleted: delta('banli_launches_finished_total', { status: 'completed' }),
        batches: delta('banli_launch_batches_total', { result: 'ok' }),
        casesStarted: delta('banli_launch_cases_started_total'),
      }).toEqual({ byKind: newByKind, allKinds: emitted, failed: emitted, delivered: emitted, launchesCompleted: 1, batches: 1, casesStarted: 2 });
    }, 120_000);
  });

  it('gives the running cases by stage, the overdue ones and those needing the office, as the API lists them', async () => {
    const listed = async (query: Record<string, string>) =>
      (await e2e.http().get('/api/cases').query({ ...query, limit: '1000' }).expect(200)).body.count as number;
    await eventually(async () => {
      const metrics = await workerMetrics();
      const expected = {
        assigned: await listed({ stage: 'assigned' }),
        signed: await listed({ stage: 'signed' }),
        overdue: await listed({ overdue: 'true' }),
      };
      expect(expected.assigned).toBeGreaterThanOrEqual(7); // Dongli but the signed one, and the two overdue cases
      expect(expected.signed).toBe(1);
      expect(expected.overdue).toBeGreaterThanOrEqual(2);
      expect({
        assigned: valueOf(metrics, 'banli_open_cases', { stage: 'assigned' }),
        signed: valueOf(metrics, 'banli_open_cases', { stage: 'signed' }),
        overdue: valueOf(metrics, 'banli_overdue_cases'),
      }).toEqual(expected);
      expect(valueOf(metrics, 'banli_cases_needing_attention')).toBe(0);
      expect(valueOf(metrics, 'banli_case_counts_timestamp_seconds') * 1000).toBeGreaterThan(Date.now() - 60_000);
    }, 90_000);
  });
});

// ---- the processes, with tracing on ----------------------------------------------------------

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

/** An OTLP/HTTP receiver taking JSON (what @opentelemetry/exporter-trace-otlp-http sends). */
class OtlpReceiver {
  readonly spans: ExportedSpan[] = [];
  private readonly server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(415).end();
        return;
      }
      type Attr = { key: string; value: { stringValue?: string } };
      const body = JSON.parse(raw) as { resourceSpans: { resource: { attributes: Attr[] }; scopeSpans: { spans: Omit<ExportedSpan, 'service'>[] }[] }[] };
      for (const rs of body.resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const ss of rs.scopeSpans) {
          for (const s of ss.spans) this.spans.push({ service, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || undefined, name: s.name, kind: s.kind });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  start(): Promise<void> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** `node apps/<app>/src/main.ts` (through ts-node), dying with this process however it ends. */
function startProcess(app: 'api' | 'worker', env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(diesWithParent(process.execPath), ['-r', 'ts-node/register/transpile-only', join(ROOT, `apps/${app}/src/main.ts`)], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawnedServers().add(child);
  child.once('exit', () => spawnedServers().delete(child));
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return Object.assign(child, { output: () => output });
}

/** SIGTERM (the worker drains, both flush their spans), SIGKILL after 30 s. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** The span and its ancestors, as `service name`, up to the first whose parent is not among `spans`. */
function chainOf(span: ExportedSpan, spans: ExportedSpan[]): string[] {
  const chain: string[] = [];
  for (let s: ExportedSpan | undefined = span; s; s = spans.find((p) => p.spanId === s!.parentSpanId)) chain.push(`${s.service} ${s.name}`);
  return chain;
}

describe('the worker and the API as processes, tracing to OTLP', () => {
  const otlp = new OtlpReceiver();
  const teardown = useTeardown();
  const queue = 'e2e-observability-traced';
  let apiUrl = '';
  let workerUrl = '';

  beforeAll(async () => {
    await otlp.start();
    teardown.add('OTLP receiver', otlp, (r) => r.stop());
    const { env } = e2e.system;
    const common = {
      DATABASE_URL: env.DATABASE_URL,
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: queue,
      BANLI_TRACING: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    const metricsPort = await freePort();
    workerUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const worker = teardown.add('worker process', startProcess('worker', {
      ...common,
      METRICS_PORT: String(metricsPort),
      ALERT_LOG_PATH: join(mkdtempSync(join(tmpdir(), 'banli-observability-')), 'alerts.jsonl'),
    }), stopProcess);
    const apiPort = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    const api = teardown.add('API process', startProcess('api', { ...common, PORT: String(apiPort), HOST: '127.0.0.1', BANLI_RATE_LIMIT: '1000000' }), stopProcess);
    // Up when the API answers and the worker polls (its SDK metrics name the task queue's pollers).
    await eventually(async () => {
      for (const child of [worker, api]) if (child.exitCode !== null) throw new Error(`a process exited: ${child.output()}`);
      await request(apiUrl).get('/health').expect(200);
      const text = (await request(workerUrl).get('').expect(200)).text;
      expect(text).toMatch(new RegExp(`^temporal_num_pollers\\{.*task_queue="${queue}".*\\} [1-9]`, 'm'));
    }, 240_000);
  }, HOOK_TIMEOUT.system);

  it('the worker process answers GET /metrics with its own metrics and the Temporal SDK’s', async () => {
    const res = await request(workerUrl).get('').expect(200);
    expectPrometheusText(res.headers['content-type']);
    const metrics = parsePrometheus(res.text);
    const sdk = [...metrics.types.keys()].filter((name) => name.startsWith('temporal_'));
    expect(sdk).toEqual(expect.arrayContaining(['temporal_num_pollers', 'temporal_worker_task_slots_available', 'temporal_request']));
    expect(metrics.types.get('banli_alerts_emitted_total')).toBe('counter');
    expect(valueOf(metrics, 'banli_temporal_metrics_scrape_failures_total')).toBe(0);
    // The API process answers too.
    const api = await request(apiUrl).get('/metrics').expect(200);
    expect(parsePrometheus(api.text).types.get('banli_http_requests_total')).toBe('counter');
  });

  it('follows a launch in one trace: HTTP request → launch workflow → its activity → each case’s workflow → its activities', async () => {
    const office = () => request(apiUrl).post('/api/cycles').set('Authorization', `Bearer ${e2e.system.officeKey}`);
    await office().send({ ...dongli, cycleId: 'observability-traced', cases: dongli.cases.slice(0, 1) }).expect(201);
    const trace = await eventually(async () => {
      const http = otlp.spans.find((s) => s.service === 'banli-api' && s.name === 'POST /api/cycles');
      expect(http).toBeDefined();
      const spans = otlp.spans.filter((s) => s.traceId === http!.traceId);
      const startCase = spans.find((s) => s.name === 'StartWorkflow:caseWorkflow');
      expect(startCase).toBeDefined();
      expect(chainOf(startCase!, spans)).toEqual([
        'banli-worker StartWorkflow:caseWorkflow',
        'banli-worker RunActivity:startLaunchBatch',
        'banli-worker StartActivity:startLaunchBatch',
        'banli-worker RunWorkflow:launchWorkflow',
        'banli-api StartWorkflow:launchWorkflow',
        'banli-api POST /api/cycles',
      ]);
      expect(http!.kind).toBe(2); // SERVER
      // The case's workflow runs on (its own span ends with it); the activities it ran are in the trace.
      const caseActivities = spans.filter((s) => s.service === 'banli-worker' && s.name.startsWith('RunActivity:') && !/startLaunchBatch|finishLaunch/.test(s.name));
      expect(caseActivities.map((s) => s.name)).toContain('RunActivity:planAlerts');
      return spans;
    }, 120_000);
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(['banli-api', 'banli-worker']));
  });

  it('follows a step in one trace: HTTP request → the update → the workflow’s handling of it', async () => {
    const caseId = 'observability-traced.npc-suggestion.11';
    await request(apiUrl).post(`/api/cases/${caseId}/sign`).set('Authorization', `Bearer ${e2e.system.officeKey}`).send({}).expect(200);
    await eventually(async () => {
      const http = otlp.spans.find((s) => s.service === 'banli-api' && s.name === 'POST /api/cases/:caseId/sign');
      expect(http).toBeDefined();
      const spans = otlp.spans.filter((s) => s.traceId === http!.traceId);
      const handle = spans.find((s) => s.name === 'HandleUpdate:signFor');
      const validate = spans.find((s) => s.name === 'ValidateUpdate:signFor');
      expect(handle).toBeDefined();
      expect(validate).toBeDefined();
      const chain = ['banli-api StartWorkflowUpdate:signFor', 'banli-api POST /api/cases/:caseId/sign'];
      expect(chainOf(handle!, spans)).toEqual(['banli-worker HandleUpdate:signFor', ...chain]);
      expect(chainOf(validate!, spans)).toEqual(['banli-worker ValidateUpdate:signFor', ...chain]);
    }, 60_000);
  });
});
