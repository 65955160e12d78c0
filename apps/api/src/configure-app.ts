import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';

export const OPENAPI_PATH = 'api/docs';

/** Everything main.ts sets on the app beyond its modules, shared with the end-to-end tests. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  // Every body is read as JSON: one sent as text/plain or without a content type is parsed (or
  // refused), never silently ignored.
  express.useBodyParser('json', { limit: '1mb', type: () => true });
  app.enableShutdownHooks();
  const config = new DocumentBuilder()
    .setTitle('banli')
    .setDescription('Handling of NPC deputies’ suggestions and CPPCC members’ proposals (建议提案办理). Errors share one shape: {statusCode, error, message, problems?, stage?, allowedActions?}.')
    .setVersion('0.1.0')
    .build();
  SwaggerModule.setup(OPENAPI_PATH, app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: `${OPENAPI_PATH}-json`,
  });
}
