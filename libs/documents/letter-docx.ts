/**
 * The reply letter as a Word document (.docx), laid out as Chinese official letters are (GB/T
 * 9704): A4, the title centred in 小标宋 二号, body text 仿宋 三号 at a fixed 28-point line, each
 * paragraph indented two characters, section headings 一、 in 黑体 and sub-points （一） in 楷体, the
 * unit and the date at the right.
 */
import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun, type IRunOptions } from 'docx';
import type { LetterContent, LetterRun } from './letter';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Font names as Chinese Word installations have them; Word substitutes a near one where missing. */
const FONT = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading: '黑体',
  subheading: '楷体_GB2312',
  latin: 'Times New Roman',
} as const;

/** Half-points: 二号 22 pt, 三号 16 pt. */
const SIZE = { title: 44, body: 32 } as const;
/** Twips (1/20 pt). */
const LINE = 560; // 28 pt, fixed
const TWO_CHARACTERS = 2 * 16 * 20; // the first-line indent of a paragraph in 三号
const FOUR_CHARACTERS = 2 * TWO_CHARACTERS; // the unit and the date stand four characters in from the right
const MM = 1440 / 25.4;

function font(name: string): IRunOptions['font'] {
  return { ascii: FONT.latin, hAnsi: FONT.latin, eastAsia: name, cs: FONT.latin };
}

function run(text: string, style: LetterRun['style'] | 'title' = 'body'): TextRun {
  const name = style === 'title' ? FONT.title : style === 'heading' ? FONT.heading : style === 'subheading' ? FONT.subheading : FONT.body;
  return new TextRun({ text, font: font(name), size: style === 'title' ? SIZE.title : SIZE.body });
}

const fixedLine = { spacing: { line: LINE, lineRule: LineRuleType.EXACT } } as const;

function indented(runs: TextRun[]): Paragraph {
  return new Paragraph({ children: runs, indent: { firstLine: TWO_CHARACTERS }, alignment: AlignmentType.JUSTIFIED, ...fixedLine });
}

function plain(text: string): Paragraph {
  return new Paragraph({ children: text === '' ? [] : [run(text)], ...fixedLine });
}

function atRight(text: string): Paragraph {
  return new Paragraph({ children: [run(text)], alignment: AlignmentType.RIGHT, indent: { right: FOUR_CHARACTERS }, ...fixedLine });
}

/** The letter as .docx bytes. */
export async function renderLetterDocx(letter: LetterContent): Promise<Buffer> {
  const children: Paragraph[] = [
    ...(letter.mark ? [new Paragraph({ children: [run(letter.mark, 'heading')], ...fixedLine })] : []),
    plain(''),
    new Paragraph({ children: [run(letter.title, 'title')], alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT } }),
    plain(''),
    plain(letter.salutation),
    indented([run(letter.opening)]),
    ...letter.paragraphs.map((runs) => indented(runs.map((r) => run(r.text, r.style)))),
    plain(''),
    atRight(letter.unit),
    atRight(letter.date),
    ...(letter.contact ? [plain(''), indented([run(letter.contact)])] : []),
  ];
  const document = new Document({
    title: letter.title,
    creator: letter.unit,
    lastModifiedBy: letter.unit,
    styles: { default: { document: { run: { font: font(FONT.body), size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
