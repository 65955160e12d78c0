/**
 * The demo seed (`banli seed`, which `npm run dev -- --seed` and `npm run seed` run): the real CLI
 * against a real system. The Dongli 2020 cycle ends with every case closed, satisfied, on time; the
 * 2021 cycle is in progress with overdue and late cases; the demo keys work; a second run changes
 * nothing.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';

jest.setTimeout(600_000);

const e2e = useTestSystem('seed');
const ROOT = join(__dirname, '..');
const TS_NODE = require.resolve('ts-node/dist/bin.js');
const dir = mkdtempSync(join(tmpdir(), 'banli-seed-'));

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
}, HOOK_TIMEOUT.stop);

interface Run { code: number; stdout: string; stderr: string }

function banli(args: string[]): Promise<Run> {
  const port = (e2e.system.server.address() as AddressInfo).port;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [TS_NODE, '--transpile-only', join(ROOT, 'apps/cli/src/main.ts'), ...args],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', BANLI_API_URL: `http://127.0.0.1:${port}`, BANLI_API_KEY: e2e.system.officeKey }, timeout: 500_000 },
      (err, stdout, stderr) => {
        running.delete(child);
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    running.add(child);
  });
}

interface Deadline { id: string; status: string; alerts?: { kind: string; status: string }[] }
interface View {
  caseId: string; stage: string; overdue: boolean; keySupervised: boolean; closedAs?: string; round?: number;
  deadlines: Deadline[]; history: unknown[];
  surveys: { submitter: string; result: string; proxyEntry: boolean; recordedBy: string }[];
  publication?: { public: boolean };
}

const view = async (caseId: string): Promise<View> => (await e2e.http().get(`/api/cases/${encodeURIComponent(caseId)}`).expect(200)).body;
const DONGLI = ['npc-suggestion.11', 'npc-suggestion.12', 'npc-suggestion.43', 'cppcc-proposal.50', 'cppcc-proposal.75', 'cppcc-proposal.77'].map((c) => `dongli-mca-2020.${c}`);
const Y2021 = (kindNumber: string) => `dongli-2021.${kindNumber}`;
const statusOf = (v: View, id: string) => v.deadlines.find((d) => d.id === id)?.status;

let first: Run;

beforeAll(async () => {
  first = await banli(['seed', '--keys-file', 'demo-keys.txt', '--poll-interval', '300']);
}, 560_000);

describe('banli seed', () => {
  it('runs to its end and says what it left, in Chinese', () => {
    expect(first.stderr).not.toMatch(/失败|Error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('dongli-mca-2020 东丽区民政局 2020 年建议提案办理：共6件，已办结 6');
    expect(first.stdout).toMatch(/dongli-2021 东丽区 2021 年建议提案办理：共7件，/);
  });

  it('drives the Dongli 2020 cycle to its end: NPC 3, CPPCC 3, key 2, every case replied, visited, published and closed satisfied, on time; half the answers the submitters’ own', async () => {
    const views = await Promise.all(DONGLI.map(view));
    expect(views.map((v) => v.stage)).toEqual(Array(6).fill('closed'));
    expect(views.map((v) => v.closedAs)).toEqual(Array(6).fill('satisfied'));
    expect(views.filter((v) => v.caseId.includes('npc-suggestion'))).toHaveLength(3);
    expect(views.filter((v) => v.keySupervised).map((v) => v.caseId)).toEqual([DONGLI[2], DONGLI[4]]);
    for (const v of views) {
      expect(v.publication).toMatchObject({ public: true });
      expect(v.overdue).toBe(false);
      for (const id of ['sign', 'work-plan', 'contact', 'reply']) expect([v.caseId, id, statusOf(v, id)]).toEqual([v.caseId, id, 'met']);
      expect(v.surveys).toHaveLength(1);
      expect(v.surveys[0].result).toBe('satisfied');
    }
    // 11, 43, 75 through their links (recorded as the submitter's), 12, 50, 77 on paper (代录).
    expect(views.map((v) => [v.surveys[0].proxyEntry, v.surveys[0].recordedBy === v.surveys[0].submitter])).toEqual([
      [false, true], [true, false], [false, true], [true, false], [false, true], [true, false],
    ]);
  });

  it('leaves the 2021 cycle in progress: two cases overdue on sign-for, late ones, one drafting, one closed, one re-handled', async () => {
    const expected: Record<string, string> = {
      'npc-suggestion.3': 'assigned', 'npc-suggestion.8': 'assigned', 'npc-suggestion.15': 'signed', 'cppcc-proposal.21': 'contacted',
      'cppcc-proposal.26': 'drafted', 'npc-suggestion.30': 'closed', 'npc-suggestion.34': 'rehandling',
    };
    const views = Object.fromEntries(await Promise.all(Object.keys(expected).map(async (k) => [k, await view(Y2021(k))] as const)));
    expect(Object.fromEntries(Object.entries(views).map(([k, v]) => [k, v.stage]))).toEqual(expected);
    // Unsigned 40 days after assignment: overdue (the flag is set by the case's own timer).
    await eventually(async () => {
      for (const k of ['npc-suggestion.3', 'npc-suggestion.8']) {
        const v = await view(Y2021(k));
        expect([k, v.overdue, statusOf(v, 'sign')]).toEqual([k, true, 'overdue']);
      }
    }, 60_000);
    // Signed today, long after its sign-for deadline: met late; its work plan now overdue.
    await eventually(async () => {
      const v = await view(Y2021('npc-suggestion.15'));
      expect([statusOf(v, 'sign'), statusOf(v, 'work-plan')]).toEqual(['met-late', 'overdue']);
    }, 60_000);
    expect(statusOf(views['cppcc-proposal.21'], 'contact')).toBe('met-late');
    // The cycle has no quiet hours: an unsigned case's alert has gone out, whatever the hour (caught
    // up at once: the highest rung its weeks overdue have reached).
    await eventually(async () => {
      const v = await view(Y2021('npc-suggestion.3'));
      const sent = v.deadlines.find((d) => d.id === 'sign')?.alerts?.filter((a) => a.status === 'sent').map((a) => a.kind) ?? [];
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.every((kind) => ['overdue', 'escalation', 'notice'].includes(kind))).toBe(true);
    }, 120_000);
    expect(views['npc-suggestion.30'].closedAs).toBe('satisfied');
    expect(views['npc-suggestion.30'].surveys).toEqual([expect.objectContaining({ proxyEntry: false, recordedBy: '第30号建议领衔代表' })]);
    expect(views['npc-suggestion.34'].round).toBe(2);
    expect(views['npc-suggestion.34'].surveys).toEqual([expect.objectContaining({ result: 'dissatisfied', proxyEntry: true })]);
  });

  it('creates the demo keys once, shown and written to the keys file, and they sign in', async () => {
    const lines = readFileSync(join(dir, 'demo-keys.txt'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
    expect(lines.map(([role, unit, name]) => [role, unit, name])).toEqual([
      ['unit-handler', '区民政局', '张三'], ['unit-leader', '区民政局', '李局长'], ['unit-handler', '区交通局', '赵六'], ['supervisor', '', '区政府督查室'],
    ]);
    for (const [role, unit, name, key] of lines) {
      expect(first.stdout).toContain(key);
      const me = (await e2e.as(key).get('/api/me').expect(200)).body;
      expect(me).toMatchObject({ role, unit: unit || null, name });
    }
  });

  it('run again, changes nothing: no step twice, no new key', async () => {
    const before = await Promise.all([...DONGLI, Y2021('npc-suggestion.34'), Y2021('cppcc-proposal.21')].map(view));
    const again = await banli(['seed', '--keys-file', 'demo-keys.txt', '--poll-interval', '300']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('演示用密钥已在首次填充时创建');
    const after = await Promise.all(before.map((v) => view(v.caseId)));
    expect(after.map((v) => [v.caseId, v.stage, v.history.length])).toEqual(before.map((v) => [v.caseId, v.stage, v.history.length]));
    expect(readFileSync(join(dir, 'demo-keys.txt'), 'utf8').trim().split('\n')).toHaveLength(4);
  });
});
