import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HttpStatus } from '@nestjs/common';
import { type ApiAnswer, failureOf } from './api-client';
import { T } from './text';

const API = join(__dirname, '../../api/src');

/** Every .ts file of the API but its specs. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * The error names the API can send, read from its source: the domain errors it throws
 * (`new NotFoundError('LaunchNotFound', …)`, `new StatusError(410, 'SurveyClosed', …)`), the
 * error filter's own names (`error: 'CaseNotFound'`), and the statuses it names after HTTP's
 * (`errorName(status)`: NotFound, PayloadTooLarge, TooManyRequests, …) for what Nest or the
 * throttler refuse.
 */
function apiErrorNames(): string[] {
  const names = new Set<string>();
  for (const file of sources(API)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:ConflictError|NotFoundError)\(\s*'([A-Za-z]+)'/g)) names.add(m[1]!);
    for (const m of text.matchAll(/super\(\s*'([A-Za-z]+)'/g)) names.add(m[1]!);
    for (const m of text.matchAll(/StatusError\(\s*\d{3},\s*'([A-Za-z]+)'/g)) names.add(m[1]!);
    for (const m of text.matchAll(/\berror: '([A-Za-z]+)'/g)) names.add(m[1]!);
    for (const m of text.matchAll(/new ConflictError\(\s*\n\s*'([A-Za-z]+)'/g)) names.add(m[1]!);
  }
  // What the filter names after the status: every 4xx Nest, body-parser or the throttler may raise.
  for (const status of [401, 403, 404, 405, 409, 410, 413, 415, 429]) {
    names.add(HttpStatus[status]!.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _sep, c: string) => c.toUpperCase()));
  }
  // A step that fails with a domain type of its own (422); without one, StepFailed.
  names.add('StepFailed');
  names.add('DeliveryNotConfigured');
  return [...names].sort();
}

function answer(status: number, body: unknown, headers: Record<string, string> = {}): ApiAnswer {
  return { status, body, headers: new Headers(headers) };
}

describe('the CLI’s reasons for the API’s errors', () => {
  it('finds the error names in the API’s source (the scan itself works)', () => {
    const names = apiErrorNames();
    expect(names).toEqual(expect.arrayContaining(['CycleConflict', 'CasesDiffer', 'LaunchNotFound', 'SurveyLinkExpired', 'CaseNotFound', 'LastOfficeKey']));
  });

  it.each(apiErrorNames())('has a Chinese reason for %s', (name) => {
    expect((T.error as Record<string, string>)[name]).toMatch(/[\u4e00-\u9fff]/);
  });

  it('prints CycleConflict Chinese first, the API’s English message after it, each on one line', () => {
    const failure = failureOf(
      answer(409, { statusCode: 409, error: 'CycleConflict', message: 'cycle c was launched with another title;\nlaunching it again must repeat them' }),
    );
    expect(failure.message.split('\n')).toEqual([
      `请求失败（409 CycleConflict）：${T.error.CycleConflict}`,
      '  cycle c was launched with another title; launching it again must repeat them',
    ]);
  });

  it('puts each problem on one line, a header cell’s line breaks folded, and says when to retry', () => {
    const failure = failureOf(
      answer(400, {
        statusCode: 400,
        error: 'ValidationFailed',
        message: 'invalid field: file',
        problems: [
          { field: 'file', row: 7, column: '主办单位\n（必填）', problem: '缺少主办单位 / missing\nlead unit' },
          { field: 'cycleId', problem: 'must be lower-case letters, digits and hyphens' },
        ],
      }),
    );
    expect(failure.message.split('\n')).toEqual([
      `请求失败（400 ValidationFailed）：${T.error.ValidationFailed}`,
      '  invalid field: file',
      '  第7行 主办单位（必填）：缺少主办单位 / missing lead unit',
      `  ${T.field.cycleId}：must be lower-case letters, digits and hyphens`,
    ]);
    const throttled = failureOf(answer(429, { statusCode: 429, error: 'TooManyRequests', message: 'ThrottlerException: Too Many Requests' }, { 'retry-after': '3' }));
    expect(throttled.message.split('\n')[0]).toBe(`请求失败（429 TooManyRequests）：${T.error.TooManyRequests}（3秒后可重试）`);
  });

  it('names an error it does not know by its status, and an answer without a body by the status alone', () => {
    expect(failureOf(answer(422, { statusCode: 422, error: 'SomethingNew', message: 'x' })).message.split('\n')[0]).toBe(
      `请求失败（422 SomethingNew）：${T.errorByStatus[422]}`,
    );
    expect(failureOf(answer(502, 'Bad Gateway')).message.split('\n')[0]).toBe(`请求失败（502）：${T.errorByStatus[502]}`);
  });
});
