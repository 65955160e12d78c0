import { LABELS } from '../i18n/labels';
import { cleanText, foldWidth } from './raw-sheet';

/** The columns of a launch sheet, in template order. */
export const SHEET_COLUMNS = [
  'kind',
  'session',
  'number',
  'title',
  'leadSubmitter',
  'coSigners',
  'leadUnit',
  'coUnits',
  'keySupervised',
  'closedSession',
  'complex',
] as const;
export type SheetColumn = (typeof SHEET_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly SheetColumn[] = ['kind', 'session', 'number', 'title', 'leadSubmitter', 'leadUnit'];

/**
 * Other headers offices use for the same column (besides the template's header and the API
 * field name). Compared after headerKey(): width folded, white space and bracketed hints removed.
 */
const ALIASES: Record<SheetColumn, string[]> = {
  kind: ['类型', '件别', '建议提案类别'],
  session: ['届次', '会次', '会议', '届次会议'],
  number: ['编号', '建议编号', '提案编号', '案号'],
  title: ['案由', '题目', '建议标题', '提案标题'],
  leadSubmitter: ['领衔代表', '领衔委员', '领衔人', '提出人', '领衔代表委员'],
  coSigners: ['联名代表', '联名委员', '联名人', '附议人', '联名代表委员'],
  leadUnit: ['承办单位', '主办'],
  coUnits: ['协办', '会办单位', '协办会办单位'],
  keySupervised: ['重点督办件', '重点', '是否重点督办'],
  closedSession: ['闭会期间', '是否闭会件'],
  complex: ['复杂件', '是否复杂'],
};

/** Columns offices keep in their sheets that carry nothing to launch; they are read past. */
const IGNORED = ['序号', '备注', '说明'].map(headerKey);

/** A header as compared: full-width folded, spaces and required-markers dropped, hints in brackets dropped. */
export function headerKey(header: string): string {
  return foldWidth(cleanText(header))
    .replace(/[（(【[][^）)】\]]*[）)】\]]\s*$/, '')
    .replace(/[\s*＊]/g, '')
    .toLowerCase();
}

const BY_KEY = new Map<string, SheetColumn>();
for (const column of SHEET_COLUMNS) {
  for (const name of [LABELS.launchSheet.column[column], column, ...ALIASES[column]]) BY_KEY.set(headerKey(name), column);
}

export type HeaderMatch = { column: SheetColumn } | { ignored: true } | { unknown: true };

export function matchHeader(header: string): HeaderMatch {
  const key = headerKey(header);
  const column = BY_KEY.get(key);
  if (column) return { column };
  if (IGNORED.includes(key)) return { ignored: true };
  return { unknown: true };
}

export function columnLabel(column: SheetColumn): string {
  return LABELS.launchSheet.column[column];
}

export function columnEnglish(column: SheetColumn): string {
  return LABELS.launchSheet.columnEnglish[column];
}

/**
 * What the sign-off lines under a table begin with (制表人：张三, 审核人：李四, 联系电话：…,
 * 填报日期：…, 注：…), and totals (合计300件). A row holding nothing else is not a case.
 */
const NOTE_TEXT = new RegExp(
  '^(?:(?:制表|填表|填报|编制|审核|审批|审签|复核|核稿|签发|批准|负责|经办|联系)人?' +
    '|联系(?:电话|方式)|电话|手机|传真|邮箱|(?:制表|填表|填报|报送|打印)?(?:日期|时间|单位)|(?:附|备)?注|说明)\\s*[:：]' +
    '|^(?:合计|总计|共计|小计)',
);

export function isNoteText(text: string): boolean {
  return NOTE_TEXT.test(foldWidth(cleanText(text)));
}
