import { CliFailure } from './io';
import { flat, oneLine, say, T } from './text';

/** An answer of the API with its status (any status: callers decide what a 4xx means). */
export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** The one error shape of the API. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  problems?: ApiProblem[];
  correlationId?: string;
}

export interface ApiProblem {
  field: string;
  problem: string;
  row?: number;
  column?: string;
}

/** The banli HTTP API: base URL and key (`Authorization: Bearer`). */
export class ApiClient {
  readonly base: string;

  constructor(baseUrl: string, private readonly key?: string) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<ApiAnswer<T>> {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    return this.send<T>('GET', `${path}${params.size > 0 ? `?${params}` : ''}`);
  }

  postJson<T>(path: string, body: unknown): Promise<ApiAnswer<T>> {
    return this.send<T>('POST', path, JSON.stringify(body), { 'content-type': 'application/json' });
  }

  postForm<T>(path: string, form: FormData): Promise<ApiAnswer<T>> {
    return this.send<T>('POST', path, form);
  }

  private async send<T>(method: string, path: string, body?: RequestInit['body'], headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const url = `${this.base}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        body,
        headers: { accept: 'application/json', ...headers, ...(this.key ? { authorization: `Bearer ${this.key}` } : {}) },
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new CliFailure(say(T.unreachable, { url: this.base, reason: cause?.code ?? cause?.message ?? (err as Error).message }));
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
}

/**
 * A failure for an answer that was not the one expected, Chinese first: the reason for the
 * error the API names (or its status), then the API's own message, then each problem on its line.
 */
export function failureOf(answer: ApiAnswer): CliFailure {
  const body = answer.body as Partial<ApiErrorBody> | string;
  const fields = typeof body === 'object' && body ? body : {};
  const error = fields.error ?? '';
  const message = typeof body === 'object' && body ? (fields.message ?? '') : String(body).slice(0, 500);
  const lines = [reasonOf(answer, error), ...(message.trim() !== '' ? [`  ${flat(message)}`] : []), ...(fields.problems ?? []).map((p) => `  ${problemLine(p)}`)];
  return new CliFailure(lines.join('\n'));
}

/** 请求失败（409 CycleConflict）：该批次已交办过…, with when to retry (429) or the error's number (500). */
export function reasonOf(answer: ApiAnswer, error: string): string {
  const reason = (T.error as Record<string, string>)[error] ?? (T.errorByStatus as Record<number, string>)[answer.status] ?? T.unexpectedAnswer;
  const retry = answer.headers.get('retry-after');
  const correlationId = typeof answer.body === 'object' && answer.body ? (answer.body as Partial<ApiErrorBody>).correlationId : undefined;
  return (
    say(T.requestFailed, { answer: error ? `${answer.status} ${error}` : String(answer.status), reason }) +
    (answer.status === 429 && retry ? say(T.retryAfter, { seconds: retry }) : '') +
    (correlationId ? say(T.correlationId, { id: correlationId }) : '')
  );
}

/** A problem on one line: 第7行 主办单位：缺少主办单位 / …, or 批次编号（--cycle）：cycleId must be … */
export function problemLine(p: ApiProblem): string {
  const where = p.row !== undefined ? `${say(T.row, { row: p.row })} ${oneLine(p.column ?? '')}` : fieldLabel(p.field);
  return `${where}：${flat(p.problem)}`;
}

/** A form field or option by the name the CLI's user knows it (批次编号（--cycle）); a case's field as the API names it. */
export function fieldLabel(field: string): string {
  if (field === 'file') return T.fileField;
  return (T.field as Record<string, string>)[field] ?? field;
}
