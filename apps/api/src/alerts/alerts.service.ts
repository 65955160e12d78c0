import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { alertData } from '../../../../activities/delivery/alert-message';
import { isoInstant } from '../../../../activities/delivery/alert-store';
import { AlertRow, DatabaseService } from '../../../../libs/db';
import { NotFoundError } from '../errors/api-errors';
import { AlertDto, AlertFilterDto, AlertListDto, DeliveryLogDto, ListAlertsQueryDto } from './dto/alert.dto';

/** The default who of an acknowledgement, as case steps default to the office. */
const DEFAULT_ACTOR = 'office';

/** The alert feed: the alerts table, filtered, newest first; acknowledgements; the delivery log. */
@Injectable()
export class AlertsService {
  constructor(private readonly database: DatabaseService) {}

  async list(query: ListAlertsQueryDto): Promise<AlertListDto> {
    let q = this.filtered(query);
    if (query.acknowledged === 'true') q = q.where('acknowledged_at', 'is not', null);
    if (query.acknowledged === 'false') q = q.where('acknowledged_at', 'is', null);
    if (query.since) q = q.where(sql<boolean>`emitted_at >= ${new Date(query.since)}`);
    const rows = await q.orderBy('emitted_at', 'desc').orderBy('alert_id', 'desc').limit(query.limit).execute();
    return { count: rows.length, alerts: rows.map(toAlertDto) };
  }

  async get(alertId: string): Promise<AlertDto> {
    return toAlertDto(await this.row(alertId));
  }

  /** Records who acknowledged the alert and when; acknowledging again keeps the first. */
  async acknowledge(alertId: string, actor = DEFAULT_ACTOR): Promise<AlertDto> {
    await this.database.db
      .updateTable('alerts')
      .set({ acknowledged_at: sql<Date>`now()`, acknowledged_by: actor })
      .where('alert_id', '=', alertId)
      .where('acknowledged_at', 'is', null)
      .execute();
    return this.get(alertId);
  }

  /** Every attempt to deliver the alert, oldest first. */
  async deliveries(alertId: string): Promise<DeliveryLogDto> {
    await this.row(alertId);
    const rows = await this.database.db
      .selectFrom('deliveries as d')
      .leftJoin('subscriptions as s', 's.id', 'd.subscription_id')
      .select(['d.subscription_id', 's.target', 'd.channel', 'd.attempt', 'd.status', 'd.status_code', 'd.error', 'd.attempted_at'])
      .where('d.alert_id', '=', alertId)
      .orderBy('d.attempted_at')
      .orderBy('d.id')
      .execute();
    return {
      alertId,
      attempts: rows.map((r) => ({
        subscriptionId: r.subscription_id,
        target: r.target,
        channel: r.channel,
        attempt: r.attempt,
        status: r.status,
        statusCode: r.status_code,
        error: r.error,
        attemptedAt: isoInstant(r.attempted_at),
      })),
    };
  }

  /** The alerts table with the filters the list and the stream share. */
  filtered(filter: AlertFilterDto) {
    let q = this.database.db.selectFrom('alerts').selectAll();
    if (filter.caseId) q = q.where('case_id', '=', filter.caseId);
    if (filter.unit) q = q.where('unit', '=', filter.unit);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.recipient) q = q.where(sql<boolean>`recipients @> ${JSON.stringify([filter.recipient])}::jsonb`);
    return q;
  }

  private async row(alertId: string): Promise<AlertRow> {
    const row = await this.database.db.selectFrom('alerts').selectAll().where('alert_id', '=', alertId).executeTakeFirst();
    if (!row) throw new NotFoundError('AlertNotFound', `no alert with id ${alertId}`);
    return row;
  }
}

export function toAlertDto(row: AlertRow): AlertDto {
  return {
    ...alertData(row),
    acknowledged: row.acknowledged_at ? { at: isoInstant(row.acknowledged_at), by: row.acknowledged_by ?? DEFAULT_ACTOR } : null,
  };
}
