import { parse } from 'csv-parse/sync';
import { EMPTY, RawCell, RawSheet } from './raw-sheet';
import { SheetFileError } from './sheet-file-error';

/**
 * Reads a CSV file: UTF-8, with or without a byte-order mark (any other encoding is refused, not
 * guessed: Excel's plain "CSV" is GBK in China, and guessing wrong would launch garbled titles).
 * Rows are numbered as a spreadsheet program numbers the records (a quoted line break stays in its row).
 */
export function readCsv(bytes: Buffer): RawSheet {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SheetFileError('notUtf8');
  }
  if (text.includes('\u0000')) throw new SheetFileError('unsupportedType');
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (err) {
    throw new SheetFileError('brokenCsv', { reason: err instanceof Error ? err.message : String(err) });
  }
  return {
    rows: records.map((record, i) => ({
      row: i + 1,
      cells: record.map((text): RawCell => (text === '' ? EMPTY : { type: 'text', text })),
    })),
  };
}
