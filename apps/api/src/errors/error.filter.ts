import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { CaseErrorType } from '../../../../libs/contract';
import {
  CaseNotFoundError,
  ConflictError,
  ErrorBody,
  FieldProblem,
  InvalidRequestError,
  NotFoundError,
  StatusError,
  StepNotAllowedError,
  TemporalTimeoutError,
} from './api-errors';

/** The one place an error becomes a response: every error has the shape of ErrorBody. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    host.switchToHttp().getResponse<Response>().status(body.statusCode).json(body);
  }

  private toBody(e: unknown): ErrorBody {
    if (e instanceof InvalidRequestError) return invalid(e.problems);
    if (e instanceof CaseNotFoundError) return { statusCode: 404, error: 'CaseNotFound', message: e.message };
    if (e instanceof NotFoundError) return { statusCode: 404, error: e.error, message: e.message };
    if (e instanceof ConflictError) return { statusCode: 409, error: e.error, message: e.message };
    if (e instanceof StatusError) return { statusCode: e.statusCode, error: e.error, message: e.message };
    if (e instanceof StepNotAllowedError) {
      return { statusCode: 409, error: 'StepNotAllowed', message: e.message, stage: e.stage, allowedActions: e.allowedActions };
    }
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) return fromFailure(e.cause);
    if (e instanceof TemporalTimeoutError) return { statusCode: 503, error: 'TemporalTimeout', message: e.message };
    if (e instanceof WorkflowNotFoundError) return { statusCode: 404, error: 'CaseNotFound', message: 'no such case' };
    if (e instanceof HttpException) return fromHttp(e);
    const status = clientErrorStatus(e);
    if (status === 400) return invalid([{ field: '(body)', problem: (e as Error).message }]);
    if (status) return { statusCode: status, error: errorName(status), message: (e as Error).message };
    const correlationId = randomUUID();
    this.logger.error(`${correlationId} ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return { statusCode: 500, error: 'InternalError', message: 'internal error; quote the correlation id', correlationId };
  }
}

function invalid(problems: FieldProblem[]): ErrorBody {
  const fields = [...new Set(problems.map((p) => p.field))];
  const message = `invalid ${fields.length === 1 ? 'field' : 'fields'}: ${fields.join(', ')}`;
  return { statusCode: 400, error: 'ValidationFailed', message, problems };
}

function fromFailure(failure: ApplicationFailure): ErrorBody {
  const details = (failure.details?.[0] ?? {}) as { stage?: string; allowedActions?: string[]; problems?: FieldProblem[] };
  if (failure.type === CaseErrorType.InvalidStepInput) return { ...invalid(details.problems ?? []), stage: details.stage };
  if (failure.type === CaseErrorType.StepNotAllowed) {
    return { statusCode: 409, error: 'StepNotAllowed', message: failure.message, stage: details.stage, allowedActions: details.allowedActions };
  }
  return { statusCode: 422, error: failure.type ?? 'StepFailed', message: failure.message };
}

function fromHttp(e: HttpException): ErrorBody {
  const statusCode = e.getStatus();
  const res = e.getResponse();
  const message = typeof res === 'string' ? res : String((res as { message?: unknown }).message ?? e.message);
  // Fields are checked by the validation pipe (InvalidRequestError); a framework 400 is about the body itself.
  if (statusCode === 400) return invalid([{ field: '(body)', problem: message }]);
  return { statusCode, error: errorName(statusCode), message };
}

/** PascalCase names of HTTP statuses: NotFound, PayloadTooLarge, … */
function errorName(status: number): string {
  const name = HttpStatus[status] ?? 'Error';
  return name.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _sep, c: string) => c.toUpperCase());
}

/** body-parser's errors (malformed JSON, too large, bad encoding) carry their own 4xx status. */
function clientErrorStatus(e: unknown): number | undefined {
  const status = (e as { status?: unknown; statusCode?: unknown })?.status ?? (e as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
