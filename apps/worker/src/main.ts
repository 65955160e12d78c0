import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

/** The case worker: a Nest application context with no HTTP port. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
}

bootstrap().catch((err: unknown) => {
  new Logger('WorkerMain').error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
