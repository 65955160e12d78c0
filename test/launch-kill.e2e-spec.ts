import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { LaunchRepository } from '../libs/db/repositories';
import { createDatabase } from '../libs/db';
import { toCaseInput } from '../apps/api/src/cycles/case-input';
import { presetFor } from '../libs/policy';
import { CASE_KINDS } from '../libs/policy';
import type { LaunchCase } from '../libs/contract';
import { dongli } from './support/fixtures';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';

jest.setTimeout(600_000);

const e2e = useTestSystem('launch-kill');
const ROOT = join(__dirname, '..');

/** A 500-case cycle: every Dongli case again under another number. */
const cases = Array.from({ length: 500 }, (_, i) => ({ ...dongli.cases[i % dongli.cases.length], number: String(1000 + i) }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** The API as its own process (`node apps/api/src/main.ts`), on the suite's Temporal and PostgreSQL. */
async function startApiProcess(port: number): Promise<ChildProcess> {
  const { env } = e2e.system;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'apps/api/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: env.DATABASE_URL,
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: env.TEMPORAL_TASK_QUEUE,
      BANLI_RATE_LIMIT: '1000000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`the API process exited: ${stderr}`);
    await request(`http://127.0.0.1:${port}`).get('/health').expect(200);
  }, 120_000);
  return child;
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill('SIGKILL');
});

describe('a launch whose API is killed (kill -9) in the middle of it', () => {
  let api: ChildProcess | undefined;
  afterAll(async () => {
    if (api) await killed(api);
  }, HOOK_TIMEOUT.stop);

  it('goes on without it: after a restart every case is started once and the launch reads completed', async () => {
    const port = await freePort();
    api = await startApiProcess(port);
    const office = () => request(`http://127.0.0.1:${port}`);
    const accepted = await office().post('/api/cycles').set('Authorization', `Bearer ${e2e.system.officeKey}`)
      .send({ ...dongli, cycleId: 'killed-500', cases }).expect(202);
    await killed(api);
    api = undefined;

    const location = accepted.headers.location as string;
    api = await startApiProcess(port);
    const final = await eventually(async () => {
      const launch = (await office().get(location).set('Authorization', `Bearer ${e2e.system.officeKey}`).expect(200)).body;
      expect(launch.status).toBe('completed');
      return launch;
    }, 480_000);
    expect(final).toMatchObject({ total: 500, started: 500, cycleId: 'killed-500' });
    const listed = await eventually(async () => {
      const res = await e2e.http().get('/api/cases').query({ cycleId: 'killed-500', limit: 1000 }).expect(200);
      expect(res.body.count).toBe(500);
      return res.body.cases as { caseId: string }[];
    }, 120_000);
    expect(new Set(listed.map((c) => c.caseId)).size).toBe(500);
    // Each case ran from one start: one execution per id.
    const runs = await e2e.system.temporal.client.workflow.list({ query: `BanliCycle = "killed-500"` });
    let executions = 0;
    for await (const _ of runs) executions++;
    expect(executions).toBe(500);
  });
});

describe('a launch recorded by an API that died before it started the launch’s workflow', () => {
  it('is started by the next API to come up, and completes', async () => {
    const db = createDatabase(e2e.system.env.DATABASE_URL);
    try {
      const cycle = { cycleId: 'orphaned-launch', title: dongli.title, policies: Object.fromEntries(CASE_KINDS.map((k) => [k, presetFor(k)])) as Parameters<typeof toCaseInput>[0]['policies'] };
      const inputs = (dongli.cases as Partial<LaunchCase>[]).map((c) => toCaseInput(cycle, { keySupervised: false, closedSession: false, complex: false, coUnits: [], ...c } as LaunchCase, '2026-11-30'));
      const row = await new LaunchRepository(db).createWithCases({ id: '00000000-0000-4000-8000-000000000001', cycleId: cycle.cycleId }, inputs.map((input) => ({ caseId: input.caseId, input })));
      expect(row.status).toBe('running');
      await e2e.system.restartApi();
      const final = await eventually(async () => {
        const launch = (await e2e.http().get(`/api/launches/${row.id}`).expect(200)).body;
        expect(launch.status).toBe('completed');
        return launch;
      }, 120_000);
      expect(final).toMatchObject({ total: dongli.cases.length, started: dongli.cases.length });
      await eventually(async () => expect((await e2e.http().get(`/api/cases/${inputs[0].caseId}`).expect(200)).body.stage).toBe('assigned'));
    } finally {
      await db.destroy();
    }
  });
});
