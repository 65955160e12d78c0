/**
 * `scripts/cluster.sh test`, once the cluster is up: the end-to-end suites of subset.ts run
 * against it while one worker and one API process are killed (SIGKILL), and then the check that
 * nothing was lost.
 *
 *   1. Jest runs the suites against the cluster (BANLI_E2E_CLUSTER), one file after another as
 *      `npm test` does (each file's cases share the one task queue with the chaos launch's).
 *   2. Once the second file is under way, a 300-case launch starts, and a client takes 40 of its cases
 *      through two steps each — every step sent twice with its Idempotency-Key, as a client does
 *      that did not get the first answer.
 *   3. While that launch is half done, a worker is killed (`scripts/cluster.sh kill worker-N`) —
 *      one holding a batch of this launch and none of another suite's launch (see `pickWorker`) —
 *      and `api-1` right after. Neither is started again until the checks are done: one worker and
 *      one API carry everything on.
 *   4. Checks: Jest passed; the launch completed with 300 cases started; each case exists once
 *      (one execution per id), in the stage it should be in; each step applied once; no workflow
 *      failed; then the killed processes start again and serve.
 *
 * Prints one line per check and `N passed, N failed`; exits 1 if any failed.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { TemporalConnection } from '../../libs/temporal/temporal-connection';
import { dongli, steps } from '../support/fixtures';
import { startRetryingProxy } from './retrying-proxy';
import { CLUSTER_SUITES, EXCLUDED_SUITES, EXCLUDED_TESTS, includedTestsPattern } from './subset';
import { clusterCommand, clusterTopology, type ClusterTopology } from './topology';

const ROOT = join(__dirname, '..', '..');
const LAUNCH_SIZE = 300;
const STEPPED = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stamp = () => new Date().toISOString().slice(11, 19);
const say = (line: string) => process.stdout.write(`[chaos ${stamp()}] ${line}\n`);

const checks: { name: string; ok: boolean; detail: string }[] = [];
function check(name: string, ok: boolean, detail = ''): void {
  checks.push({ name, ok, detail });
  process.stdout.write(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` — ${detail}` : ''}\n`);
}

async function json(res: Response): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function main(): Promise<void> {
  const topology = clusterTopology();
  if (!topology) throw new Error('BANLI_E2E_CLUSTER is not set: run this through scripts/cluster.sh test');
  const logs = join(topology.dir, 'logs');
  const connection = TemporalConnection.open({ address: topology.temporalAddress });
  const temporal = new Client({ connection, namespace: topology.namespace });
  const proxy = await startRetryingProxy(topology.apiUrl, join(logs, 'e2e-retries.jsonl'), 'chaos');
  const office = `Bearer ${topology.officeKey}`;
  const api = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
    fetch(`${proxy.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: office, 'content-type': 'application/json', ...(init.key ? { 'idempotency-key': init.key } : {}) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

  say(`suites against the cluster: ${CLUSTER_SUITES.join(', ')}`);
  for (const [suite, why] of Object.entries(EXCLUDED_SUITES)) say(`  not run: ${suite} — ${why}`);
  for (const [test, why] of Object.entries(EXCLUDED_TESTS)) say(`  skipped: "${test}…" — ${why}`);

  // 1. The suites, several files at once, against the cluster.
  const jestLog = createWriteStream(join(logs, 'e2e.log'));
  const jestJson = join(logs, 'e2e.json');
  const jest = spawn(process.execPath, [
    join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '-c', join(ROOT, 'test', 'cluster', 'jest.config.js'),
    '--maxWorkers=1', '--testNamePattern', includedTestsPattern(), '--json', '--outputFile', jestJson,
  ], {
    cwd: ROOT,
    env: { ...process.env, BANLI_CLUSTER_SUITES: CLUSTER_SUITES.join(','), BANLI_E2E_CLUSTER: process.env.BANLI_E2E_CLUSTER },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  jest.stdout.pipe(jestLog);
  jest.stderr.on('data', (chunk: Buffer) => {
    jestLog.write(chunk);
    for (const line of chunk.toString().split('\n')) if (/^(PASS|FAIL) /.test(line)) say(`jest: ${line.trim()}`);
  });
  const jestDone = new Promise<number>((resolve) => jest.on('exit', (code) => resolve(code ?? 1)));
  // Jest without --forceExit waits for whatever a suite left open: a minute after its report, that is a failure, not a hang.
  let jestHeldOpen = false;
  void (async () => {
    while (jest.exitCode === null && !existsSync(jestJson)) await sleep(1_000);
    const t0 = Date.now();
    while (jest.exitCode === null && Date.now() - t0 < 60_000) await sleep(1_000);
    if (jest.exitCode === null) {
      jestHeldOpen = true;
      say('jest did not exit a minute after its report: something a suite opened is still open; stopping it');
      jest.kill('SIGKILL');
    }
  })();
  say(`jest started (pid ${jest.pid}); output in ${join(logs, 'e2e.log')}`);

  // Under way: the second file has made its office key (its first step) and set up its cases.
  const underWay = Date.now();
  for (;;) {
    const keys = await json(await api('/api/keys'));
    const suites = (keys.keys as { name: string; status: string }[] | undefined ?? []).filter((k) => k.name === 'e2e office').length;
    if (suites >= 2 || Date.now() - underWay > 600_000) {
      say(`${suites} suite files have started`);
      break;
    }
    await sleep(2_000);
  }
  await sleep(20_000);

  // 2. The launch and the stepping client.
  const cycleId = `chaos-${Date.now().toString(36)}`;
  const cases = Array.from({ length: LAUNCH_SIZE }, (_, i) => ({ ...dongli.cases[i % 3], number: String(1000 + i) })); // npc-suggestion 11, 12, 43 again
  const accepted = await api('/api/cycles', { method: 'POST', body: { ...dongli, cycleId, title: 'chaos: a launch through a kill', cases } });
  const launch = await json(accepted);
  if (accepted.status !== 202) throw new Error(`the chaos launch was refused: ${accepted.status} ${JSON.stringify(launch)}`);
  say(`launched ${cycleId}: ${LAUNCH_SIZE} cases (launch ${launch.launchId})`);
  const stepped = cases.slice(0, STEPPED).map((c) => `${cycleId}.${c.kind}.${c.number}`);
  const stepAnswers = new Map<string, { first: unknown; again: unknown }[]>();
  const stepping = (async () => {
    let next = 0;
    const lane = async () => {
      while (next < stepped.length) {
        const caseId = stepped[next++]!;
        for (let waited = 0; (await api(`/api/cases/${caseId}`)).status === 404; waited++) {
          if (waited > 1200) throw new Error(`${caseId} was never started`);
          await sleep(500);
        }
        const answers: { first: unknown; again: unknown }[] = [];
        for (const [action, body] of [['sign', {}], ['work-plan', steps.workPlan]] as const) {
          const key = `chaos-${action}-${caseId}`;
          const send = async () => {
            const res = await api(`/api/cases/${caseId}/${action}`, { method: 'POST', body, key });
            const answer = await json(res);
            if (res.status !== 200) throw new Error(`${action} ${caseId}: ${res.status} ${JSON.stringify(answer)}`);
            return answer.step as unknown;
          };
          answers.push({ first: await send(), again: await send() });
        }
        stepAnswers.set(caseId, answers);
      }
    };
    await Promise.all(Array.from({ length: 6 }, lane));
  })();
  stepping.catch(() => undefined);

  // 3. The kills, while the launch is half done.
  const launchView = async () => json(await api(`/api/launches/${launch.launchId}`)) as Promise<{ status: string; started: number; total: number }>;
  for (const t0 = Date.now(); ;) {
    const view = await launchView();
    if (view.started > 0 || view.status !== 'running' || Date.now() - t0 > 60_000) {
      say(`launch at ${view.started}/${view.total} (${view.status}) when the kills come`);
      break;
    }
    await sleep(200);
  }
  const victim = await pickWorker(topology, temporal, launch.launchId as string);
  say(await clusterCommand(topology, 'kill', victim.name).then((o) => o.trim()));
  say(await clusterCommand(topology, 'kill', 'api-1').then((o) => o.trim()));
  check(`killed ${victim.name} and api-1 mid-run`, true, victim.why);

  // 4. The suites end; what was started before the kills finishes.
  const jestCode = await jestDone;
  const report = existsSync(jestJson) ? JSON.parse(readFileSync(jestJson, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTotalTestSuites: number; testResults: { name: string; status: string; message: string }[] } : undefined;
  check('the end-to-end suites pass against the cluster', jestCode === 0 && !jestHeldOpen && !!report && report.numFailedTests === 0,
    report ? `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped in ${report.numTotalTestSuites} files (exit ${jestCode}${jestHeldOpen ? ', held open after its report' : ''})` : `exit ${jestCode}, no report`);
  for (const file of report?.testResults ?? []) if (file.status === 'failed') say(`  ${file.name}: ${file.message.split('\n').slice(0, 12).join('\n    ')}`);

  let steppingError: unknown;
  await stepping.catch((err: unknown) => (steppingError = err));
  check('the stepping client got every answer', steppingError === undefined, steppingError ? String(steppingError) : `${stepAnswers.size} cases, 2 steps each, each sent twice`);

  const deadline = Date.now() + 12 * 60_000; // a batch on the killed worker waits out its 5-minute start-to-close timeout
  let final = await launchView();
  while (final.status === 'running' && Date.now() < deadline) {
    await sleep(2_000);
    final = await launchView();
  }
  check('the launch started before the kills completes', final.status === 'completed' && final.started === LAUNCH_SIZE && final.total === LAUNCH_SIZE,
    JSON.stringify({ status: final.status, started: final.started, total: final.total }));

  const count = async (query: string) => (await temporal.workflow.count(query)).count;
  const inCycle = `WorkflowType = 'caseWorkflow' AND BanliCycle = '${cycleId}'`;
  const listed = new Set<string>();
  let executions = 0;
  for (const t0 = Date.now(); Date.now() - t0 < 120_000; await sleep(1_000)) {
    listed.clear();
    executions = 0;
    for await (const wf of temporal.workflow.list({ query: inCycle })) {
      listed.add(wf.workflowId);
      executions++;
    }
    if (listed.size === LAUNCH_SIZE) break;
  }
  const expected = cases.map((c) => `${cycleId}.${c.kind}.${c.number}`);
  check('every case of the launch exists, once', listed.size === LAUNCH_SIZE && executions === LAUNCH_SIZE && expected.every((id) => listed.has(id)),
    `${listed.size} case ids, ${executions} executions, ${expected.filter((id) => !listed.has(id)).length} missing`);

  let wrong: string[] = [];
  for (const t0 = Date.now(); Date.now() - t0 < 120_000; await sleep(1_000)) {
    wrong = [];
    const planned = await count(`${inCycle} AND BanliStage = 'planned'`);
    const assigned = await count(`${inCycle} AND BanliStage = 'assigned'`);
    if (planned !== STEPPED) wrong.push(`${planned} planned`);
    if (assigned !== LAUNCH_SIZE - STEPPED) wrong.push(`${assigned} assigned`);
    if (wrong.length === 0) break;
  }
  check('every case is in its stage', wrong.length === 0, wrong.length ? `expected ${STEPPED} planned and ${LAUNCH_SIZE - STEPPED} assigned: ${wrong.join(', ')}` : `${STEPPED} planned, ${LAUNCH_SIZE - STEPPED} assigned`);

  const twice: string[] = [];
  for (const caseId of stepped) {
    const view = await json(await api(`/api/cases/${caseId}`));
    const actions = (view.history as { action: string }[] | undefined ?? []).map((h) => h.action).join(',');
    const answers = stepAnswers.get(caseId) ?? [];
    const sameAnswers = answers.length === 2 && answers.every((a) => JSON.stringify(a.first) === JSON.stringify(a.again));
    if (actions !== 'assign,sign,work-plan' || view.stage !== 'planned' || !sameAnswers) twice.push(`${caseId}: ${view.stage} [${actions}]${sameAnswers ? '' : ' (answers differ)'}`);
  }
  check('each step applied once, and its retry answered with the first outcome', twice.length === 0, twice.length ? twice.slice(0, 5).join('; ') : `${stepped.length} cases: history assign, sign, work-plan`);

  const failed = await count(`ExecutionStatus = 'Failed'`);
  const launches = await count(`WorkflowId = 'launch:${launch.launchId}'`);
  check('no workflow failed, and the launch ran as one workflow', failed === 0 && launches === 1, `${failed} failed workflows, ${launches} launch execution(s)`);

  const retries = existsSync(join(logs, 'e2e-retries.jsonl'))
    ? readFileSync(join(logs, 'e2e-retries.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { reason: string; gaveUp: boolean })
    : [];
  const reasons = [...new Set(retries.map((r) => r.reason))];
  check('clients retried what the kills interrupted, and none gave up', retries.every((r) => !r.gaveUp),
    `${retries.length} retries${reasons.length ? ` (${reasons.join('; ')})` : ''}`);

  // A read no worker answers is 503 TemporalTimeout (retry it), never a 500: a case on a task queue nobody polls.
  const unpolled = await temporal.workflow.start('caseWorkflow', { taskQueue: `nobody-polls-${cycleId}`, workflowId: `${cycleId}.npc-suggestion.unpolled` });
  const api2 = topology.apis.find((a) => a.name === 'api-2')!.url;
  const t0 = Date.now();
  const unanswered = await fetch(`${api2}/api/cases/${unpolled.workflowId}`, { headers: { authorization: office } });
  const unansweredBody = await json(unanswered);
  check('a read no worker answers is 503 TemporalTimeout, not 500', unanswered.status === 503 && unansweredBody.error === 'TemporalTimeout',
    `${unanswered.status} ${unansweredBody.error} after ${Math.round((Date.now() - t0) / 1000)} s`);
  await unpolled.terminate('chaos: the unpolled case has been read');

  // The killed processes come back and serve.
  say(await clusterCommand(topology, 'start', victim.name).then((o) => o.trim()));
  say(await clusterCommand(topology, 'start', 'api-1').then((o) => o.trim()));
  const api1 = topology.apis.find((a) => a.name === 'api-1')!.url;
  const direct = await fetch(`${api1}/api/cases/${stepped[0]}`, { headers: { authorization: office } });
  check('the killed API and worker start again and serve', direct.status === 200 && (await json(direct)).stage === 'planned', `${victim.name} and api-1 running again; GET via api-1: ${direct.status}`);

  await proxy.close();
  await connection.close();
  const passed = checks.filter((c) => c.ok).length;
  process.stdout.write(`\ncluster test: ${passed} passed, ${checks.length - passed} failed (logs in ${logs})\n`);
  process.exitCode = passed === checks.length ? 0 : 1;
}

/**
 * The worker to kill: one that holds a batch of the chaos launch (so the kill interrupts it) and
 * no batch of another suite's launch. A launch batch starts 64 cases in one activity without a
 * heartbeat: on a killed worker it waits out its 5-minute start-to-close timeout before another
 * worker runs it again — nothing lost, but longer than a suite's launch waits (4 minutes).
 */
async function pickWorker(topology: ClusterTopology, temporal: Client, chaosLaunchId: string): Promise<{ name: string; why: string }> {
  const identities = new Map<string, string>();
  for (const name of topology.workers) {
    const pidFile = join(topology.dir, 'run', `${name}.pid`);
    if (existsSync(pidFile)) identities.set(name, readFileSync(pidFile, 'utf8').trim());
  }
  const t0 = Date.now();
  for (;;) {
    const holding = new Map<string, { chaos: number; other: number }>([...identities.keys()].map((n) => [n, { chaos: 0, other: 0 }]));
    for await (const wf of temporal.workflow.list({ query: `WorkflowType = 'launchWorkflow' AND ExecutionStatus = 'Running'` })) {
      const pending = (await temporal.workflow.getHandle(wf.workflowId).describe().catch(() => undefined))?.raw.pendingActivities ?? [];
      for (const activity of pending) {
        const pid = activity.lastWorkerIdentity?.split('@')[0];
        const name = [...identities].find(([, p]) => p === pid)?.[0];
        if (!name) continue;
        const held = holding.get(name)!;
        if (wf.workflowId === `launch:${chaosLaunchId}`) held.chaos++;
        else held.other++;
      }
    }
    const free = [...holding].filter(([, h]) => h.other === 0);
    const best = free.find(([, h]) => h.chaos > 0) ?? (Date.now() - t0 > 20_000 ? free[0] : undefined);
    if (best) return { name: best[0], why: `${best[0]} held ${best[1].chaos} batch(es) of the chaos launch and none of another suite's` };
    if (Date.now() - t0 > 120_000) return { name: topology.workers[0]!, why: 'no worker was free of other suites\' launch batches within 2 minutes' };
    await sleep(300);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`cluster test failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
