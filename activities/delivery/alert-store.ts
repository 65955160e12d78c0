import type { StoredAlertBody } from '../../libs/alerts/stored-alert';
import type { AlertRow, Db } from '../../libs/db';
import { AlertRepository, type ArmedAlertContent, type NewAlert } from '../../libs/db/repositories';

/**
 * An alert as the case workflow emits it. The context fields come from planAlerts; alerts
 * planned before they existed (cases in flight) lack them.
 */
export type AlertToStore = ArmedAlertContent & { emittedAt: string };

/** Stores the alert once: a retried emit (same alert id) changes nothing. Says whether it was new. */
export async function storeAlert(db: Db, alert: AlertToStore): Promise<{ stored: boolean }> {
  const stored = await new AlertRepository(db).insertOnce(rowOf(alert));
  return { stored };
}

/** How many alerts one statement stores (eleven parameters each, of PostgreSQL's 65,535 at most). */
const STORE_BATCH = 1_000;

/**
 * Stores many alerts, each once, a thousand to a statement: the armed-alert dispatcher's alerts
 * of one claim (a hundred), which would otherwise queue one insert each for the pool. Each is stamped
 * emitted at its `emittedAt` (the dispatcher's clock), so a row stored is the row `alertRowOf`
 * built to send before it was stored. Says how many were new.
 */
export async function storeAlerts(db: Db, alerts: AlertToStore[]): Promise<{ stored: number }> {
  const repository = new AlertRepository(db);
  let stored = 0;
  for (let i = 0; i < alerts.length; i += STORE_BATCH) {
    stored += await repository.insertManyOnce(alerts.slice(i, i + STORE_BATCH).map((a) => ({ ...rowOf(a), emitted_at: a.emittedAt })));
  }
  return { stored };
}

/** The alert as `storeAlerts` stores it, built in memory: what the dispatcher sends at the instant, not waiting for the store. */
export function alertRowOf(alert: AlertToStore): AlertRow {
  const row = rowOf(alert);
  return {
    ...row,
    body: { ...row.body },
    deliver_at: new Date(alert.deliverAt),
    emitted_at: new Date(alert.emittedAt),
    acknowledged_at: null,
    acknowledged_by: null,
  };
}

/** The alert as the alerts table holds it: its text and what receivers are shown in `body`. */
function rowOf(alert: AlertToStore): NewAlert {
  const body: StoredAlertBody = {
    text: alert.body,
    dueOn: alert.dueOn ?? null,
    caseNumberLabel: alert.caseNumberLabel ?? null,
    caseTitle: alert.caseTitle ?? null,
    nominalAt: alert.nominalAt,
    heldForQuietHours: alert.heldForQuietHours,
    emittedAt: alert.emittedAt,
  };
  return {
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
  };
}

export async function loadAlert(db: Db, alertId: string): Promise<AlertRow | undefined> {
  return new AlertRepository(db).findById(alertId);
}
