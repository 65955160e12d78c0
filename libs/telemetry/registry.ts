import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A Prometheus registry of the process's own (one per API or worker application: tests run both
 * in one process, and a restarted API registers its metrics anew), with Node's default metrics
 * (`process_*`, `nodejs_*`).
 */
export function newRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Latency buckets, in seconds, for HTTP requests and steps (a step waits for Temporal). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
