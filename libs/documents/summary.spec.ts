/** The handling summary written out in Chinese sentences, read back from the .docx and the Markdown. */
import { WorkingCalendar } from '../calendar';
import { caseFactsOf, figuresOf, type StatisticsContext } from '../statistics';
import { cases as handCounted, ctx as handCountedCtx } from '../../test/support/hand-counted-cycle';
import { caseView, deadline } from '../../test/support/case-views';
import { docxParagraphs, docxText } from '../../test/support/docx';
import { chineseNumber, summaryContent } from './summary';
import { renderSummaryDocx, renderSummaryMarkdown } from './summary-render';

const ctx: StatisticsContext = { now: new Date('2020-12-01T04:00:00.000Z'), calendar: WorkingCalendar.official(), rules: {} };
const UNIT = '区民政局';

/** Six cases in the shape of the Dongli 2020 summary: NPC 3, CPPCC 3, two key-supervised, all done in time. */
const dongli = [
  ['npc-suggestion', '11', '关于充分发挥社区老年日间中心作用的建议', false],
  ['npc-suggestion', '12', '关于成立“青年社会组织孵化基地”的建议', false],
  ['npc-suggestion', '43', '关于创建“美丽社区”的建议', true],
  ['cppcc-proposal', '50', '关于提高社区社会治理“社区调解能力”的建议', false],
  ['cppcc-proposal', '75', '关于进一步提升社区治理质量与效果的建议', true],
  ['cppcc-proposal', '77', '关于有效利用公共养老服务资源，加快推进居家养老服务的建议', false],
].map(([kind, number, title, key]) => caseFactsOf(caseView({
  cycleId: 'dongli', kind: kind as 'npc-suggestion', number: number as string, title: title as string, keySupervised: key as boolean,
  assignedOn: '2020-03-02', contacts: ['face-to-face'], reply: { classification: 'A' }, visitMethod: 'face-to-face', surveys: [{ result: 'satisfied', recordedAt: '2020-06-10T04:00:00.000Z' }],
  closedAs: 'satisfied', closedOn: '2020-06-10', deadlines: [deadline('reply', 'met', '2020-06-01', { metOn: '2020-05-20' })],
  done: { sign: '2020-03-03', 'work-plan': '2020-03-10', contact: '2020-03-12', reply: '2020-05-20', visit: '2020-05-25' },
})));

const content = summaryContent({ cycleTitle: '2020年建议提案办理', unit: UNIT, cases: dongli, figures: figuresOf(dongli, ctx) });

describe('the handling summary of a unit whose every case went well (the Dongli 2020 shape)', () => {
  it('counts the cases by kind and names each, marking the key-supervised ones', () => {
    expect(content.title).toBe('区民政局2020年建议提案办理情况总结');
    const [heading, total, list] = content.blocks;
    expect(heading).toEqual({ style: 'heading', text: '一、基本情况' });
    expect(total.text).toBe('2020年，区民政局共承办建议提案6件，其中人大代表建议3件、政协提案3件，重点督办件2件。');
    expect(list.text).toBe(
      '人大代表建议3件分别是：第11号《关于充分发挥社区老年日间中心作用的建议》、第12号《关于成立“青年社会组织孵化基地”的建议》、' +
      '第43号《关于创建“美丽社区”的建议》（被列为重点督办件）；政协提案3件分别是：第50号《关于提高社区社会治理“社区调解能力”的建议》、' +
      '第75号《关于进一步提升社区治理质量与效果的建议》（被列为重点督办件）、第77号《关于有效利用公共养老服务资源，加快推进居家养老服务的建议》。',
    );
  });

  it('says every case went through work plan, reply and visit, with meeting and satisfaction at 100%, then each case step by step', () => {
    const texts = content.blocks.map((b) => b.text);
    expect(texts).toContain('二、办理情况');
    expect(texts).toContain('承办的建议提案按照办理程序都已完成了报送工作方案、撰写答复意见、走访答复等程序，代表委员见面率和满意率都为100%。具体情况如下：');
    const subheadings = content.blocks.filter((b) => b.style === 'subheading').map((b) => b.text);
    expect(subheadings).toEqual([
      '（一）第十七届人大七次会议第11号建议', '（二）第十七届人大七次会议第12号建议', '（三）第十七届人大七次会议第43号建议',
      '（四）政协九届六次会议第50号提案', '（五）政协九届六次会议第75号提案', '（六）政协九届六次会议第77号提案',
    ]);
    expect(texts[texts.indexOf(subheadings[0]) + 1]).toBe(
      '《关于充分发挥社区老年日间中心作用的建议》，2020-03-03签收，2020-03-10报送工作方案，2020-03-12与代表当面沟通，' +
      '2020-05-20答复，答复类别为A类（已解决或采纳），2020-05-25走访答复，满意度测评结果为满意。',
    );
    expect(texts[texts.indexOf(subheadings[3]) + 1]).toContain('与委员当面沟通');
  });

  it('closes with the completion figures', () => {
    expect(content.blocks.at(-2)).toEqual({ style: 'heading', text: '三、完成情况' });
    expect(content.blocks.at(-1)!.text).toBe(
      '区民政局承办的建议提案6件，都已在规定时间内完成答复，按期办结率100%，代表委员见面率100%，满意率100%。' +
      '测评满意6人次、基本满意0人次、不满意0人次；答复中A类6件（占100%）。以实实在在的工作赢得代表委员的支持和认可。',
    );
  });

  it('reads the same from the .docx and the Markdown', async () => {
    const docx = await renderSummaryDocx(content);
    const expected = [content.title, ...content.blocks.map((b) => b.text)];
    expect(docxText(docx)).toEqual(expected);
    expect(docxParagraphs(docx)[1]).toBe(''); // a blank line under the title
    const md = renderSummaryMarkdown(content);
    expect(md.startsWith('# 区民政局2020年建议提案办理情况总结\n\n## 一、基本情况\n\n2020年，区民政局共承办建议提案6件')).toBe(true);
    expect(md).toContain('\n### （三）第十七届人大七次会议第43号建议\n');
    expect(md.split('\n\n').map((l) => l.replace(/^#+ /, '').trimEnd())).toEqual(expected);
  });
});

describe('the handling summary of a cycle with mixed outcomes (the hand-counted cycle)', () => {
  const mixed = summaryContent({ cycleTitle: '统计测试', cases: handCounted, figures: figuresOf(handCounted, handCountedCtx) });
  const texts = mixed.blocks.map((b) => b.text);

  it('counts the whole cycle, the withdrawn case apart', () => {
    // NPC: c1 c2 c5 c6 c8 c10 c11; CPPCC: c3 c4 c7 c9; key: c1 c4; withdrawn: c6
    expect(mixed.title).toBe('统计测试办理情况总结');
    expect(texts[1]).toBe('2024年，本批次共交办建议提案11件，其中人大代表建议7件、政协提案4件，重点督办件2件，撤案1件（不计入各项比率）。');
  });

  it('says how many cases did each step rather than claiming all did', () => {
    expect(texts).toContain('已报送工作方案9件、撰写答复意见8件、走访答复8件，代表委员见面率70%，满意率100%。具体情况如下：');
  });

  it('tells each case’s course: an extension, a late reply, re-handling, an unanswered survey, a withdrawal, a promise kept', () => {
    const after = (label: string) => texts[texts.findIndex((t) => t.endsWith(label)) + 1];
    expect(after('第十七届人大七次会议第2号建议')).toContain('2024-06-05答复，答复类别为B类（正在解决或列入计划）');
    expect(after('政协九届六次会议第3号提案')).toContain('经批准延期至2024-07-01');
    expect(after('政协九届六次会议第3号提案')).toContain('经1轮重新办理，满意度测评结果为满意');
    expect(after('政协九届六次会议第4号提案')).toContain('尚未答复（答复期限2024-06-03）');
    expect(after('第十七届人大七次会议第5号建议')).toContain('满意度测评结果为未反馈');
    expect(after('第十七届人大七次会议第6号建议')).toBe('《第6号的标题》，已撤案。');
    expect(after('第十七届人大七次会议第8号建议')).toContain('2024-06-25报送跟踪落实报告，承诺已兑现');
  });

  it('splits the completion figures: late and overdue replies, cases not yet due, answers entered by the office, no-responses, classes, promises', () => {
    expect(texts.at(-1)).toBe(
      '本批次承办的建议提案10件，按期答复7件，逾期答复1件，逾期未答复1件，按期办结率77.78%，1件尚未到答复期限，代表委员见面率70%，满意率100%。' +
      '测评满意6人次、基本满意1人次、不满意0人次；其中代录1人次；首轮满意率85.71%；未反馈2人次（不计入满意率）；' + // c3 was dissatisfied in round 1: 6/7
      '答复中A类2件（占25%）、B类5件（占62.5%）、C类1件（占12.5%）；B类答复承诺5件，应兑现4件，已兑现1件，承诺兑现率25%。' +
      '以实实在在的工作赢得代表委员的支持和认可。',
    );
  });
});

describe('chineseNumber', () => {
  it('writes the numbers of （一）-style headings', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 99].map(chineseNumber)).toEqual(['一', '九', '十', '十一', '十九', '二十', '二十一', '九十九']);
  });
});
