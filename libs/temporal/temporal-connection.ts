import { InterceptingCall, Metadata, status, type Interceptor, type InterceptingListener } from '@grpc/grpc-js';
import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions, type GrpcRetryOptions } from '@temporalio/client';

export interface TemporalConnectionOptions extends Omit<ConnectionOptions, 'interceptors'> {
  /** How failed calls are retried; the SDK's default when absent. */
  retry?: GrpcRetryOptions;
}

/**
 * A Temporal client connection whose retries end when it is closed.
 *
 * The SDK retries a failed call (UNAVAILABLE, RESOURCE_EXHAUSTED…) from a timer. A retry whose
 * timer fires after close() asks the closed gRPC channel for a new call, which throws "Channel has
 * been shut down" inside the timer: an uncaught exception, which ends the process that was only
 * closing its connection (an API shutting down, a test suite's teardown). Here a retry that comes
 * after close() ends the call with CANCELLED instead, and its caller sees that error.
 *
 * The connection is lazy: it connects on the first call, so a process can start while Temporal is down.
 */
export class TemporalConnection extends Connection {
  private closing = { closed: false };

  static open(options: TemporalConnectionOptions = {}): TemporalConnection {
    const { retry = defaultGrpcRetryOptions(), ...rest } = options;
    const closing = { closed: false };
    const connection = this.lazy({ ...rest, interceptors: [makeGrpcRetryInterceptor(retry), refusedOnceClosed(closing)] }) as TemporalConnection;
    connection.closing = closing;
    return connection;
  }

  override async close(): Promise<void> {
    this.closing.closed = true;
    await super.close();
  }
}

/** Below the retry interceptor: once the connection is closed, a call (a retry) never reaches the channel. */
function refusedOnceClosed(closing: { closed: boolean }): Interceptor {
  return (options, nextCall) => new InterceptingCall(closing.closed ? new RefusedCall() : nextCall(options));
}

/** What an interceptor passes a call on to (grpc-js does not export its name). */
type NextCall = ConstructorParameters<typeof InterceptingCall>[0];

/** A call that ends with CANCELLED as soon as it starts, without a channel. */
class RefusedCall implements NextCall {
  start(_metadata: Metadata, listener: InterceptingListener): void {
    setImmediate(() => listener.onReceiveStatus({ code: status.CANCELLED, details: 'the Temporal connection was closed', metadata: new Metadata() }));
  }
  sendMessageWithContext(): void {}
  sendMessage(): void {}
  startRead(): void {}
  halfClose(): void {}
  cancelWithStatus(): void {}
  getPeer(): string {
    return '';
  }
  getAuthContext(): null {
    return null;
  }
}
