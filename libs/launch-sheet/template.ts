import ExcelJS from 'exceljs';
import { LABELS } from '../i18n/labels';
import { CASE_KINDS } from '../policy';
import { SHEET_COLUMNS } from './columns';
import { CASE_LIMITS } from './launch-case';

const L = LABELS.launchSheet;
const FLAG_COLUMNS = ['keySupervised', 'closedSession', 'complex'] as const;
const WIDTHS: Record<(typeof SHEET_COLUMNS)[number], number> = {
  kind: 8, session: 22, number: 8, title: 48, leadSubmitter: 16, coSigners: 24,
  leadUnit: 16, coUnits: 24, keySupervised: 10, closedSession: 8, complex: 8,
};

/** The headers of a launch sheet, in order (the template's first row). */
export function templateHeaders(): string[] {
  return SHEET_COLUMNS.map((c) => L.column[c]);
}

/**
 * The .xlsx template: the 交办清单 sheet (header row, the number column kept as text so 0002
 * stays 0002, drop-down lists for kind and yes/no) and the 填写说明 sheet saying what each column takes.
 */
export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'banli';
  const sheet = workbook.addWorksheet(L.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = SHEET_COLUMNS.map((c) => ({ header: L.column[c], key: c, width: WIDTHS[c] }));
  sheet.getRow(1).font = { bold: true };
  const lastRow = CASE_LIMITS.maxCases + 1;
  const letter = (c: (typeof SHEET_COLUMNS)[number]) => String.fromCharCode(65 + SHEET_COLUMNS.indexOf(c));
  sheet.getColumn('number').numFmt = '@';
  const list = (values: string[]) => ({ type: 'list' as const, allowBlank: true, formulae: [`"${values.join(',')}"`], showErrorMessage: false });
  // exceljs writes range validations (`A2:A5001`) but its typings only know per-cell ones.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  validations.add(`${letter('kind')}2:${letter('kind')}${lastRow}`, list(CASE_KINDS.map((kind) => LABELS.kindShort[kind])));
  for (const c of FLAG_COLUMNS) validations.add(`${letter(c)}2:${letter(c)}${lastRow}`, list([L.yes, L.no]));

  const help = workbook.addWorksheet(L.instructionsSheetName);
  help.columns = [{ width: 16 }, { width: 80 }];
  help.addRow([...L.instructionsHeader]).font = { bold: true };
  for (const c of SHEET_COLUMNS) help.addRow([L.column[c], L.columnHint[c]]);
  help.addRow([]);
  help.addRow([L.instructionsNote]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The .csv template: UTF-8 with a byte-order mark (so Excel opens it as UTF-8) and the header row. */
export function templateCsv(): Buffer {
  return Buffer.from(`\ufeff${templateHeaders().join(',')}\r\n`, 'utf8');
}

