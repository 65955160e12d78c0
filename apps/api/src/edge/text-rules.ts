/**
 * What text may reach the database and Temporal. PostgreSQL's text and jsonb cannot hold NUL
 * (U+0000), and no person writes the other C0 control characters or DEL; a lone UTF-16
 * surrogate is not text at all (it would be stored as U+FFFD). These rules are applied at the
 * edge — to every path, query and JSON body (edge.middleware.ts), and by the DTOs' validators —
 * so such a request is refused with 400 before anything is read or written.
 */
import type { FieldProblem } from '../errors/api-errors';

/** The deepest a request body (JSON, or a JSON text in a form field, or YAML) may nest. */
export const MAX_BODY_DEPTH = 32;

/** C0 controls other than tab, line feed and carriage return, and DEL: never in any text banli takes. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Any C0 control or DEL, tab and line breaks included: never in one-line text (names, units, ids). */
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;
/** A surrogate half without its other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** For OpenAPI `pattern`s: multi-line text (tab and line breaks allowed) and one-line text. */
export const TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$';
export const LINE_PATTERN = '^[^\\u0000-\\u001f\\u007f]*$';

/** Why a string may not be taken anywhere, or null: NUL, another control character, a lone surrogate. */
export function textProblem(value: string, oneLine = false): string | null {
  if (value.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  const control = (oneLine ? ANY_CONTROL : CONTROL).exec(value);
  if (control) return `must not contain control characters (U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()})`;
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return null;
}

/** True when the text may be a person's text (tab and line breaks allowed). */
export function isCleanText(value: unknown): boolean {
  return typeof value === 'string' && textProblem(value) === null;
}

/** True when the text is one clean line (no tab or line break either). */
export function isCleanLine(value: unknown): boolean {
  return typeof value === 'string' && textProblem(value, true) === null;
}

/**
 * Every string of a parsed value (object keys too) that may not be taken, as one problem per
 * field (`cases.0.title`), and a problem if it nests deeper than MAX_BODY_DEPTH. Iterative: a
 * value too deep to walk recursively is refused, not a stack overflow.
 */
export function valueProblems(value: unknown, root: string, maxDepth = MAX_BODY_DEPTH): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0 && problems.length < 50) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) problems.push({ field: path, problem });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) {
      problems.push({ field: path, problem: `nests deeper than ${maxDepth} levels` });
      continue;
    }
    for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
      const keyProblem = textProblem(key);
      const childPath = path === '' ? key : `${path}.${key}`;
      if (keyProblem) {
        problems.push({ field: path === '' ? '(body)' : path, problem: `a field name ${keyProblem}` });
        continue;
      }
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return problems.reverse();
}

/**
 * How deep a JSON text nests, read without parsing it (brackets outside strings), stopping at
 * `limit` + 1: a body of 10,000 nested arrays is refused before JSON.parse and the validation
 * pipe, whose recursion it would overflow.
 */
export function jsonDepthExceeds(text: Buffer | string, limit = MAX_BODY_DEPTH): boolean {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
