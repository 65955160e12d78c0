/** Errors services throw; the error filter turns each into one response shape. */

import type { FieldProblem } from '../../../../workflows/case/case.definitions';

export type { FieldProblem };

export class InvalidRequestError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field} ${p.problem}`).join('; '));
  }
}

export class CaseNotFoundError extends Error {
  constructor(readonly caseId: string) {
    super(`no case with id ${caseId}`);
  }
}

/** Temporal did not answer in time; a step may still be applied later. */
export class TemporalTimeoutError extends Error {}

export class StepNotAllowedError extends Error {
  constructor(message: string, readonly stage: string, readonly allowedActions: string[]) {
    super(message);
  }
}

/** The body of every error response. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  problems?: FieldProblem[];
  stage?: string;
  allowedActions?: string[];
  correlationId?: string;
}
