/**
 * An alert as the alerts table keeps it: what the activities store and what the API and the
 * deliveries read back. Not exported from the index: workflow code has no use for table rows.
 */
import type { AlertRow } from '../db';
import { isoInstant } from '../db/timestamps';

/** What a planned alert carries about its deadline beyond the ladder's own fields. */
export interface AlertContext {
  unit: string;
  dueOn: string;
  caseNumberLabel: string;
  caseTitle: string;
}

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
