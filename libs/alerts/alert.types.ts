/**
 * The inputs and outputs of the alert ladder (docs/procedure.md, "Reminders and escalation").
 * Defined here, not imported from libs/policy: a policy's ladder and quiet hours only need to be
 * structurally compatible.
 */
import type { IsoDate } from '../calendar';

/** The kinds of a ladder's rungs. */
export type RungKind = 'reminder' | 'overdue' | 'escalation' | 'notice';
/** Every kind of alert: a rung's, or `attention` — a case needs the office (a co-unit or a task failed for good). */
export type AlertKind = RungKind | 'attention';
/** Every kind an alert may have, for filters (the feed, subscriptions). */
export const ALERT_KINDS: readonly AlertKind[] = ['reminder', 'overdue', 'escalation', 'notice', 'attention'];

export type Recipient =
  | 'unit-handler'
  | 'unit-leader'
  | 'supervisor'
  | 'supervising-office-head'
  | 'office'
  | 'leading-leader';

/** One step of an escalation ladder. */
export interface LadderRung {
  /** Unique within the ladder; part of every alert id, so keep it stable across policy versions. */
  id: string;
  kind: RungKind;
  /** Working days relative to the due date: negative before it, 0 when it becomes overdue, positive after. */
  offsetWorkingDays: number;
  recipients: Recipient[];
}

/** Nothing is delivered from `start` (inclusive) to `end` (exclusive), nor on non-working days if workingDaysOnly. */
export interface QuietHours {
  /** 'HH:MM' China time, e.g. '20:00'. */
  start: string;
  /** 'HH:MM' China time, e.g. '08:00'. A window with end <= start crosses midnight; start === end means no window. */
  end: string;
  workingDaysOnly: boolean;
}

/** One open deadline of a case, as the ladder sees it. */
export interface AlertSubject {
  caseId: string;
  /** e.g. 'reply', 'sign', 'co-opinion:区司法局'. */
  deadlineId: string;
  dueOn: IsoDate;
  /** ISO instant it becomes overdue: start of the day after dueOn in UTC+8 (DueDate.dueAt). */
  dueAt: string;
  /** Increases whenever the deadline moves (extension, clock stop, reassignment). */
  revision: number;
  /** The handling unit, e.g. '区民政局'. */
  unit: string;
  caseTitle: string;
  /** e.g. '第十七届人大七次会议第11号建议'. */
  caseNumberLabel: string;
  /** e.g. '答复'. */
  stepLabel: string;
}

export interface ScheduledAlert {
  /** Receivers dedupe on it: see alertId(). */
  alertId: string;
  kind: AlertKind;
  rungId: string;
  recipients: Recipient[];
  /** ISO instant (UTC, 'Z') the rung fires, before quiet hours. */
  nominalAt: string;
  /** ISO instant (UTC, 'Z') it is delivered, after quiet hours. */
  deliverAt: string;
  heldForQuietHours: boolean;
  title: string;
  body: string;
}
