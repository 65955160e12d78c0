import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { activeTracing, extractedContext } from '../../../../libs/telemetry';
import type { ApiMetrics } from './api-metrics';

/** The label of a request that matched no route (a 404, or a body refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';
const CLIENT_CLOSED_REQUEST = 499;

/**
 * The first middleware of the app (configure-app.ts): counts and times every request by method,
 * route pattern and status once it is answered, and — when tracing is on — runs it inside an
 * HTTP server span (continuing the caller's trace from a W3C `traceparent`), so that the Temporal
 * calls it makes are that span's children.
 */
export function observeHttp(metrics: ApiMetrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const tracing = activeTracing();
    const parent = tracing && extractedContext(req.headers);
    const span = tracing?.tracer.startSpan(req.method, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method, 'url.path': req.path },
    }, parent);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const route = routeOf(req);
      // A client that went away before any answer: 499, as proxies count it.
      const status = res.headersSent ? res.statusCode : CLIENT_CLOSED_REQUEST;
      const streamed = String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.request(req.method, route, status, streamed ? undefined : seconds);
      if (span) {
        span.updateName(`${req.method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    };
    res.once('finish', finish);
    res.once('close', finish);
    if (!span || !parent) return next();
    const ctx = trace.setSpan(parent, span);
    // Streams' callbacks (a multipart upload read by the route) run in the request's context too.
    context.bind(ctx, req);
    context.bind(ctx, res);
    context.with(ctx, next);
  };
}

/** The route pattern Express matched (`/api/cases/:caseId/sign`), never the URL itself. */
function routeOf(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? path : UNMATCHED_ROUTE;
}
