import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ClientInterceptors } from '@temporalio/client';
// The client part only: the package's index also loads its workflow and worker parts.
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';

/**
 * OpenTelemetry tracing, off unless BANLI_TRACING says `otlp` or `console`. One trace follows a
 * request from the API's HTTP span through the Temporal client's calls (start, update, query:
 * client interceptors, which carry the context in Temporal headers) into the workflow (its run,
 * its updates, the activities it schedules: workflow interceptors in the bundle, whose spans
 * leave the sandbox through a sink) and the activities (activity interceptors), and on into the
 * workflows an activity starts or updates (the worker's client is intercepted too).
 *
 * Tracing is process-wide: main.ts starts it before the Nest application exists, so that the
 * Temporal client and worker are built with the interceptors (libs/temporal, apps/worker; the
 * worker's part is worker-tracing.ts, kept apart so that the API loads none of the worker SDK).
 */
export type TracingMode = 'off' | 'otlp' | 'console';

export interface Tracing {
  readonly service: string;
  readonly tracer: Tracer;
  readonly processor: SpanProcessor;
  readonly resource: Resource;
}

let active: Tracing | undefined;

/**
 * Starts tracing for this process (`banli-api`, `banli-worker`); nothing when the mode is `off`.
 * `otlp` sends spans over OTLP/HTTP (JSON) to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or
 * OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces (http://localhost:4318 by default); the sampler
 * follows OTEL_TRACES_SAMPLER (every trace by default). A test may hand its own exporter.
 */
export function startTracing(service: string, mode: TracingMode, exporter?: SpanExporter): Tracing | undefined {
  if (mode === 'off') return undefined;
  if (active) {
    if (active.service !== service) throw new Error(`tracing already started for ${active.service}`);
    return active;
  }
  const resource = new Resource({ 'service.name': service, 'service.namespace': 'banli' });
  const processor = mode === 'console'
    ? new SimpleSpanProcessor(exporter ?? new ConsoleSpanExporter())
    : new BatchSpanProcessor(exporter ?? new OTLPTraceExporter());
  const provider = new BasicTracerProvider({ resource });
  provider.addSpanProcessor(processor);
  provider.register({
    contextManager: new AsyncLocalStorageContextManager().enable(),
    propagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  });
  active = { service, tracer: trace.getTracer(service), processor, resource };
  return active;
}

/** The process's tracing, if it was started. */
export function activeTracing(): Tracing | undefined {
  return active;
}

/** Sends the spans not yet exported (at shutdown). */
export async function flushTracing(): Promise<void> {
  await active?.processor.forceFlush();
}

/** The Temporal client's interceptors: the OpenTelemetry one when tracing is on, none otherwise. */
export function tracingClientInterceptors(): ClientInterceptors {
  return active ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : {};
}

/** The context these headers carry (W3C traceparent), for a span that continues a caller's trace. */
export function extractedContext(headers: Record<string, string | string[] | undefined>) {
  return propagation.extract(context.active(), headers);
}
