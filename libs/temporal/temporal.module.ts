import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { BanliEnv } from '../config';
import { tracingClientInterceptors } from '../telemetry/tracing';
import { TemporalConnection } from './temporal-connection';

/**
 * The Temporal client the API uses. The connection is lazy, so the API starts (and its health
 * endpoint can say so) while Temporal is still down, and a call it is still retrying when the API
 * shuts down ends with an error instead of crashing the process (TemporalConnection).
 */
@Injectable()
export class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: Connection,
      useFactory: (env: BanliEnv) => TemporalConnection.open({ address: env.TEMPORAL_ADDRESS }),
      inject: [BanliEnv],
    },
    {
      provide: Client,
      useFactory: (connection: Connection, env: BanliEnv) =>
        // The OpenTelemetry interceptor when tracing is on (main.ts starts it before the app exists).
        new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, interceptors: tracingClientInterceptors() }),
      inject: [Connection, BanliEnv],
    },
    TemporalConnectionCloser,
  ],
  exports: [Connection, Client],
})
export class TemporalModule {}
