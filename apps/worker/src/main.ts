import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getHeapStatistics } from 'node:v8';
import { loadEnv } from '../../../libs/config';
import { startTracing } from '../../../libs/telemetry';
import { installTemporalRuntimeMetrics } from '../../../libs/telemetry/temporal-runtime';
import { WorkerModule } from './worker.module';

/** The case worker: a Nest application context; its only port is the metrics server's. */
async function bootstrap(): Promise<void> {
  // Process-wide, before anything connects to Temporal: the SDK's runtime with its metrics (for the
  // metrics server to pass on), and tracing (the worker is built with its interceptors when it is on).
  const env = loadEnv();
  if (env.METRICS_PORT !== 'off') await installTemporalRuntimeMetrics();
  if (startTracing('banli-worker', env.BANLI_TRACING)) new Logger('WorkerMain').log(`tracing on (${env.BANLI_TRACING})`);
  warnWithoutHeapLimit(env.WORKER_HEAP_MB);
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
}

/**
 * The heap limit is node's --max-old-space-size, which only the start command can give; a worker
 * started without it (a custom command) grows its heaps far past WORKER_HEAP_MB before collecting.
 */
function warnWithoutHeapLimit(heapMb: number): void {
  const limitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  // The limit node reports adds the young generation (~48 MB) to the old space it was given.
  if (heapMb > 0 && limitMb > heapMb + 128) {
    new Logger('WorkerMain').warn(`heap limit ${limitMb} MB: start the worker with node --max-old-space-size=${heapMb} (WORKER_HEAP_MB) to keep its memory bounded`);
  }
}

bootstrap().catch((err: unknown) => {
  new Logger('WorkerMain').error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
