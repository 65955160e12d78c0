/**
 * The API client: fetch with the signed-in key (kept in sessionStorage, so it lives as long as
 * the tab), errors in the API's one shape ({statusCode, error, message, problems?, stage?,
 * allowedActions?}).
 */
const KEY_ITEM = 'banli.key';

export interface Problem {
  field: string;
  problem: string;
  row?: number;
  column?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly problems: Problem[] = [],
    readonly stage?: string,
    readonly allowedActions?: string[],
  ) {
    super(message);
  }
}

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_ITEM);
}

export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY_ITEM);
  else sessionStorage.setItem(KEY_ITEM, key);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body, or FormData for an upload. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** Send no key (the public routes), or this one instead of the stored key. */
  key?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function urlOf(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function headersOf(options: RequestOptions): Record<string, string> {
  const key = options.key === undefined ? storedKey() : options.key;
  const headers: Record<string, string> = { ...options.headers };
  if (key) headers.authorization = `Bearer ${key}`;
  return headers;
}

/** A request to the API; throws ApiError for any answer that is not 2xx. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const headers = headersOf(options);
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(urlOf(path, options.query), { method: options.method ?? 'GET', headers, body, signal: options.signal });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const e = (parsed ?? {}) as { error?: string; message?: string; problems?: Problem[]; stage?: string; allowedActions?: string[] };
    throw new ApiError(res.status, e.error ?? String(res.status), e.message ?? res.statusText, e.problems ?? [], e.stage, e.allowedActions);
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export async function get<T>(path: string, query?: RequestOptions['query'], options: Omit<RequestOptions, 'query'> = {}): Promise<T> {
  return (await request<T>(path, { ...options, query })).body;
}

export async function post<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body' | 'method'> = {}): Promise<T> {
  return (await request<T>(path, { ...options, method: 'POST', body })).body;
}

/** Downloads a file the API answers (with the key), saving it under the name its Content-Disposition gives. */
export async function download(path: string, query?: RequestOptions['query'], fallbackName = 'download'): Promise<void> {
  const res = await fetch(urlOf(path, query), { headers: headersOf({}) });
  if (!res.ok) {
    const e = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new ApiError(res.status, e.error ?? String(res.status), e.message ?? res.statusText);
  }
  saveBlob(await res.blob(), fileNameOf(res.headers.get('content-disposition')) ?? fallbackName);
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file name of a Content-Disposition header: filename* (RFC 5987) first, then filename. */
export function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1];
}

/** A fresh Idempotency-Key per submission: a retried request is applied once. */
export function idempotencyKey(): string {
  return `web-${crypto.randomUUID()}`;
}
