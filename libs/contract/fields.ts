/**
 * The fields a step takes, declared once in the step table (steps.ts). From one declaration come
 * the step's input type (InputOf), the workflow validator's checks (fieldProblems) and, at the
 * API's edge, the class-validator DTO and its OpenAPI schema (apps/api/src/cases/dto/).
 * Pure: safe in the workflow sandbox.
 */
import { isIsoDate } from '../calendar/iso-date';
import type { FieldProblem } from './errors';

interface FieldBase {
  optional?: true;
  description?: string;
  example?: unknown;
}

/** A person's text: non-empty unless `allowEmpty`, at most `max` characters, optionally a pattern. */
export interface TextField extends FieldBase {
  kind: 'text';
  max: number;
  allowEmpty?: true;
  /** A regular expression the whole value must match, with the message when it does not. */
  pattern?: { source: string; message: string };
}
/** A civil date YYYY-MM-DD that exists (2020-02-30 does not). */
export interface DateField extends FieldBase {
  kind: 'date';
}
export interface EnumField<V extends string = string> extends FieldBase {
  kind: 'enum';
  values: readonly V[];
}
export interface BooleanField extends FieldBase {
  kind: 'boolean';
}
/** A list of non-empty strings: at least one, at most `max`, each at most `itemMax` characters. */
export interface ListField extends FieldBase {
  kind: 'list';
  max: number;
  itemMax: number;
}

export type Field = TextField | DateField | EnumField | BooleanField | ListField;
export type Fields = Readonly<Record<string, Field>>;

/** The value a field carries. */
export type ValueOf<F> = F extends { kind: 'enum'; values: readonly (infer V)[] }
  ? V
  : F extends { kind: 'boolean' }
    ? boolean
    : F extends { kind: 'list' }
      ? string[]
      : string;

type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K] extends { optional: true } ? never : K }[keyof F];
type OptionalKeys<F extends Fields> = Exclude<keyof F, RequiredKeys<F>>;
type Flat<T> = { [K in keyof T]: T[K] };

/** Who performed a step: set by the API from the caller's key (see README "API keys"). */
export interface Actor {
  actor?: string;
}

/** The input a step's fields describe, plus the actor every step may carry. */
export type InputOf<F extends Fields> = Flat<
  { [K in RequiredKeys<F>]: ValueOf<F[K]> } & { [K in OptionalKeys<F>]?: ValueOf<F[K]> } & Actor
>;

/**
 * Whether a text field is one line — a name, a unit, a phone, a short code (at most 100
 * characters) — so that tabs and line breaks are refused in it too; longer texts (reasons,
 * replies, notes) may run over several lines. The API's DTOs apply it (apps/api/src/cases/dto/step.dto.ts).
 */
export function isOneLine(field: TextField): boolean {
  return field.max <= 100;
}

/** The actor every step takes: a person's name, or a unit and a name. */
export const ACTOR_FIELD = { kind: 'text', max: 100, optional: true } as const satisfies TextField;

// ---- builders: the table reads as a form, e.g. `reason: text(2000)` ----------------------

export function text<const O extends Omit<TextField, 'kind' | 'max'>>(max: number, options?: O): { kind: 'text'; max: number } & O {
  return { kind: 'text', max, ...(options ?? ({} as O)) };
}
export function date<const O extends Omit<DateField, 'kind'>>(options?: O): { kind: 'date' } & O {
  return { kind: 'date', ...(options ?? ({} as O)) };
}
export function oneOf<const V extends string, const O extends Omit<EnumField, 'kind' | 'values'>>(
  values: readonly V[],
  options?: O,
): { kind: 'enum'; values: readonly V[] } & O {
  return { kind: 'enum', values, ...(options ?? ({} as O)) };
}
export function flag<const O extends Omit<BooleanField, 'kind'>>(options?: O): { kind: 'boolean' } & O {
  return { kind: 'boolean', ...(options ?? ({} as O)) };
}
export function list<const O extends Omit<ListField, 'kind' | 'max' | 'itemMax'>>(max: number, itemMax: number, options?: O): { kind: 'list'; max: number; itemMax: number } & O {
  return { kind: 'list', max, itemMax, ...(options ?? ({} as O)) };
}

// ---- checks --------------------------------------------------------------------------------

/** Control characters other than tab and line breaks: never part of a person's text. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** What is wrong with one field's value (undefined is only wrong for a required field). */
export function fieldProblem(name: string, field: Field, value: unknown): FieldProblem | null {
  if (value === undefined) return field.optional ? null : { field: name, problem: missing(field) };
  switch (field.kind) {
    case 'text': {
      if (typeof value !== 'string') return { field: name, problem: 'must be a string' };
      if (!field.allowEmpty && value.trim().length === 0) return { field: name, problem: 'must be a non-empty string' };
      if (value.length > field.max) return { field: name, problem: `must be at most ${field.max} characters` };
      if (CONTROL.test(value)) return { field: name, problem: 'must not contain control characters' };
      if (field.pattern && !new RegExp(field.pattern.source).test(value)) return { field: name, problem: field.pattern.message };
      return null;
    }
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? null : { field: name, problem: 'must be a real date YYYY-MM-DD' };
    case 'enum':
      return typeof value === 'string' && field.values.includes(value)
        ? null
        : { field: name, problem: `must be one of: ${field.values.join(', ')}` };
    case 'boolean':
      return typeof value === 'boolean' ? null : { field: name, problem: 'must be true or false' };
    case 'list': {
      const ok = Array.isArray(value) && value.length > 0 && value.length <= field.max
        && value.every((v) => typeof v === 'string' && v.trim().length > 0 && v.length <= field.itemMax && !CONTROL.test(v));
      return ok ? null : { field: name, problem: `must list 1 to ${field.max} non-empty texts of at most ${field.itemMax} characters` };
    }
  }
}

function missing(field: Field): string {
  switch (field.kind) {
    case 'date':
      return 'must be a real date YYYY-MM-DD';
    case 'enum':
      return `must be one of: ${field.values.join(', ')}`;
    case 'boolean':
      return 'must be true or false';
    case 'list':
      return `must list 1 to ${field.max} non-empty texts`;
    default:
      return 'must be a non-empty string';
  }
}

/** Every problem of an input against its fields (and the actor); unknown fields are refused too. */
export function fieldProblems(fields: Fields, input: unknown): FieldProblem[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [{ field: '(body)', problem: 'must be an object' }];
  const values = input as Record<string, unknown>;
  const all: Fields = { ...fields, actor: ACTOR_FIELD };
  const problems = Object.entries(all)
    .map(([name, field]) => fieldProblem(name, field, values[name]))
    .filter((p): p is FieldProblem => p !== null);
  const unknown = Object.keys(values).filter((name) => !(name in all));
  return [...problems, ...unknown.map((field) => ({ field, problem: 'is not a field of this step' }))];
}
