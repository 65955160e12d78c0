import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter } from 'prom-client';
import { BanliEnv } from '../../../../libs/config';
import { scrapeTemporalMetrics, temporalMetricsUrl } from '../../../../libs/telemetry/temporal-runtime';
import { WorkerMetrics } from './worker-metrics';

/**
 * The worker's metrics server: `GET /metrics` on METRICS_HOST:METRICS_PORT (0: any free port;
 * `off`: none), in the Prometheus text format — the worker's own metrics, then the Temporal SDK's
 * (`temporal_*`) when the process installed its runtime with them (main.ts). Nothing else is
 * served; it holds no key and changes nothing, and listens on loopback unless told otherwise.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private server?: Server;
  private readonly sdkScrapeFailures: Counter;

  constructor(
    private readonly env: BanliEnv,
    private readonly metrics: WorkerMetrics,
  ) {
    this.sdkScrapeFailures = new Counter({
      name: 'banli_temporal_metrics_scrape_failures_total',
      help: 'Scrapes at which the Temporal SDK\'s own metrics could not be read (they are left out of that answer)',
      registers: [metrics.registry],
    });
  }

  /** Where it listens, once it does (tests read the port chosen for METRICS_PORT=0). */
  get url(): string | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/metrics` : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.env.METRICS_PORT;
    if (port === 'off') return;
    const server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.env.METRICS_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((err: unknown) => {
      throw new Error(`the metrics server cannot listen on ${this.env.METRICS_HOST}:${port} (METRICS_PORT, or off): ${String(err)}`);
    });
    this.server = server;
    this.logger.log(`metrics at ${this.url}${temporalMetricsUrl() ? ', with the Temporal SDK\'s' : ''}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') return plain(res, 404, 'not found: the worker serves GET /metrics only\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, 'method not allowed\n');
    }
    try {
      const sdk = await this.sdkMetrics();
      const own = await this.metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : own + sdk);
    } catch (err) {
      this.logger.error(`metrics: ${String(err)}`);
      plain(res, 500, 'the metrics could not be collected\n');
    }
  }

  /** The SDK's metrics as its endpoint gives them, or nothing (counted) if it does not answer. */
  private async sdkMetrics(): Promise<string> {
    const url = temporalMetricsUrl();
    if (!url) return '';
    try {
      const text = await scrapeTemporalMetrics(url);
      return text.endsWith('\n') || text === '' ? text : `${text}\n`;
    } catch (err) {
      this.sdkScrapeFailures.inc();
      this.logger.warn(`the Temporal SDK's metrics could not be read: ${String(err)}`);
      return '';
    }
  }
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}
