import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What a well-behaved client of a banli cluster does, in front of the suites' supertest clients:
 * the suites' requests go through it, unchanged, to the cluster's balancer; it retries a request
 * that failed because an API process or a worker went away, as the API's own answers ask:
 *
 * - a step (POST /api/cases/{id}/{action}, and a co-unit's) sent without an Idempotency-Key gets
 *   one (`e2e-<uuid>`), kept for its retries, so a retry applies nothing twice — merge excepted,
 *   which is idempotent by its content without a key;
 * - retried: a connection that fails, a 502 or 503 from the balancer (the API process died with the
 *   request, or none answered), and 503 `TemporalTimeout` (no worker answered in time: one was
 *   killed and its cases wait for Temporal to move them to another) — with the same key and body,
 *   for up to RETRY_FOR_MS;
 * - anything else (every 2xx, 4xx, other 5xx) is the answer the suite sees.
 *
 * Every retry is logged to `log` (one JSON object a line), so a run shows what the kills cost.
 */
export interface RetryingProxy {
  url: string;
  close(): Promise<void>;
}

const RETRY_FOR_MS = 180_000;
const STEP_PATH = /^\/api\/cases\/[^/?]+\/(co-units\/[^/?]+\/)?([a-z-]+)(\?.*)?$/;

interface Upstream { status: number; headers: IncomingHttpHeaders; body: Buffer }

export async function startRetryingProxy(target: string, log: string, suite: string): Promise<RetryingProxy> {
  const base = new URL(target);
  const send = (method: string, path: string, headers: IncomingHttpHeaders, body: Buffer) =>
    new Promise<Upstream>((resolve, reject) => {
      const out = request({ host: base.hostname, port: base.port, method, path, headers: { ...headers, host: base.host, 'content-length': String(body.length) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  const retryable = (answer: Upstream): string | undefined => {
    if (answer.headers['x-banli-balancer'] && (answer.status === 502 || answer.status === 503)) return `balancer ${answer.status}`;
    if (answer.status === 503) {
      try {
        const error = (JSON.parse(answer.body.toString('utf8')) as { error?: string }).error;
        if (error === 'TemporalTimeout') return '503 TemporalTimeout';
      } catch {
        return undefined;
      }
    }
    return undefined;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const method = req.method ?? 'GET';
        const path = req.url ?? '/';
        const headers: IncomingHttpHeaders = { ...req.headers };
        delete headers['transfer-encoding'];
        const step = method === 'POST' ? STEP_PATH.exec(path) : null;
        if (step && step[2] !== 'merge' && headers['idempotency-key'] === undefined) headers['idempotency-key'] = `e2e-${randomUUID()}`;
        const started = Date.now();
        for (let attempt = 1; ; attempt++) {
          let answer: Upstream | undefined;
          let reason: string | undefined;
          try {
            answer = await send(method, path, headers, body);
            reason = retryable(answer);
          } catch (err) {
            reason = `connection: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
          }
          if (answer && !reason) {
            const { 'transfer-encoding': _, connection: __, ...rest } = answer.headers;
            res.writeHead(answer.status, { ...rest, 'content-length': String(answer.body.length) });
            res.end(answer.body);
            return;
          }
          const giveUp = Date.now() - started > RETRY_FOR_MS;
          appendFileSync(log, `${JSON.stringify({ at: new Date().toISOString(), suite, method, path, attempt, reason, gaveUp: giveUp })}\n`);
          if (giveUp) {
            if (answer) {
              res.writeHead(answer.status, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') });
              res.end(answer.body);
            } else {
              res.destroy();
            }
            return;
          }
          await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** (attempt - 1), 3_000)));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
