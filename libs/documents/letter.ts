/**
 * The reply letter (答复函) of a case, in the layout of a published reply letter (docs/procedure.md
 * §9): title, salutation, opening formula, the reply's own paragraphs, the unit, the date, and the
 * contact lines. This module decides the words; letter-docx.ts lays them out as a .docx.
 */
import { chinaDateOf, parseIsoDate, type IsoDate } from '../calendar/iso-date';
import type { CaseView } from '../contract/case.types';
import { LABELS } from '../i18n/labels';
import type { CaseKind } from '../policy/policy.types';

/** The kinds that are answered by letter: suggestions and proposals (a hotline ticket is not). */
export const LETTER_KINDS = ['npc-suggestion', 'cppcc-proposal'] as const satisfies readonly CaseKind[];
export type LetterKind = (typeof LETTER_KINDS)[number];

export function hasLetter(kind: CaseKind): kind is LetterKind {
  return (LETTER_KINDS as readonly CaseKind[]).includes(kind);
}

/**
 * - `sent`: the letter as sent to the submitters, with the contact person and phone.
 * - `published`: as published (公开): no contact person, no phone.
 */
export type LetterEdition = 'sent' | 'published';

export interface LetterOptions {
  edition: LetterEdition;
  /** The policy's `documents.printClassification`: the mark 答复类别：A at the top. */
  printClassification: boolean;
  /** Address the letter to this submitter alone (each submitter of a joint case may get their own). */
  addressee?: string;
}

/** What a letter is made from: the case's own fields and its reply. */
export type LetterSource = Pick<CaseView, 'kind' | 'session' | 'number' | 'title' | 'submitters' | 'leadUnit'> & {
  reply: NonNullable<CaseView['reply']>;
};

/** A stretch of text in one style: the heading of a section (一、…), of a sub-point ((一)…), or body text. */
export interface LetterRun {
  text: string;
  style: 'body' | 'heading' | 'subheading';
}

export interface LetterContent {
  /** 对…第N号建议的答复.docx */
  fileName: string;
  title: string;
  /** 答复类别：A, when the policy prints it. */
  mark?: string;
  salutation: string;
  /** 您提出的关于……的建议收悉，现答复如下：(the reply's own, when it opens with one). */
  opening: string;
  /** The reply's paragraphs, as the reviewed text has them. */
  paragraphs: LetterRun[][];
  unit: string;
  /** 2024年6月15日 */
  date: string;
  /** 联系人：…　　联系电话：… (the sent letter only). */
  contact?: string;
}

/**
 * The letter's words. The reply text is the reviewed one, paragraph by paragraph; banli adds only
 * the fixed parts of the layout (title, salutation, opening formula, unit, date, mark, contact).
 */
export function letterContent(source: LetterSource, options: LetterOptions): LetterContent {
  if (!hasLetter(source.kind)) throw new RangeError(`a ${source.kind} is not answered by letter`);
  const kind = source.kind;
  const noun = LABELS.kindShort[kind];
  const t = LABELS.letter;
  const title = fill(t.title, { session: source.session, number: source.number, noun });
  const addressees = options.addressee !== undefined ? [options.addressee] : source.reply.repliedTo ?? source.submitters;
  let paragraphs = paragraphsOf(source.reply.text ?? '');
  // A text that starts with its own salutation: the letter's replaces it.
  if (paragraphs.length > 0 && SALUTATION.test(paragraphs[0])) paragraphs = paragraphs.slice(1);
  // A text that opens with its own formula keeps it; otherwise the letter's opens it.
  const ownOpening = paragraphs.length > 0 && OPENING.test(paragraphs[0]) ? paragraphs[0] : undefined;
  if (ownOpening !== undefined) paragraphs = paragraphs.slice(1);
  const opening = ownOpening ?? fill(t.opening, { you: addressees.length > 1 ? t.youPlural : t.you, subject: subjectOf(source.title, kind) });
  const mark = options.printClassification && source.reply.classification ? fill(t.mark, { code: source.reply.classification }) : undefined;
  return {
    fileName: `${title}.docx`,
    title,
    ...(mark ? { mark } : {}),
    salutation: fill(t.salutation, { names: namesOf(addressees), role: t.role[kind] }),
    opening,
    paragraphs: paragraphs.map(runsOf),
    unit: source.leadUnit,
    date: chineseDate(letterDate(source.reply)),
    ...(options.edition === 'sent' ? contactOf(source.reply) : {}),
  };
}

/** The date the letter bears: the reply's `repliedOn`, else the day it was sent, in China. */
export function letterDate(reply: Pick<LetterSource['reply'], 'repliedOn' | 'repliedAt'>): IsoDate {
  return reply.repliedOn ?? chinaDateOf(reply.repliedAt);
}

/** 2024年6月15日 (official documents write the date in Arabic numerals, without leading zeros). */
export function chineseDate(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  return fill(LABELS.letter.date, { year, month, day });
}

/** 尊敬的…： at the start of the text (the letter writes its own). */
const SALUTATION = /^尊敬的.{1,400}[：:]$/u;
/** 您（们）提出的……收悉 at the start of the text. */
const OPENING = /^(您|你)们?(所|领衔)?提(出)?的.{0,400}?收悉/u;
const HEADING = /^[一二三四五六七八九十百]{1,4}、/u;
const SUBHEADING = /^[（(][一二三四五六七八九十百]{1,4}[）)]/u;

/** The text's paragraphs: one a line, trimmed of white space of any width, blank lines dropped. */
export function paragraphsOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '')).filter((line) => line !== '');
}

/**
 * A paragraph's runs: a section heading 一、… or a sub-point (一)… is set apart up to its first
 * full stop (the heading that opens the paragraph), the rest is body text.
 */
function runsOf(paragraph: string): LetterRun[] {
  const style = HEADING.test(paragraph) ? 'heading' : SUBHEADING.test(paragraph) ? 'subheading' : undefined;
  if (!style) return [{ text: paragraph, style: 'body' }];
  const stop = paragraph.indexOf('。');
  if (stop < 0 || stop === paragraph.length - 1) return [{ text: paragraph, style }];
  return [{ text: paragraph.slice(0, stop + 1), style }, { text: paragraph.slice(stop + 1), style: 'body' }];
}

/**
 * What the submitter proposed, as the opening names it: the title itself when it reads 关于……的建议
 * (提案); a CPPCC title 关于……的建议 is a proposal (关于……的建议的提案), as letters write it.
 */
function subjectOf(title: string, kind: LetterKind): string {
  const noun = LABELS.kindShort[kind];
  const t = title.trim();
  if (!t.startsWith('关于')) return fill(LABELS.letter.aboutTitle, { title: t, noun });
  if (t.endsWith(noun)) return t;
  if (kind === 'cppcc-proposal' && t.endsWith(LABELS.kindShort['npc-suggestion'])) return fill(LABELS.letter.titleWithNoun, { title: t, noun });
  return fill(LABELS.letter.titleWithNoun, { title: t.replace(/的$/u, ''), noun });
}

/** Up to three names in full (张三、李四、王五); more: the lead submitter and how many (张三等5位). */
function namesOf(names: readonly string[]): string {
  if (names.length <= 3) return names.join(LABELS.letter.nameSeparator);
  return fill(LABELS.letter.manyNames, { lead: names[0], count: names.length });
}

function contactOf(reply: LetterSource['reply']): { contact?: string } {
  const t = LABELS.letter;
  const parts = [
    ...(reply.contactPerson ? [fill(t.contactPerson, { name: reply.contactPerson })] : []),
    ...(reply.contactPhone ? [fill(t.contactPhone, { phone: reply.contactPhone })] : []),
  ];
  return parts.length > 0 ? { contact: parts.join(t.contactSeparator) } : {};
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
