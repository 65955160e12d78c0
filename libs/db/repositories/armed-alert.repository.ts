import { sql } from 'kysely';
import type { ScheduledAlert } from '../../alerts/alert.types';
import type { AlertContext } from '../../alerts/stored-alert';
import type { DisarmOutcome } from '../../contract/alert-arming';
import { caseFamilyOf } from '../../contract/ids';
import { Repository } from './repository';

/**
 * The whole alert as the case workflow's emitAlert receives it (its planned alert, the case and
 * deadline it is about, and the context planAlerts added): what the dispatcher stores and sends.
 */
export type ArmedAlertContent = ScheduledAlert & { caseId: string; deadlineId: string } & Partial<AlertContext>;

export interface NewArmedAlert {
  alertId: string;
  caseId: string;
  /** The alert's instant (its `deliverAt`): not sent before it. */
  deliverAt: Date | string;
  alert: ArmedAlertContent;
}

/**
 * Alerts armed ahead of their instant (`armed_alerts`, libs/contract/alert-arming.ts). Every change
 * of state is one conditional UPDATE from `armed` (or `held`), so whoever moves a row first — the
 * dispatcher claiming it, the API holding it, the workflow disarming or emitting it — is the only
 * one that did: the others find it moved and leave it.
 */
export class ArmedAlertRepository extends Repository {
  /**
   * Arms the alert unless its id is there already: an arm retried changes nothing, and an alert
   * already held, disarmed, claimed or emitted stays so. True if it was new.
   */
  async arm(row: NewArmedAlert): Promise<boolean> {
    const result = await this.db
      .insertInto('armed_alerts')
      .values({
        alert_id: row.alertId,
        case_id: row.caseId,
        family_id: caseFamilyOf(row.caseId),
        deliver_at: row.deliverAt,
        state: 'armed',
        // jsonb: the object goes as JSON text
        alert: JSON.stringify(row.alert),
      })
      .onConflict((oc) => oc.column('alert_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /**
   * Holds a case's armed alerts and its co-units' (their alerts are keyed `{caseId}/co/{unit}`): a
   * step is about to be sent to the case or one of its co-units, and either may stop the other's
   * deadlines, so each alert is left to its workflow, which decides at the instant. One the
   * dispatcher claimed already is not held (it went out before the step). Returns how many were held.
   */
  async hold(caseId: string): Promise<number> {
    const result = await this.db
      .updateTable('armed_alerts')
      .set({ state: 'held' })
      .where('family_id', '=', caseFamilyOf(caseId))
      .where('state', '=', 'armed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Disarms the alert (its deadline was met, moved or ended before the instant). If the dispatcher
   * had claimed it already, it says so and when: the alert went out then. No such alert, one
   * disarmed already or one the workflow emitted: not sent by the dispatcher.
   */
  async disarm(alertId: string): Promise<DisarmOutcome> {
    const { claimedAt } = await this.moveOn(alertId, 'disarmed');
    return claimedAt ? { sent: true, sentAt: claimedAt.toISOString() } : { sent: false };
  }

  /**
   * Moves the alert on from `armed` or `held` — the workflow disarming or emitting it. When it had
   * moved on already, `claimedAt` says when the dispatcher claimed it, if the dispatcher did
   * (claimed is final: read after the update, it cannot have changed since).
   */
  async moveOn(alertId: string, to: 'disarmed' | 'emitted'): Promise<{ moved: boolean; claimedAt?: Date }> {
    const result = await this.db
      .updateTable('armed_alerts')
      .set({ state: to })
      .where('alert_id', '=', alertId)
      .where('state', 'in', ['armed', 'held'])
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) return { moved: true };
    const row = await this.db.selectFrom('armed_alerts').select('claimed_at').where('alert_id', '=', alertId).where('state', '=', 'claimed').executeTakeFirst();
    return row?.claimed_at ? { moved: false, claimedAt: row.claimed_at } : { moved: false };
  }

  /**
   * Deletes at most `limit` rows whose instant is before `before`, in any state (the dispatcher's
   * sweep, ARMED_ALERT_RETENTION_MS); says how many it deleted.
   */
  async sweep(before: Date, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom('armed_alerts')
      .where('alert_id', 'in', (qb) => qb.selectFrom('armed_alerts').select('alert_id').where('deliver_at', '<', before).limit(limit))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The armed alerts due by `until`, soonest first (the partial index on armed rows' deliver_at). */
  async due(until: Date, limit: number): Promise<{ alertId: string; deliverAt: Date }[]> {
    const rows = await this.db
      .selectFrom('armed_alerts')
      .select(['alert_id', 'deliver_at'])
      .where('state', '=', 'armed')
      .where('deliver_at', '<=', until)
      .orderBy('deliver_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ alertId: r.alert_id, deliverAt: r.deliver_at }));
  }

  /**
   * The armed rows' alerts, by id (an id with no row has none). What an alert holds never changes
   * once armed, so the dispatcher reads it ahead of the instant and claims by id alone then.
   */
  async contents(alertIds: string[]): Promise<Map<string, ArmedAlertContent>> {
    if (alertIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('armed_alerts').select(['alert_id', 'alert']).where(sql<boolean>`alert_id = any(${alertIds})`).execute();
    return new Map(rows.map((r) => [r.alert_id, r.alert as unknown as ArmedAlertContent]));
  }

  /**
   * Claims the alerts still armed, all in one statement, and returns the ids it claimed: the
   * transition that makes a dispatcher the only sender. Another dispatcher claiming the same ids
   * gets none of the ones this one got; a held, disarmed or emitted alert is never claimed.
   */
  async claim(alertIds: string[]): Promise<string[]> {
    if (alertIds.length === 0) return [];
    const rows = await this.db
      .updateTable('armed_alerts')
      .set({ state: 'claimed', claimed_at: sql<Date>`now()` })
      .where(sql<boolean>`alert_id = any(${alertIds})`)
      .where('state', '=', 'armed')
      .returning('alert_id')
      .execute();
    return rows.map((r) => r.alert_id);
  }
}
