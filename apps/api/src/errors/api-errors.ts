/** Errors services throw; the error filter turns each into one response shape. */

import type { FieldProblem } from '../../../../libs/contract';

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

/** A stored thing (a policy document, a calendar version) that does not exist; `error` names it, e.g. PolicyNotFound. */
export class NotFoundError extends Error {
  constructor(readonly error: string, message: string) {
    super(message);
  }
}

/** The request contradicts what is stored (e.g. a policy id and version stored with another document). */
export class ConflictError extends Error {
  constructor(readonly error: string, message: string) {
    super(message);
  }
}

/** An error with its own status and name, e.g. 410 SurveyLinkExpired; `message` may be Chinese first. */
export class StatusError extends Error {
  constructor(readonly statusCode: number, readonly error: string, message: string) {
    super(message);
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
