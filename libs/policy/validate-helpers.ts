/** Small checks that collect every problem with its path instead of stopping at the first. */

export interface PolicyProblem {
  /** Dotted path into the document, e.g. 'steps.sign.deadline.amount' or 'classification.levels[1].code'. */
  path: string;
  problem: string;
}

/** A policy document was refused; `problems` lists every field at fault and why. */
export class PolicyValidationError extends Error {
  readonly problems: PolicyProblem[];

  constructor(problems: PolicyProblem[]) {
    const lines = problems.map((p) => `- ${p.path}: ${p.problem}`);
    super(`Invalid policy (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'PolicyValidationError';
    this.problems = problems;
  }
}

/** The path of the whole document in a problem. */
export const DOCUMENT = '(document)';

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function pathTo(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === DOCUMENT ? key : `${path}.${key}`;
}

export class Problems {
  readonly found: PolicyProblem[] = [];

  add(path: string, problem: string): void {
    this.found.push({ path, problem });
  }

  /**
   * `value` as an object holding the `required` fields and nothing but those and `optional`;
   * undefined (after reporting) if it is not an object. Missing and unknown fields are reported;
   * a missing value itself is not (its parent reported it as required).
   */
  object(value: unknown, path: string, required: readonly string[], optional: readonly string[] = []): Json | undefined {
    if (value === undefined) return undefined;
    if (!isRecord(value)) {
      this.add(path, 'must be an object');
      return undefined;
    }
    for (const key of required) {
      if (value[key] === undefined) this.add(pathTo(path, key), 'is required');
    }
    for (const key of Object.keys(value)) {
      if (!required.includes(key) && !optional.includes(key)) this.add(pathTo(path, key), 'is not a known field');
    }
    return value;
  }

  /** A list, or undefined (after reporting). A missing value was already reported by object(). */
  array(value: unknown, path: string): unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.add(path, 'must be a list');
      return undefined;
    }
    return value;
  }

  string(value: unknown, path: string, pattern?: RegExp, shape?: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(path, 'must be a non-empty string');
      return undefined;
    }
    if (pattern && !pattern.test(value)) {
      this.add(path, `must be ${shape}`);
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.add(path, 'must be true or false');
      return undefined;
    }
    return value;
  }

  /** An integer in [min, max]; the message names the range the way a person would. */
  integer(value: unknown, path: string, min?: number, max?: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && (min === undefined || value >= min)) {
      if (max === undefined || value <= max) return value;
    }
    this.add(path, integerRange(min, max));
    return undefined;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.add(path, `must be one of ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T;
  }
}

function integerRange(min?: number, max?: number): string {
  if (min === undefined && max === undefined) return 'must be an integer';
  if (max === undefined) return min === 1 ? 'must be a positive integer' : `must be an integer of at least ${min}`;
  if (min === undefined) return `must be an integer of at most ${max}`;
  return `must be an integer from ${min} to ${max}`;
}
