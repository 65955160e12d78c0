import ExcelJS from 'exceljs';
import { parseLaunchSheet, readSheetFile, SheetFileError, templateCsv, templateHeaders, templateXlsx } from './index';
import { unpackedSize } from './read-xlsx';

const ROW = ['建议', '第十七届人大七次会议', '11', '关于充分发挥社区老年日间中心作用的建议', '张三', '', '区民政局', '', '', '', ''];

/** An .xlsx made the way an office's Excel would, with `edit` changing the sheet. */
async function xlsx(rows: ExcelJS.CellValue[][], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow(templateHeaders());
  for (const r of rows) sheet.addRow(r);
  edit?.(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function fileProblem(bytes: Buffer, name: string, type = ''): Promise<string> {
  const err = await parseLaunchSheet(bytes, name, type).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SheetFileError)) throw new Error(`expected a SheetFileError, got ${String(err)}`);
  return err.problem;
}

describe('reading an .xlsx launch sheet', () => {
  it('reads text, numeric numbers (12 → "12") and rich text', async () => {
    const rich = { richText: [{ text: '关于' }, { text: '养老', font: { bold: true } }, { text: '的建议' }] };
    const result = await parseLaunchSheet(await xlsx([ROW, [...ROW.slice(0, 2), 12, rich, ...ROW.slice(4)]]), 'a.xlsx');
    expect(result.problems).toEqual([]);
    expect(result.cases.map((c) => [c.row, c.number, c.title])).toEqual([
      [2, '11', ROW[3]],
      [3, '12', '关于养老的建议'],
    ]);
  });

  it('refuses formula cells, with or without a cached result, and shared formulas, never evaluating them', async () => {
    const bytes = await xlsx([ROW, [...ROW.slice(0, 2), '12', ...ROW.slice(3)], [...ROW.slice(0, 2), '13', ...ROW.slice(3)]], (sheet) => {
      sheet.getCell('C2').value = { formula: 'ROW()+9', result: 11 } as ExcelJS.CellFormulaValue;
      sheet.getCell('G3').value = { formula: 'G4', result: '区民政局' } as ExcelJS.CellFormulaValue;
      sheet.getCell('D3').value = { formula: '"标题"', result: '标题' } as ExcelJS.CellFormulaValue;
      sheet.getCell('D4').value = { sharedFormula: 'D3', result: '标题' } as unknown as ExcelJS.CellValue;
    });
    const result = await parseLaunchSheet(bytes, 'a.xlsx');
    expect(result.problems.map((p) => [p.row, p.column])).toEqual([
      [2, '编号'],
      [3, '标题'],
      [3, '主办单位'],
      [4, '标题'],
    ]);
    expect(result.problems.every((p) => p.problem.startsWith('单元格含公式，不予计算'))).toBe(true);
  });

  it('reads a merged cell as the value of its range (a lead unit merged down two rows)', async () => {
    const bytes = await xlsx([ROW, [...ROW.slice(0, 2), '12', ROW[3], '李四', '', null]], (sheet) => sheet.mergeCells('G2:G3'));
    const result = await parseLaunchSheet(bytes, 'a.xlsx');
    expect(result.cases.map((c) => c.leadUnit)).toEqual(['区民政局', '区民政局']);
  });

  it('refuses dates, error values and fractional numbers where text is expected', async () => {
    const bytes = await xlsx([
      [...ROW.slice(0, 2), new Date('2020-01-12'), ...ROW.slice(3)],
      [...ROW.slice(0, 2), 12.5, ...ROW.slice(3)],
      [...ROW.slice(0, 2), '13', ROW[3], ROW[4], '', { error: '#N/A' }],
    ]);
    const result = await parseLaunchSheet(bytes, 'a.xlsx');
    expect(result.problems).toEqual([
      { row: 2, column: '编号', problem: '单元格是日期，应为文字 / the cell is a date; expected text' },
      { row: 3, column: '编号', problem: expect.stringMatching(/^编号“12.5”无效/) },
      { row: 4, column: '主办单位', problem: '单元格为错误值 #N/A / the cell holds an error value' },
    ]);
  });

  it('reads TRUE/FALSE cells as yes/no', async () => {
    const result = await parseLaunchSheet(await xlsx([[...ROW.slice(0, 8), true, false, true]]), 'a.xlsx');
    expect(result.cases[0]).toMatchObject({ keySupervised: true, closedSession: false, complex: true });
  });

  it('refuses broken bytes, a legacy .xls, an unknown type and an empty file with the reason', async () => {
    expect(await fileProblem(Buffer.from('PK\u0003\u0004 not really a zip'), 'a.xlsx')).toMatch(/^无法读取 Excel 文件（文件已损坏或不是 \.xlsx） \/ cannot read the \.xlsx file: /);
    expect(await fileProblem(Buffer.from('hello'), 'a.xlsx')).toMatch(/^无法读取 Excel 文件/);
    expect(await fileProblem(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'a.dat')).toMatch(/^不支持旧版 \.xls/);
    expect(await fileProblem(Buffer.from('%PDF-1.4'), 'a.pdf', 'application/pdf')).toMatch(/^不支持的文件类型/);
    expect(await fileProblem(Buffer.alloc(0), 'a.xlsx')).toBe('文件为空 / the file is empty');
    expect(await fileProblem(Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer()), 'a.xlsx')).toBe('文件为空 / the file is empty');
  });

  it('refuses a workbook that would unpack to more than 100 MB (a zip bomb) before unpacking it', async () => {
    const bytes = await xlsx([ROW]);
    expect(unpackedSize(bytes)).toBeGreaterThan(1000);
    expect(unpackedSize(bytes)).toBeLessThan(100_000);
    // Claim 200 MB for the first entry in the central directory.
    const forged = Buffer.from(bytes);
    const central = forged.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    forged.writeUInt32LE(200 * 1024 * 1024, central + 24);
    expect(await fileProblem(forged, 'bomb.xlsx')).toBe('Excel 文件解压后过大（上限100 MB） / the workbook unpacks to more than 100 MB');
  });

  it('prefers a sheet named 交办清单, else the first sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('说明').addRow(['本表说明']);
    const data = workbook.addWorksheet('交办清单');
    data.addRow(templateHeaders());
    data.addRow(ROW);
    const result = await parseLaunchSheet(Buffer.from(await workbook.xlsx.writeBuffer()), 'a.xlsx');
    expect(result.cases).toHaveLength(1);
  });
});

describe('reading a .csv launch sheet', () => {
  const text = `${templateHeaders().join(',')}\r\n${ROW.join(',')}\r\n"建议","第十七届人大七次会议","12","关于
两行标题的建议",李四,,区民政局,,,,\r\n`;

  it('reads UTF-8 with or without a byte-order mark alike; a quoted line break stays in its row', async () => {
    const plain = await parseLaunchSheet(Buffer.from(text, 'utf8'), 'a.csv');
    const bom = await parseLaunchSheet(Buffer.from(`\ufeff${text}`, 'utf8'), 'a.csv');
    expect(bom).toEqual(plain);
    expect(plain.problems).toEqual([]);
    expect(plain.cases.map((c) => [c.row, c.kind, c.number])).toEqual([
      [2, 'npc-suggestion', '11'],
      [3, 'npc-suggestion', '12'],
    ]);
    expect(plain.cases[1]!.title).toBe('关于\n两行标题的建议');
  });

  it('is recognised by its media type as well as its name', async () => {
    expect((await readSheetFile(Buffer.from(text), 'upload', 'text/csv; charset=utf-8')).rows).toHaveLength(3);
  });

  it('refuses a GBK file (Excel’s plain CSV in China) instead of guessing, and a broken quote', async () => {
    const gbk = Buffer.from([0xc0, 0xe0, 0xb1, 0xf0, 0x2c, 0xb1, 0xe0, 0xba, 0xc5, 0x0d, 0x0a]); // 类别,编号 in GBK
    expect(await fileProblem(gbk, 'a.csv')).toMatch(/^CSV 文件不是 UTF-8 编码（可能是 GBK）/);
    expect(await fileProblem(Buffer.from(`${templateHeaders().join(',')}\n建议,"未闭合`), 'a.csv')).toMatch(/^无法解析 CSV 文件：Quote Not Closed/);
  });
});

describe('the templates', () => {
  it('the .xlsx template reads back with the template headers, drop-downs and an instructions sheet, and lists no case yet', async () => {
    const bytes = await templateXlsx();
    expect(await fileProblem(bytes, 'template.xlsx')).toBe('表中没有任何件（只有表头） / the sheet lists no cases');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['交办清单', '填写说明']);
    const header = workbook.worksheets[0]!.getRow(1).values as unknown[];
    expect(header.slice(1)).toEqual(['类别', '届次会次', '编号', '标题', '领衔代表/委员', '联名代表/委员', '主办单位', '协办单位', '重点督办', '闭会件', '复杂']);
    expect(workbook.worksheets[0]!.getCell('A2').dataValidation).toMatchObject({ type: 'list', formulae: ['"建议,提案,工单"'] });
  });

  it('the filled-in .xlsx template launches', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await templateXlsx()) as unknown as ArrayBuffer);
    workbook.getWorksheet('交办清单')!.addRow(ROW);
    const result = await parseLaunchSheet(Buffer.from(await workbook.xlsx.writeBuffer()), 'filled.xlsx');
    expect(result.cases).toHaveLength(1);
  });

  it('the .csv template is UTF-8 with a byte-order mark and the header row', () => {
    const bytes = templateCsv();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('类别,届次会次,编号,标题,领衔代表/委员,联名代表/委员,主办单位,协办单位,重点督办,闭会件,复杂\r\n');
  });
});
