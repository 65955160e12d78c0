import type { ScheduledAlert } from '../../libs/alerts';
import type { AlertRow, Db } from '../../libs/db';
import { AlertRepository } from '../../libs/db/repositories';

/** What a planned alert carries about its deadline beyond the ladder's own fields. */
export interface AlertContext {
  unit: string;
  dueOn: string;
  caseNumberLabel: string;
  caseTitle: string;
}

/**
 * An alert as the case workflow emits it. The context fields come from planAlerts; alerts
 * planned before they existed (cases in flight) lack them.
 */
export type AlertToStore = ScheduledAlert & { caseId: string; deadlineId: string; emittedAt: string } & Partial<AlertContext>;

/** The alerts table's `body` column: the text and everything else receivers are shown. */
export interface StoredAlertBody {
  text: string;
  dueOn: string | null;
  caseNumberLabel: string | null;
  caseTitle: string | null;
  nominalAt: string;
  heldForQuietHours: boolean;
  /** The worker's clock when it emitted the alert (emitted_at is the database's). */
  emittedAt: string;
}

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

/** The body column as stored (older rows may lack fields). */
export function bodyOf(row: AlertRow): StoredAlertBody {
  const b = (row.body ?? {}) as Partial<StoredAlertBody>;
  return {
    text: b.text ?? '',
    dueOn: b.dueOn ?? null,
    caseNumberLabel: b.caseNumberLabel ?? null,
    caseTitle: b.caseTitle ?? null,
    nominalAt: b.nominalAt ?? isoInstant(row.deliver_at),
    heldForQuietHours: b.heldForQuietHours ?? false,
    emittedAt: b.emittedAt ?? isoInstant(row.emitted_at),
  };
}

/** A timestamp column as read (a Date from pg; typed loosely where the schema nests column types). */
export function isoInstant(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
