import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { createDatabase, type Db } from '../libs/db';
import { CURRENT_CASE_VERSION } from '../libs/contract';
import { dongli } from './support/fixtures';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT, useTeardown } from './support/teardown';
import { temporalBinaries } from './support/temporal-binaries';

jest.setTimeout(240_000);

const e2e = useTestSystem('read-model');
const http = () => e2e.http();
const teardown = useTeardown();
let db: Db;
const cycle = { ...dongli, cycleId: 'read-model-2020', assignedOn: '2020-04-10' };
const case11 = 'read-model-2020.npc-suggestion.11';
const case50 = 'read-model-2020.cppcc-proposal.50';

beforeAll(async () => {
  db = teardown.add('database pool', createDatabase(e2e.system.env.DATABASE_URL), (d) => d.destroy());
  await http().post('/api/cycles').send(cycle).expect(201);
}, HOOK_TIMEOUT.setup);

const listed = async (query: Record<string, string>) => (await http().get('/api/cases').query({ cycleId: cycle.cycleId, ...query }).expect(200)).body;

describe('the read model: every case as its workflow last projected it', () => {
  it('lists the launched cases from it, and follows a step', async () => {
    const all = await eventually(async () => {
      const body = await listed({});
      expect(body.total).toBe(6);
      return body;
    });
    expect(all.cases.map((c: { number: string }) => c.number)).toEqual(['50', '75', '77', '11', '12', '43']);
    expect(all.cases[0]).toMatchObject({ caseId: case50, leadUnit: '区民政局', coUnits: ['区司法局'], stage: 'assigned', needsAttention: false });
    await http().post(`/api/cases/${case11}/sign`).send({}).expect(200);
    await eventually(async () => expect((await listed({ stage: 'signed' })).cases.map((c: { caseId: string }) => c.caseId)).toEqual([case11]));
    const row = await db.selectFrom('case_views').select(['revision', 'version', 'stage']).where('case_id', '=', case11).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ version: CURRENT_CASE_VERSION, stage: 'signed' });
    expect(Number(row.revision)).toBeGreaterThan(1);
  });

  it('searches the title, the submitters and the reply, every word', async () => {
    await eventually(async () => expect((await listed({ q: '养老' })).cases.map((c: { number: string }) => c.number)).toEqual(['77']));
    expect((await listed({ q: '社区' })).cases.map((c: { number: string }) => c.number)).toEqual(['50', '75', '11', '43']);
    expect((await listed({ q: '社区 治理' })).cases.map((c: { number: string }) => c.number)).toEqual(['50', '75']);
    expect((await listed({ q: '第12号建议领衔代表' })).cases.map((c: { number: string }) => c.number)).toEqual(['12']);
    expect((await listed({ q: '社区', unit: '区司法局' })).cases.map((c: { number: string }) => c.number)).toEqual(['50']);
  });

  it('keeps each co-unit’s part too', async () => {
    const part = await eventually(async () => {
      const row = await db.selectFrom('co_unit_views').select(['stage', 'view']).where('case_id', '=', case50).where('unit', '=', '区司法局').executeTakeFirst();
      expect(row?.stage).toBe('assigned');
      return row!;
    });
    expect((part.view as { deadlines: unknown[] }).deadlines).toHaveLength(2);
  });

  it('answers a case Temporal no longer has (past retention) from the read model', async () => {
    const caseId = 'read-model-2020.npc-suggestion.12';
    await eventually(async () => expect((await listed({ q: '第12号建议领衔代表' })).total).toBe(1));
    const { cli } = temporalBinaries();
    await promisify(execFile)(cli, ['workflow', 'delete', '--address', e2e.system.temporal.address, '--workflow-id', caseId]);
    const archived = await eventually(async () => {
      const res = await http().get(`/api/cases/${caseId}`).expect(200);
      expect(res.body.executionStatus).toBe('archived');
      return res.body;
    }, 60_000);
    expect(archived).toMatchObject({ caseId, stage: 'assigned', stageLabel: '已交办', allowedActions: [] });
    await http().post(`/api/cases/${caseId}/sign`).send({}).expect(404);
  });

  it('is rebuilt from Temporal by banli reindex when it is lost', async () => {
    await db.deleteFrom('case_views').where('cycle_id', '=', cycle.cycleId).execute();
    await db.deleteFrom('co_unit_views').where('case_id', '=', case50).execute();
    expect((await listed({})).total).toBe(0);
    // As an office runs it: `npm run banli -- reindex` (ts-node on the CLI), against the API over HTTP.
    const port = (e2e.system.server.address() as AddressInfo).port;
    const root = join(__dirname, '..');
    const { stdout } = await promisify(execFile)(process.execPath,
      [require.resolve('ts-node/dist/bin.js'), '--transpile-only', join(root, 'apps/cli/src/main.ts'), 'reindex', '--poll-interval', '200'],
      { cwd: root, env: { PATH: process.env.PATH ?? '', BANLI_API_URL: `http://127.0.0.1:${port}`, BANLI_API_KEY: e2e.system.officeKey }, timeout: 180_000 });
    expect(stdout).toMatch(/^统计库重建完成：共写入\d+件、协办\d+条\n$/);
    // The deleted case is gone from Temporal: the five others come back, signed as they were.
    const back = await listed({});
    expect(back.cases.map((c: { number: string }) => c.number)).toEqual(['50', '75', '77', '11', '43']);
    expect(back.cases.find((c: { caseId: string }) => c.caseId === case11).stage).toBe('signed');
    const part = await db.selectFrom('co_unit_views').select('stage').where('case_id', '=', case50).executeTakeFirst();
    expect(part?.stage).toBe('assigned');
  });
});
