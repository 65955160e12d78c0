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

describe('which rows of an .xlsx sheet are cases', () => {
  const HEADER = ['序号', ...templateHeaders(), '备注'];
  const row = (serial: number, number: string, changes: Record<number, ExcelJS.CellValue> = {}) => {
    const cells: ExcelJS.CellValue[] = [serial, ...ROW, ''];
    cells[3] = number;
    for (const [i, v] of Object.entries(changes)) cells[Number(i)] = v;
    return cells;
  };
  async function sheetOf(rows: ExcelJS.CellValue[][], edit?: (sheet: ExcelJS.Worksheet) => void, header = HEADER): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('交办清单');
    sheet.addRow(header);
    for (const r of rows) sheet.addRow(r);
    edit?.(sheet);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  it('reads past rows numbered in advance that hold only their 序号 (or a 备注), wherever they are', async () => {
    const bytes = await sheetOf([row(1, '1'), [2], row(3, '3'), [4], [5, null, null, null, null, null, null, null, null, null, null, null, '待补'], [6]]);
    const result = await parseLaunchSheet(bytes, 'a.xlsx');
    expect(result.problems).toEqual([]);
    expect(result.cases.map((c) => c.row)).toEqual([2, 4]);
    expect(result.skipped).toEqual([{ row: 3, reason: 'blank' }, { row: 5, reason: 'blank' }, { row: 6, reason: 'blank' }, { row: 7, reason: 'blank' }]);
  });

  it('reads past a footer merged across the row (制表人：…), even over the 序号 of a numbered row, and a heading merged between cases', async () => {
    const footer = '制表人：王敏　审核人：李强　联系电话：022-84376000';
    const bytes = await sheetOf([['一、人大代表建议'], row(1, '1'), row(2, '2'), [3, footer], [footer]], (sheet) => {
      sheet.mergeCells('A2:M2');
      sheet.mergeCells('B5:M5');
      sheet.mergeCells('A6:F6');
    });
    const result = await parseLaunchSheet(bytes, 'a.xlsx');
    expect(result.problems).toEqual([]);
    expect(result.cases.map((c) => c.number)).toEqual(['1', '2']);
    expect(result.skipped).toEqual([{ row: 2, reason: 'note' }, { row: 5, reason: 'note' }, { row: 6, reason: 'note' }]);
  });

  it('reads past unmerged sign-off lines (制表人：…, 填报日期：…) but checks a row holding any value of a case', async () => {
    const bytes = await sheetOf([row(1, '1'), [null, '制表人：王敏', null, null, '审核人：李强', null, null, null, '联系电话：022-84376000'], [null, '填报日期：2021年4月9日'], [null, '合计1件'], [9, null, null, '12']]);
    const result = await parseLaunchSheet(bytes, 'a.xlsx');
    expect(result.skipped.map((s) => s.row)).toEqual([3, 4, 5]);
    // A number alone is the start of a case, not a note: checked, and every missing value named.
    expect(result.problems.map((p) => [p.row, p.column])).toEqual([
      [6, '类别'], [6, '届次会次'], [6, '标题'], [6, '领衔代表/委员'], [6, '主办单位'],
    ]);
  });

  it('still reads a lead unit merged down two rows as both rows’ value (a merge within one column is not a note)', async () => {
    const bytes = await sheetOf([row(1, '1'), row(2, '2', { 7: null })], (sheet) => sheet.mergeCells('H2:H3'));
    const result = await parseLaunchSheet(bytes, 'a.xlsx');
    expect(result.problems).toEqual([]);
    expect(result.cases.map((c) => c.leadUnit)).toEqual(['区民政局', '区民政局']);
  });

  it('refuses 7 and 007 (and A-1 and a-01) of one kind as one number, naming the first row; keeps 007 as written', async () => {
    const bytes = await sheetOf([row(1, '007'), row(2, '8'), row(3, '7'), row(4, 'A-1'), row(5, 'a-01'), row(6, '7', { 1: '提案' })], (sheet) => {
      sheet.getCell('D3').value = 8; // a numeric cell: the same as the text 8 … written once here
    });
    const result = await parseLaunchSheet(bytes, 'a.xlsx');
    expect(result.problems).toEqual([
      { row: 4, column: '编号', problem: '编号重复：“7”与第2行的“007”是同一编号（不区分前导零和字母大小写） / duplicate number: 7 is the same number as 007 on row 2 (leading zeros and letter case do not count)' },
      { row: 6, column: '编号', problem: expect.stringMatching(/^编号重复：“a-01”与第5行的“A-1”是同一编号/) },
    ]);
    const clean = await parseLaunchSheet(await sheetOf([row(1, '007'), row(2, '0'), row(3, '70')]), 'a.xlsx');
    expect(clean.cases.map((c) => c.number)).toEqual(['007', '0', '70']);
  });

  it('names a header cell written on two lines on one line, and says so for garbled (GBK-looking) text', async () => {
    const header = HEADER.map((h) => (h === '主办单位' ? '主办单位\n（必填）' : h === '标题' ? '标\r\n题' : h));
    const gbk = Buffer.from('b9d8d3dabcd3c7bfc9e7c7f8bda8c9e8b5c4bda8d2e9', 'hex').toString('latin1'); // 关于加强社区建设的建议 in GBK, read as Latin-1
    const bytes = await sheetOf([row(1, '1', { 7: null }), row(2, '2', { 4: gbk }), row(3, '3', { 5: '阿卜杜·热合曼', 4: '关于José的建议' }), row(4, '4', { 7: '区民政局\ufffd' })], undefined, header);
    const result = await parseLaunchSheet(bytes, 'a.xlsx');
    expect(result.problems).toEqual([
      { row: 2, column: '主办单位（必填）', problem: '缺少主办单位 / missing lead unit' },
      { row: 3, column: '标题', problem: `“${[...gbk].slice(0, 20).join('')}…”像是乱码（编码有误）：请对照原文重新填写 / the text looks garbled (a wrong encoding): write it again from the original` },
      { row: 5, column: '主办单位（必填）', problem: expect.stringMatching(/像是乱码/) },
    ]);
    expect(result.headers.leadUnit).toBe('主办单位（必填）');
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
