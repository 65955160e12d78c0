/**
 * `npm run bench`: banli against raw Temporal, side by side in one run on one dev server.
 *
 * Starts its own Temporal dev server (SQLite file), embedded PostgreSQL, worker and API as
 * processes, then measures: the launch (POST /api/cycles vs @temporalio/client starts), step
 * latency (API vs executeUpdate), alert latency (a deadline's instant to a loopback webhook),
 * staying responsive during the launch, N cases waiting on timers (RSS, SQLite bytes, history),
 * the read side, and a case with a re-handling round on the time-skipping server.
 * Prints a table and writes bench/results/<date>.json. A benchmark, not a test: nothing fails on speed.
 *
 *   npm run bench                  full sizes (1,000-case launch, 2,000 steps, 10,000 cases)
 *   BENCH_SCALE=3000 npm run bench open cases for the scale figures
 *   BENCH_QUICK=1 npm run bench    small sizes, for a smoke test
 *   BENCH_LABEL=before             written as bench/results/<date>-before.json
 *   BENCH_MACHINE_NOTE="…"         what else the machine was doing, recorded with the figures
 */
import '../test/support/quiet-runtime';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCaseWorker, TIME_SKIPPING_WORKER, WORKFLOWS_PATH } from '../apps/worker/src/case-worker';
import { AlertLog } from '../activities/notify/alert-log';
import { toCaseInput } from '../apps/api/src/cycles/case-input';
import { chinaDateOf, endOfChinaDay } from '../libs/calendar/iso-date';
import { CASE_SEARCH_ATTRIBUTES, type CaseInput, type LaunchCase, stepUpdate, getStateQuery } from '../libs/contract';
import { createDatabase, migrateToLatest } from '../libs/db';
import { CASE_KINDS, presetFor } from '../libs/policy';
import { startCase } from '../libs/temporal/case-starter';
import { TemporalConnection } from '../libs/temporal/temporal-connection';
import { eachLimited } from '../libs/temporal/each-limited';
import { ensureSearchAttributes } from '../libs/temporal/search-attributes';
import { steps as stepInputs } from '../test/support/fixtures';
import { temporalBinaries } from '../test/support/temporal-binaries';
import { historySize, recordedHistorySize } from './history-size';
import { type BanliEnvVars, type Proc, startApi, startPostgres, startTemporal, startWorker } from '../test/support/processes';

const QUICK = process.env.BENCH_QUICK === '1';
const sized = (name: string, otherwise: number) => Number(process.env[name] ?? otherwise);
const SIZE = QUICK
  ? { launch: 40, steps: 80, concurrency: 10, alerts: 20, fewAlerts: 5, scale: sized('BENCH_SCALE', 200), probeCases: 6, tsCases: 1, alertLeadS: 60 }
  : {
    launch: sized('BENCH_LAUNCH', 1000),
    steps: sized('BENCH_STEPS', 2000),
    concurrency: 20,
    alerts: sized('BENCH_ALERTS', 300),
    /** The "few hundred deadlines in the same minute": 75 cases owe 300 alerts (four deadlines each past). */
    fewAlerts: sized('BENCH_FEW_ALERTS', 75),
    scale: sized('BENCH_SCALE', 10_000),
    probeCases: 40,
    tsCases: 3,
    alertLeadS: sized('BENCH_ALERT_LEAD_S', 150),
  };
/** As many at once as the launch activity starts (activities/launch START_CONCURRENCY). */
const RAW_START_CONCURRENCY = 16;
const UNITS = ['区民政局', '区教育局', '区卫健委', '区住建委', '区交通局'];
const OFFICE_PATH = [
  ['sign', {}],
  ['work-plan', stepInputs.workPlan],
  ['contact', stepInputs.contact],
  ['draft-reply', stepInputs.draft],
  ['sign-off', stepInputs.signOff],
  ['review', stepInputs.review],
  ['reply', stepInputs.reply],
  ['visit', stepInputs.visit],
] as const;
const STEPS_PER_CASE = OFFICE_PATH.length;
/** Into how many blocks each side's step calls are cut, the two sides taking turns. */
const STEP_BLOCKS = Number(process.env.BENCH_STEP_BLOCKS ?? 5);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (...args: unknown[]) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

/** The tuning settings the worker and API ran with (from this process's environment; unset: the defaults). */
function settings(): Record<string, string> {
  const names = ['WORKER_MAX_CACHED_WORKFLOWS', 'WORKER_HEAP_MB', 'LAUNCH_MAX_BACKLOG'];
  return Object.fromEntries(names.map((name) => [name, process.env[name] ?? 'default']));
}

function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

function launchCases(prefix: string, count: number, offset = 0): LaunchCase[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'npc-suggestion' as const,
    session: '第十七届人大七次会议',
    number: `${prefix}${offset + i + 1}`,
    title: `关于加强社区养老服务的建议（第${offset + i + 1}号）`,
    submitters: [`第${offset + i + 1}号建议领衔代表`],
    leadUnit: UNITS[(offset + i) % UNITS.length],
    coUnits: [],
    keySupervised: false,
    closedSession: false,
    complex: false,
  }));
}

class Api {
  constructor(readonly url: string, private readonly key: string) {}
  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }
  async ok(method: string, path: string, body?: unknown): Promise<any> {
    const res = await this.call(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    return res.body;
  }
}

/** Launches a cycle through the API and waits until its launch reads completed; returns seconds. */
async function launchThroughApi(api: Api, cycle: Record<string, unknown>): Promise<number> {
  const t0 = performance.now();
  const res = await api.call('POST', '/api/cycles', cycle);
  if (res.status !== 201 && res.status !== 202) throw new Error(`launch answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
  if (res.status === 202) {
    const location = res.headers.get('location')!;
    for (;;) {
      const launch = await api.call('GET', location);
      if (launch.status === 200 && launch.body.status === 'completed') break;
      if (launch.status === 200 && launch.body.status === 'failed') throw new Error(`launch failed: ${JSON.stringify(launch.body)}`);
      await sleep(200);
    }
  }
  return (performance.now() - t0) / 1000;
}

/** The cycle's cases as their workflows get them (the raw side starts the same inputs). */
function inputsOf(cycleId: string, cases: LaunchCase[], assignedOn: string): CaseInput[] {
  const cycle = { cycleId, title: '东丽区 2026 年建议办理（基准）', jurisdiction: '天津市东丽区', policies: Object.fromEntries(CASE_KINDS.map((k) => [k, presetFor(k)])) as Parameters<typeof toCaseInput>[0]['policies'] };
  return cases.map((c) => toCaseInput(cycle, c, assignedOn));
}

/** A step call and a case read every second while `during` runs. */
async function probeWhile<T>(api: Api, probeCases: string[], next: { i: number }, during: () => Promise<T>): Promise<{ result: T; step: number[]; read: number[]; failures: string[] }> {
  const step: number[] = [];
  const read: number[] = [];
  const failures: string[] = [];
  let done = false;
  const probing = (async () => {
    while (!done) {
      const tick = performance.now();
      const n = next.i++;
      const caseId = probeCases[Math.floor(n / STEPS_PER_CASE) % probeCases.length];
      const [action, body] = OFFICE_PATH[n % STEPS_PER_CASE];
      await Promise.all([
        (async () => {
          if (n >= probeCases.length * STEPS_PER_CASE) return;
          const t = performance.now();
          const res = await api.call('POST', `/api/cases/${encodeURIComponent(caseId)}/${action}`, body).catch((e: Error) => ({ status: 0, body: e.message }));
          if (res.status === 200) step.push(performance.now() - t);
          else failures.push(`step ${action}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        })(),
        (async () => {
          const t = performance.now();
          const res = await api.call('GET', `/api/cases/${encodeURIComponent(probeCases[n % probeCases.length])}`).catch((e: Error) => ({ status: 0, body: e.message }));
          if (res.status === 200) read.push(performance.now() - t);
          else failures.push(`read: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        })(),
      ]);
      await sleep(Math.max(0, 1000 - (performance.now() - tick)));
    }
  })();
  try {
    const result = await during();
    return { result, step, read, failures };
  } finally {
    done = true;
    await probing;
  }
}

/**
 * Performs every case's office path, `concurrency` cases at a time; the latency of each call that
 * succeeded, and what failed (a case whose step failed goes no further).
 */
async function stepLanes(caseIds: string[], concurrency: number, perform: (caseId: string, action: string, body: object) => Promise<void>): Promise<{ latencies: number[]; failures: string[] }> {
  const latencies: number[] = [];
  const failures: string[] = [];
  await eachLimited(caseIds, concurrency, async (caseId) => {
    for (const [action, body] of OFFICE_PATH) {
      const t = performance.now();
      try {
        await perform(caseId, action, body);
      } catch (err) {
        failures.push(`${caseId} ${action}: ${err instanceof Error ? err.message.slice(0, 300) : String(err)}`);
        return;
      }
      latencies.push(performance.now() - t);
    }
  });
  return { latencies, failures };
}

/**
 * Until the worker has caught up: its task queues' backlogs empty (what a launch leaves behind —
 * each case's first workflow task, its due-date, alert-plan and projection activities). Seconds.
 */
async function drained(client: Client, taskQueue: string, timeoutMs = 900_000): Promise<number> {
  const t0 = performance.now();
  let calm = 0;
  while (performance.now() - t0 < timeoutMs) {
    let backlog = 0;
    for (const taskQueueType of [1, 2]) {
      const res = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType, reportStats: true } as never);
      backlog += Number((res as { stats?: { approximateBacklogCount?: number | Long } }).stats?.approximateBacklogCount ?? 0);
    }
    calm = backlog === 0 ? calm + 1 : 0;
    if (calm >= 3) break;
    await sleep(500);
  }
  return (performance.now() - t0) / 1000;
}

/** A webhook receiver on loopback: when each alert id first arrived. */
class Receiver {
  readonly arrivals = new Map<string, number>();
  duplicates = 0;
  private server?: Server;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const at = Date.now();
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['webhook-id'] ?? '');
        if (this.arrivals.has(id)) this.duplicates++;
        else this.arrivals.set(id, at);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/banli/alerts`;
  }
  async stop(): Promise<void> {
    const server = this.server;
    if (!server?.listening) return;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

/** China wall-clock HH:MM of an instant. */
function chinaClock(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(11, 16);
}

interface Figure {
  figure: string;
  unit: string;
  banli: number | null;
  raw: number | null;
  ratio: number | null;
  goal: string;
  met: boolean | null;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'banli-bench-'));
  if (process.env.BANLI_RUN_DIST !== '0') {
    // The worker and the API run from dist/ as `npm run dev` runs them (ts-node would add its compiler to their memory).
    log('building dist/ (tsc -p tsconfig.build.json)');
    const built = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: join(__dirname, '..'), stdio: 'inherit' });
    if (built.status !== 0) throw new Error('the build failed');
    process.env.BANLI_RUN_DIST = '1';
  }
  log(`${QUICK ? 'quick' : 'full'} run; processes and logs in ${dir}`);
  const figures: Figure[] = [];
  const extra: Record<string, unknown> = {};
  const procs: Proc[] = [];
  const receiver = new Receiver();
  let connection: TemporalConnection | undefined;
  try {
    const temporal = await startTemporal(dir);
    procs.push(temporal.proc);
    const pg = await startPostgres(dir);
    procs.push(pg.proc);
    // The alert receiver listens on loopback, which webhooks may reach only when the operator allows it.
    const env: BanliEnvVars = { TEMPORAL_ADDRESS: temporal.address, DATABASE_URL: pg.url, TEMPORAL_TASK_QUEUE: 'bench', BANLI_WEBHOOK_ALLOW_HOSTS: 'loopback' };
    let worker = await startWorker(dir, env);
    procs.push(worker);
    const started = await startApi(dir, env);
    procs.push(started.proc);
    const api = new Api(started.url, started.officeKey);
    connection = TemporalConnection.open({ address: temporal.address });
    const client = new Client({ connection });
    const today = chinaDateOf(new Date());
    const cycleBody = (cycleId: string, cases: LaunchCase[]) => ({ cycleId, title: '东丽区 2026 年建议办理（基准）', jurisdiction: '天津市东丽区', assignedOn: today, cases });
    log('system up');

    // --- cases the responsiveness probes step through ------------------------------------------
    const probeCycle = launchCases('P', SIZE.probeCases);
    await launchThroughApi(api, cycleBody('bench-probe', probeCycle));
    const probeIds = inputsOf('bench-probe', probeCycle, today).map((c) => c.caseId);
    const probeNext = { i: 0 };

    // --- launch ----------------------------------------------------------------------------------
    const apiCases = launchCases('A', SIZE.launch);
    await drained(client, 'bench');
    // Started: until the launch reads completed (every case's workflow started). Settled: until the
    // worker has also run what the starts left (task queues empty).
    const apiLaunch = await probeWhile(api, probeIds, probeNext, async () => {
      const startedS = await launchThroughApi(api, cycleBody('bench-api', apiCases));
      return { startedS, settledS: startedS + (await drained(client, 'bench')) };
    });
    const rawInputs = inputsOf('bench-raw', launchCases('R', SIZE.launch), today);
    const rawLaunch = await probeWhile(api, probeIds, probeNext, async () => {
      const t0 = performance.now();
      await eachLimited(rawInputs, RAW_START_CONCURRENCY, async (input) => { await startCase(client, 'bench', input); });
      const startedS = (performance.now() - t0) / 1000;
      return { startedS, settledS: startedS + (await drained(client, 'bench')) };
    });
    for (const what of ['startedS', 'settledS'] as const) {
      const banliRate = SIZE.launch / apiLaunch.result[what];
      const rawRate = SIZE.launch / rawLaunch.result[what];
      figures.push({ figure: `launch ${SIZE.launch} cases, until every case ${what === 'startedS' ? 'is started' : 'has settled (queues empty)'}`, unit: 'cases/s', banli: round(banliRate), raw: round(rawRate), ratio: round(banliRate / rawRate, 2), goal: '≥ 0.8', met: banliRate / rawRate >= 0.8 });
      log(`launch (${what}): banli ${banliRate.toFixed(1)}/s, raw ${rawRate.toFixed(1)}/s`);
    }
    for (const [name, probe] of [['during the banli launch', apiLaunch], ['during the raw starts', rawLaunch]] as const) {
      const stepP99 = percentile(probe.step, 99);
      const readP99 = percentile(probe.read, 99);
      figures.push({ figure: `step call ${name} p99`, unit: 'ms', banli: round(stepP99, 0), raw: null, ratio: null, goal: '< 3000, no 5xx', met: stepP99 < 3000 && probe.failures.length === 0 });
      figures.push({ figure: `case read ${name} p99`, unit: 'ms', banli: round(readP99, 0), raw: null, ratio: null, goal: '< 3000, no 5xx', met: readP99 < 3000 && probe.failures.length === 0 });
      extra[`probes ${name}`] = { steps: probe.step.length, reads: probe.read.length, failures: probe.failures.slice(0, 20), failureCount: probe.failures.length };
    }

    // --- step latency ----------------------------------------------------------------------------
    const stepCases = Math.ceil(SIZE.steps / STEPS_PER_CASE);
    const apiStepIds = inputsOf('bench-api', apiCases, today).slice(0, stepCases).map((c) => c.caseId);
    const rawStepIds = rawInputs.slice(0, stepCases).map((c) => c.caseId);
    const cpu0 = worker.cpuMs();
    const apiRun = { latencies: [] as number[], failures: [] as string[] };
    const rawRun = { latencies: [] as number[], failures: [] as string[] };
    const apiBlock = (ids: string[]) => stepLanes(ids, SIZE.concurrency, async (caseId, action, body) => {
      await api.ok('POST', `/api/cases/${encodeURIComponent(caseId)}/${action}`, body);
    });
    const rawBlock = (ids: string[]) => stepLanes(ids, SIZE.concurrency, async (caseId, action, body) => {
      await client.workflow.getHandle(caseId).executeUpdate(stepUpdate(action as 'sign'), { args: [body as never] });
    });
    // The two sides take turns, a block each (API, raw, raw, API, API, raw…): a host that slows
    // down or catches up during the measurement weighs on both alike.
    for (let b = 0; b < STEP_BLOCKS; b++) {
      const block = (ids: string[]) => ids.slice(Math.floor((b * ids.length) / STEP_BLOCKS), Math.floor(((b + 1) * ids.length) / STEP_BLOCKS));
      const sides: [typeof apiRun, () => Promise<typeof apiRun>][] = [
        [apiRun, () => apiBlock(block(apiStepIds))],
        [rawRun, () => rawBlock(block(rawStepIds))],
      ];
      for (const [into, run] of b % 2 === 0 ? sides : [...sides].reverse()) {
        const { latencies, failures } = await run();
        into.latencies.push(...latencies);
        into.failures.push(...failures);
      }
    }
    const apiSteps = apiRun.latencies;
    const rawSteps = rawRun.latencies;
    extra.stepFailures = { banli: apiRun.failures.length, raw: rawRun.failures.length, examples: [...apiRun.failures, ...rawRun.failures].slice(0, 20) };
    const cpuPerStep = (worker.cpuMs() - cpu0) / (apiSteps.length + rawSteps.length);
    for (const p of [50, 99]) {
      const b = percentile(apiSteps, p);
      const r = percentile(rawSteps, p);
      figures.push({ figure: `step latency p${p} (${apiSteps.length} calls, ${SIZE.concurrency} at once)`, unit: 'ms', banli: round(b, 0), raw: round(r, 0), ratio: round(b / r, 2), goal: p === 99 ? '≤ 1.3×' : '', met: p === 99 ? b / r <= 1.3 : null });
    }
    figures.push({ figure: 'worker CPU per step', unit: 'ms', banli: round(cpuPerStep, 2), raw: null, ratio: null, goal: '', met: null });
    log(`steps: banli p99 ${percentile(apiSteps, 99).toFixed(0)} ms, raw p99 ${percentile(rawSteps, 99).toFixed(0)} ms`);

    // --- history of a full case --------------------------------------------------------------------
    const full = apiStepIds.find((id) => !apiRun.failures.some((f) => f.startsWith(`${id} `)))!;
    await api.ok('POST', `/api/cases/${encodeURIComponent(full)}/survey`, { result: 'satisfied', attitude: 'satisfied' });
    const history = historySize(await client.workflow.getHandle(full).fetchHistory());
    const recorded = recordedHistorySize('v13', 'closed-on-time');
    figures.push({ figure: 'history events per full case', unit: 'events', banli: history.events, raw: null, ratio: null, goal: '', met: null });
    figures.push({ figure: 'history bytes per full case', unit: 'bytes', banli: history.bytes, raw: null, ratio: null, goal: '', met: null });
    extra.history = { liveCase: history, recordedV13ClosedOnTime: recorded ?? null };

    // --- alert latency -----------------------------------------------------------------------------
    await receiver.start();
    await api.ok('POST', '/api/subscriptions', { name: '基准 webhook', channel: 'webhook', target: receiver.url });
    // Two instants a minute apart, each a minute boundary ahead, each the end of quiet hours from
    // 00:00 China time for its cycle: every case is long overdue, so its overdue alerts are held
    // until its cycle's instant and then go out, all at once. First the few hundred
    // alerts (the worker's first burst, its code not yet optimised), then the stress burst of
    // four times as many cases (its second).
    const firstMs = (now: number) => Math.ceil((now + SIZE.alertLeadS * 1000) / 60_000) * 60_000;
    // Never across China's midnight, where quiet hours from 00:00 would end before they start: wait for it.
    const across = (ms: number) => chinaClock(Date.now()) >= chinaClock(ms) || chinaClock(ms + 60_000) <= chinaClock(ms);
    if (across(firstMs(Date.now()))) {
      log('alerts: waiting for midnight in China');
      await sleep(Date.parse(endOfChinaDay(chinaDateOf(new Date()))) - Date.now() + 1000);
    }
    const dueMs = firstMs(Date.now());
    const waves = [
      { name: 'few', about: "the issue's few hundred, the worker's first burst", cycleId: 'bench-alerts-few', cases: launchCases('F', SIZE.fewAlerts), dueMs },
      { name: 'stress', about: "stress, the worker's second burst", cycleId: 'bench-alerts', cases: launchCases('L', SIZE.alerts), dueMs: dueMs + 60_000 },
    ].filter((w) => w.cases.length > 0);
    const cpuA = worker.cpuMs();
    for (const wave of waves) {
      await launchThroughApi(api, {
        cycleId: wave.cycleId,
        title: '东丽区 2020 年建议办理（逾期催办基准）',
        jurisdiction: '天津市东丽区',
        assignedOn: '2020-05-07',
        cases: wave.cases,
        policyOverrides: {
          'npc-suggestion': {
            quietHours: { start: '00:00', end: chinaClock(wave.dueMs), workingDaysOnly: false },
            escalation: { ordinary: [{ id: 'overdue', kind: 'overdue', offsetWorkingDays: 0, recipients: ['supervisor'] }] },
          },
        },
      });
      log(`alerts: ${wave.cases.length} cases launched ${((wave.dueMs - Date.now()) / 1000).toFixed(0)} s before their alerts' instant (${new Date(wave.dueMs).toISOString()})`);
    }
    // Each case owes one overdue alert per deadline past, all held until its cycle's instant.
    const heldCase = `/api/cases/${encodeURIComponent(inputsOf(waves[0].cycleId, waves[0].cases.slice(-1), '2020-05-07')[0].caseId)}`;
    let perCase = 0;
    for (let tries = 0; perCase === 0 && tries < 120; tries++) {
      const held = await api.call('GET', heldCase);
      if (held.status === 200) perCase = (held.body.deadlines as { alerts?: { status: string }[] }[]).flatMap((d) => d.alerts ?? []).filter((a) => a.status === 'scheduled' || a.status === 'sent').length;
      if (perCase === 0) await sleep(500);
    }
    const expectedAlerts = perCase * waves.reduce((n, w) => n + w.cases.length, 0);
    const waitUntil = waves[waves.length - 1].dueMs + (QUICK ? 240_000 : 600_000);
    while (Date.now() < waitUntil && receiver.arrivals.size < expectedAlerts) await sleep(250);
    await sleep(3000); // a duplicate would come now
    const cpuPerAlert = (worker.cpuMs() - cpuA) / Math.max(1, receiver.arrivals.size);
    const alertsExtra: Record<string, unknown> = {};
    for (const wave of waves) {
      // An alert's id begins with its case's id, which begins with its cycle's.
      const arrivals = [...receiver.arrivals].filter(([id]) => id.startsWith(`${wave.cycleId}.`)).map(([, at]) => at);
      const expected = perCase * wave.cases.length;
      const latencies = arrivals.map((at) => at - wave.dueMs);
      const p99 = percentile(latencies, 99);
      const what = `${arrivals.length} of ${expected} alerts of ${wave.cases.length} cases at one instant, ${wave.about}`;
      figures.push({ figure: `alert latency p50 (${what})`, unit: 'ms', banli: round(percentile(latencies, 50), 0), raw: null, ratio: null, goal: '', met: null });
      figures.push({ figure: `alert latency p99 (${wave.name})`, unit: 'ms', banli: round(p99, 0), raw: null, ratio: null, goal: '≤ 1000', met: p99 <= 1000 && arrivals.length === expected && receiver.duplicates === 0 });
      alertsExtra[wave.name] = { cases: wave.cases.length, expected, delivered: arrivals.length, instant: new Date(wave.dueMs).toISOString(), earliestMs: Math.min(...latencies) };
    }
    figures.push({ figure: 'worker CPU per alert (launch and delivery included)', unit: 'ms', banli: round(cpuPerAlert, 1), raw: null, ratio: null, goal: '', met: null });
    // Who sent them: the dispatcher (claimed) or the workflows' own emits (v12, README "Alert delivery").
    const armedDb = createDatabase(pg.url, 1);
    const byState = await armedDb.selectFrom('armed_alerts').select(['state', (eb) => eb.fn.countAll<string>().as('count')]).where('case_id', 'like', 'bench-alerts%').groupBy('state').execute().finally(() => armedDb.destroy());
    extra.alerts = {
      ...alertsExtra, expected: expectedAlerts, delivered: receiver.arrivals.size, duplicates: receiver.duplicates,
      armedAlertStates: Object.fromEntries(byState.map((r) => [r.state, Number(r.count)])),
    };

    // --- scale: N open cases waiting on timers -------------------------------------------------------
    const open = SIZE.probeCases + 2 * SIZE.launch + SIZE.fewAlerts + SIZE.alerts - 1;
    const db0 = temporal.dbBytes();
    let toLaunch = Math.max(0, SIZE.scale - open);
    let offset = 0;
    const tScale = performance.now();
    while (toLaunch > 0) {
      const n = Math.min(1000, toLaunch); // a launch body of 1,000 cases stays under the API's body limit (5,000 answered 413)
      await launchThroughApi(api, cycleBody(`bench-scale-${offset}`, launchCases('S', n, offset)));
      offset += n;
      toLaunch -= n;
      log(`scale: ${open + offset} cases`);
    }
    const scaleSeconds = (performance.now() - tScale) / 1000;
    await sleep(QUICK ? 3000 : 20_000); // let the projections and the first timers settle
    const total = open + offset;
    const dbBytes = temporal.dbBytes();
    figures.push({ figure: `worker RSS with ${total} open cases`, unit: 'MB', banli: round(worker.rss() / 2 ** 20, 0), raw: null, ratio: null, goal: '≤ 512', met: worker.rss() <= 512 * 2 ** 20 });
    figures.push({ figure: `API RSS with ${total} open cases`, unit: 'MB', banli: round(started.proc.rss() / 2 ** 20, 0), raw: null, ratio: null, goal: '', met: null });
    figures.push({ figure: 'dev server SQLite bytes per case', unit: 'bytes', banli: offset > 0 ? round((dbBytes - db0) / offset, 0) : round(dbBytes / total, 0), raw: null, ratio: null, goal: '', met: null });
    // The RSS above keeps the peak of the launches before it (V8 does not give its heap back). A
    // worker started now holds only the cases whose tasks it gets: waiting cases cost it nothing.
    const peakRss = worker.rss();
    await worker.stop();
    worker = await startWorker(dir, env, 'worker-2');
    procs.push(worker);
    await sleep(QUICK ? 5000 : 30_000);
    figures.push({ figure: `worker RSS after a restart, ${total} cases still open`, unit: 'MB', banli: round(worker.rss() / 2 ** 20, 0), raw: null, ratio: null, goal: '≤ 512', met: worker.rss() <= 512 * 2 ** 20 });
    extra.scale = { openCases: total, launchedForScale: offset, launchSeconds: round(scaleSeconds, 0), sqliteBytes: dbBytes, peakWorkerRssMB: round(peakRss / 2 ** 20, 0) };

    // --- read side ------------------------------------------------------------------------------------
    const listPath = `/api/cases?unit=${encodeURIComponent(UNITS[1])}&stage=assigned&limit=500`;
    const expected = Math.floor(total / UNITS.length) * 0.5; // at least half of a unit's cases are still assigned
    const projectedBy = Date.now() + 300_000;
    while (Date.now() < projectedBy) {
      const page = await api.call('GET', listPath);
      if (page.status === 200 && (page.body.total ?? page.body.count) >= expected) break;
      await sleep(2000);
    }
    const listMs: number[] = [];
    const rawListMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      const page = await api.ok('GET', listPath);
      listMs.push(performance.now() - t);
      extra.listTotal = page.total ?? page.count;
      t = performance.now();
      let n = 0;
      for await (const _ of client.workflow.list({ query: `BanliLeadUnit = "${UNITS[1]}" AND BanliStage = "assigned" AND ExecutionStatus = "Running"`, pageSize: 500 })) if (++n >= 500) break;
      rawListMs.push(performance.now() - t);
    }
    const listMedian = percentile(listMs, 50);
    figures.push({ figure: `case list by unit and stage over ${total} cases (median of 5)`, unit: 'ms', banli: round(listMedian, 0), raw: round(percentile(rawListMs, 50), 0), ratio: round(listMedian / percentile(rawListMs, 50), 2), goal: '< 1000', met: listMedian < 1000 });

    // --- time-skipping ---------------------------------------------------------------------------------
    figures.push(await timeSkipping(pg.url));

    for (const proc of [started.proc, worker]) {
      if (!proc.running) throw new Error(`${proc.name} died during the run`);
    }
  } finally {
    await receiver.stop().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    for (const proc of procs.reverse()) await proc.stop().catch(() => undefined);
  }

  const rows = [['figure', 'unit', 'banli', 'raw Temporal', 'ratio', 'goal', 'met?'], ...figures.map((f) => [f.figure, f.unit, f.banli, f.raw, f.ratio, f.goal, f.met === null ? '' : f.met ? 'yes' : 'NO'].map((v) => (v === null ? '' : String(v))))];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
  for (const r of rows) console.log(r.map((v, i) => v.padEnd(widths[i])).join('  '));
  const date = new Date().toISOString().slice(0, 10);
  const outDir = process.env.BENCH_RESULTS_DIR ?? join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  const label = process.env.BENCH_LABEL ? `-${process.env.BENCH_LABEL.replace(/[^\w.-]/g, '_')}` : '';
  const file = join(outDir, `${date}${QUICK ? '-quick' : ''}${label}.json`);
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), quick: QUICK, sizes: SIZE, settings: settings(), machine: machine(), figures, details: extra }, null, 2)}\n`);
  console.log(`\nwritten ${file}`);
}

/** A full case with a re-handling round on the time-skipping test server: wall time per case. */
async function timeSkipping(databaseUrl: string): Promise<Figure> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalBinaries().testServer } } });
  const db = createDatabase(databaseUrl);
  try {
    await migrateToLatest(db);
    await ensureSearchAttributes(env.connection, 'default', CASE_SEARCH_ATTRIBUTES);
    const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
    const alertLog = new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-bench-ts-')), 'alerts.jsonl'));
    const worker = await createCaseWorker({ connection: env.nativeConnection, taskQueue: 'bench-ts', workflowBundle, alertLog, db, ...TIME_SKIPPING_WORKER });
    const times: number[] = [];
    await worker.runUntil(async () => {
      const today = chinaDateOf(new Date(await env.currentTimeMs()));
      for (let i = 0; i < SIZE.tsCases; i++) {
        const t0 = performance.now();
        const [input] = inputsOf('bench-ts', launchCases('T', 1, i), today);
        const handle = await env.client.workflow.start('caseWorkflow', { workflowId: input.caseId, taskQueue: 'bench-ts', args: [input] });
        const perform = (action: string, body: object) => handle.executeUpdate(stepUpdate(action as 'sign'), { args: [body as never] });
        for (const [action, body] of OFFICE_PATH) await perform(action, body);
        await perform('survey', { result: 'dissatisfied' });
        // the re-handling round: from the draft to the visit again, then satisfied
        for (const [action, body] of OFFICE_PATH.slice(3)) await perform(action, body);
        await perform('survey', { result: 'satisfied', attitude: 'satisfied' });
        const view = await handle.query(getStateQuery);
        if (view.stage !== 'closed' || view.round !== 2) throw new Error(`time-skipping case ended at ${view.stage}, round ${view.round}`);
        times.push(performance.now() - t0);
      }
    });
    const median = percentile(times, 50);
    return { figure: `time-skipping: full case with a re-handling round (${times.length} cases)`, unit: 'ms/case', banli: round(median, 0), raw: null, ratio: null, goal: '', met: null };
  } finally {
    await db.destroy();
    await env.teardown();
  }
}

function machine(): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = require('node:os') as typeof import('node:os');
  return { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: round(os.totalmem() / 2 ** 30, 0), loadAverage: os.loadavg().map((l) => round(l, 2)), node: process.version, note: process.env.BENCH_MACHINE_NOTE ?? '' };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
