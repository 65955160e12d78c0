import { LABELS } from '../i18n/labels';
import { CASE_KINDS, type CaseKind } from '../policy';
import { columnEnglish, columnLabel, isNoteText, matchHeader, REQUIRED_COLUMNS, SHEET_COLUMNS, type SheetColumn } from './columns';
import { CASE_LIMITS, CASE_NUMBER_PATTERN, numberKey, type LaunchCase } from './launch-case';
import { fillLabel } from './messages';
import { cleanText, foldWidth, isEmptyCell, isEmptyRow, oneLine, RawCell, RawRow, RawSheet } from './raw-sheet';
import { SheetFileError } from './sheet-file-error';

/** A case read from a sheet, with the row it came from. */
export interface SheetCase extends LaunchCase {
  row: number;
}

/** One thing wrong in a sheet: the row (as the spreadsheet numbers it), the column (its header), why. */
export interface SheetProblem {
  row: number;
  column: string;
  problem: string;
}

/** Why a row below the header was read past rather than read as a case. */
export type SkippedRow = {
  row: number;
  /**
   * `blank`: nothing in the columns banli reads (a pre-numbered row with only its 序号, a 备注);
   * `note`: a heading, footer or note — cells merged across columns, or only texts such as 制表人：….
   */
  reason: 'blank' | 'note';
};

export interface SheetResult {
  /** Every case, when the sheet has no problem; else none (a sheet with any problem launches nothing). */
  cases: SheetCase[];
  /** The rows read into cases without a problem of their own, whatever the rest of the sheet holds (to check them further). */
  readable: SheetCase[];
  problems: SheetProblem[];
  /** Rows below the header that are not cases, in order. */
  skipped: SkippedRow[];
  /** Each column's header as the file wrote it (on one line), to name it in reports. */
  headers: Partial<Record<SheetColumn, string>>;
}

/** How far down a title row or two above the header may push it. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Gives a read sheet its meaning: finds the header, reads every row into a case, and reports
 * every problem of every row. A sheet with any problem launches nothing, so `cases` is only to be
 * used when `problems` is empty. Throws SheetFileError when the sheet as a whole is unusable
 * (empty, no cases, too many).
 *
 * Rows that are not cases are read past (`skipped`): a row with nothing in the columns banli
 * reads (an empty row numbered in advance: only its 序号), a row whose every cell is merged across
 * columns (a heading or a footer spanning the row), and a row holding nothing but sign-off texts
 * (制表人：…, 审核人：…, 联系电话：…). Any other row is a case and is checked as one.
 */
export function validateSheet(sheet: RawSheet, maxCases: number = CASE_LIMITS.maxCases): SheetResult {
  const rows = sheet.rows.filter((r) => !isEmptyRow(r));
  if (rows.length === 0) throw new SheetFileError('emptyFile');
  const headerIndex = findHeader(rows);
  const header = readHeader(rows[headerIndex]!);
  const headers = Object.fromEntries(header.names) as Partial<Record<SheetColumn, string>>;
  if (header.missing.length > 0) return { cases: [], readable: [], problems: header.problems, skipped: [], headers };
  const skipped: SkippedRow[] = [];
  const data: RawRow[] = [];
  for (const raw of rows.slice(headerIndex + 1)) {
    const reason = notACase(raw, header);
    if (reason) skipped.push({ row: raw.row, reason });
    else data.push(raw);
  }
  if (data.length === 0) throw new SheetFileError('noCases');
  if (data.length > maxCases) throw new SheetFileError('tooManyCases', { max: maxCases });

  const problems = [...header.problems];
  const untitledWithData = new Set<number>();
  const cases: SheetCase[] = [];
  const firstOf = new Map<string, { row: number; number: string }>();
  for (const raw of data) {
    raw.cells.forEach((cell, i) => {
      if (isEmptyCell(cell)) return;
      if (i >= header.width) problems.push({ row: raw.row, column: columnLetter(i), problem: fillLabel('extraCells') });
      else if (header.untitled.has(i)) untitledWithData.add(i);
    });
    if (!readsAnyColumn(raw, header)) continue; // cells beyond the header only: said above, nothing to read
    const row = new RowReader(raw, header, problems);
    const read = row.read();
    if (read.kind !== undefined && read.number !== undefined) {
      // 7 and 007 (or A-1 and a-1) are one number to a person: a second case with it is refused.
      const key = `${read.kind}/${numberKey(read.number)}`;
      const first = firstOf.get(key);
      if (first === undefined) firstOf.set(key, { row: raw.row, number: read.number });
      else if (first.number === read.number) row.problem('number', fillLabel('duplicateNumber', { row: first.row }));
      else row.problem('number', fillLabel('sameNumber', { row: first.row, value: read.number, first: first.number }));
    }
    if (row.ok && read.case) cases.push(read.case);
  }
  for (const i of untitledWithData) {
    problems.push({ row: rows[headerIndex]!.row, column: columnLetter(i), problem: fillLabel('untitledColumn') });
  }
  return { cases: problems.length === 0 ? cases : [], readable: cases, problems: sortProblems(problems), skipped, headers };
}

/**
 * Why a row below the header is not a case, or undefined if it is one. Blank: nothing in the
 * columns banli reads. A note: every cell it has outside 序号/备注/说明 is merged across columns
 * (a heading or a footer merged over the row), or is a sign-off text (制表人：…). A row with a
 * value of a case in it is a case, however little it holds, and is checked as one.
 */
function notACase(raw: RawRow, header: Header): SkippedRow['reason'] | undefined {
  const filled = raw.cells.flatMap((cell, i) => (isEmptyCell(cell) ? [] : [i]));
  const read = filled.filter((i) => !header.ignored.has(i));
  if (read.length === 0) return 'blank';
  const spans = raw.spans ?? [];
  if (read.every((i) => spans.some(([first, last]) => i >= first && i <= last))) return 'note';
  if (read.every((i) => {
    const cell = raw.cells[i]!;
    return cell.type === 'text' && isNoteText(cell.text);
  })) return 'note';
  return undefined;
}

/** Whether the row has anything in the header's columns (not only beyond them). */
function readsAnyColumn(raw: RawRow, header: Header): boolean {
  return raw.cells.some((cell, i) => i < header.width && !header.ignored.has(i) && !isEmptyCell(cell));
}

interface Header {
  row: number;
  /** Header cells read, including ignored and unknown ones. */
  width: number;
  index: Map<SheetColumn, number>;
  /** The header text as the file wrote it, to name the column in problems. */
  names: Map<SheetColumn, string>;
  untitled: Set<number>;
  /** Columns read past (序号, 备注, 说明). */
  ignored: Set<number>;
  missing: SheetColumn[];
  problems: SheetProblem[];
}

/** The header is the first row naming at least two known columns (title rows above it are read past). */
function findHeader(rows: RawRow[]): number {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const known = rows[i]!.cells.filter((cell) => cell.type === 'text' && 'column' in matchHeader(cell.text)).length;
    if (known >= 2) return i;
  }
  return 0;
}

function readHeader(raw: RawRow): Header {
  const header: Header = {
    row: raw.row, width: raw.cells.length, index: new Map(), names: new Map(), untitled: new Set(), ignored: new Set(), missing: [], problems: [],
  };
  raw.cells.forEach((cell, i) => {
    // A header cell may hold a line break (主办单位\n（必填）): it is named on one line.
    const text = cell.type === 'text' ? oneLine(cell.text) : cell.type === 'number' ? String(cell.value) : '';
    if (text === '') {
      header.untitled.add(i);
      return;
    }
    const match = matchHeader(text);
    if ('ignored' in match) {
      header.ignored.add(i);
      return;
    }
    if ('unknown' in match) {
      header.problems.push({ row: raw.row, column: text, problem: fillLabel('unknownColumn', { column: text }) });
      return;
    }
    if (header.index.has(match.column)) {
      header.problems.push({ row: raw.row, column: text, problem: fillLabel('duplicateColumn', { column: text }) });
      return;
    }
    header.index.set(match.column, i);
    header.names.set(match.column, text);
  });
  for (const column of REQUIRED_COLUMNS) {
    if (header.index.has(column)) continue;
    header.missing.push(column);
    header.problems.push({
      row: raw.row,
      column: columnLabel(column),
      problem: fillLabel('missingColumn', { column: columnLabel(column), english: columnEnglish(column) }),
    });
  }
  return header;
}

/** Reads one row's cells into a case, adding a problem for each cell that cannot be read. */
class RowReader {
  ok = true;

  constructor(
    private readonly raw: RawRow,
    private readonly header: Header,
    private readonly problems: SheetProblem[],
  ) {}

  problem(column: SheetColumn, problem: string): void {
    this.ok = false;
    this.problems.push({ row: this.raw.row, column: this.header.names.get(column) ?? columnLabel(column), problem });
  }

  /** The case, if the row has no problem; its kind and number whenever they could be read. */
  read(): { kind?: CaseKind; number?: string; case?: SheetCase } {
    const kind = this.kind();
    const session = this.text('session', CASE_LIMITS.session);
    const number = this.number();
    const title = this.text('title', CASE_LIMITS.title);
    const lead = this.list('leadSubmitter', CASE_LIMITS.submitters, true);
    const coSigners = this.list('coSigners', CASE_LIMITS.submitters, false);
    const leadUnit = this.text('leadUnit', CASE_LIMITS.name);
    const coUnits = this.list('coUnits', CASE_LIMITS.coUnits, false);
    const keySupervised = this.flag('keySupervised');
    const closedSession = this.flag('closedSession');
    const complex = this.flag('complex');
    const submitters = [...(lead ?? []), ...(coSigners ?? [])];
    if (lead && coSigners && submitters.length > CASE_LIMITS.submitters) {
      this.problem('coSigners', tooMany('coSigners', CASE_LIMITS.submitters));
    }
    if (leadUnit !== undefined && coUnits) {
      if (coUnits.includes(leadUnit)) this.problem('coUnits', fillLabel('coUnitIsLead'));
      const repeated = coUnits.find((unit, i) => coUnits.indexOf(unit) !== i);
      if (repeated !== undefined) this.problem('coUnits', fillLabel('duplicateCoUnit', { value: repeated }));
    }
    if (!this.ok) return { kind, number };
    return {
      kind,
      number,
      case: {
        row: this.raw.row,
        kind: kind!,
        session: session!,
        number: number!,
        title: title!,
        submitters,
        leadUnit: leadUnit!,
        coUnits: coUnits!,
        keySupervised: keySupervised!,
        closedSession: closedSession!,
        complex: complex!,
      },
    };
  }

  /** The cell as text, or a problem; undefined for an empty cell. */
  private cellText(column: SheetColumn): { text?: string; failed?: true } {
    const index = this.header.index.get(column);
    const cell: RawCell | undefined = index === undefined ? undefined : this.raw.cells[index];
    if (!cell || cell.type === 'empty') return {};
    switch (cell.type) {
      case 'formula':
        this.problem(column, fillLabel('formula'));
        return { failed: true };
      case 'error':
        this.problem(column, fillLabel('errorValue', { value: cell.text }));
        return { failed: true };
      case 'date':
        this.problem(column, fillLabel('dateCell'));
        return { failed: true };
      case 'number':
        return { text: String(cell.value) };
      case 'boolean':
        return { text: cell.value ? 'true' : 'false' };
      case 'text': {
        const text = cleanText(cell.text);
        if (text === '') return {};
        // A text beginning with "=" is a formula someone typed or exported: refused, never evaluated.
        if (foldWidth(text).startsWith('=')) {
          this.problem(column, fillLabel('formula'));
          return { failed: true };
        }
        if (looksGarbled(text)) {
          this.problem(column, fillLabel('garbled', { value: excerpt(text) }));
          return { failed: true };
        }
        return { text };
      }
    }
  }

  private required(column: SheetColumn): string | undefined {
    const { text, failed } = this.cellText(column);
    if (text === undefined && !failed) {
      this.problem(column, fillLabel('required', { column: columnLabel(column), english: columnEnglish(column) }));
    }
    return text;
  }

  private text(column: SheetColumn, max: number): string | undefined {
    const text = this.required(column);
    if (text !== undefined && [...text].length > max) {
      this.problem(column, fillLabel('tooLong', { column: columnLabel(column), english: columnEnglish(column), max }));
      return undefined;
    }
    return text;
  }

  private kind(): CaseKind | undefined {
    const text = this.required('kind');
    if (text === undefined) return undefined;
    const kind = KIND_BY_NAME.get(codeKey(text));
    if (!kind) this.problem('kind', fillLabel('unknownKind', { value: text }));
    return kind;
  }

  private number(): string | undefined {
    const index = this.header.index.get('number');
    const cell = index === undefined ? undefined : this.raw.cells[index];
    if (cell?.type === 'number') {
      if (Number.isInteger(cell.value) && cell.value >= 0 && cell.value <= Number.MAX_SAFE_INTEGER) return String(cell.value);
      this.problem('number', fillLabel('badNumber', { value: String(cell.value) }));
      return undefined;
    }
    const text = this.required('number');
    if (text === undefined) return undefined;
    const number = normaliseNumber(text);
    if (!CASE_NUMBER_PATTERN.test(number)) {
      this.problem('number', fillLabel('badNumber', { value: text }));
      return undefined;
    }
    return number;
  }

  private list(column: SheetColumn, max: number, required: boolean): string[] | undefined {
    const { text, failed } = this.cellText(column);
    if (failed) return undefined;
    const items = (text ?? '').split(LIST_SEPARATORS).map(cleanText).filter((item) => item !== '');
    if (required && items.length === 0) {
      this.problem(column, fillLabel('required', { column: columnLabel(column), english: columnEnglish(column) }));
      return undefined;
    }
    if (items.length > max) {
      this.problem(column, tooMany(column, max));
      return undefined;
    }
    const long = items.find((item) => [...item].length > CASE_LIMITS.name);
    if (long !== undefined) {
      this.problem(column, fillLabel('tooLong', { column: columnLabel(column), english: columnEnglish(column), max: CASE_LIMITS.name }));
      return undefined;
    }
    return items;
  }

  private flag(column: SheetColumn): boolean | undefined {
    const index = this.header.index.get(column);
    const cell = index === undefined ? undefined : this.raw.cells[index];
    if (cell?.type === 'boolean') return cell.value;
    const { text, failed } = this.cellText(column);
    if (failed) return undefined;
    if (text === undefined) return false;
    const value = FLAGS.get(codeKey(text));
    if (value === undefined) this.problem(column, fillLabel('badFlag', { value: text }));
    return value;
  }
}

/**
 * Text that was decoded with the wrong encoding on its way into the sheet (pasted from a GBK file
 * read as Latin-1 or UTF-8, or the other way round): a replacement character, 锟斤拷 (GBK bytes of
 * replacement characters), or two Latin-1 letters or symbols in a row (建议 in GBK read as Latin-1
 * is ½¨Òé; in UTF-8 read as Latin-1, å»ºè®®), which Chinese office text never holds. A single
 * accented letter (José) or the middle dot of names (阿卜杜·热合曼) is not.
 */
export function looksGarbled(text: string): boolean {
  return /\ufffd|锟斤拷|烫烫烫|屯屯屯/.test(text) || /[\u0080-\u00ff]{2}/.test(text.replace(/[\u00b7\u00d7\u00f7\u00b0\u00b1]/g, ' '));
}

/** The start of a long text, to quote it in a problem. */
function excerpt(text: string): string {
  const chars = [...text];
  return chars.length > 20 ? `${chars.slice(0, 20).join('')}…` : text;
}

function tooMany(column: SheetColumn, max: number): string {
  return fillLabel('tooMany', { column: columnLabel(column), english: columnEnglish(column), max });
}

/** Co-units and co-signers: separated by 、 ； ; ， , or line breaks (never by spaces: names may hold them). */
const LIST_SEPARATORS = /[、；;，,\r\n]+/;

/** Codes (kinds, yes/no) as compared: width folded, no spaces, lower case. */
function codeKey(text: string): string {
  return foldWidth(text).replace(/\s+/g, '').toLowerCase();
}

const KIND_ALIASES: Record<string, string[]> = {
  'npc-suggestion': ['人大建议', '代表建议', '人大代表建议', 'npc'],
  'cppcc-proposal': ['政协提案', '委员提案', '政协委员提案', 'cppcc'],
  'hotline-ticket': ['热线工单', '热线', 'hotline'],
};
const KIND_BY_NAME = new Map<string, CaseKind>();
for (const kind of CASE_KINDS) {
  for (const name of [kind, LABELS.kind[kind], LABELS.kindShort[kind], ...(KIND_ALIASES[kind] ?? [])]) KIND_BY_NAME.set(codeKey(name), kind);
}

const FLAGS = new Map<string, boolean>([
  ...['是', 'y', 'yes', 'true', '1', '√', '✓', '✔'].map((k) => [codeKey(k), true] as const),
  ...['否', 'n', 'no', 'false', '0', '×', '✗', '✘'].map((k) => [codeKey(k), false] as const),
]);

/**
 * A case number as written: full-width digits and letters folded to ASCII (１２ → 12), dashes of
 * every kind to "-", and a 第…号 around it dropped (第12号 → 12). Anything else — Chinese numerals,
 * circled digits, spaces inside — stays and is refused by the pattern.
 */
export function normaliseNumber(text: string): string {
  const folded = foldWidth(cleanText(text)).replace(/[\u2010-\u2015\u2212\ufe58\ufe63]/g, '-');
  const ordinal = /^第\s*(.+?)\s*号$/.exec(folded);
  return ordinal ? ordinal[1]! : folded;
}

function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function sortProblems(problems: SheetProblem[]): SheetProblem[] {
  return problems.map((p, i) => ({ p, i })).sort((a, b) => a.p.row - b.p.row || a.i - b.i).map(({ p }) => p);
}
