/** `ApplicationFailure` types a step is refused with; the API maps each to a status code. */
export enum CaseErrorType {
  /** The step is not allowed now (stage, window, order): 409 with the stage and allowed actions. */
  StepNotAllowed = 'StepNotAllowed',
  /** A field of the step is wrong: 400 with one problem per field. */
  InvalidStepInput = 'InvalidStepInput',
}

/** One problem with a field of a request: its dotted path and what is wrong. */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** What a refused step's failure carries in its details (the API answers with it). */
export interface RefusalDetails {
  action?: string;
  stage: string;
  allowedActions?: string[];
  problems?: FieldProblem[];
}

/**
 * Activity failures that retrying cannot mend: a value out of range (a calendar year, a policy's
 * ladder), a broken request. Workflows from v9 do not retry them; they raise attention instead.
 */
export const PERMANENT_ERROR_TYPES = ['RangeError', 'TypeError', 'SyntaxError', 'PermanentActivityError'] as const;
