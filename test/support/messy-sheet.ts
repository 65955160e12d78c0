import ExcelJS from 'exceljs';

/**
 * A 300-row 交办清单 as offices really bring it, built with exceljs as Excel would save it: a title
 * merged over the table, a 序号 column, header cells with line breaks (编号\n（必填）), a 备注
 * column, section headings merged across the row, numbers written every way (001, １２, 第13号, a
 * numeric cell), lists with every separator, yes/no as 是/Y/√/TRUE, a lead unit merged down two
 * rows, empty rows numbered in advance (序号 only, one with a 备注), and a footer merged across the
 * row (制表人：…) with a 填报日期 line under it.
 *
 * With `plant: true` a dozen rows carry one error each (`planted`, each the row, the column as the
 * header names it, and the problem the office must read); without, the same sheet is clean and
 * launches `caseRows.length` cases.
 */
export interface MessySheet {
  bytes: Buffer;
  /** Every planted error: the only problems the sheet may be refused for. */
  planted: { row: number; column: string; problem: string | RegExp }[];
  /** The rows that are cases (the planted ones included). */
  caseRows: number[];
  /** Rows below the header that are not cases: section headings, pre-numbered empty rows, the footer. */
  skippedRows: number[];
  /** The case ids a clean sheet launches under `cycleId`, in row order. */
  caseIds(cycleId: string): string[];
}

/** 关于加强社区建设的建议 in GBK, read as Latin-1: how a GBK text pasted through the wrong door looks. */
export const GBK_AS_LATIN1 = Buffer.from('b9d8d3dabcd3c7bfc9e7c7f8bda8c9e8b5c4bda8d2e9', 'hex').toString('latin1');

export const MESSY_HEADER = [
  '序号', '类别', '届次会次', '编号\n（必填）', '标题', '领衔代表\n/委员', '联名代表/委员', '主办单位\n（必填）', '协办单位', '重点督办', '闭会件', '复杂', '备注',
];
/** Header cells as a report names them: on one line. */
const COLUMN = { kind: '类别', number: '编号（必填）', title: '标题', leadUnit: '主办单位（必填）', coUnits: '协办单位', key: '重点督办' };

const UNITS = ['区民政局', '区教育局', '区卫健委', '区住建委', '区交通局', '区城管委', '区财政局', '区人社局'];
const FLAGS: ExcelJS.CellValue[] = ['是', '否', '', 'Y', 'N', '√', '', true, '否', ''];

const SUGGESTIONS = 200;
const PROPOSALS = 80;

export async function messySheet({ plant = false }: { plant?: boolean } = {}): Promise<MessySheet> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('交办清单');
  const last = MESSY_HEADER.length; // column M
  sheet.addRow(['东丽区2021年人大代表建议和政协委员提案交办清单']);
  sheet.mergeCells(1, 1, 1, last);
  sheet.addRow(['（2021年4月9日交办会）']);
  sheet.mergeCells(2, 1, 2, last);
  sheet.addRow(MESSY_HEADER); // row 3
  const caseRows: number[] = [];
  const skippedRows: number[] = [];
  const ids: { kind: string; number: string }[] = [];
  let serial = 0;

  const heading = (text: string) => {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, last);
    skippedRows.push(row.number);
  };
  const caseRow = (cells: ExcelJS.CellValue[], kind: string, number: string) => {
    const row = sheet.addRow([++serial, ...cells]);
    caseRows.push(row.number);
    ids.push({ kind, number });
    return row.number;
  };

  heading('一、人大代表建议（200件）'); // row 4
  for (let n = 1; n <= SUGGESTIONS; n++) {
    caseRow(
      [
        n % 50 === 0 ? ' 人大代表建议 ' : '建议',
        '第十七届人大七次会议',
        suggestionNumber(n),
        n === 21 ? { richText: [{ text: '关于' }, { text: '加强社区养老', font: { bold: true } }, { text: '服务的建议' }] } : `关于第${n}号事项的建议（${n % 4 === 0 ? '“十四五”' : '一'}）`,
        n === 33 ? '阿卜杜·热合曼' : `　代表${n}　`,
        n % 3 === 0 ? '联名甲、联名乙；联名丙' : n % 5 === 0 ? '联名丁,联名戊\n联名己' : '',
        UNITS[n % UNITS.length],
        n % 6 === 0 ? `${UNITS[(n + 1) % UNITS.length]}、${UNITS[(n + 2) % UNITS.length]}` : '',
        FLAGS[n % FLAGS.length],
        n > 190 ? '是' : '',
        n % 25 === 0 ? '是' : '',
        n % 9 === 0 ? '已电话确认' : '',
      ],
      'npc-suggestion',
      canonical(suggestionNumber(n)),
    );
  }
  // Suggestions 10 and 11 share their lead unit, merged down two rows (read as both rows' value).
  const row10 = caseRows[9]!;
  sheet.getCell(row10 + 1, 8).value = null;
  sheet.getCell(row10, 8).value = '区民政局';
  sheet.mergeCells(row10, 8, row10 + 1, 8);
  heading('二、政协委员提案（80件）');
  for (let n = 1; n <= PROPOSALS; n++) {
    caseRow(
      ['提案', '政协九届六次会议', `P-${String(n).padStart(3, '0')}`, `关于第${n}号事项的提案`, `委员${n}`, '', UNITS[(n + 3) % UNITS.length], n % 4 === 0 ? '区司法局' : '', n % 7 === 0 ? '是' : '否', '', '', ''],
      'cppcc-proposal',
      `P-${String(n).padStart(3, '0')}`,
    );
  }
  // Rows numbered in advance for cases that never came: only their 序号 (one with a 备注).
  while (sheet.rowCount < 298) {
    const row = sheet.addRow([++serial, ...Array(last - 2).fill(null), sheet.rowCount === 295 ? '备用' : null]);
    skippedRows.push(row.number);
  }
  sheet.addRow([]); // 299: empty
  const footer = sheet.addRow(['制表人：王敏　　审核人：李强　　联系电话：022-84376000']); // 300
  sheet.mergeCells(footer.number, 1, footer.number, last);
  skippedRows.push(footer.number);
  const date = sheet.addRow([null, '填报日期：2021年4月9日']); // 301
  skippedRows.push(date.number);

  const planted: MessySheet['planted'] = [];
  if (plant) {
    const at = (n: number) => caseRows[n - 1]!; // the row of suggestion n
    const set = (row: number, column: number, value: ExcelJS.CellValue) => {
      sheet.getCell(row, column).value = value;
    };
    set(at(40), 8, null);
    planted.push({ row: at(40), column: COLUMN.leadUnit, problem: '缺少主办单位 / missing lead unit' });
    set(at(41), 4, '十二');
    planted.push({ row: at(41), column: COLUMN.number, problem: /^编号“十二”无效/ });
    set(at(42), 4, '25');
    planted.push({ row: at(42), column: COLUMN.number, problem: `编号重复：与第${at(25)}行类别和编号相同 / duplicate number: row ${at(25)} has the same kind and number` });
    set(at(43), 4, '7'); // No. 7 is written 007 on its row
    planted.push({ row: at(43), column: COLUMN.number, problem: `编号重复：“7”与第${at(7)}行的“007”是同一编号（不区分前导零和字母大小写） / duplicate number: 7 is the same number as 007 on row ${at(7)} (leading zeros and letter case do not count)` });
    set(at(44), 5, { formula: 'CONCATENATE("关于","停车难","的建议")', result: '关于停车难的建议' } as ExcelJS.CellFormulaValue);
    planted.push({ row: at(44), column: COLUMN.title, problem: /^单元格含公式，不予计算/ });
    set(at(45), 5, GBK_AS_LATIN1);
    planted.push({ row: at(45), column: COLUMN.title, problem: /^“.*”像是乱码（编码有误）/ });
    set(at(46), 2, '意见');
    planted.push({ row: at(46), column: COLUMN.kind, problem: /^未知类别“意见”/ });
    set(at(47), 10, '也许');
    planted.push({ row: at(47), column: COLUMN.key, problem: /^“也许”无法识别：请填 是 或 否/ });
    set(at(48), 9, `区司法局、${UNITS[48 % UNITS.length]}`);
    planted.push({ row: at(48), column: COLUMN.coUnits, problem: '协办单位不能包含主办单位 / co-units must not include the lead unit' });
    set(at(49), 4, new Date('2021-04-09'));
    planted.push({ row: at(49), column: COLUMN.number, problem: '单元格是日期，应为文字 / the cell is a date; expected text' });
    set(at(51), 5, '');
    planted.push({ row: at(51), column: COLUMN.title, problem: '缺少标题 / missing title' });
    set(at(52), 4, '5 2');
    planted.push({ row: at(52), column: COLUMN.number, problem: /^编号“5 2”无效/ });
  }
  return {
    bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
    planted,
    caseRows,
    skippedRows,
    caseIds: (cycleId) => ids.map(({ kind, number }) => `${cycleId}.${kind}.${number}`),
  };
}

/** Numbers as offices write them: mostly plain, some zero-padded, full-width, 第…号 or a numeric cell. */
function suggestionNumber(n: number): ExcelJS.CellValue {
  if (n === 7) return '007';
  if (n === 12) return '１２';
  if (n === 13) return '第13号';
  if (n % 20 === 14) return n; // a numeric cell
  return String(n);
}

/** The number a case id holds for what suggestionNumber wrote. */
function canonical(value: ExcelJS.CellValue): string {
  if (value === '１２') return '12';
  if (value === '第13号') return '13';
  return String(value);
}
