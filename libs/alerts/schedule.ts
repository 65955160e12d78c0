/**
 * The alerts one open deadline's escalation ladder will emit (docs/procedure.md, "Reminders and
 * escalation"). Pure and deterministic: everything comes from the arguments, so a workflow can
 * call it and replay it.
 */
import { endOfChinaDay, isIsoDate } from '../calendar';
import type { WorkingCalendar } from '../calendar';
import { alertId, assertNonEmpty, assertRevision } from './alert-id';
import { ALERT_TEXTS, alertTexts } from './alert-texts';
import type { AlertKind, AlertSubject, LadderRung, QuietHours, Recipient, RungKind, ScheduledAlert } from './alert.types';
import { chinaInstantMs, parseClock, parseInstant, subtractWorkingDays, toIso } from './china-time';
import { applyQuietHours, parseQuietHours } from './quiet-hours';

/** The kinds a ladder's rung may have (an attention alert is not a rung). */
export const LADDER_KINDS: readonly RungKind[] = ['reminder', 'overdue', 'escalation', 'notice'];

/** Rungs before or after the due date fire at this time of day (China time) on their working day. */
export const RUNG_FIRE_TIME = '09:00';

export { alertId };

function validateSubject(subject: AlertSubject): number {
  if (!subject || typeof subject !== 'object') throw new RangeError('An alert subject is required');
  assertNonEmpty(subject.caseId, 'caseId');
  assertNonEmpty(subject.deadlineId, 'deadlineId');
  assertRevision(subject.revision);
  if (typeof subject.dueOn !== 'string' || !isIsoDate(subject.dueOn)) {
    throw new RangeError(`Invalid dueOn: ${JSON.stringify(subject.dueOn)} is not a real calendar date in YYYY-MM-DD form`);
  }
  for (const key of ['unit', 'caseTitle', 'caseNumberLabel', 'stepLabel'] as const) assertNonEmpty(subject[key], key);
  const dueAtMs = parseInstant(subject.dueAt, 'dueAt');
  const expected = endOfChinaDay(subject.dueOn);
  if (dueAtMs !== parseInstant(expected, 'dueAt')) {
    throw new RangeError(
      `Invalid dueAt: ${subject.dueAt} is not the start of the day after dueOn ${subject.dueOn} in China time (${expected})`,
    );
  }
  return dueAtMs;
}

function validateLadder(ladder: LadderRung[]): void {
  if (!Array.isArray(ladder)) throw new RangeError('The escalation ladder must be an array of rungs');
  const seen = new Set<string>();
  for (const rung of ladder) {
    assertNonEmpty(rung?.id, 'rung id');
    if (seen.has(rung.id)) throw new RangeError(`Rung id ${JSON.stringify(rung.id)} appears twice in the ladder`);
    seen.add(rung.id);
    if (!LADDER_KINDS.includes(rung.kind)) {
      throw new RangeError(`Rung ${rung.id}: unknown alert kind ${JSON.stringify(rung.kind)}`);
    }
    if (typeof rung.offsetWorkingDays !== 'number' || !Number.isInteger(rung.offsetWorkingDays)) {
      throw new RangeError(`Rung ${rung.id}: offsetWorkingDays ${String(rung.offsetWorkingDays)} is not an integer`);
    }
    if (!Array.isArray(rung.recipients) || rung.recipients.length === 0) {
      throw new RangeError(`Rung ${rung.id}: at least one recipient is required`);
    }
    for (const r of rung.recipients) {
      if (!Object.prototype.hasOwnProperty.call(ALERT_TEXTS.recipient, r)) {
        throw new RangeError(`Rung ${rung.id}: unknown recipient ${JSON.stringify(r)}`);
      }
    }
  }
}

/**
 * When a rung fires, before quiet hours: offset N < 0 at 09:00 on the |N|-th working day before
 * dueOn; 0 at dueAt (00:00 China time the day after dueOn); N > 0 at 09:00 on the N-th working
 * day after dueOn.
 */
function nominalMs(subject: AlertSubject, dueAtMs: number, offset: number, calendar: WorkingCalendar): number {
  if (offset === 0) return dueAtMs;
  const fireAt = parseClock(RUNG_FIRE_TIME, 'rung fire time');
  const day =
    offset < 0
      ? subtractWorkingDays(calendar, subject.dueOn, -offset)
      : calendar.addWorkingDays(subject.dueOn, offset).date;
  return chinaInstantMs(day, fireAt);
}

/**
 * Every alert the ladder emits for this deadline revision, ordered by nominal time (ladder
 * order on ties). Rungs whose time has already passed are included: the caller filters.
 */
export function scheduleAlerts(
  subject: AlertSubject,
  ladder: LadderRung[],
  quiet: QuietHours,
  calendar: WorkingCalendar,
): ScheduledAlert[] {
  const dueAtMs = validateSubject(subject);
  validateLadder(ladder);
  parseQuietHours(quiet);
  return ladder
    .map((rung, index) => ({ rung, index, at: nominalMs(subject, dueAtMs, rung.offsetWorkingDays, calendar) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ rung, at }) => {
      const nominalAt = toIso(at);
      const { deliverAt, held } = applyQuietHours(nominalAt, quiet, calendar);
      const kind: RungKind = rung.kind;
      const recipients: Recipient[] = [...rung.recipients];
      return {
        alertId: alertId(subject, rung.id),
        kind,
        rungId: rung.id,
        recipients,
        nominalAt,
        deliverAt,
        heldForQuietHours: held,
        ...alertTexts(subject, kind, rung.offsetWorkingDays),
      };
    });
}
