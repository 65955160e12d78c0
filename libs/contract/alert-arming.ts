/**
 * Armed alerts (case workflow v12). An alert's instant is often shared by hundreds of cases (a
 * cycle's deadlines fall on the same day, quiet hours hold them to the same morning minute), and a
 * workflow task per case at that instant queues for tens of seconds on one worker. So a v12 ladder
 * wakes ALERT_ARM_LEAD_MS before each alert's delivery time and arms it: the alert, whole, is
 * written to `armed_alerts`, and the worker's dispatcher sends it at its instant, with no workflow
 * task in between. The workflow still emits the alert — at its instant as before, or from v13
 * ARMED_EMIT_GRACE_MS after it — and emitAlert finds it delivered and sends nothing twice, so a
 * dispatcher that was down loses nothing.
 *
 * Who may stop an armed alert:
 * - the workflow, when the deadline is met, moves or ends before the instant (disarmAlert);
 * - the API, before it sends any step to a case or its co-units: it holds the case's armed alerts,
 *   and a held alert is left to the workflow, which decides at its instant as it always did. A step
 *   the API sent before the dispatcher claimed an alert is therefore never overtaken by it.
 */

/** How long before its delivery time a v12 ladder arms an alert (part of v12: a new lead needs a new version). */
export const ALERT_ARM_LEAD_MS = 10 * 60_000;

/**
 * v13: how long after an armed alert's instant its ladder emits it (part of v13: a new grace needs
 * a new version). By then the dispatcher has sent it — a burst of a thousand alerts takes about a
 * second here (README, "Alert delivery") — so the workflows' thousand emits and their workflow
 * tasks no longer compete with those sends at the instant itself. An alert the dispatcher did not
 * send (it was held by a step, or no dispatcher ran) goes out this much after its instant.
 */
export const ARMED_EMIT_GRACE_MS = 5_000;

/**
 * How long an armed alert's row is kept after its instant (30 days). Its use is over seconds after
 * that instant — the dispatcher claimed it, the workflow emitted or disarmed it — and the alert
 * itself stays in the alert table, so the worker's dispatcher deletes older rows, whatever their
 * state: the table holds about a month of alerts, not every alert a hotline ever sent. A workflow
 * that emits one of those alerts later still (stuck that long) finds no row and sends it itself,
 * once: the alert table says whether it went out already.
 */
export const ARMED_ALERT_RETENTION_MS = 30 * 24 * 3600_000;

/** Where an armed alert stands. */
export type ArmedAlertState =
  /** Waiting for its instant; the dispatcher will send it. */
  | 'armed'
  /** A step was sent to its case: the workflow decides at the instant. */
  | 'held'
  /** The workflow stopped it: its deadline was met, moved or ended. */
  | 'disarmed'
  /** The dispatcher took it at its instant and is sending it (or sent it: `sent_at`). */
  | 'claimed'
  /** The workflow emitted it itself (held, or the dispatcher was not there). */
  | 'emitted';

/** What disarmAlert found: `sent` when the dispatcher had already taken the alert (at `sentAt`). */
export type DisarmOutcome = { sent: false } | { sent: true; sentAt: string };
