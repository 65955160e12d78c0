import { docxPackageText, docxParagraphs, docxText } from '../../test/support/docx';
import { chineseDate, letterContent, letterDate, paragraphsOf, type LetterSource } from './letter';
import { renderLetterDocx } from './letter-docx';

const reply = {
  text: '一、总体情况\n（一）建机制。成立工作专班。\n\u3000\u3000近年来持续推进。\n\n下一步，我们将继续努力。',
  classification: 'B',
  contactPerson: '王五',
  contactPhone: '0314-1234567',
  repliedAt: '2024-06-14T17:30:00.000Z', // 2024-06-15 01:30 in China
};
const source: LetterSource = {
  kind: 'npc-suggestion',
  session: '某市第十五届人民代表大会第五次会议',
  number: '273',
  title: '关于提升社区治理水平的建议',
  submitters: ['张三'],
  leadUnit: '某区管委会',
  reply,
};

describe('letterContent', () => {
  it('fills the layout from the case: title, salutation, opening, paragraphs, unit, date, contact', () => {
    const letter = letterContent(source, { edition: 'sent', printClassification: true });
    expect(letter).toEqual({
      fileName: '对某市第十五届人民代表大会第五次会议第273号建议的答复.docx',
      title: '对某市第十五届人民代表大会第五次会议第273号建议的答复',
      mark: '答复类别：B',
      salutation: '尊敬的张三代表：',
      opening: '您提出的关于提升社区治理水平的建议收悉，现答复如下：',
      paragraphs: [
        [{ text: '一、总体情况', style: 'heading' }],
        [{ text: '（一）建机制。', style: 'subheading' }, { text: '成立工作专班。', style: 'body' }],
        [{ text: '近年来持续推进。', style: 'body' }],
        [{ text: '下一步，我们将继续努力。', style: 'body' }],
      ],
      unit: '某区管委会',
      // No repliedOn: the day it was sent, in China.
      date: '2024年6月15日',
      contact: '联系人：王五　　联系电话：0314-1234567',
    });
  });

  it('published: no contact person, no phone; no mark where the policy does not print it', () => {
    const letter = letterContent(source, { edition: 'published', printClassification: false });
    expect(letter).not.toHaveProperty('contact');
    expect(letter).not.toHaveProperty('mark');
    expect(JSON.stringify(letter)).not.toContain('0314-1234567');
    expect(JSON.stringify(letter)).not.toContain('王五');
  });

  it('says 委员 and 提案 for a CPPCC proposal; a proposal titled 关于……的建议 is 关于……的建议的提案', () => {
    const letter = letterContent({ ...source, kind: 'cppcc-proposal', session: '政协某市第九届委员会第三次会议', number: '12' },
      { edition: 'sent', printClassification: true });
    expect(letter.title).toBe('对政协某市第九届委员会第三次会议第12号提案的答复');
    expect(letter.salutation).toBe('尊敬的张三委员：');
    expect(letter.opening).toBe('您提出的关于提升社区治理水平的建议的提案收悉，现答复如下：');
    const proposal = letterContent({ ...source, kind: 'cppcc-proposal', title: '关于加快老旧小区改造的提案' }, { edition: 'sent', printClassification: true });
    expect(proposal.opening).toBe('您提出的关于加快老旧小区改造的提案收悉，现答复如下：');
  });

  it('names a title that does not read 关于…… in quotes', () => {
    expect(letterContent({ ...source, title: '社区治理' }, { edition: 'sent', printClassification: true }).opening)
      .toBe('您提出的关于“社区治理”的建议收悉，现答复如下：');
  });

  it('addresses a joint case to up to three submitters by name, more as the lead submitter 等N位, or one submitter alone', () => {
    const joint = (submitters: string[]) => ({ ...source, submitters, reply: { ...reply, repliedTo: submitters } });
    const three = letterContent(joint(['张三', '李四', '王六']), { edition: 'sent', printClassification: true });
    expect(three.salutation).toBe('尊敬的张三、李四、王六代表：');
    expect(three.opening).toBe('您们提出的关于提升社区治理水平的建议收悉，现答复如下：');
    const five = letterContent(joint(['张三', '李四', '王六', '赵七', '钱八']), { edition: 'sent', printClassification: true });
    expect(five.salutation).toBe('尊敬的张三等5位代表：');
    const one = letterContent(joint(['张三', '李四']), { edition: 'sent', printClassification: true, addressee: '李四' });
    expect(one.salutation).toBe('尊敬的李四代表：');
    expect(one.opening).toMatch(/^您提出的/);
  });

  it('keeps a text’s own opening formula and drops its own salutation (the letter writes one)', () => {
    const text = '尊敬的张三代表：\n您提出的关于社区的建议收悉，现答复如下：\n一、情况';
    const letter = letterContent({ ...source, reply: { ...reply, text } }, { edition: 'sent', printClassification: true });
    expect(letter.salutation).toBe('尊敬的张三代表：');
    expect(letter.opening).toBe('您提出的关于社区的建议收悉，现答复如下：');
    expect(letter.paragraphs).toEqual([[{ text: '一、情况', style: 'heading' }]]);
  });

  it('refuses a hotline ticket: it is not answered by letter', () => {
    expect(() => letterContent({ ...source, kind: 'hotline-ticket' }, { edition: 'sent', printClassification: true })).toThrow(RangeError);
  });
});

describe('dates and paragraphs', () => {
  it('dates the letter by repliedOn, else by the day in China it was sent', () => {
    expect(letterDate({ repliedOn: '2024-06-20', repliedAt: '2024-06-14T17:30:00Z' })).toBe('2024-06-20');
    expect(letterDate({ repliedAt: '2024-06-14T15:59:59Z' })).toBe('2024-06-14');
    expect(letterDate({ repliedAt: '2024-06-14T16:00:00Z' })).toBe('2024-06-15');
    expect(chineseDate('2024-01-05')).toBe('2024年1月5日');
  });

  it('splits on any line break and trims full-width spaces', () => {
    expect(paragraphsOf('\u3000\u3000甲\r\n\r\n 乙 \r丙')).toEqual(['甲', '乙', '丙']);
  });
});

describe('renderLetterDocx', () => {
  it('writes a .docx whose document reads as the letter, in order', async () => {
    const docx = await renderLetterDocx(letterContent(source, { edition: 'sent', printClassification: true }));
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    expect(docxText(docx)).toEqual([
      '答复类别：B',
      '对某市第十五届人民代表大会第五次会议第273号建议的答复',
      '尊敬的张三代表：',
      '您提出的关于提升社区治理水平的建议收悉，现答复如下：',
      '一、总体情况',
      '（一）建机制。成立工作专班。',
      '近年来持续推进。',
      '下一步，我们将继续努力。',
      '某区管委会',
      '2024年6月15日',
      '联系人：王五　　联系电话：0314-1234567',
    ]);
    // Blank lines around the title and before the unit.
    expect(docxParagraphs(docx).length).toBeGreaterThan(docxText(docx).length);
  });

  it('the published letter has the phone and the contact person nowhere in the package', async () => {
    const docx = await renderLetterDocx(letterContent(source, { edition: 'published', printClassification: true }));
    const all = docxPackageText(docx);
    expect(all).not.toContain('1234567');
    expect(all).not.toContain('王五');
    expect(docxText(docx).at(-1)).toBe('2024年6月15日');
  });
});
