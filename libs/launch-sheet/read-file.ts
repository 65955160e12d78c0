import { readCsv } from './read-csv';
import { readXlsx } from './read-xlsx';
import type { RawSheet } from './raw-sheet';
import { SheetFileError } from './sheet-file-error';

export type SheetFormat = 'xlsx' | 'csv';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * What the file is, judged by its bytes first (an .xlsx is a zip; a legacy .xls an OLE
 * container) and then by its name or media type (CSV has no signature).
 */
export function sheetFormatOf(bytes: Buffer, fileName = '', mediaType = ''): SheetFormat {
  if (bytes.length === 0) throw new SheetFileError('emptyFile');
  const name = fileName.toLowerCase();
  if (bytes.subarray(0, ZIP.length).equals(ZIP)) return 'xlsx';
  if (bytes.subarray(0, OLE.length).equals(OLE) || name.endsWith('.xls')) throw new SheetFileError('legacyXls');
  if (name.endsWith('.xlsx')) return 'xlsx'; // not a zip: reading it says why
  if (name.endsWith('.csv') || /^text\/(csv|plain)\b/i.test(mediaType) || /^application\/(csv|vnd\.ms-excel)\b/i.test(mediaType)) return 'csv';
  throw new SheetFileError('unsupportedType');
}

/** Reads an uploaded .xlsx or .csv file into rows of cells; throws SheetFileError with the reason. */
export async function readSheetFile(bytes: Buffer, fileName = '', mediaType = ''): Promise<RawSheet> {
  return sheetFormatOf(bytes, fileName, mediaType) === 'xlsx' ? readXlsx(bytes) : readCsv(bytes);
}
