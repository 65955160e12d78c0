import ExcelJS from 'exceljs';
import { dongli } from './support/fixtures';
import { csvOf, launchHelpers, sheetRows, XLSX_TYPE, xlsxOf } from './support/launch-sheets';
import { eventually, useTestSystem } from './support/system';

jest.setTimeout(300_000);

const e2e = useTestSystem('launch-upload');
const { http } = e2e;

const { upload, follow, countCases, exists } = launchHelpers(e2e);

describe('launching a cycle from the assignment meeting’s sheet', () => {
  it('launches the CSV equivalent, UTF-8 with a byte-order mark, and refuses a CSV with bad rows the same way', async () => {
    const res = await upload(csvOf(sheetRows(120)), '交办清单.csv', { cycleId: 'sheet-csv', title: 'CSV 交办' }).expect(202);
    const { final } = await follow(res.headers.location);
    expect(final).toMatchObject({ status: 'completed', total: 120, started: 120 });
    await eventually(async () => expect(await countCases('sheet-csv')).toBe(120), 60_000);

    const rows = sheetRows(120);
    rows[9]![7] = '区民政局、区司法局'; // row 11: the lead unit among its co-units
    rows[59]![8] = '也许'; // row 61
    const bad = await upload(csvOf(rows, { bom: false }), 'bad.csv', { cycleId: 'sheet-csv-bad', title: 'CSV 交办' }).expect(400);
    expect(bad.body.problems.map((p: { row: number; column: string }) => [p.row, p.column])).toEqual([
      [11, '协办单位'],
      [61, '重点督办'],
    ]);
    expect(await exists('sheet-csv-bad.npc-suggestion.1')).toBe(false);
  });

  it('refuses formula cells, never evaluating them, and starts nothing', async () => {
    const bytes = await xlsxOf(sheetRows(5), (sheet) => {
      sheet.getCell('C3').value = { formula: 'C2+1', result: 2 } as ExcelJS.CellFormulaValue;
      sheet.getCell('G5').value = { formula: 'G4', result: '区民政局' } as ExcelJS.CellFormulaValue;
    });
    const res = await upload(bytes, 'f.xlsx', { cycleId: 'sheet-formula', title: '含公式' }).expect(400);
    expect(res.body.problems).toEqual([
      { field: 'file', row: 3, column: '编号', problem: expect.stringMatching(/^单元格含公式，不予计算.* \/ formula cells are refused, never evaluated/) },
      { field: 'file', row: 5, column: '主办单位', problem: expect.stringMatching(/^单元格含公式/) },
    ]);
    expect(await exists('sheet-formula.npc-suggestion.1')).toBe(false);
  });

  it('folds full-width digits in numbers: １２ launches as No. 12', async () => {
    const rows = sheetRows(2);
    rows[1]![2] = '１２';
    const res = await upload(await xlsxOf(rows), 'w.xlsx', { cycleId: 'sheet-width', title: '全角编号' }).expect(202);
    expect(res.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual(['sheet-width.npc-suggestion.1', 'sheet-width.npc-suggestion.12']);
    await follow(res.headers.location);
    expect(await exists('sheet-width.npc-suggestion.12')).toBe(true);
  });

  it('answers 4xx with the reason, never 5xx, for broken, empty, mistyped, non-UTF-8 and oversized files', async () => {
    const fields = { cycleId: 'sheet-broken', title: '坏文件' };
    const reasons: [Buffer, string, RegExp][] = [
      [Buffer.from('PK\u0003\u0004this is not a workbook'), 'a.xlsx', /^无法读取 Excel 文件/],
      [(await xlsxOf(sheetRows(3))).subarray(0, 2000), 'cut.xlsx', /^无法读取 Excel 文件/],
      [Buffer.alloc(0), 'empty.xlsx', /^文件为空/],
      [csvOf([]), 'header-only.csv', /^表中没有任何件/],
      [Buffer.from('%PDF-1.4 …'), 'a.pdf', /^不支持的文件类型/],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 'old.xls', /^不支持旧版 \.xls/],
      [Buffer.concat([Buffer.from('类别,编号\r\n'), Buffer.from([0xbd, 0xa8, 0xd2, 0xe9, 0x2c, 0x31, 0x0d, 0x0a])]), 'gbk.csv', /^CSV 文件不是 UTF-8 编码/],
    ];
    for (const [bytes, name, reason] of reasons) {
      const res = await upload(bytes, name, fields);
      expect([res.status, name]).toEqual([400, name]);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'ValidationFailed', problems: [{ field: 'file', problem: expect.stringMatching(reason) }] });
    }
    const tooLarge = await upload(Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 'big.csv', fields).expect(413);
    expect(tooLarge.body).toMatchObject({ statusCode: 413, error: 'PayloadTooLarge', message: '文件过大（上限5 MB） / the file is too large (limit 5 MB)' });
    const noFile = await http().post('/api/cycles').field('cycleId', 'sheet-broken').field('title', '坏文件').expect(400);
    expect(noFile.body.problems).toEqual([{ field: 'file', problem: expect.stringMatching(/^缺少上传文件/) }]);
    const otherField = await http().post('/api/cycles').field('cycleId', 'sheet-broken').attach('sheet', csvOf(sheetRows(1)), 'a.csv').expect(400);
    expect(otherField.body.problems).toEqual([{ field: 'file', problem: '只能上传一个文件，表单字段应为 file / upload one file, in the form field file' }]);
    // Multipart anywhere else is not a sheet upload: read as JSON, and refused.
    await http().post('/api/cases/sheet-broken.npc-suggestion.1/sign').attach('file', csvOf(sheetRows(1)), 'a.csv').expect(400);
    expect(await exists('sheet-broken.npc-suggestion.1')).toBe(false);
  });

  it('reports the form’s fields and the sheet’s rows together', async () => {
    const rows = sheetRows(3);
    rows[2]![3] = '';
    const res = await upload(await xlsxOf(rows), 'a.xlsx', { cycleId: 'Bad Id', assignedOn: '2020-02-31', policyOverrides: '{not json', cases: '[]' }).expect(400);
    const fields = res.body.problems.map((p: { field: string; row?: number }) => (p.row ? `${p.field}@${p.row}` : p.field));
    expect(fields).toEqual(expect.arrayContaining(['cycleId', 'title', 'assignedOn', 'policyOverrides', 'cases', 'file@4']));
  });

  it('relaunching the same sheet starts nothing new and gives the same ids; another title for the cycle is refused with 409', async () => {
    const bytes = await xlsxOf(sheetRows(20));
    const fields = { cycleId: 'sheet-again', title: '再次交办', assignedOn: '2020-04-10' };
    const first = await upload(bytes, 'a.xlsx', fields).expect(202);
    await follow(first.headers.location);
    const runId = (await e2e.system.temporal.client.workflow.getHandle('sheet-again.npc-suggestion.7').describe()).runId;
    const again = await upload(bytes, 'a.xlsx', fields).expect(202);
    expect(again.body.launchId).not.toBe(first.body.launchId);
    expect(again.body.cases).toEqual(first.body.cases);
    expect((await follow(again.headers.location)).final).toMatchObject({ status: 'completed', started: 20 });
    expect((await e2e.system.temporal.client.workflow.getHandle('sheet-again.npc-suggestion.7').describe()).runId).toBe(runId);

    const renamed = await upload(bytes, 'a.xlsx', { ...fields, title: '另一个标题' }).expect(409);
    expect(renamed.body).toMatchObject({ statusCode: 409, error: 'CycleConflict', message: expect.stringContaining('another title') });
  });
});

describe('adding cases to a launched cycle (闭会件 arrive one by one)', () => {
  const cycle = {
    ...dongli,
    cycleId: 'adding-2020',
    cases: [dongli.cases[0]],
    policyOverrides: { 'npc-suggestion': { version: 'adding-2020.1' } },
  };

  it('adds JSON cases under the cycle’s recorded title, jurisdiction and policy', async () => {
    await http().post('/api/cycles').send(cycle).expect(201);
    const closedSession = { ...dongli.cases[0], number: '0002', title: '关于创建“美丽社区”的建议', closedSession: true };
    const res = await http().post('/api/cycles/adding-2020/cases').send({ assignedOn: '2020-09-01', cases: [closedSession] }).expect(201);
    expect(res.body).toEqual({ cycleId: 'adding-2020', cases: [{ caseId: 'adding-2020.npc-suggestion.0002', kind: 'npc-suggestion', number: '0002' }] });
    // The worker may still be working through this suite's earlier launches: a busy machine takes a while.
    const view = await eventually(async () => (await http().get('/api/cases/adding-2020.npc-suggestion.0002').expect(200)).body, 120_000);
    expect(view).toMatchObject({
      cycleTitle: dongli.title, jurisdiction: dongli.jurisdiction, closedSession: true, assignedOn: '2020-09-01',
      policy: { id: 'npc-suggestion', version: 'adding-2020.1' },
    });
    // Adding it again changes nothing.
    await http().post('/api/cycles/adding-2020/cases').send({ assignedOn: '2020-09-01', cases: [closedSession] }).expect(201);
  });

  it('adds the cases of a sheet, 202 with the launch to follow', async () => {
    const res = await upload(await xlsxOf(sheetRows(3, 101)), 'more.xlsx', { assignedOn: '2020-09-02' }, '/api/cycles/adding-2020/cases').expect(202);
    expect((await follow(res.headers.location)).final).toMatchObject({ status: 'completed', total: 3, started: 3, cycleId: 'adding-2020' });
    const view = await eventually(async () => (await http().get('/api/cases/adding-2020.npc-suggestion.101').expect(200)).body, 120_000);
    expect(view).toMatchObject({ cycleTitle: dongli.title, assignedOn: '2020-09-02', policy: { version: 'adding-2020.1' } });
  });

  it('refuses to add to a cycle never launched (404) and refuses bad cases (400)', async () => {
    const unknown = await http().post('/api/cycles/never-launched/cases').send({ cases: [dongli.cases[0]] }).expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'CycleNotFound' });
    const dup = await http().post('/api/cycles/adding-2020/cases').send({ cases: [dongli.cases[1], dongli.cases[1]] }).expect(400);
    expect(dup.body.problems).toEqual([{ field: 'cases.1.number', problem: 'duplicates cases.0 (npc-suggestion/12)' }]);
    expect(await exists('adding-2020.npc-suggestion.12')).toBe(false);
  });
});

describe('large JSON launches and the templates', () => {
  it('a JSON launch of more than 100 cases answers 202 with the launch to follow', async () => {
    const cases = Array.from({ length: 101 }, (_, i) => ({ ...dongli.cases[0], number: String(1000 + i) }));
    const res = await http().post('/api/cycles').send({ ...dongli, cycleId: 'json-101', cases }).expect(202);
    expect(res.headers.location).toBe(`/api/launches/${res.body.launchId}`);
    expect((await follow(res.headers.location)).final).toMatchObject({ status: 'completed', total: 101, started: 101 });
    await http().get('/api/launches/00000000-0000-0000-0000-000000000000').expect(404);
    await http().get('/api/launches/not-an-id').expect(404);
  });

  it('serves the .xlsx and .csv templates with the Chinese column headers', async () => {
    const xlsx = await http().get('/api/cycles/template.xlsx').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(xlsx.headers['content-type']).toBe(XLSX_TYPE);
    expect(xlsx.headers['content-disposition']).toContain("filename*=UTF-8''%E4%BA%A4%E5%8A%9E");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    expect((workbook.getWorksheet('交办清单')!.getRow(1).values as unknown[]).slice(1)).toEqual([
      '类别', '届次会次', '编号', '标题', '领衔代表/委员', '联名代表/委员', '主办单位', '协办单位', '重点督办', '闭会件', '复杂',
    ]);
    const docs = (await http().get('/api/docs-json').expect(200)).body;
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/cycles/{cycleId}/cases', '/api/cycles/template.xlsx', '/api/launches/{launchId}']));
    expect(Object.keys(docs.paths['/api/cycles'].post.requestBody.content)).toEqual(['application/json', 'multipart/form-data']);
    const csv = await http().get('/api/cycles/template.csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text).toBe('\ufeff类别,届次会次,编号,标题,领衔代表/委员,联名代表/委员,主办单位,协办单位,重点督办,闭会件,复杂\r\n');
  });
});
