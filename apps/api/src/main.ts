import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { BanliEnv, loadEnv } from '../../../libs/config';
import { startTracing } from '../../../libs/telemetry';
import { AppModule } from './app.module';
import { configureApp, OPENAPI_PATH } from './configure-app';

async function bootstrap(): Promise<void> {
  // Tracing is process-wide and comes first: the Temporal client is built with its interceptor when it is on.
  const tracing = startTracing('banli-api', loadEnv().BANLI_TRACING);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false });
  configureApp(app);
  const env = app.get(BanliEnv);
  await app.listen(env.PORT, env.HOST);
  const url = `http://${env.HOST}:${env.PORT}`;
  const logger = new Logger('ApiMain');
  logger.log(`listening on ${url} (OpenAPI: ${url}/${OPENAPI_PATH}); Temporal at ${env.TEMPORAL_ADDRESS}`);
  if (tracing) logger.log(`tracing on (${env.BANLI_TRACING})`);
  if (env.NODE_ENV === 'production' && !env.BANLI_METRICS_TOKEN) {
    logger.warn('GET /metrics is open to anyone who reaches the API: set BANLI_METRICS_TOKEN, or keep /metrics from the proxy');
  }
}

bootstrap().catch((err: unknown) => {
  new Logger('ApiMain').error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
