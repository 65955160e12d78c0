import { CliFailure } from './io';
import { say, T } from './text';

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
  problems?: { field: string; problem: string; row?: number; column?: string }[];
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

/** A failure for an answer that was not the one expected, with the API's own reason. */
export function failureOf(answer: ApiAnswer): CliFailure {
  const body = answer.body as Partial<ApiErrorBody> | string;
  const error = typeof body === 'object' && body ? (body.error ?? '') : '';
  let message = typeof body === 'object' && body ? (body.message ?? '') : String(body).slice(0, 500);
  const problems = typeof body === 'object' && body?.problems ? body.problems : [];
  if (problems.length > 0) message = [message, ...problems.map((p) => `  ${p.field}：${p.problem}`)].join('\n');
  return new CliFailure(say(T.requestFailed, { status: answer.status, error, message }));
}
