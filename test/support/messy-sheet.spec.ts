import { parseLaunchSheet } from '../../libs/launch-sheet';
import { messySheet } from './messy-sheet';

describe('the messy 300-row 交办清单 (test/support/messy-sheet.ts)', () => {
  it('names every planted error on its row and column, and nothing else', async () => {
    const sheet = await messySheet({ plant: true });
    const result = await parseLaunchSheet(sheet.bytes, '交办清单.xlsx');
    expect(sheet.planted).toHaveLength(12);
    expect(result.problems).toEqual(sheet.planted.map(({ row, column, problem }) => ({
      row, column, problem: typeof problem === 'string' ? problem : expect.stringMatching(problem),
    })));
    expect(result.cases).toEqual([]);
  });

  it('clean, reads 280 cases and reads past the headings, the rows numbered in advance and the footer', async () => {
    const sheet = await messySheet();
    const result = await parseLaunchSheet(sheet.bytes, '交办清单.xlsx');
    expect(result.problems).toEqual([]);
    expect(result.cases.map((c) => c.row)).toEqual(sheet.caseRows);
    expect(result.cases).toHaveLength(280);
    expect(result.skipped.map((s) => s.row)).toEqual(sheet.skippedRows);
    expect(sheet.skippedRows).toEqual([4, 205, ...Array.from({ length: 13 }, (_, i) => 286 + i), 300, 301]);
    const byNumber = new Map(result.cases.map((c) => [`${c.kind}.${c.number}`, c]));
    expect(result.cases.map((c) => `x.${c.kind}.${c.number}`)).toEqual(sheet.caseIds('x'));
    expect(byNumber.get('npc-suggestion.007')).toBeDefined();
    expect(byNumber.get('npc-suggestion.12')).toMatchObject({ row: 16 });
    expect(byNumber.get('npc-suggestion.10')!.leadUnit).toBe('区民政局');
    expect(byNumber.get('npc-suggestion.11')!.leadUnit).toBe('区民政局');
    expect(byNumber.get('npc-suggestion.21')!.title).toBe('关于加强社区养老服务的建议');
    expect(byNumber.get('npc-suggestion.33')!.submitters[0]).toBe('阿卜杜·热合曼');
    expect(byNumber.get('npc-suggestion.10')!.submitters).toEqual(['代表10', '联名丁', '联名戊', '联名己']);
  });
});
