import type { ScheduledAlert } from '../../libs/alerts';
import type { AlertContext, StoredAlertBody } from '../../libs/alerts/stored-alert';
import type { AlertRow, Db } from '../../libs/db';
import { AlertRepository } from '../../libs/db/repositories';

/**
 * An alert as the case workflow emits it. The context fields come from planAlerts; alerts
 * planned before they existed (cases in flight) lack them.
 */
export type AlertToStore = ScheduledAlert & { caseId: string; deadlineId: string; emittedAt: string } & Partial<AlertContext>;

/** Stores the alert once: a retried emit (same alert id) changes nothing. Says whether it was new. */
export async function storeAlert(db: Db, alert: AlertToStore): Promise<{ stored: boolean }> {
  const body: StoredAlertBody = {
    text: alert.body,
    dueOn: alert.dueOn ?? null,
    caseNumberLabel: alert.caseNumberLabel ?? null,
    caseTitle: alert.caseTitle ?? null,
    nominalAt: alert.nominalAt,
    heldForQuietHours: alert.heldForQuietHours,
    emittedAt: alert.emittedAt,
  };
  const stored = await new AlertRepository(db).insertOnce({
    alert_id: alert.alertId,
    case_id: alert.caseId,
    deadline_id: alert.deadlineId,
    kind: alert.kind,
    rung_id: alert.rungId,
    unit: alert.unit ?? null,
    recipients: alert.recipients,
    title: alert.title,
    body,
    deliver_at: alert.deliverAt,
  });
  return { stored };
}

export async function loadAlert(db: Db, alertId: string): Promise<AlertRow | undefined> {
  return new AlertRepository(db).findById(alertId);
}
