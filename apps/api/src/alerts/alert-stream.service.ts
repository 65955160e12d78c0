import { Injectable, Logger, MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import { BanliEnv } from '../../../../libs/config';
import { AlertRepository, AlertRow } from '../../../../libs/db';
import { toAlertDto } from './alerts.service';
import { AlertFilterDto } from './dto/alert.dto';

/**
 * Alerts are inserted with the database's now(); one committed a moment after a later-stamped one
 * would slip behind a plain cursor. Each poll therefore looks back this far and skips what it sent.
 */
const LOOK_BACK_MS = 10_000;
const PAGE = 500;
/** A comment line now and then keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * New alerts as server-sent events, found by polling the alerts table (the embedded database's
 * socket does not carry LISTEN/NOTIFY). Each event's id is its alert id; a client that reconnects
 * with Last-Event-ID gets every alert emitted after that one, in order, before the new ones.
 */
@Injectable()
export class AlertStreamService {
  private readonly logger = new Logger(AlertStreamService.name);

  constructor(
    private readonly alerts: AlertRepository,
    private readonly env: BanliEnv,
  ) {}

  stream(filter: AlertFilterDto, lastEventId?: string): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      let quietSince = Date.now();
      const cursor = new StreamCursor();

      const poll = async (): Promise<void> => {
        try {
          for (const row of await this.fresh(filter, cursor)) {
            if (stopped) return;
            subscriber.next({ id: row.alert_id, data: toAlertDto(row) });
            quietSince = Date.now();
          }
          if (Date.now() - quietSince >= HEARTBEAT_MS) {
            subscriber.next({ comment: 'keep-alive' });
            quietSince = Date.now();
          }
        } catch (err) {
          this.logger.warn(`alert stream poll failed: ${err instanceof Error ? err.message : String(err)}`);
        }
        if (!stopped) timer = setTimeout(() => void poll(), this.env.ALERT_STREAM_POLL_MS);
      };

      this.start(cursor, lastEventId)
        .then(() => poll())
        .catch((err: unknown) => subscriber.error(err));
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      };
    });
  }

  /** Replays from the client's last event if we know it; otherwise starts after the newest alert. */
  private async start(cursor: StreamCursor, lastEventId?: string): Promise<void> {
    if (lastEventId) {
      if (await this.alerts.exists(lastEventId)) {
        cursor.anchor = lastEventId;
        return;
      }
      this.logger.warn(`Last-Event-ID ${lastEventId} is not a stored alert: streaming new alerts only`);
    }
    cursor.anchor = await this.alerts.newestId();
    // Everything already stored is before the anchor; only what is stored from now on is new.
  }

  /** Alerts after the anchor (and within the look-back of the newest sent) not sent yet, oldest first. */
  private async fresh(filter: AlertFilterDto, cursor: StreamCursor): Promise<AlertRow[]> {
    const found: AlertRow[] = [];
    let after = cursor.anchor;
    const since = cursor.newestMs === undefined ? undefined : new Date(cursor.newestMs - LOOK_BACK_MS);
    for (;;) {
      const page = await this.alerts.listAfter({
        caseId: filter.caseId,
        unit: filter.unit,
        kind: filter.kind,
        recipient: filter.recipient,
        after,
        since,
        limit: PAGE,
      });
      for (const row of page) if (cursor.take(row)) found.push(row);
      if (page.length < PAGE) break;
      after = page[page.length - 1].alert_id;
    }
    cursor.forgetBefore();
    return found;
  }
}

/** What one stream has sent: an anchor alert everything is after, and the ids sent recently. */
class StreamCursor {
  anchor?: string;
  newestMs?: number;
  private readonly sent = new Map<string, number>();

  /** True the first time an alert is seen. */
  take(row: AlertRow): boolean {
    if (this.sent.has(row.alert_id)) return false;
    const at = new Date(row.emitted_at as unknown as Date).getTime();
    this.sent.set(row.alert_id, at);
    this.newestMs = Math.max(this.newestMs ?? at, at);
    return true;
  }

  /** Ids older than the look-back window can no longer come back from a poll. */
  forgetBefore(): void {
    if (this.newestMs === undefined) return;
    const limit = this.newestMs - LOOK_BACK_MS;
    for (const [id, at] of this.sent) if (at < limit) this.sent.delete(id);
  }
}
