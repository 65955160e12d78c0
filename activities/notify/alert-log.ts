import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ScheduledAlert } from '../../libs/alerts';

/** An alert as it was emitted for a case. */
export interface EmittedAlert extends ScheduledAlert {
  caseId: string;
  deadlineId: string;
  emittedAt: string;
}

/**
 * Alerts emitted so far, one JSON object a line. The same alert id is written once, however
 * often an activity retries. Delivery channels (webhooks, email, the alert feed) read from here.
 */
export class AlertLog {
  private ids?: Set<string>;

  constructor(readonly path: string) {}

  /** Appends the alert unless its id is already there; says which. */
  append(alert: EmittedAlert): { duplicate: boolean } {
    const ids = this.loadIds();
    if (ids.has(alert.alertId)) return { duplicate: true };
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, JSON.stringify(alert) + '\n');
    ids.add(alert.alertId);
    return { duplicate: false };
  }

  read(): EmittedAlert[] {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as EmittedAlert);
  }

  private loadIds(): Set<string> {
    this.ids ??= new Set(this.read().map((a) => a.alertId));
    return this.ids;
  }
}
