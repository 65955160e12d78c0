import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

const SYNC = 0x53;
const QUERY = 0x51;
const TERMINATE = 0x58;
const PROTOCOL_3 = 196_608;

/**
 * The order in which the embedded PostgreSQL (one PGlite backend) serves its socket's clients.
 * pglite-socket's own queue serves them message by message: a client's Parse, Bind and Execute
 * can be split by another client's Parse, which then runs in its place (a query answered with
 * another's rows), and a transaction waiting on a client whose next message is behind another's
 * stalls. Here a client holds the backend from its first message until its exchange ends — a
 * Sync, a simple Query or a Terminate — and, in a transaction, until the transaction ends.
 */
export class ProtocolQueue {
  private readonly pending: Pending[] = [];
  private running = false;
  /** The client mid-exchange or in a transaction: only its messages are served. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ handlerId, message, onData, resolve, reject });
      void this.serve();
    });
  }

  getQueueLength(): number {
    return this.pending.length;
  }

  /** The client went away: its messages are dropped. */
  clearQueueForHandler(handlerId: number): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i].handlerId !== handlerId) continue;
      this.pending.splice(i, 1)[0].reject(new Error('Handler disconnected'));
    }
  }

  /** The client went away holding the backend: its transaction is rolled back and the others go on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    void this.serve();
  }

  private async serve(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const at = this.owner === null ? 0 : this.pending.findIndex((p) => p.handlerId === this.owner);
        if (at < 0 || at >= this.pending.length) return;
        const [next] = this.pending.splice(at, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(next.message, {
            onRawData: (data: Uint8Array) => {
              bytes += data.length;
              next.onData(data);
            },
          }));
        } catch (error) {
          this.owner = this.db.isInTransaction() ? next.handlerId : null;
          next.reject(error);
          continue;
        }
        this.owner = endsExchange(next.message) && !this.db.isInTransaction() ? null : next.handlerId;
        next.resolve(bytes);
      }
    } finally {
      this.running = false;
    }
  }
}

/** A startup message, a Sync, a simple Query or a Terminate: the client waits for nothing more of this exchange. */
function endsExchange(message: Uint8Array): boolean {
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  if (message.length >= 8 && view.getInt32(4) === PROTOCOL_3) return true;
  return message[0] === SYNC || message[0] === QUERY || message[0] === TERMINATE;
}
