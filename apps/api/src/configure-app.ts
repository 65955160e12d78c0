import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { text } from 'express';
import { isMultipart, SHEET_UPLOAD_PATHS } from './cycles/sheet-upload';
import { documentErrors } from './errors/openapi-errors';
import { ApiMetrics } from './metrics/api-metrics';
import { observeHttp } from './metrics/http-observer';

export const OPENAPI_PATH = 'api/docs';
/** Content types a policy document may be sent in as YAML (POST /api/policies). */
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** Everything main.ts sets on the app beyond its modules, shared with the end-to-end tests. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  // First: every request is counted and timed (and traced, when tracing is on), refused ones too.
  express.use(observeHttp(app.get(ApiMetrics)));
  // Every body is read as JSON: one sent as text/plain or without a content type is parsed (or
  // refused), never silently ignored.
  // A policy document may come as YAML: read as text there, parsed and validated by the policies
  // service (which reports YAML syntax errors with the document's other problems).
  express.use('/api/policies', text({ type: YAML_TYPES, limit: '1mb' }));
  // Except a launch sheet uploaded as multipart/form-data: the route's file interceptor reads it.
  express.useBodyParser('json', { limit: '1mb', type: (req) => !(isMultipart(req.headers['content-type']) && SHEET_UPLOAD_PATHS.test(req.url ?? '')) });
  app.enableShutdownHooks();
  // Security headers on every answer. The CSP keeps Swagger UI working (its scripts are served
  // from here; it styles inline); no upgrade-insecure-requests, so it also works over plain http
  // on loopback (TLS is the reverse proxy's).
  express.use(helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  }));
  const config = new DocumentBuilder()
    .setTitle('banli')
    .setDescription('Handling of NPC deputies’ suggestions and CPPCC members’ proposals (建议提案办理). Errors share one shape: {statusCode, error, message, problems?, stage?, allowedActions?}.')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'banli API key', description: 'An API key, banli_… (POST /api/keys)' })
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup(OPENAPI_PATH, app, () => documentErrors(SwaggerModule.createDocument(app, config)), {
    jsonDocumentUrl: `${OPENAPI_PATH}-json`,
  });
}
