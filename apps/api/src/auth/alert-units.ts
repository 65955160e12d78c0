import { Injectable } from '@nestjs/common';
import { AlertRepository } from '../../../../libs/db';

/** The unit an emitted alert is about (`alerts.unit`); `undefined` for no such alert. */
@Injectable()
export class AlertUnitsService {
  constructor(private readonly alerts: AlertRepository) {}

  async of(alertId: string): Promise<{ unit: string | null } | undefined> {
    return this.alerts.unitOf(alertId);
  }
}
