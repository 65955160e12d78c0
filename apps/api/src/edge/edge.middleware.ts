import type { NextFunction, Request, Response } from 'express';
import { FieldProblem, InvalidRequestError } from '../errors/api-errors';
import { jsonDepthExceeds, MAX_BODY_DEPTH, textProblem, valueProblems } from './text-rules';

/**
 * Refuses, before any route, guard or database sees it, a request whose path or query holds a
 * NUL or another control character or a lone surrogate (decoded: `%00`, `%01`, `%ED%A0%80`),
 * or a malformed percent-escape: 400 in the one error shape. No path parameter or filter of
 * banli takes such text, and PostgreSQL and Temporal's visibility store cannot hold NUL.
 */
export function refuseBadUrl(req: Request, _res: Response, next: NextFunction): void {
  const problems = urlProblems(req.originalUrl ?? req.url ?? '');
  next(problems.length > 0 ? new InvalidRequestError(problems) : undefined);
}

/** What is wrong with a request target's path segments and query parameters. */
export function urlProblems(url: string): FieldProblem[] {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const query = at < 0 ? '' : url.slice(at + 1);
  const problems: FieldProblem[] = [];
  for (const segment of path.split('/')) {
    const decoded = decode(segment);
    const problem = decoded === undefined ? 'has a malformed percent-escape' : textProblem(decoded, true);
    if (problem) {
      problems.push({ field: '(path)', problem: `a path segment ${problem}` });
      break;
    }
  }
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    const value = decode((eq < 0 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' '));
    if (name === undefined || value === undefined) {
      problems.push({ field: `query.${name ?? '(name)'}`, problem: 'has a malformed percent-escape' });
      continue;
    }
    const nameProblem = textProblem(name, true);
    const valueProblem = textProblem(value, true);
    if (nameProblem) problems.push({ field: 'query', problem: `a parameter name ${nameProblem}` });
    else if (valueProblem) problems.push({ field: `query.${name}`, problem: valueProblem });
  }
  return problems;
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * The JSON body parser's `verify`: a body nesting deeper than MAX_BODY_DEPTH is refused before
 * it is parsed (body-parser answers the thrown error's status, 400).
 */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  if (jsonDepthExceeds(buf)) {
    throw Object.assign(new Error(`the body nests deeper than ${MAX_BODY_DEPTH} levels`), { status: 400, statusCode: 400, type: 'entity.too.deep', expose: true });
  }
}

/**
 * After the body parsers: a parsed body (JSON, or a YAML text) whose strings — values or field
 * names — hold NUL, another control character or a lone surrogate is refused with 400, one
 * problem per field, whatever the route; the DTOs' own rules (one-line names, lengths) follow.
 */
export function refuseBadBody(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (body === undefined || body === null || typeof body === 'number' || typeof body === 'boolean') return next();
  const problems = valueProblems(body, typeof body === 'object' ? '' : '(body)');
  next(problems.length > 0 ? new InvalidRequestError(problems) : undefined);
}
