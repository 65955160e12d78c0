import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
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
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
}

bootstrap().catch((err: unknown) => {
  new Logger('WorkerMain').error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
