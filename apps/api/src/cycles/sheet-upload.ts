import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { fillLabel, parseLaunchSheet, SheetFileError, type SheetCase, type SheetColumn } from '../../../../libs/launch-sheet';
import { LABELS } from '../../../../libs/i18n';
import { textProblem } from '../edge/text-rules';
import { FieldProblem, InvalidRequestError } from '../errors/api-errors';

/** The largest sheet accepted (a 5,000-row .xlsx is about 300 KB). */
export const SHEET_MAX_BYTES = 5 * 1024 * 1024;
const SHEET_MAX_LABEL = '5 MB';

/** Routes that take a sheet as multipart/form-data (the JSON body parser leaves their multipart bodies alone). */
export const SHEET_UPLOAD_PATHS = /^\/api\/cycles(\/[^/?]+\/(cases|changes))?\/?(\?|$)/;

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data\b/i.test(contentType ?? '');
}

/** What the route needs of an uploaded file. */
export interface UploadedSheet {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
}

const Multer = FileInterceptor('file', {
  limits: { fileSize: SHEET_MAX_BYTES, files: 1, fields: 20, fieldSize: 256 * 1024, parts: 30 },
});

/**
 * Reads the sheet of a multipart request (form field `file`) into memory; JSON requests pass
 * through untouched. A file over SHEET_MAX_BYTES is refused with 413 before it is read whole.
 */
@Injectable()
export class SheetUploadInterceptor implements NestInterceptor {
  private readonly multer = new Multer();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (err) {
      if (err instanceof PayloadTooLargeException) throw new PayloadTooLargeException(fillLabel('tooLarge', { max: SHEET_MAX_LABEL }));
      // multer: a file in another form field than `file` (or a second file).
      if (err instanceof BadRequestException && /^Unexpected (file )?field|^Too many files/.test(err.message)) {
        throw new InvalidRequestError([{ field: 'file', problem: fillLabel('unexpectedFile') }]);
      }
      throw err;
    }
  }
}

/** Cells whose text holds control characters (or a lone surrogate): one problem per cell, as the sheet's others. */
function textProblems(c: SheetCase): FieldProblem[] {
  const cells: [SheetColumn, string[], boolean][] = [
    ['session', [c.session], true],
    ['title', [c.title], false],
    ['leadSubmitter', c.submitters.slice(0, 1), true],
    ['coSigners', c.submitters.slice(1), true],
    ['leadUnit', [c.leadUnit], true],
    ['coUnits', c.coUnits, true],
  ];
  return cells.flatMap(([column, texts, oneLine]) => {
    const problem = texts.map((t) => textProblem(t, oneLine)).find((p) => p !== null);
    return problem ? [{ field: 'file', row: c.row, column: LABELS.launchSheet.column[column], problem: `不得含有控制字符 / ${problem}` } as FieldProblem] : [];
  });
}

/** An uploaded sheet as a launch uses it. */
export interface ReadSheet {
  /** Every case, when the sheet has no problem. */
  cases: SheetCase[];
  /** The rows without problems of their own (checked further even when others have some). */
  readable: SheetCase[];
  problems: FieldProblem[];
  /** The headers as written, to name columns. */
  headers: Partial<Record<SheetColumn, string>>;
  /** Rows below the header read past: blank, headings, footers. */
  skippedRows: number[];
}

/**
 * The cases of an uploaded sheet, or its problems: each row's as `{field: 'file', row, column,
 * problem}`, the file's as a whole as `{field: 'file', problem}`.
 */
export async function readUploadedSheet(file: UploadedSheet | undefined): Promise<ReadSheet> {
  const none = { cases: [], readable: [], headers: {}, skippedRows: [] };
  if (!file) return { ...none, problems: [{ field: 'file', problem: fillLabel('missingFile') }] };
  try {
    const result = await parseLaunchSheet(file.buffer, file.originalname, file.mimetype);
    return {
      cases: result.cases,
      readable: result.readable,
      headers: result.headers,
      skippedRows: result.skipped.map((s) => s.row),
      problems: [
        ...result.problems.map(({ row, column, problem }) => ({ field: 'file', row, column, problem }) as FieldProblem),
        ...result.readable.flatMap(textProblems),
      ],
    };
  } catch (err) {
    if (err instanceof SheetFileError) return { ...none, problems: [{ field: 'file', problem: err.problem }] };
    throw err;
  }
}
