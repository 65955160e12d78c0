/** The exports read back as Excel and a CSV reader would: Chinese headers, numbers as numbers, rates as percentages. */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { assessmentOf, presetFor } from '../policy';
import { cases, coUnits, ctx } from '../../test/support/hand-counted-cycle';
import type { SchemeInUse } from './assessment';
import { csvCell, statisticsXlsx, unitsCsv } from './export';
import { cycleStatistics, scoreTable, unitTable } from './statistics';

const schemes: SchemeInUse[] = (['npc-suggestion', 'cppcc-proposal'] as const).map((kind) => ({
  kind, id: kind, version: '2026.1', title: '', source: 'cycle', scheme: assessmentOf(presetFor(kind)),
}));
const filter = { cycleId: 'stats-test' };
const data = { statistics: cycleStatistics(cases, coUnits, filter, ctx), units: unitTable(cases, coUnits, filter, ctx, schemes), scores: scoreTable(cases, coUnits, filter, ctx, schemes) };

describe('the .xlsx export', () => {
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await statisticsXlsx(data) as unknown as ArrayBuffer);
  });

  it('has five sheets, each with its Chinese header row frozen', () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['统计总览', '分单位统计', '逾期件', '考核得分', '逐件得分明细']);
    for (const ws of workbook.worksheets) expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(workbook.getWorksheet('分单位统计')!.getRow(1).getCell(1).value).toBe('承办单位');
  });

  it('writes the overview’s counts as numbers and its rates as fractions shown as percentages, with what they rest on', () => {
    const ws = workbook.getWorksheet('统计总览')!;
    const rows = new Map<string, ExcelJS.Row>();
    ws.eachRow((row) => rows.set(String(row.getCell(1).value), row));
    expect(rows.get('承办件数')!.getCell(2).value).toBe(11);
    const onTime = rows.get('按期办结率')!;
    expect([onTime.getCell(2).value, onTime.getCell(2).numFmt, onTime.getCell(3).value, onTime.getCell(4).value]).toEqual([0.7778, '0.0%', 7, 9]);
    expect(rows.get('承诺兑现率')!.getCell(2).value).toBe(0.25);
    expect(rows.get('代录测评')!.getCell(2).value).toBe(1);
    expect(rows.get('A类（已解决或采纳）')!.getCell(2).value).toBe(0.25);
    expect(rows.get('签收平均用时（工作日）')!.getCell(2).value).toBe(2.6);
  });

  it('lists every unit with its rates and bases, the total last; units below the minimum say why they are not ranked', () => {
    const ws = workbook.getWorksheet('分单位统计')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const row = (n: number) => Object.fromEntries(header.map((h, i) => [h as string, ws.getRow(n).getCell(i + 1).value]));
    expect(ws.rowCount).toBe(6);
    expect(row(2)).toMatchObject({ 承办单位: '区民政局', 排名: 1, 考核得分: 70.67, 主办件数: 8, 按期办结率: 0.6667, 按期办结率基数: 6, 见面率: 0.5714, 见面率基数: 7 });
    expect(row(3)).toMatchObject({ 承办单位: '区教育局', 排名: '不参与排名（件数不足3件）', 考核得分: 100 });
    expect(row(6)).toMatchObject({ 承办单位: '合计', 主办件数: 11, 办复率: 0.8, 办复率基数: 10, 承诺兑现率: 0.25, 承诺兑现率基数: 4 });
    expect(ws.getRow(2).getCell(header.indexOf('办复率') + 1).numFmt).toBe('0.0%');
  });

  it('lists the overdue deadlines with working days, the rung reached and who was told', () => {
    const ws = workbook.getWorksheet('逾期件')!;
    expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual([
      '政协九届六次会议第4号提案', '第4号的标题', '区民政局', '主办', '答复', '2024-06-03', 18, '督办', '承办人、单位负责人、督办部门、督查室负责人、领衔督办领导',
    ]);
  });

  it('explains each case’s score', () => {
    const ws = workbook.getWorksheet('逐件得分明细')!;
    const lines: unknown[][] = [];
    ws.eachRow((row, n) => n > 1 && lines.push((row.values as unknown[]).slice(1)));
    expect(lines.find((l) => l[2] === '第十七届人大七次会议第2号建议')).toEqual([
      '区民政局', '主办', '第十七届人大七次会议第2号建议', '第2号的标题', 49, '已评定',
      '办理速度0/20（逾期答复）；答复质量25/50（审核时调整了答复类别）；办理结果24/30（基本满意）', '',
    ]);
    expect(lines.filter((l) => l[1] === '协办').map((l) => [l[0], l[4]])).toEqual([['区财政局', 15], ['区财政局', 100]]);
  });
});

describe('the .csv export', () => {
  it('is UTF-8 with a byte-order mark and CRLF, the unit table with the same columns and the total', () => {
    const csv = unitsCsv(data.units);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8');
    expect(text.split('\r\n')).toHaveLength(7); // header, 5 rows, the final empty line
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['承办单位'])).toEqual(['区民政局', '区教育局', '区住建委', '区财政局', '合计']);
    expect(rows[0]).toMatchObject({ 排名: '1', 考核得分: '70.67', 按期办结率: '66.67%', 按期办结率基数: '6', 满意率: '100%' });
    expect(rows[4]).toMatchObject({ 排名: '', 办复率: '80%', 承诺兑现率: '25%' });
  });

  it('writes a cell Excel would take for a formula as text, and quotes what CSV needs', () => {
    expect(['=SUM(A1)', '+1', '-1', '@x', '区,局', '说"好"', '区民政局'].map(csvCell)).toEqual([`'=SUM(A1)`, `'+1`, `'-1`, `'@x`, '"区,局"', '"说""好"""', '区民政局']);
  });
});
