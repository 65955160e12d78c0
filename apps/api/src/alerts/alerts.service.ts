import { Injectable } from '@nestjs/common';
import { alertData } from '../../../../libs/alerts/alert-message';
import { isoInstant } from '../../../../libs/db/timestamps';
import { AlertRepository, AlertRow, DeliveryRepository } from '../../../../libs/db';
import { NotFoundError } from '../errors/api-errors';
import { AlertDto, AlertListDto, DeliveryLogDto, ListAlertsQueryDto } from './dto/alert.dto';

/** The default who of an acknowledgement, as case steps default to the office. */
const DEFAULT_ACTOR = 'office';

/** The alert feed: the alerts table, filtered, newest first; acknowledgements; the delivery log. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly deliveryLog: DeliveryRepository,
  ) {}

  async list(query: ListAlertsQueryDto): Promise<AlertListDto> {
    const rows = await this.alerts.list({
      caseId: query.caseId,
      unit: query.unit,
      kind: query.kind,
      recipient: query.recipient,
      acknowledged: query.acknowledged === undefined ? undefined : query.acknowledged === 'true',
      since: query.since ? new Date(query.since) : undefined,
      limit: query.limit,
    });
    return { count: rows.length, alerts: rows.map(toAlertDto) };
  }

  async get(alertId: string): Promise<AlertDto> {
    return toAlertDto(await this.row(alertId));
  }

  /** Records who acknowledged the alert and when; acknowledging again keeps the first. */
  async acknowledge(alertId: string, actor = DEFAULT_ACTOR): Promise<AlertDto> {
    await this.alerts.acknowledge(alertId, actor);
    return this.get(alertId);
  }

  /** Every attempt to deliver the alert, oldest first. */
  async deliveries(alertId: string): Promise<DeliveryLogDto> {
    await this.row(alertId);
    const rows = await this.deliveryLog.logOf(alertId);
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

  private async row(alertId: string): Promise<AlertRow> {
    const row = await this.alerts.findById(alertId);
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
