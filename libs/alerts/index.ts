/**
 * Reminders and escalation (PROCEDURE.md §6): the alerts one open deadline's ladder emits, with
 * quiet hours applied. Pure TypeScript (no Node builtins, no clock, no randomness): safe to use
 * in Temporal workflow code.
 */
export type { AlertKind, AlertSubject, LadderRung, QuietHours, Recipient, ScheduledAlert } from './alert.types';
export { ALERT_TEXTS, alertTexts, kindLabel, recipientLabel, recipientNames } from './alert-texts';
export type { TextSubject } from './alert-texts';
export { applyQuietHours } from './quiet-hours';
export { RUNG_FIRE_TIME, alertId, scheduleAlerts } from './schedule';
