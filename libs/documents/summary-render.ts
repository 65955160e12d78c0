/**
 * The handling summary (summary.ts) as a Word document and as Markdown, from the same blocks:
 * the .docx laid out as the reply letter is (letter-docx.ts: A4, title in 小标宋 二号, body in
 * 仿宋 三号 at a fixed 28-point line, headings 一、 in 黑体, （一） in 楷体).
 */
import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';
import { A4_PAGE, FONT, fixedLine, font, SIZE, TWO_CHARACTERS } from './letter-docx';
import type { SummaryBlock, SummaryContent } from './summary';

export const MARKDOWN_TYPE = 'text/markdown; charset=utf-8';

const FONT_OF: Record<SummaryBlock['style'], string> = {
  title: FONT.title,
  heading: FONT.heading,
  subheading: FONT.subheading,
  paragraph: FONT.body,
};

function docxParagraph(block: SummaryBlock): Paragraph {
  const run = new TextRun({ text: block.text, font: font(FONT_OF[block.style]), size: block.style === 'title' ? SIZE.title : SIZE.body });
  if (block.style === 'title') {
    return new Paragraph({ children: [run], alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT } });
  }
  return new Paragraph({ children: [run], indent: { firstLine: TWO_CHARACTERS }, alignment: AlignmentType.JUSTIFIED, ...fixedLine });
}

/** The summary as .docx bytes. */
export async function renderSummaryDocx(summary: SummaryContent): Promise<Buffer> {
  const document = new Document({
    title: summary.title,
    creator: 'banli',
    styles: { default: { document: { run: { font: font(FONT.body), size: SIZE.body } } } },
    sections: [
      {
        properties: { page: A4_PAGE },
        children: [docxParagraph({ style: 'title', text: summary.title }), new Paragraph({ children: [], ...fixedLine }), ...summary.blocks.map(docxParagraph)],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** Characters Markdown would read as markup, escaped. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]#<>|])/g, '\\$1');
}

/** The summary as Markdown: # title, ## 一、…, ### （一）…, paragraphs. */
export function renderSummaryMarkdown(summary: SummaryContent): string {
  const prefix: Record<SummaryBlock['style'], string> = { title: '# ', heading: '## ', subheading: '### ', paragraph: '' };
  return [{ style: 'title' as const, text: summary.title }, ...summary.blocks].map((b) => `${prefix[b.style]}${escapeMarkdown(b.text)}`).join('\n\n') + '\n';
}
