/**
 * The assignment sheet an office brings from its assignment meeting (交办会), as .xlsx or .csv:
 * read, every row validated, and turned into the cases of a launch — or into a row-by-row report.
 */
export { SHEET_COLUMNS, REQUIRED_COLUMNS, type SheetColumn, columnLabel, isNoteText, matchHeader, headerKey } from './columns';
export {
  compareCase,
  describeValue,
  differenceProblem,
  LAUNCH_OUTCOMES,
  type CaseDifference,
  type DifferenceValue,
  type ExistingCase,
  type LaunchOutcome,
} from './compare';
export { CASE_LIMITS, CASE_NUMBER_PATTERN, numberKey, type LaunchCase } from './launch-case';
export { fill, fillLabel } from './messages';
export { oneLine, type RawCell, type RawRow, type RawSheet } from './raw-sheet';
export { readCsv } from './read-csv';
export { readSheetFile, sheetFormatOf, type SheetFormat } from './read-file';
export { readXlsx } from './read-xlsx';
export { SheetFileError } from './sheet-file-error';
export { templateCsv, templateHeaders, templateXlsx } from './template';
export {
  looksGarbled,
  normaliseNumber,
  validateSheet,
  type SheetCase,
  type SheetProblem,
  type SheetResult,
  type SkippedRow,
} from './validate';

import { readSheetFile } from './read-file';
import { validateSheet, type SheetResult } from './validate';

/** Reads and validates an uploaded sheet; throws SheetFileError when the file itself is unusable. */
export async function parseLaunchSheet(bytes: Buffer, fileName = '', mediaType = ''): Promise<SheetResult> {
  return validateSheet(await readSheetFile(bytes, fileName, mediaType));
}
