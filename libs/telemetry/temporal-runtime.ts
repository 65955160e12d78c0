import { createServer } from 'node:net';
import { Runtime, type RuntimeOptions } from '@temporalio/worker';

/**
 * The Temporal SDK's own worker metrics (`temporal_*`: polls, task slots, schedule-to-start and
 * execution latencies, sticky cache, requests to the server) are kept by its Rust core, which
 * exports them through a Prometheus endpoint of its own. The worker process installs the SDK's
 * runtime with that exporter on a free loopback port, and its metrics server (apps/worker/src/metrics)
 * appends what that endpoint answers to its own: one `/metrics` for both.
 *
 * The runtime is process-wide and installed once, before any connection or worker exists — by the
 * worker's main.ts, never by a module (tests create workers in one process under their own runtime).
 */
let installedUrl: string | undefined;

/** Installs the SDK runtime with its Prometheus exporter on a free loopback port; once per process. */
export async function installTemporalRuntimeMetrics(options: RuntimeOptions = {}): Promise<string> {
  if (installedUrl) return installedUrl;
  const port = await freeLoopbackPort();
  const bindAddress = `127.0.0.1:${port}`;
  Runtime.install({
    ...options,
    telemetryOptions: {
      ...options.telemetryOptions,
      // The SDK's names and units (milliseconds, counters without _total), as Temporal's dashboards expect them.
      metrics: { prometheus: { bindAddress } },
    },
  });
  installedUrl = `http://${bindAddress}/metrics`;
  return installedUrl;
}

/** Where the SDK's metrics are read, if this process installed the runtime with them. */
export function temporalMetricsUrl(): string | undefined {
  return installedUrl;
}

/** The SDK's metrics in the Prometheus text format; throws if its endpoint does not answer in time. */
export async function scrapeTemporalMetrics(url: string, timeoutMs = 2_000): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`the Temporal SDK's metrics endpoint answered ${res.status}`);
  return res.text();
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
