import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dongli } from './support/fixtures';
import { csvOf, launchHelpers, sheetRows, xlsxOf } from './support/launch-sheets';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';
import { T } from '../apps/cli/src/text';

jest.setTimeout(300_000);

const e2e = useTestSystem('cli');
const { countCases, exists } = launchHelpers(e2e);

const ROOT = join(__dirname, '..');
const TS_NODE = require.resolve('ts-node/dist/bin.js');
const dir = mkdtempSync(join(tmpdir(), 'banli-cli-'));

/** CLI processes still running: a test that timed out leaves none behind. */
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
}, HOOK_TIMEOUT.stop);

interface Run { code: number; stdout: string; stderr: string }

/** Runs `npm run banli -- …` as an office would (ts-node on apps/cli/src/main.ts), against the test system's API. */
function banli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const port = (e2e.system.server.address() as AddressInfo).port;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [TS_NODE, '--transpile-only', join(ROOT, 'apps/cli/src/main.ts'), ...args],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', BANLI_API_URL: `http://127.0.0.1:${port}`, BANLI_API_KEY: e2e.system.officeKey, ...env },
        timeout: 240_000,
      },
      (err, stdout, stderr) => {
        running.delete(child);
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    running.add(child);
  });
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function file(name: string, bytes: Buffer): string {
  writeFileSync(join(dir, name), bytes);
  return name;
}

describe('banli launch', () => {
  it('uploads a sheet and follows the launch to the end, progress counting up to every case', async () => {
    const sheet = file('交办清单.xlsx', await xlsxOf(sheetRows(300)));
    const run = await banli(['launch', sheet, '--cycle', 'cli-2020', '--title', '东丽区2020年建议提案办理', '--assigned-on', '2020-04-10', '--poll-interval', '50']);
    expect(run).toMatchObject({ code: 0, stdout: '交办完成：cli-2020 共300件：新启动300件\n' });
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^已受理交办 cli-2020，共300件（进度：\/api\/launches\/[0-9a-f-]{36}）$/);
    const progress = lines.slice(1).map((line) => {
      const m = /^交办中 (\d+)\/300 件 (\d+)%$/.exec(line);
      if (!m) throw new Error(`not a progress line: ${line}`);
      return Number(m[1]);
    });
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(300);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress).size).toBeGreaterThan(1);
    await eventually(async () => expect(await countCases('cli-2020')).toBe(300), 60_000);
  });

  it('draws a cli-progress bar (as on a terminal) when BANLI_PROGRESS=bar', async () => {
    const sheet = file('bar.csv', csvOf(sheetRows(40)));
    const run = await banli(['launch', sheet, '--cycle', 'cli-bar', '--title', '进度条', '--poll-interval', '50'], { BANLI_PROGRESS: 'bar' });
    expect(run).toMatchObject({ code: 0, stdout: '交办完成：cli-bar 共40件：新启动40件\n' });
    const bars = run.stderr.split('\n').filter((line) => line.startsWith('交办中'));
    expect(bars.at(-1)).toMatch(/^交办中 \[\u2588{40}\] 40\/40 件 100%$/);
  });

  it('prints the row-by-row report of a bad sheet, exits 1 and starts nothing', async () => {
    const rows = sheetRows(10);
    rows[1]![6] = '';
    rows[6]![2] = '５'; // row 8: No. 5 again, in full-width digits (row 6)
    const run = await banli(['launch', file('bad.csv', csvOf(rows)), '--cycle', 'cli-bad', '--title', '有误的清单']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        '文件有误，未启动任何件：',
        '  第3行 主办单位：缺少主办单位 / missing lead unit',
        '  第8行 编号：编号重复：与第6行类别和编号相同 / duplicate number: row 6 has the same kind and number',
        '',
      ].join('\n'),
    );
    expect(await exists('cli-bad.npc-suggestion.1')).toBe(false);
  });

  it('names a header cell written on two lines on one line, so each problem stays on its line', async () => {
    const rows = sheetRows(3);
    rows[1]![6] = '';
    const bytes = await xlsxOf(rows, (sheet) => {
      sheet.getCell(1, 7).value = '主办单位\n（必填）';
      sheet.getCell(1, 4).value = '标\r\n题';
    });
    const run = await banli(['launch', file('two-lines.xlsx', bytes), '--cycle', 'cli-lines', '--title', '表头换行']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(['文件有误，未启动任何件：', '  第3行 主办单位（必填）：缺少主办单位 / missing lead unit', ''].join('\n'));
  });

  it('says why a broken file, a missing file, a missing title and an unreachable API fail', async () => {
    const broken = await banli(['launch', file('broken.xlsx', Buffer.from('PK\u0003\u0004 garbage')), '--cycle', 'cli-broken', '--title', 't']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^文件有误，未启动任何件：\n {2}文件：无法读取 Excel 文件/);

    const missing = await banli(['launch', 'no-such.xlsx', '--cycle', 'cli-broken', '--title', 't']);
    expect(missing).toMatchObject({ code: 1, stderr: '无法读取文件 no-such.xlsx：ENOENT\n' });

    const untitled = await banli(['launch', 'broken.xlsx', '--cycle', 'cli-broken']);
    expect(untitled.code).toBe(2);
    expect(untitled.stderr).toMatch(/^缺少 --title/);

    const port = await closedPort();
    const down = await banli(['overdue'], { BANLI_API_URL: `http://127.0.0.1:${port}` });
    expect(down).toMatchObject({ code: 1, stderr: `无法连接 banli 服务 http://127.0.0.1:${port}：ECONNREFUSED\n` });
  });

  it('adds the cases of a sheet to a launched cycle with --add', async () => {
    const run = await banli(['launch', file('闭会件.csv', csvOf(sheetRows(2, 301))), '--cycle', 'cli-2020', '--add', '--assigned-on', '2020-09-01', '--poll-interval', '50']);
    expect(run).toMatchObject({ code: 0, stdout: '交办完成：cli-2020 共2件：新启动2件\n' });
    // The worker may still be busy with the 300 cases before: its query can time out (503) for a while.
    const view = (await eventually(() => e2e.http().get('/api/cases/cli-2020.npc-suggestion.301').expect(200), 60_000)).body;
    expect(view).toMatchObject({ cycleTitle: '东丽区2020年建议提案办理', assignedOn: '2020-09-01' });
  });
});

describe('banli launch again (the sheet corrected or changed)', () => {
  // Assigned today, so that the return window is open for --apply-changes.
  const cycle = ['--cycle', 'cli-again', '--title', '再次交办', '--poll-interval', '50'];
  /** The second sheet: No. 2 to another lead unit (row 3), No. 7 no longer key supervised (row 8), No. 9 new. */
  function changedRows() {
    const rows = sheetRows(9);
    rows[1]![6] = '区教育局';
    rows[6]![8] = '否';
    return rows;
  }

  beforeAll(async () => {
    const first = await banli(['launch', file('again-1.csv', csvOf(sheetRows(8))), ...cycle]);
    expect(first).toMatchObject({ code: 0, stdout: '交办完成：cli-again 共8件：新启动8件\n' });
    // A relaunch compares with the read model: wait until it has the eight cases.
    await eventually(async () => expect(await countCases('cli-again')).toBe(8), 60_000);
  }, HOOK_TIMEOUT.setup);

  it('refuses a sheet whose rows differ from the cases launched, each difference on its row, and starts nothing', async () => {
    const run = await banli(['launch', file('again-2.csv', csvOf(changedRows())), ...cycle]);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr.split('\n')).toEqual([
      '本表有2件与已交办的件内容不同，未启动任何件：',
      '  第3行 主办单位：与已交办的件不同：区民政局 → 区教育局（再次交办不会更改已交办的件） / differs from the case already launched: 区民政局 → 区教育局 (launching again changes no launched case)',
      '  第8行 重点督办：与已交办的件不同：是 → 否（再次交办不会更改已交办的件） / differs from the case already launched: 是 → 否 (launching again changes no launched case)',
      '确认只启动新增的件、已交办的件保持不变，请加 --keep-existing；只查看差异请用 --dry-run。',
      '再次交办不会更改已交办的件。确需按本表更正，请用 --apply-changes（先加 --dry-run 预览）：尚未签收的件改派主办单位；其他内容无办理步骤可改，须人工处理。',
      '',
    ]);
    expect(await exists('cli-again.npc-suggestion.9')).toBe(false);
  });

  it('previews with --dry-run: which cases are new, which unchanged, which differ and how', async () => {
    const run = await banli(['launch', file('again-2.csv', csvOf(changedRows())), ...cycle, '--dry-run']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.split('\n')).toEqual([
      '预览（未启动任何件）：cli-again 共9件：将新启动1件，已存在且内容相同6件，已存在但内容与本表不同2件',
      '以下2件已交办，本表内容与之不同，已交办的件未作更改：',
      '  第3行 cli-again.npc-suggestion.2 主办单位：区民政局 → 区教育局',
      '  第8行 cli-again.npc-suggestion.7 重点督办：是 → 否',
      expect.stringMatching(/^再次交办不会更改已交办的件。/),
      '',
    ]);
    expect(await exists('cli-again.npc-suggestion.9')).toBe(false);
  });

  it('with --keep-existing starts the new case, leaves the others, and says which it started, which were unchanged and which differ', async () => {
    const run = await banli(['launch', file('again-2.csv', csvOf(changedRows())), ...cycle, '--keep-existing']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      '交办完成：cli-again 共9件：新启动1件，已存在且内容相同6件，已存在但内容与本表不同2件（未更改）',
      '以下2件已交办，本表内容与之不同，已交办的件未作更改：',
      '  第3行 cli-again.npc-suggestion.2 主办单位：区民政局 → 区教育局',
      '  第8行 cli-again.npc-suggestion.7 重点督办：是 → 否',
      expect.stringMatching(/^再次交办不会更改已交办的件。/),
      '',
    ]);
    expect(await exists('cli-again.npc-suggestion.9')).toBe(true);
    const two = (await e2e.http().get('/api/cases/cli-again.npc-suggestion.2').expect(200)).body;
    expect(two.leadUnit).toBe('区民政局');
  });

  it('applies the differences deliberately with --apply-changes (--dry-run first): the lead unit of a case not signed for; 重点督办 reported to change by hand', async () => {
    const sheet = file('again-2.csv', csvOf(changedRows()));
    const manual = '无法自动更正：没有可更改“重点督办”的办理步骤，须人工处理（如撤案后以新编号交办）';
    // The case started by --keep-existing is compared once the read model has it.
    const preview = await eventually(async () => {
      const r = await banli(['launch', sheet, '--cycle', 'cli-again', '--apply-changes', '--dry-run']);
      expect(r.stdout.split('\n')[0]).toBe('更正预览（未更改任何件）：cli-again 本表共9件：可更正1项，1项无法自动更正，须人工处理，内容相同7件');
      return r;
    }, 60_000);
    expect(preview).toMatchObject({ code: 0, stderr: '' });
    expect(preview.stdout.split('\n').slice(1)).toEqual([
      '  第3行 cli-again.npc-suggestion.2 主办单位：区民政局 → 区教育局 可更正',
      `  第8行 cli-again.npc-suggestion.7 重点督办：是 → 否 ${manual}`,
      '',
    ]);
    expect((await e2e.http().get('/api/cases/cli-again.npc-suggestion.2').expect(200)).body.leadUnit).toBe('区民政局');

    const applied = await banli(['launch', sheet, '--cycle', 'cli-again', '--apply-changes']);
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(applied.stdout.split('\n')).toEqual([
      '已按本表更正已交办的件：cli-again 本表共9件：已更正1项，1项无法自动更正，须人工处理，内容相同7件',
      '  第3行 cli-again.npc-suggestion.2 主办单位：区民政局 → 区教育局 已更正',
      `  第8行 cli-again.npc-suggestion.7 重点督办：是 → 否 ${manual}`,
      '',
    ]);
    expect((await e2e.http().get('/api/cases/cli-again.npc-suggestion.2').expect(200)).body).toMatchObject({ leadUnit: '区教育局', stage: 'assigned' });

    const mixed = await banli(['launch', sheet, '--cycle', 'cli-again', '--apply-changes', '--title', '再次交办']);
    expect(mixed).toMatchObject({ code: 2, stdout: '', stderr: `${T.changes.alone}\n` });
  });

  it('prints CycleConflict with its Chinese reason first and the API’s message on one line after it', async () => {
    const run = await banli(['launch', file('again-1.csv', csvOf(sheetRows(8))), '--cycle', 'cli-again', '--title', '另一个标题']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    const lines = run.stderr.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      '请求失败（409 CycleConflict）：该批次已交办过，本次的批次标题、行政区域、闭会日期或政策调整与首次交办不同：再次交办须与首次相同；向已交办的批次追加件请用 --add',
    );
    expect(lines[1]).toMatch(/^ {2}cycle cli-again was launched with another title; /);
    expect(lines[2]).toBe('');
  });
});

describe('banli overdue and export', () => {
  it('lists the overdue cases of a unit as a table in Chinese', async () => {
    const late = { ...dongli, cycleId: 'cli-late', assignedOn: '2020-04-10', cases: [{ ...dongli.cases[0], leadUnit: '区审计局' }] };
    await e2e.http().post('/api/cycles').send(late).expect(201);
    const run = await eventually(async () => {
      const r = await banli(['overdue', '--unit', '区审计局']);
      expect(r.stdout).toContain('cli-late.npc-suggestion.11');
      return r;
    }, 60_000);
    const [count, header, row] = run.stdout.trimEnd().split('\n');
    expect(count).toBe('逾期件共1件：');
    expect(header!.split(/\s+/)).toEqual(['件号', '主办单位', '阶段', '答复截止', '标题']);
    expect(row!.split(/\s+/)).toEqual(['cli-late.npc-suggestion.11', '区审计局', '已交办', '2020-07-10', dongli.cases[0].title]);

    const none = await banli(['overdue', '--unit', '无此单位']);
    expect(none).toMatchObject({ code: 0, stdout: '没有逾期的件\n' });
  });

  it('exports a cycle’s cases as CSV for Excel and as JSON', async () => {
    await eventually(async () => expect(await countCases('cli-2020')).toBe(302), 60_000);
    // The reply's due date reaches visibility a moment after the case starts.
    await eventually(async () => {
      const csv = await banli(['export', '--cycle', 'cli-2020', '--output', 'cases.csv']);
      expect(csv).toMatchObject({ code: 0, stdout: '', stderr: '已导出302件\n' });
      const text = readFileSync(join(dir, 'cases.csv'), 'utf8');
      expect(text.startsWith('\ufeff件号,批次,类别,编号,标题,主办单位,协办单位,阶段,逾期,重点督办,答复截止\r\n')).toBe(true);
      const lines = text.trimEnd().split('\r\n');
      expect(lines).toHaveLength(303);
      const proposal = lines.find((l) => l.startsWith('cli-2020.cppcc-proposal.10,'))!.split(',');
      expect(proposal.slice(0, 8)).toEqual(['cli-2020.cppcc-proposal.10', 'cli-2020', '提案', '10', '关于第10号事项的提案', '区民政局', '区司法局、区财政局', '已交办']);
      expect(proposal[8]).toMatch(/^(是|否)$/); // overdue once the worker has counted its deadlines
      expect(proposal.slice(9)).toEqual(['否', '2020-07-10']);
    }, 60_000);

    const json = await banli(['export', '--cycle', 'cli-2020', '--format', 'json']);
    const cases = JSON.parse(json.stdout) as { caseId: string }[];
    expect(cases).toHaveLength(302);
    expect(cases.map((c) => c.caseId)).toContain('cli-2020.npc-suggestion.301');

    // A title Excel would run as a formula is exported as text.
    const formula = { ...dongli, cycleId: 'cli-formula', cases: [{ ...dongli.cases[0], title: '=HYPERLINK("http://x","点此")' }] };
    await e2e.http().post('/api/cycles').send(formula).expect(201);
    const exported = await eventually(async () => {
      const r = await banli(['export', '--cycle', 'cli-formula']);
      expect(r.stderr).toBe('已导出1件\n');
      return r;
    }, 60_000);
    expect(exported.stdout).toContain(`,"'=HYPERLINK(""http://x"",""点此"")",`);

    const bad = await banli(['export', '--format', 'xml']);
    expect(bad).toMatchObject({ code: 2, stderr: '不支持的格式 xml：请用 csv 或 json\n' });
  });
});

describe('banli keys create', () => {
  it('creates a unit key, printed once, that then works; without a key the API refuses and the CLI says so', async () => {
    const run = await banli(['keys', 'create', '--role', 'unit-handler', '--unit', '区审计局', '--name', '张三']);
    expect(run.code).toBe(0);
    const key = run.stdout.trim();
    expect(key).toMatch(/^banli_[A-Za-z0-9_-]{32,}$/);
    expect(run.stderr).toMatch(/^密钥已创建（只显示这一次，请妥善保存）：\n/);
    expect(run.stderr).toMatch(/角色\s+承办单位经办人（unit-handler）/);

    const asUnit = await banli(['overdue'], { BANLI_API_KEY: key });
    expect(asUnit.stdout).toContain('cli-late.npc-suggestion.11'); // its own unit's case
    expect(asUnit.stdout).not.toContain('cli-2020.');

    const anonymous = await banli(['overdue'], { BANLI_API_KEY: '' });
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toMatch(/^请求失败（401 Unauthorized）：/);

    const badRole = await banli(['keys', 'create', '--role', 'mayor']);
    expect(badRole.code).toBe(1);
    // Chinese first, the API's message, then the refused field by the option that sets it: each on one line.
    expect(badRole.stderr.split('\n')).toEqual([
      '请求失败（400 ValidationFailed）：请求内容有误',
      '  invalid field: role',
      expect.stringMatching(/^ {2}角色（--role）：role must be one of the following values: office, unit-handler/),
      '',
    ]);
  });
});
