/**
 * Reminders and escalation (docs/procedure.md, "Reminders and escalation"): the alerts one open deadline's ladder emits, with
 * quiet hours applied. Pure TypeScript (no Node builtins, no clock, no randomness): safe to use
 * in Temporal workflow code.
 */
export { ALERT_KINDS } from './alert.types';
export type { AlertKind, AlertSubject, LadderRung, QuietHours, Recipient, RungKind, ScheduledAlert } from './alert.types';
export { ALERT_TEXTS, alertTexts, attentionTexts, kindLabel, recipientLabel, recipientNames } from './alert-texts';
export type { AttentionCause, TextSubject } from './alert-texts';
export { applyQuietHours } from './quiet-hours';
export { LADDER_KINDS, RUNG_FIRE_TIME, alertId, scheduleAlerts } from './schedule';
