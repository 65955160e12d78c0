/**
 * A spreadsheet as read from the file, before any meaning is given to it: rows of cells as the
 * office sees them, numbered as the spreadsheet program numbers them (the first row is 1).
 */
export type RawCell =
  | { type: 'empty' }
  | { type: 'text'; text: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'date' }
  | { type: 'formula' }
  | { type: 'error'; text: string };

export interface RawRow {
  /** The row number a spreadsheet program shows. */
  row: number;
  cells: RawCell[];
  /**
   * Cells merged across columns on this row, as [first, last] column indexes (0-based): every
   * cell of such a range reads as the range's value. Only .xlsx files have them.
   */
  spans?: [number, number][];
}

export interface RawSheet {
  rows: RawRow[];
}

export const EMPTY: RawCell = { type: 'empty' };

export function isEmptyCell(cell: RawCell | undefined): boolean {
  return !cell || cell.type === 'empty' || (cell.type === 'text' && cleanText(cell.text) === '');
}

export function isEmptyRow(row: RawRow): boolean {
  return row.cells.every(isEmptyCell);
}

/** Leading and trailing white space of every width (ASCII, NBSP, the ideographic space) removed. */
export function cleanText(text: string): string {
  return text.replace(/^[\s\u00a0\u3000\ufeff]+|[\s\u00a0\u3000\ufeff]+$/g, '');
}

/**
 * Full-width ASCII forms (ＡＢＣ１２３－，Ｙ) folded to ASCII, the ideographic space to a space.
 * Used for codes (numbers, kinds, yes/no, headers), never for free text such as titles and names.
 */
export function foldWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/**
 * A text on one line, as a header or a value is named in a report: line breaks and runs of white
 * space folded to one space, or to nothing between two CJK characters or full-width forms (a
 * header cell "主办单位\n（必填）" reads 主办单位（必填）).
 */
export function oneLine(text: string): string {
  return cleanText(text).replace(/[\s\u00a0\u3000]+/g, (space, at: number, whole: string) => {
    const before = whole[at - 1] ?? '';
    const after = whole[at + space.length] ?? '';
    return WIDE.test(before) || WIDE.test(after) ? '' : ' ';
  });
}

/** CJK ideographs and punctuation, kana, full-width forms: text that runs without spaces. */
const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;
