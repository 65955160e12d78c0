import { dongli } from './support/fixtures';
import { csvOf, launchHelpers, sheetRows } from './support/launch-sheets';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';

jest.setTimeout(300_000);

const e2e = useTestSystem('launch-changes');
const { http } = e2e;
const { upload, follow, countCases, exists } = launchHelpers(e2e);

/**
 * A sheet launched again with changed content: the launch says which rows differ and how and
 * changes nothing; the office then applies the difference deliberately (POST …/changes), each
 * case through its own steps.
 */
describe('a corrected sheet applied to the cases launched (按清单更正)', () => {
  const CYCLE = 'chg-2020';
  const id = (n: number) => `${CYCLE}.npc-suggestion.${n}`;
  // Assigned today: the return window (5 working days) is open, as it is for a sheet corrected soon after the launch.
  const fields = { cycleId: CYCLE, title: '更正测试' };

  /**
   * The corrected sheet: No. 2 (row 3, not signed for) and No. 4 (row 5, signed for) to 区财政局,
   * No. 7 (row 8) no longer key supervised, No. 8 (row 9) new.
   */
  function corrected() {
    const rows = sheetRows(8);
    rows[1]![6] = '区财政局';
    rows[3]![6] = '区财政局';
    rows[6]![8] = '否';
    return csvOf(rows);
  }
  /** Case No. n of sheetRows as JSON (a suggestion). */
  const sheetCaseOf = (n: number) => ({
    kind: 'npc-suggestion', session: '第十七届人大七次会议', number: String(n), title: `关于第${n}号事项的建议`,
    submitters: [`第${n}号领衔代表`], leadUnit: n % 2 === 0 ? '区民政局' : '区教育局', coUnits: [], keySupervised: false,
  });
  const changes = (bytes: Buffer, query = '') => upload(bytes, '更正.csv', {}, `/api/cycles/${CYCLE}/changes${query}`);

  beforeAll(async () => {
    const first = await upload(csvOf(sheetRows(7)), '交办清单.csv', fields).expect(202);
    expect((await follow(first.headers.location)).final).toMatchObject({ status: 'completed', created: 7 });
    await http().post(`/api/cases/${id(4)}/sign`).send({}).expect(200);
    // Comparing reads the read model: wait until it has the seven cases.
    await eventually(async () => expect(await countCases(CYCLE)).toBe(7), 60_000);
  }, HOOK_TIMEOUT.setup);

  it('a relaunch names each row that differs and how, starts nothing and changes nothing (409 CasesDiffer)', async () => {
    const res = await upload(corrected(), '更正.csv', fields).expect(409);
    expect(res.body).toMatchObject({ error: 'CasesDiffer' });
    expect(res.body.problems.map((p: { row: number; column: string; problem: string }) => [p.row, p.column, p.problem.split(' / ')[0]])).toEqual([
      [3, '主办单位', '与已交办的件不同：区民政局 → 区财政局（再次交办不会更改已交办的件）'],
      [5, '主办单位', '与已交办的件不同：区民政局 → 区财政局（再次交办不会更改已交办的件）'],
      [8, '重点督办', '与已交办的件不同：是 → 否（再次交办不会更改已交办的件）'],
    ]);
    expect(await exists(id(8))).toBe(false);

    const preview = (await upload(corrected(), '更正.csv', fields, '/api/cycles?dryRun=true').expect(200)).body;
    expect(preview).toMatchObject({ dryRun: true, total: 8, created: 1, unchanged: 4, notCompared: [] });
    expect(preview.changed.map((c: { caseId: string; row: number }) => [c.caseId, c.row])).toEqual([[id(2), 3], [id(4), 5], [id(7), 8]]);
  });

  it('a dry run says what would be applied, what the case refuses and why, and what no step can change; nothing changes', async () => {
    const res = (await changes(corrected(), '?dryRun=true').expect(200)).body;
    expect(res).toMatchObject({ dryRun: true, cycleId: CYCLE, total: 8, unchanged: 4, applied: 0, applicable: 1, refused: 1, notApplicable: 1 });
    expect(res.notLaunched).toEqual([{ caseId: id(8), row: 9 }]);
    expect(res.cases).toEqual([
      { caseId: id(2), row: 3, changes: [{ field: 'leadUnit', column: '主办单位', from: '区民政局', to: '区财政局', result: 'applicable' }] },
      {
        caseId: id(4),
        row: 5,
        changes: [{ field: 'leadUnit', column: '主办单位', from: '区民政局', to: '区财政局', result: 'refused', reason: expect.stringMatching(/^该件已签收（当前：已签收），不能再改派主办单位/) }],
      },
      {
        caseId: id(7),
        row: 8,
        changes: [{ field: 'keySupervised', column: '重点督办', from: true, to: false, result: 'not-applicable', reason: expect.stringMatching(/^没有可更改“重点督办”的办理步骤，须人工处理/) }],
      },
    ]);
    expect((await http().get(`/api/cases/${id(2)}`).expect(200)).body).toMatchObject({ leadUnit: '区民政局', stage: 'assigned' });
  });

  it('applied, a case not signed for is reassigned through its return and decision (in its history, by the office, the list as reason); the others are left as they are', async () => {
    const res = (await changes(corrected()).expect(200)).body;
    expect(res).toMatchObject({ dryRun: false, applied: 1, applicable: 0, refused: 1, notApplicable: 1, notLaunched: [{ caseId: id(8), row: 9 }] });
    expect(res.cases.map((c: { caseId: string; changes: { result: string }[] }) => [c.caseId, c.changes.map((x) => x.result)])).toEqual([
      [id(2), ['applied']],
      [id(4), ['refused']],
      [id(7), ['not-applicable']],
    ]);

    const two = (await http().get(`/api/cases/${id(2)}`).expect(200)).body;
    expect(two).toMatchObject({ leadUnit: '区财政局', stage: 'assigned' });
    const steps = two.history.filter((h: { action: string }) => h.action === 'return' || h.action === 'return-decision');
    expect(steps).toEqual([
      expect.objectContaining({ action: 'return', details: { reason: '交办清单更正：主办单位由区民政局调整为区财政局' } }),
      expect.objectContaining({ action: 'return-decision', details: { decision: 'reassign', from: '区民政局', to: '区财政局' } }),
    ]);
    expect(steps.map((h: { actor: string }) => h.actor)).toEqual(['e2e office', 'e2e office']);

    expect((await http().get(`/api/cases/${id(4)}`).expect(200)).body).toMatchObject({ leadUnit: '区民政局', stage: 'signed' });
    expect((await http().get(`/api/cases/${id(7)}`).expect(200)).body).toMatchObject({ keySupervised: true });
    expect(await exists(id(8))).toBe(false);

    // Once the read model has the change, the list and the case agree: nothing more to apply.
    await eventually(async () => {
      const again = (await changes(corrected(), '?dryRun=true').expect(200)).body;
      expect(again).toMatchObject({ unchanged: 5, applicable: 0, refused: 1, notApplicable: 1 });
      expect(again.cases.map((c: { caseId: string }) => c.caseId)).toEqual([id(4), id(7)]);
    }, 60_000);
  });

  it('takes the list as JSON too, and a case whose return window has closed refuses another lead unit, saying so', async () => {
    const old = { ...dongli, cycleId: 'chg-old', assignedOn: '2020-04-10', cases: [dongli.cases[0]] };
    await http().post('/api/cycles').send(old).expect(201);
    const caseId = `chg-old.${dongli.cases[0].kind}.${dongli.cases[0].number}`;
    const res = await eventually(async () => {
      const body = (await http().post('/api/cycles/chg-old/changes').send({ cases: [{ ...dongli.cases[0], leadUnit: '区审计局' }] }).expect(200)).body;
      expect(body.cases).toHaveLength(1); // once the read model has the case
      return body;
    }, 60_000);
    expect(res).toMatchObject({ applied: 0, refused: 1, notLaunched: [] });
    expect(res.cases[0]).toEqual({
      caseId,
      index: 0,
      changes: [expect.objectContaining({ field: 'leadUnit', to: '区审计局', result: 'refused', reason: expect.stringMatching(/^该件的退回期限已过/) })],
    });
    expect((await http().get(`/api/cases/${caseId}`).expect(200)).body.leadUnit).toBe(dongli.cases[0].leadUnit);
  });

  it('refuses bad input with a 4xx and changes nothing: an unknown cycle, a bad row, a bad flag, an empty list, a form field it does not take', async () => {
    expect((await upload(corrected(), '更正.csv', {}, '/api/cycles/no-such-cycle/changes').expect(404)).body).toMatchObject({ error: 'CycleNotFound' });
    const rows = sheetRows(3);
    rows[1]![6] = '';
    const bad = (await changes(csvOf(rows)).expect(400)).body;
    expect(bad.problems).toEqual([{ field: 'file', row: 3, column: '主办单位', problem: expect.stringMatching(/^缺少主办单位/) }]);
    expect((await changes(corrected(), '?dryRun=perhaps').expect(400)).body.problems).toEqual([{ field: 'dryRun', problem: 'must be true or false' }]);
    expect((await http().post(`/api/cycles/${CYCLE}/changes`).send({ cases: [] }).expect(400)).body.problems[0].field).toBe('cases');
    const twice = sheetCaseOf(2);
    const duplicate = await http().post(`/api/cycles/${CYCLE}/changes`).send({ cases: [twice, { ...twice, number: '02', leadUnit: '区审计局' }] }).expect(400);
    expect(duplicate.body.problems).toEqual([{ field: 'cases.1.number', problem: expect.stringMatching(/^is the same number as cases.0 \(2\)/) }]);
    const extra = await upload(corrected(), '更正.csv', { title: '多余' }, `/api/cycles/${CYCLE}/changes`).expect(400);
    expect(extra.body.problems).toEqual([expect.objectContaining({ field: 'title' })]);
    expect((await http().get(`/api/cases/${id(4)}`).expect(200)).body.leadUnit).toBe('区民政局');
  });
});
