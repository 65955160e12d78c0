/**
 * Real receivers on loopback for the alert delivery suites: a webhook endpoint that verifies
 * Standard Webhooks signatures and processes each webhook-id once, an SSE reader, and an SMTP
 * server (smtp-server) with a small MIME decoder for what nodemailer sends.
 */
import { createServer, get, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  status: number;
  signatureValid: boolean;
  payload: { type: string; timestamp: string; data: Record<string, unknown> & { alertId: string } };
}

/**
 * A receiver that is down for the first `failFirst` requests of every webhook-id (answering 503),
 * or refuses connections altogether until `up()`. It dedupes on webhook-id: a message it already
 * processed is answered 200 and not processed again (counted in `duplicates`).
 */
export class WebhookReceiver {
  secret = '';
  readonly requests: ReceivedWebhook[] = [];
  /** Processed payloads by webhook-id. */
  readonly processed = new Map<string, ReceivedWebhook['payload']>();
  /** When each webhook-id first arrived (this machine's clock, as the request came in). */
  readonly firstArrivedAt = new Map<string, number>();
  duplicates = 0;
  private readonly server: Server;
  private port = 0;

  constructor(private readonly failFirst = 0) {
    this.server = createServer((req, res) => {
      const id = String(req.headers['webhook-id'] ?? '');
      if (!this.firstArrivedAt.has(id)) this.firstArrivedAt.set(id, Date.now());
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const payload = JSON.parse(raw) as ReceivedWebhook['payload'];
        const signatureValid = this.verify(raw, req.headers);
        const earlier = this.requests.filter((r) => r.id === id).length;
        const status = !signatureValid ? 401 : earlier < this.failFirst ? 503 : 200;
        this.requests.push({ id, status, signatureValid, payload });
        if (status === 200) {
          if (this.processed.has(id)) this.duplicates++;
          else this.processed.set(id, payload);
        }
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/banli/alerts`;
  }

  /** Listens now. */
  async start(): Promise<this> {
    await this.up();
    return this;
  }

  /** Reserves a port but does not listen: connections are refused until up(). */
  async startDown(): Promise<this> {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    this.port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    return this;
  }

  async up(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** Requests answered with `status`, per webhook-id. */
  countsFor(id: string): number[] {
    return this.requests.filter((r) => r.id === id).map((r) => r.status);
  }

  private verify(raw: string, headers: IncomingHttpHeaders): boolean {
    try {
      new Webhook(this.secret).verify(raw, headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  }
}

export interface ReceivedEmail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
}

/** An SMTP server that refuses (451, try later) the first `failFirst` deliveries of each alert. */
export class SmtpReceiver {
  readonly received: ReceivedEmail[] = [];
  refused = 0;
  private readonly attempts = new Map<string, number>();
  private readonly server: SMTPServer;

  constructor(private readonly failFirst = 0) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (c: string) => (raw += c));
        stream.on('end', () => {
          const mail = parseEmail(raw, session.envelope);
          const alertId = mail.headers['x-banli-alert-id'] ?? '';
          const n = (this.attempts.get(alertId) ?? 0) + 1;
          this.attempts.set(alertId, n);
          if (n <= this.failFirst) {
            this.refused++;
            return callback(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
          }
          this.received.push(mail);
          callback();
        });
      },
    });
  }

  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server.server.listening) return;
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

function parseEmail(raw: string, envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] }): ReceivedEmail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return {
    from: envelope.mailFrom ? envelope.mailFrom.address : '',
    to: envelope.rcptTo.map((r) => r.address),
    headers,
    subject: decodeWords(headers.subject ?? ''),
    text: text.replace(/\r\n/g, '\n').replace(/\n$/, ''),
  };
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=), adjacent words joined. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(decodeQuotedPrintable(text.replace(/_/g, ' ')), 'latin1').toString('utf8'),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

export interface StreamEvent {
  id?: string;
  data: string;
}

/**
 * Reads a text/event-stream until `enough` says so (or the timeout), then hangs up. Resolves
 * with the events, the status and the content type.
 */
export function readEventStream(
  url: string,
  headers: Record<string, string>,
  enough: (events: StreamEvent[]) => boolean,
  options: { timeoutMs?: number; onOpen?: () => void } = {},
): Promise<{ status: number; contentType: string; events: StreamEvent[] }> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const events: StreamEvent[] = [];
    const req = get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode === 200) options.onOpen?.();
      let buffer = '';
      const finish = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), events });
      };
      if (res.statusCode !== 200) {
        res.resume();
        return finish();
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: StreamEvent = { data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('id:')) event.id = line.slice(3).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (data.length === 0) continue; // a comment (keep-alive)
          event.data = data.join('\n');
          events.push(event);
        }
        if (enough(events)) finish();
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`event stream: ${events.length} events after ${timeoutMs} ms, not enough`));
    }, timeoutMs);
    req.on('error', (err) => {
      if (!req.destroyed) reject(err);
    });
  });
}
