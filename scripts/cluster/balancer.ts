/**
 * The HTTP entry point in front of banli's API processes (cluster mode and docker-compose.yml):
 * round-robin over the upstreams, with what a load balancer in front of stateless replicas does
 * (an nginx upstream, a Kubernetes Service with readiness probes):
 *
 * - an upstream that refuses the connection is marked down for BALANCER_DOWN_MS and the request
 *   goes to the next one: it never reached the dead process, so sending it again is safe;
 * - a request whose upstream dies after it was sent is answered 502 `UpstreamFailed` (with
 *   `X-Banli-Balancer: upstream-failed`), in banli's error shape: the API may have applied it,
 *   so only the client may retry it — a step with the same Idempotency-Key — except a GET or HEAD,
 *   which the balancer retries on another upstream itself;
 * - an upstream marked down is tried again once its time is up (passive health checks).
 *
 * Environment: BALANCER_PORT (3000), BALANCER_HOST (127.0.0.1), BALANCER_UPSTREAMS (comma-separated
 * base URLs, e.g. http://127.0.0.1:3001,http://127.0.0.1:3002; a host name that resolves to several
 * addresses, e.g. a scaled docker-compose service, is one upstream per address, resolved again
 * every BALANCER_RESOLVE_MS), BALANCER_DOWN_MS (2000).
 */
import { lookup } from 'node:dns/promises';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';

interface Upstream { host: string; port: number; downUntil: number }

const PORT = Number(process.env.BALANCER_PORT ?? 3000);
const HOST = process.env.BALANCER_HOST ?? '127.0.0.1';
const DOWN_MS = Number(process.env.BALANCER_DOWN_MS ?? 2_000);
const RESOLVE_MS = Number(process.env.BALANCER_RESOLVE_MS ?? 5_000);
/** Bodies up to this size are kept so that a request refused by a dead upstream can go to another. */
const REPLAYABLE_BYTES = 16 * 1024 * 1024;

const configured = (process.env.BALANCER_UPSTREAMS ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((s) => new URL(s));
if (configured.length === 0) {
  process.stderr.write('BALANCER_UPSTREAMS is empty: give the API processes\' base URLs, comma-separated\n');
  process.exit(2);
}

let upstreams: Upstream[] = [];
let next = 0;

function log(message: string): void {
  process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}

/** Resolves the configured URLs to one upstream per address, keeping what is known about each. */
async function resolveUpstreams(): Promise<void> {
  const found: Upstream[] = [];
  for (const url of configured) {
    const port = Number(url.port || 80);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
    for (const address of addresses) {
      const known = upstreams.find((u) => u.host === address && u.port === port);
      found.push(known ?? { host: address, port, downUntil: 0 });
    }
  }
  const names = (list: Upstream[]) => list.map((u) => `${u.host}:${u.port}`).join(', ');
  if (names(found) !== names(upstreams)) log(`upstreams: ${names(found) || 'none'}`);
  upstreams = found;
}

/** The upstreams to try, in order: those up first (round-robin), then those marked down. */
function candidates(): Upstream[] {
  const now = Date.now();
  const start = next++ % Math.max(upstreams.length, 1);
  const rotated = [...upstreams.slice(start), ...upstreams.slice(0, start)];
  return [...rotated.filter((u) => u.downUntil <= now), ...rotated.filter((u) => u.downUntil > now)];
}

/** Whether the error means the request never reached a process (nothing can have been applied). */
function neverReached(err: NodeJS.ErrnoException): boolean {
  return ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND'].includes(err.code ?? '');
}

function answer(res: ServerResponse, status: number, error: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-banli-balancer': 'upstream-failed' });
  res.end(JSON.stringify({ statusCode: status, error, message }));
}

function forward(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined, tried: Upstream[]): void {
  const upstream = candidates().find((u) => !tried.includes(u));
  if (!upstream) {
    answer(res, 503, 'NoUpstream', 'no API process is reachable; try again shortly');
    return;
  }
  tried.push(upstream);
  const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
  const headers = { ...req.headers, 'x-forwarded-for': forwardedFor, 'x-forwarded-host': req.headers.host ?? '', 'x-forwarded-proto': 'http' };
  if (body) headers['content-length'] = String(body.length);
  const safe = req.method === 'GET' || req.method === 'HEAD';
  let answered = false;
  const out = request({ host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers }, (upstreamRes) => {
    answered = true;
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, upstreamRes.headers);
    upstreamRes.pipe(res);
    upstreamRes.on('error', () => res.destroy());
    res.on('close', () => upstreamRes.destroy());
  });
  out.on('error', (err: NodeJS.ErrnoException) => {
    if (answered) {
      res.destroy(); // the answer was cut off halfway: the client sees the connection end
      return;
    }
    upstream.downUntil = Date.now() + DOWN_MS;
    const replayable = body !== undefined;
    if (replayable && (neverReached(err) || safe)) {
      log(`${upstream.host}:${upstream.port} failed (${err.code ?? err.message}) on ${req.method} ${req.url}; trying another`);
      forward(req, res, body, tried);
      return;
    }
    log(`${upstream.host}:${upstream.port} failed (${err.code ?? err.message}) after ${req.method} ${req.url} was sent: 502`);
    answer(res, 502, 'UpstreamFailed',
      'the API process handling this request stopped before answering; it may have been applied: retry a step with the same Idempotency-Key');
  });
  if (body) out.end(body);
  else req.pipe(out);
}

const server = createServer((req, res) => {
  // Kept whole (up to REPLAYABLE_BYTES) so that a refused connection can be retried elsewhere.
  const length = Number(req.headers['content-length'] ?? 0);
  if (req.headers['transfer-encoding'] === undefined && length <= REPLAYABLE_BYTES) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks), []));
    req.on('error', () => res.destroy());
  } else {
    forward(req, res, undefined, []);
  }
});
server.keepAliveTimeout = 65_000;

async function main(): Promise<void> {
  await resolveUpstreams();
  setInterval(() => void resolveUpstreams().catch((err: unknown) => log(`resolving upstreams: ${String(err)}`)), RESOLVE_MS).unref();
  server.listen(PORT, HOST, () => log(`balancer listening on http://${HOST}:${PORT}`));
}

function stop(signal: string): void {
  log(`stopping on ${signal}`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

main().catch((err: unknown) => {
  process.stderr.write(`balancer failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
