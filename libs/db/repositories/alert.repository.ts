import { sql } from 'kysely';
import type { AlertRow } from '../schema';
import { Repository } from './repository';

/** An alert as the workflow emitted it; `emitted_at` is the database's clock unless given. */
export interface NewAlert {
  alert_id: string;
  case_id: string;
  deadline_id: string;
  kind: string;
  rung_id: string;
  unit: string | null;
  recipients: string[];
  title: string;
  /** The alert's text and whatever else receivers are shown, as a JSON object. */
  body: object;
  deliver_at: Date | string;
  emitted_at?: Date | string;
}

/** The filters the alert list and the alert stream share; left out, a filter matches everything. */
export interface AlertFilter {
  caseId?: string;
  unit?: string;
  kind?: string;
  /** The alert names this recipient. */
  recipient?: string;
}

export interface AlertListFilter extends AlertFilter {
  /** true: acknowledged ones only; false: unacknowledged ones only. */
  acknowledged?: boolean;
  /** Emitted at or after this instant. */
  since?: Date;
  limit: number;
}

export interface AlertPageFilter extends AlertFilter {
  /** Alerts after this one, by (emitted_at, alert_id). */
  after?: string;
  /** Emitted at or after this instant. */
  since?: Date;
  limit: number;
}

/** The alert inbox (`alerts`): each alert stored once, read by the API, acknowledged by people. */
export class AlertRepository extends Repository {
  /** Stores the alert unless one with its id is stored (a retried emit changes nothing); true if it was new. */
  async insertOnce(alert: NewAlert): Promise<boolean> {
    const result = await this.db
      .insertInto('alerts')
      .values({
        ...alert,
        // jsonb: pg would send a JS array as a PostgreSQL array, so JSON goes as text
        recipients: JSON.stringify(alert.recipients),
        body: JSON.stringify(alert.body),
      })
      .onConflict((oc) => oc.column('alert_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /**
   * Stores many alerts in one statement, each unless one with its id is stored (the armed-alert
   * dispatcher's alerts of one instant); how many were new. Up to a few thousand at a time: each
   * alert is eleven parameters, and a statement takes at most 65,535.
   */
  async insertManyOnce(alerts: NewAlert[]): Promise<number> {
    if (alerts.length === 0) return 0;
    const result = await this.db
      .insertInto('alerts')
      .values(alerts.map((alert) => ({ ...alert, recipients: JSON.stringify(alert.recipients), body: JSON.stringify(alert.body) })))
      .onConflict((oc) => oc.column('alert_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  }

  async findById(alertId: string): Promise<AlertRow | undefined> {
    return this.db.selectFrom('alerts').selectAll().where('alert_id', '=', alertId).executeTakeFirst();
  }

  async exists(alertId: string): Promise<boolean> {
    return (await this.db.selectFrom('alerts').select('alert_id').where('alert_id', '=', alertId).executeTakeFirst()) !== undefined;
  }

  /** The unit the alert is about; undefined for no such alert. */
  async unitOf(alertId: string): Promise<{ unit: string | null } | undefined> {
    return this.db.selectFrom('alerts').select('unit').where('alert_id', '=', alertId).executeTakeFirst();
  }

  /** The id of the alert emitted last (the highest alert id among the latest ones). */
  async newestId(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('alerts')
      .select('alert_id')
      .orderBy('emitted_at', 'desc')
      .orderBy('alert_id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.alert_id;
  }

  /** Alerts matching the filter, newest first. */
  async list(filter: AlertListFilter): Promise<AlertRow[]> {
    let q = this.filtered(filter);
    if (filter.acknowledged === true) q = q.where('acknowledged_at', 'is not', null);
    if (filter.acknowledged === false) q = q.where('acknowledged_at', 'is', null);
    if (filter.since) q = q.where(sql<boolean>`emitted_at >= ${filter.since}`);
    return q.orderBy('emitted_at', 'desc').orderBy('alert_id', 'desc').limit(filter.limit).execute();
  }

  /** Alerts matching the filter after `after` (by emitted_at, then alert id), oldest first. */
  async listAfter(filter: AlertPageFilter): Promise<AlertRow[]> {
    let q = this.filtered(filter);
    if (filter.after !== undefined) {
      q = q.where(sql<boolean>`(emitted_at, alert_id) > (select a.emitted_at, a.alert_id from alerts a where a.alert_id = ${filter.after})`);
    }
    if (filter.since) q = q.where(sql<boolean>`emitted_at >= ${filter.since}`);
    return q.orderBy('emitted_at').orderBy('alert_id').limit(filter.limit).execute();
  }

  /** Records who acknowledged the alert, now (the database's clock); an acknowledged alert keeps its first. */
  async acknowledge(alertId: string, by: string): Promise<void> {
    await this.db
      .updateTable('alerts')
      .set({ acknowledged_at: sql<Date>`now()`, acknowledged_by: by })
      .where('alert_id', '=', alertId)
      .where('acknowledged_at', 'is', null)
      .execute();
  }

  private filtered(filter: AlertFilter) {
    let q = this.db.selectFrom('alerts').selectAll();
    if (filter.caseId) q = q.where('case_id', '=', filter.caseId);
    if (filter.unit) q = q.where('unit', '=', filter.unit);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.recipient) q = q.where(sql<boolean>`recipients @> ${JSON.stringify([filter.recipient])}::jsonb`);
    return q;
  }
}
