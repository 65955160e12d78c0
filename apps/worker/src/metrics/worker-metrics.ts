import { Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { Counter, Gauge, type Registry } from 'prom-client';
import { ActivityMetrics, newRegistry } from '../../../../libs/telemetry';
import { CaseCounts, CaseCountsSnapshot } from './case-counts';

/**
 * The worker's Prometheus metrics: what its activities do (alerts, deliveries, launches) and the
 * case gauges, read from Temporal when scraped (the same on every worker: aggregate with max).
 * The metrics server (metrics-server.ts) adds the Temporal SDK's own.
 */
@Injectable()
export class WorkerMetrics implements ActivityMetrics {
  private readonly logger = new Logger(WorkerMetrics.name);
  readonly registry: Registry = newRegistry();
  private caseCounts?: CaseCounts;

  private readonly alerts = new Counter({
    name: 'banli_alerts_emitted_total',
    help: 'Alerts emitted (each once: a retry emitting it again is not counted), by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly deliveries = new Counter({
    name: 'banli_alert_deliveries_total',
    help: 'Attempts to deliver an alert to a subscription, by channel and result (a failed attempt is retried)',
    labelNames: ['channel', 'result'] as const,
    registers: [this.registry],
  });

  private readonly launchBatches = new Counter({
    name: 'banli_launch_batches_total',
    help: 'Batches of launches run, by result (a failed batch is retried)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly launchCases = new Counter({
    name: 'banli_launch_cases_started_total',
    help: 'Cases started by launch batches (a case that already ran is left as it is, and counted)',
    registers: [this.registry],
  });

  private readonly launchesFinished = new Counter({
    name: 'banli_launches_finished_total',
    help: 'Launches recorded as finished, by status (completed, failed)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  private readonly countFailures: Counter;

  constructor() {
    const snapshot = () => this.caseSnapshot();
    this.countFailures = new Counter({
      name: 'banli_case_counts_failures_total',
      help: 'Scrapes at which Temporal did not give the case counts (the case gauges keep their last values)',
      registers: [this.registry],
      // Read once this scrape's counts are in, so that it counts this scrape's failure.
      async collect() {
        await snapshot();
      },
    });
    new Gauge({
      name: 'banli_open_cases',
      help: 'Cases whose workflow is running, by stage (a closed case runs on while publication or a follow-up is owed)',
      labelNames: ['stage'] as const,
      registers: [this.registry],
      async collect() {
        const s = await snapshot();
        if (s) for (const [stage, n] of s.byStage) this.set({ stage }, n);
      },
    });
    new Gauge({
      name: 'banli_overdue_cases',
      help: 'Running cases with an overdue deadline',
      registers: [this.registry],
      async collect() {
        const s = await snapshot();
        if (s) this.set(s.overdue);
      },
    });
    new Gauge({
      name: 'banli_cases_needing_attention',
      help: 'Running cases that need the office (a co-unit or a task failed for good)',
      registers: [this.registry],
      async collect() {
        const s = await snapshot();
        if (s) this.set(s.needingAttention);
      },
    });
    new Gauge({
      name: 'banli_case_counts_timestamp_seconds',
      help: 'When Temporal last gave the case counts (Unix time)',
      registers: [this.registry],
      async collect() {
        const s = await snapshot();
        if (s) this.set(s.at / 1000);
      },
    });
  }

  /** Reads the case gauges through this client from now on. */
  watchCases(client: Client): void {
    this.caseCounts = new CaseCounts(client);
  }

  private last?: CaseCountsSnapshot;
  private pending?: Promise<CaseCountsSnapshot | undefined>;

  /** The case counts for this scrape (one fetch shared by the gauges), or the last ones if Temporal failed. */
  private caseSnapshot(): Promise<CaseCountsSnapshot | undefined> {
    if (!this.caseCounts) return Promise.resolve(undefined);
    this.pending ??= this.caseCounts.current().then(
      (s) => (this.last = s),
      (err: unknown) => {
        this.countFailures.inc();
        this.logger.warn(`could not count cases in Temporal: ${err instanceof Error ? err.message : String(err)}`);
        return this.last;
      },
    ).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  alertEmitted(kind: string): void {
    this.alerts.inc({ kind });
  }

  deliveryAttempt(channel: string, result: 'delivered' | 'failed'): void {
    this.deliveries.inc({ channel, result });
  }

  launchBatch(result: 'ok' | 'failed', casesStarted: number): void {
    this.launchBatches.inc({ result });
    this.launchCases.inc(casesStarted);
  }

  launchFinished(status: 'completed' | 'failed'): void {
    this.launchesFinished.inc({ status });
  }
}
