import { Global, Injectable, MiddlewareConsumer, Module, NestModule, OnApplicationShutdown, RequestMethod } from '@nestjs/common';
import { flushTracing } from '../../../../libs/telemetry';
import { ApiMetrics } from './api-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsTokenMiddleware } from './metrics-token.middleware';

/** Sends the spans still buffered when the API stops (tracing itself is started by main.ts). */
@Injectable()
export class TracingFlush implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}

/**
 * The API's metrics: the registry services count into (global: the cases and launches services
 * inject it), GET /metrics and its token. Requests are counted by observeHttp, the app's first
 * middleware (configure-app.ts).
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [ApiMetrics, MetricsTokenMiddleware, TracingFlush],
  exports: [ApiMetrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(MetricsTokenMiddleware).forRoutes({ path: 'metrics', method: RequestMethod.GET });
  }
}
