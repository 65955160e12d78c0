import ExcelJS from 'exceljs';
import { LABELS } from '../i18n/labels';
import { EMPTY, RawCell, RawRow, RawSheet } from './raw-sheet';
import { SheetFileError } from './sheet-file-error';

/**
 * Reads the data sheet of an .xlsx workbook: the sheet named 交办清单 if there is one, else the
 * first visible sheet. Formulas are never evaluated (a formula cell reads as `formula`, whatever
 * result the file cached); a cell of a merged range reads as the range's value, and a range
 * merged across columns is noted on its rows (`spans`: a footer or a heading, never a case's cell).
 */
export async function readXlsx(bytes: Buffer): Promise<RawSheet> {
  const unpacked = unpackedSize(bytes);
  if (unpacked > MAX_UNPACKED_BYTES) throw new SheetFileError('tooLargeUnpacked', { max: `${MAX_UNPACKED_BYTES / 1024 / 1024} MB` });
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new SheetFileError('brokenXlsx', { reason: err instanceof Error ? err.message : String(err) });
  }
  const sheet =
    workbook.worksheets.find((ws) => ws.name.trim() === LABELS.launchSheet.sheetName) ??
    workbook.worksheets.find((ws) => ws.state === 'visible' || ws.state === undefined);
  if (!sheet) throw new SheetFileError('emptyFile');
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RawCell[] = [];
    // Merged ranges on this row, by their master cell: which columns each covers here.
    const ranges = new Map<string, [number, number]>();
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellOf(cell);
      if (cell.type !== ExcelJS.ValueType.Merge) return;
      const master = cell.master;
      // exceljs types a cell's row and column as strings; they are numbers.
      const masterColumn = Number(master.col) - 1;
      const span = ranges.get(master.address) ?? (Number(master.row) === rowNumber ? [masterColumn, masterColumn] : [column - 1, column - 1]);
      ranges.set(master.address, [Math.min(span[0], column - 1), Math.max(span[1], column - 1)]);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= EMPTY;
    const spans = [...ranges.values()].filter(([first, last]) => last > first);
    rows.push({ row: rowNumber, cells, ...(spans.length > 0 ? { spans } : {}) });
  });
  return { rows };
}

function cellOf(cell: ExcelJS.Cell): RawCell {
  const source = cell.type === ExcelJS.ValueType.Merge ? cell.master : cell;
  if (source.formula || source.type === ExcelJS.ValueType.Formula) return { type: 'formula' };
  return valueOf(source.value);
}

function valueOf(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return { type: 'text', text: value };
  if (typeof value === 'number') return { type: 'number', value };
  if (typeof value === 'boolean') return { type: 'boolean', value };
  if (value instanceof Date) return { type: 'date' };
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) return { type: 'formula' };
    if ('error' in value) return { type: 'error', text: String(value.error) };
    if ('richText' in value) return { type: 'text', text: value.richText.map((r) => r.text).join('') };
    if ('text' in value) return valueOf(value.text as ExcelJS.CellValue);
  }
  return { type: 'text', text: String(value) };
}

/** A workbook is unzipped whole in memory: refuse one that unpacks to more than this (a zip bomb). */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;

/**
 * The size a zip unpacks to, from its central directory (without unpacking); 0 when there is no
 * directory to read (the zip reader then says what is wrong). A ZIP64 size counts as too large.
 */
export function unpackedSize(zip: Buffer): number {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return 0;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) return total;
    const size = zip.readUInt32LE(at + 24);
    total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER : size;
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}
