import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { BanliEnv } from '../../../libs/config';
import { AppModule } from './app.module';
import { configureApp, OPENAPI_PATH } from './configure-app';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false });
  configureApp(app);
  const env = app.get(BanliEnv);
  await app.listen(env.PORT, env.HOST);
  const url = `http://${env.HOST}:${env.PORT}`;
  new Logger('ApiMain').log(`listening on ${url} (OpenAPI: ${url}/${OPENAPI_PATH}); Temporal at ${env.TEMPORAL_ADDRESS}`);
}

bootstrap().catch((err: unknown) => {
  new Logger('ApiMain').error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
