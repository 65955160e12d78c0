import { dongli } from './support/fixtures';
import { launchHelpers, sheetRows, xlsxOf } from './support/launch-sheets';
import { eventually, useTestSystem } from './support/system';

jest.setTimeout(900_000);

const e2e = useTestSystem('launch-upload-large');
const { http } = e2e;

const { upload, follow, countCases, exists } = launchHelpers(e2e);

/** Its own system: a thousand cases keep the worker busy for a while. */
describe('launching a 1,000-row sheet', () => {
  it('launches a 1,000-row .xlsx in the background: 202, the launch resource counts up to 1000, every case exists', async () => {
    const res = await upload(await xlsxOf(sheetRows(1000)), '交办清单.xlsx', {
      cycleId: 'sheet-1000', title: '东丽区2020年建议提案办理', jurisdiction: '天津市东丽区', assignedOn: '2020-04-10',
    }).expect(202);
    expect(res.headers.location).toBe(`/api/launches/${res.body.launchId}`);
    expect(res.body).toMatchObject({ cycleId: 'sheet-1000', status: 'running', total: 1000 });
    expect(res.body.cases).toHaveLength(1000);
    expect(res.body.cases[9]).toEqual({ caseId: 'sheet-1000.cppcc-proposal.10', kind: 'cppcc-proposal', number: '10' });

    const { final, seen } = await follow(res.headers.location);
    expect(final).toMatchObject({ status: 'completed', total: 1000, started: 1000, cycleId: 'sheet-1000' });
    expect(final.error).toBeUndefined();
    expect(seen).toEqual([...seen].sort((a, b) => a - b)); // never goes back
    expect(seen.some((n) => n > 0 && n < 1000)).toBe(true); // seen part way

    await eventually(async () => expect(await countCases('sheet-1000')).toBe(1000), 600_000);
    // The worker is still busy with a thousand new cases: its query may time out (503) for a while.
    const proposal = await eventually(() => http().get('/api/cases/sheet-1000.cppcc-proposal.30').expect(200), 120_000);
    expect(proposal.body).toMatchObject({
      cycleTitle: '东丽区2020年建议提案办理', jurisdiction: '天津市东丽区', session: '政协九届六次会议', assignedOn: '2020-04-10',
      submitters: ['第30号领衔委员', '联名甲', '联名乙'], leadUnit: '区民政局', coUnits: ['区司法局', '区财政局'],
    });
  });

  it('starts nothing for the same file with three bad rows, and names exactly those rows', async () => {
    const rows = sheetRows(1000);
    rows[4]![6] = ''; // row 6: no lead unit
    rows[498]![2] = '3'; // row 500: suggestion No. 3 again (row 4)
    rows[997]![0] = '意见'; // row 999: no such kind
    const res = await upload(await xlsxOf(rows), '交办清单.xlsx', { cycleId: 'sheet-bad', title: '有误的交办清单' }).expect(400);
    expect(res.body.error).toBe('ValidationFailed');
    expect(res.body.problems).toEqual([
      { field: 'file', row: 6, column: '主办单位', problem: '缺少主办单位 / missing lead unit' },
      { field: 'file', row: 500, column: '编号', problem: '编号重复：与第4行类别和编号相同 / duplicate number: row 4 has the same kind and number' },
      { field: 'file', row: 999, column: '类别', problem: expect.stringMatching(/^未知类别“意见”：应为 建议、提案 或 工单 \/ unknown kind/) },
    ]);
    expect(await exists('sheet-bad.npc-suggestion.1')).toBe(false);
    expect(await exists('sheet-bad.npc-suggestion.999')).toBe(false);
    const listed = await e2e.system.temporal.client.workflow.count(`BanliCycle = "sheet-bad"`);
    expect(listed.count).toBe(0);
    // Not even the cycle was recorded: cases cannot be added to it.
    await http().post('/api/cycles/sheet-bad/cases').send({ cases: [dongli.cases[0]] }).expect(404);
  });

});

describe('a launch the API stops in the middle of', () => {
  it('goes on in the worker and completes: the API holds no launch in its memory', async () => {
    const bytes = await xlsxOf(sheetRows(600));
    const fields = { cycleId: 'sheet-interrupted', title: '中途停止的交办', assignedOn: '2020-04-10' };
    const res = await upload(bytes, '交办清单.xlsx', fields).expect(202);
    await e2e.system.restartApi(); // as a deployment would, while the launch runs

    const { final, seen } = await follow(res.headers.location);
    expect(final).toMatchObject({ status: 'completed', total: 600, started: 600 });
    expect(seen[0]).toBeLessThan(600);
    await eventually(async () => expect(await countCases('sheet-interrupted')).toBe(600), 600_000);

    // Launching the same sheet again starts nothing new: every case exists once.
    const again = await upload(bytes, '交办清单.xlsx', fields).expect(202);
    expect((await follow(again.headers.location)).final).toMatchObject({ status: 'completed', started: 600 });
    expect(await countCases('sheet-interrupted')).toBe(600);
  });
});
