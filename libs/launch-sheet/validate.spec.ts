import { readCsv } from './read-csv';
import { SheetFileError } from './sheet-file-error';
import { normaliseNumber, validateSheet } from './validate';
import { templateHeaders } from './template';

const HEADER = templateHeaders().join(',');
const sheetOf = (...lines: string[]) => readCsv(Buffer.from(lines.join('\n'), 'utf8'));
const row = (cells: Partial<Record<'kind' | 'session' | 'number' | 'title' | 'lead' | 'co' | 'unit' | 'coUnits' | 'key' | 'closed' | 'complex', string>> = {}) => {
  const c = { kind: '建议', session: '第十七届人大七次会议', number: '11', title: '关于充分发挥社区老年日间中心作用的建议', lead: '张三', co: '', unit: '区民政局', coUnits: '', key: '', closed: '', complex: '', ...cells };
  return [c.kind, c.session, c.number, c.title, c.lead, c.co, c.unit, c.coUnits, c.key, c.closed, c.complex].map(quote).join(',');
};
const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const fileError = (fn: () => unknown): SheetFileError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof SheetFileError) return err;
    throw err;
  }
  throw new Error('no SheetFileError');
};

describe('reading the rows of a launch sheet', () => {
  it('reads each row into a case: kinds by their Chinese names, submitters lead first, lists split on 、 and ；, yes/no flags', () => {
    const result = validateSheet(
      sheetOf(
        HEADER,
        row({ number: '11', co: '李四、王五', coUnits: '区司法局；区财政局', key: '是' }),
        row({ kind: '提案', session: '政协九届六次会议', number: '50', lead: '赵六', coUnits: '区司法局', closed: 'Y', complex: '否' }),
        row({ kind: '人大代表建议', number: '12' }),
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.cases).toEqual([
      {
        row: 2, kind: 'npc-suggestion', session: '第十七届人大七次会议', number: '11', title: '关于充分发挥社区老年日间中心作用的建议',
        submitters: ['张三', '李四', '王五'], leadUnit: '区民政局', coUnits: ['区司法局', '区财政局'],
        keySupervised: true, closedSession: false, complex: false,
      },
      expect.objectContaining({ row: 3, kind: 'cppcc-proposal', number: '50', submitters: ['赵六'], coUnits: ['区司法局'], closedSession: true, complex: false }),
      expect.objectContaining({ row: 4, kind: 'npc-suggestion', number: '12', keySupervised: false }),
    ]);
  });

  it('names the row and column of a missing lead unit, in Chinese first, and gives no cases', () => {
    const result = validateSheet(sheetOf(HEADER, row({ number: '1' }), row({ number: '2', unit: '' }), row({ number: '3' })));
    expect(result.problems).toEqual([{ row: 3, column: '主办单位', problem: '缺少主办单位 / missing lead unit' }]);
    expect(result.cases).toEqual([]);
  });

  it('reports every problem of every row, in row order', () => {
    const result = validateSheet(
      sheetOf(HEADER, row({ number: '1', kind: '意见' }), row({ number: '2', title: '', lead: '' }), row({ number: '3', key: '也许' })),
    );
    expect(result.problems).toEqual([
      { row: 2, column: '类别', problem: expect.stringMatching(/^未知类别“意见”：应为 建议、提案 或 工单 \/ unknown kind/) },
      { row: 3, column: '标题', problem: '缺少标题 / missing title' },
      { row: 3, column: '领衔代表/委员', problem: '缺少领衔代表/委员 / missing lead submitter' },
      { row: 4, column: '重点督办', problem: expect.stringContaining('“也许”无法识别') },
    ]);
  });

  it('refuses a number used twice for one kind, naming the first row; the same number in the other kind is another case', () => {
    const result = validateSheet(
      sheetOf(HEADER, row({ number: '11' }), row({ kind: '提案', number: '11' }), row({ number: '１１' })),
    );
    expect(result.problems).toEqual([
      { row: 4, column: '编号', problem: '编号重复：与第2行类别和编号相同 / duplicate number: row 2 has the same kind and number' },
    ]);
  });

  it('folds full-width digits, letters and dashes in numbers; refuses Chinese numerals and circled digits', () => {
    expect(normaliseNumber('１２')).toBe('12');
    expect(normaliseNumber('　ＡＢ－０２　')).toBe('AB-02');
    expect(normaliseNumber('第１２号')).toBe('12');
    expect(normaliseNumber('12—3')).toBe('12-3');
    const result = validateSheet(sheetOf(HEADER, row({ number: '１２' }), row({ number: '十二' }), row({ number: '⑫' }), row({ number: '1 2' })));
    expect(result.problems.map((p) => [p.row, p.column, p.problem.slice(0, 8)])).toEqual([
      [3, '编号', '编号“十二”无效'],
      [4, '编号', '编号“⑫”无效：'],
      [5, '编号', '编号“1 2”无'],
    ]);
    expect(validateSheet(sheetOf(HEADER, row({ number: '１２' }))).cases[0]!.number).toBe('12');
  });

  it('keeps titles and names as written: full-width punctuation and letters are not folded', () => {
    const [c] = validateSheet(sheetOf(HEADER, row({ title: '关于“ＡＩ＋养老”的建议（一）', unit: '区民政局' }))).cases;
    expect(c!.title).toBe('关于“ＡＩ＋养老”的建议（一）');
  });

  it('refuses a cell whose text is a formula, never evaluating it', () => {
    const result = validateSheet(sheetOf(HEADER, row({ title: '=HYPERLINK("http://x","y")' }), row({ number: '2', unit: '＝A1' })));
    expect(result.problems).toEqual([
      { row: 2, column: '标题', problem: expect.stringMatching(/^单元格含公式，不予计算/) },
      { row: 3, column: '主办单位', problem: expect.stringMatching(/formula cells are refused/) },
    ]);
  });

  it('refuses co-units that include the lead unit or repeat one', () => {
    const result = validateSheet(sheetOf(HEADER, row({ coUnits: '区司法局、区民政局' }), row({ number: '2', coUnits: '区司法局,区司法局' })));
    expect(result.problems).toEqual([
      { row: 2, column: '协办单位', problem: '协办单位不能包含主办单位 / co-units must not include the lead unit' },
      { row: 3, column: '协办单位', problem: '协办单位“区司法局”重复 / co-unit listed twice' },
    ]);
  });

  it('refuses too long a title and too many co-units', () => {
    const many = Array.from({ length: 51 }, (_, i) => `单位${i}`).join('、');
    const result = validateSheet(sheetOf(HEADER, row({ title: '长'.repeat(301) }), row({ number: '2', coUnits: many })));
    expect(result.problems).toEqual([
      { row: 2, column: '标题', problem: '标题过长（至多300字） / title too long (at most 300 characters)' },
      { row: 3, column: '协办单位', problem: '协办单位过多（至多50个） / too many co-units (at most 50)' },
    ]);
  });

  it('reports missing columns once, on the header row, and reads no row', () => {
    const result = validateSheet(sheetOf('类别,届次会次,编号,标题,领衔代表/委员', '建议,第十七届人大七次会议,11,标题,张三'));
    expect(result.problems).toEqual([{ row: 1, column: '主办单位', problem: '缺少“主办单位”列 / missing column lead unit' }]);
  });

  it('reads past a title row, 序号 and 备注 columns and header hints; refuses unknown columns', () => {
    const result = validateSheet(
      sheetOf(
        '东丽区2020年建议提案交办清单',
        `序号,${HEADER.replace('主办单位', '主办单位（必填）').replace('类别', ' 类别 ')},备注,重点督查`,
        `1,${row()},已交办,是`,
      ),
    );
    expect(result.problems).toEqual([{ row: 2, column: '重点督查', problem: '无法识别的列“重点督查”（可用列见模板） / unknown column (see the template)' }]);
    const clean = validateSheet(sheetOf('东丽区2020年建议提案交办清单', `序号,${HEADER},备注`, `1,${row()},已交办`));
    expect(clean.cases).toEqual([expect.objectContaining({ row: 3, number: '11', leadUnit: '区民政局' })]);
  });

  it('reads 工单 (and 热线工单) as a hotline ticket', () => {
    const result = validateSheet(sheetOf(HEADER, row({ kind: '工单', session: '2020年8890热线', number: 'R-1' }), row({ kind: '热线工单', number: 'R-2' })));
    expect(result.cases.map((c) => [c.kind, c.number])).toEqual([['hotline-ticket', 'R-1'], ['hotline-ticket', 'R-2']]);
  });

  it('accepts the API field names as headers', () => {
    const header = 'kind,session,number,title,leadSubmitter,coSigners,leadUnit,coUnits,keySupervised,closedSession,complex';
    expect(validateSheet(sheetOf(header, row({ kind: 'cppcc-proposal', key: 'true' }))).cases[0]).toMatchObject({ kind: 'cppcc-proposal', keySupervised: true });
  });

  it('refuses cells beyond the header', () => {
    const result = validateSheet(sheetOf(HEADER, `${row()},多余`));
    expect(result.problems).toEqual([{ row: 2, column: 'L', problem: '本行在表头之外还有内容 / the row has cells beyond the header' }]);
  });

  it('refuses an empty sheet, a header without rows and more rows than allowed, as the file’s problem', () => {
    expect(fileError(() => validateSheet(sheetOf('', ',,', ''))).problem).toBe('文件为空 / the file is empty');
    expect(fileError(() => validateSheet(sheetOf(HEADER))).key).toBe('noCases');
    expect(fileError(() => validateSheet(sheetOf(HEADER, row({ number: '1' }), row({ number: '2' }), row({ number: '3' })), 2)).problem).toBe(
      '件数超过上限2件 / more than 2 cases',
    );
  });
});
