import { isRetryableError, type GrpcRetryOptions } from '@temporalio/client';
import { status } from '@grpc/grpc-js';
import { createServer } from 'node:net';
import { TemporalConnection } from './temporal-connection';

/** A loopback address where nothing listens: every call fails UNAVAILABLE, which the SDK retries. */
async function refusingAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

/** Three attempts, 100 ms apart; `scheduled` resolves when the first retry is waiting on its timer. */
function observedRetry(): { retry: GrpcRetryOptions; delays: number[]; scheduled: Promise<void> } {
  const delays: number[] = [];
  let resolve!: () => void;
  const scheduled = new Promise<void>((r) => (resolve = r));
  return {
    delays,
    scheduled,
    retry: {
      retryableDecider: (attempt, s) => attempt < 3 && isRetryableError(s),
      delayFunction: (attempt) => {
        delays.push(attempt);
        resolve();
        return 100;
      },
    },
  };
}

describe('TemporalConnection', () => {
  it('retries a failed call while it is open', async () => {
    const { retry, delays } = observedRetry();
    const connection = TemporalConnection.open({ address: await refusingAddress(), retry });
    try {
      await expect(connection.workflowService.getSystemInfo({})).rejects.toMatchObject({ code: status.UNAVAILABLE });
      expect(delays).toEqual([1, 2]);
    } finally {
      await connection.close();
    }
  });

  // With the SDK's own connection the retry's timer throws "Channel has been shut down", uncaught,
  // which fails this file (and, in a server, ends the process).
  it('ends a retry that comes after close() with CANCELLED, not an uncaught error', async () => {
    const { retry, delays, scheduled } = observedRetry();
    const connection = TemporalConnection.open({ address: await refusingAddress(), retry });
    const call = connection.workflowService.getSystemInfo({});
    call.catch(() => undefined); // awaited below, after close()
    await scheduled;
    await connection.close();
    await expect(call).rejects.toMatchObject({ code: status.CANCELLED, details: 'the Temporal connection was closed' });
    expect(delays).toEqual([1]);
  });
});
