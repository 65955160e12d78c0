import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { BanliEnv } from '../../../libs/config';
import { DatabaseService } from '../../../libs/db';
import { ensureSearchAttributes } from '../../../libs/temporal/search-attributes';
import { CASE_SEARCH_ATTRIBUTES } from '../../../libs/contract';
import { AlertLog } from '../../../activities/notify/alert-log';
import { DEFAULT_DELIVERY_RETRY, DeliveryRetry } from '../../../libs/contract';
import { flushTracing } from '../../../libs/telemetry';
import { CaseWorkerOptions, createCaseWorker } from './case-worker';
import { WorkerMetrics } from './metrics/worker-metrics';

const MIN_PRODUCTION_DELIVERY_WINDOW_MS = 24 * 3_600_000;

/** SMTP and the delivery retry policy's timings from the environment. */
function deliverySettings(env: BanliEnv): Pick<CaseWorkerOptions, 'smtp' | 'deliveryRetry'> {
  const retry: DeliveryRetry = {
    initialIntervalMs: env.ALERT_RETRY_INITIAL_MS,
    maximumIntervalMs: env.ALERT_RETRY_MAX_INTERVAL_MS,
    windowMs: env.ALERT_DELIVERY_WINDOW_MS,
  };
  if (env.NODE_ENV === 'production' && retry.windowMs < MIN_PRODUCTION_DELIVERY_WINDOW_MS) {
    throw new Error(`ALERT_DELIVERY_WINDOW_MS=${retry.windowMs}: alerts must be retried for at least 24 h in production`);
  }
  const isDefault = (Object.keys(retry) as (keyof DeliveryRetry)[]).every((k) => retry[k] === DEFAULT_DELIVERY_RETRY[k]);
  return {
    ...(env.SMTP_URL ? { smtp: { url: env.SMTP_URL, from: env.ALERT_EMAIL_FROM } } : {}),
    ...(isDefault ? {} : { deliveryRetry: retry }),
  };
}

/** Runs the case worker for the life of the application context and drains it on shutdown. */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerService.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    private readonly env: BanliEnv,
    private readonly database: DatabaseService,
    private readonly metrics: WorkerMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await NativeConnection.connect({ address: this.env.TEMPORAL_ADDRESS });
    const added = await ensureSearchAttributes(this.connection, this.env.TEMPORAL_NAMESPACE, CASE_SEARCH_ATTRIBUTES);
    if (added.length > 0) this.logger.log(`registered search attributes ${added.join(', ')}`);
    this.worker = await createCaseWorker({
      connection: this.connection,
      namespace: this.env.TEMPORAL_NAMESPACE,
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      alertLog: new AlertLog(this.env.ALERT_LOG_PATH),
      db: this.database.db,
      metrics: this.metrics,
      launchMaxBacklog: this.env.LAUNCH_MAX_BACKLOG === 0 ? Infinity : this.env.LAUNCH_MAX_BACKLOG,
      ...(this.env.WORKER_MAX_CACHED_WORKFLOWS > 0 ? { maxCachedWorkflows: this.env.WORKER_MAX_CACHED_WORKFLOWS } : {}),
      ...deliverySettings(this.env),
      webhookAllowHosts: () => this.env.BANLI_WEBHOOK_ALLOW_HOSTS,
    });
    this.metrics.watchCases(new Client({ connection: this.connection, namespace: this.env.TEMPORAL_NAMESPACE }));
    this.running = this.worker.run();
    this.running.catch((err: unknown) => {
      // A worker that no longer polls must not look alive to its supervisor.
      this.logger.error(`worker stopped: ${String(err)}`);
      process.exit(1);
    });
    this.logger.log(`polling task queue ${this.env.TEMPORAL_TASK_QUEUE} on ${this.env.TEMPORAL_ADDRESS}`);
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`shutting down${signal ? ` on ${signal}` : ''}; finishing tasks in progress`);
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
    await flushTracing(); // the spans of the tasks it finished
  }
}
