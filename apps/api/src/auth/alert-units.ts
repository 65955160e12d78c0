import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../../../../libs/db';

/** The unit an emitted alert is about (`alerts.unit`); `undefined` for no such alert. */
@Injectable()
export class AlertUnitsService {
  constructor(private readonly database: DatabaseService) {}

  async of(alertId: string): Promise<{ unit: string | null } | undefined> {
    return this.database.db.selectFrom('alerts').select('unit').where('alert_id', '=', alertId).executeTakeFirst();
  }
}
