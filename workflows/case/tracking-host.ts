/** What a workflow that owns deadlines tells the deadline tracking about itself. */
import type { LadderRung, QuietHours, ScheduledAlert } from '../../libs/alerts/alert.types';
import type { AttentionTask, CaseAlert, Deadline } from '../../libs/contract';
import type { CaseKind } from '../../libs/policy/policy.types';
import type { ArmingActivities } from '../../activities/notify/alert.activities';
import type { CaseActivities } from './activities';

export type { CaseAlert, Deadline };

/** A rung of a deadline's ladder as planAlerts returns it; `past` when it had already come (v9 plans). */
export type PlannedRung = ScheduledAlert & { past?: boolean };

/** The parts of a policy the tracking reads (policies from before ladders lack them). */
export interface HandlingPolicyLike {
  escalation?: { ordinary: LadderRung[]; key: LadderRung[] };
  quietHours?: QuietHours;
}

export interface DeadlineHost<D extends Deadline> {
  subject: { caseId: string; kind: CaseKind; session: string; number: string; title: string; keySupervised: boolean; policy: HandlingPolicyLike };
  /** The unit the deadline's alerts are about. */
  unit(): string;
  /** Whose calendar the ladder counts on (its offices' corrections); none: the official calendar. */
  jurisdiction?: string;
  /** When the workflow started: rungs before it were never due in banli's life. */
  startedAt: Date;
  activities: CaseActivities;
  /** v12: each alert is armed ahead for the worker's dispatcher and disarmed if no longer owed. */
  arming?: ArmingActivities;
  /**
   * v13: how long after an armed alert's instant the ladder emits it (ARMED_EMIT_GRACE_MS), the
   * dispatcher having sent it at the instant; left out (v12), at the instant.
   */
  armedEmitGraceMs?: number;
  /** One alert per rung per continuous breach (v9): plans include the rungs already behind. */
  breachAlerts?: boolean;
  /**
   * Runs an activity. Before v9 it is simply called. From v9 a failure for good raises attention
   * and waits for the office's retry; undefined when the owner ended first.
   */
  run<T>(task: AttentionTask, call: () => Promise<T>): Promise<T | undefined>;
  /** The deadline stops counting (the case closed, was withdrawn, …). */
  ended(deadline: D): boolean;
  isMet(deadline: D): boolean;
  /** Records the plan on the deadline and returns the alerts to send. */
  planAlerts(deadline: D, plan: PlannedRung[], startedAt: Date): CaseAlert[];
  markAlertSent(alert: CaseAlert, at: Date): void;
  cancelAlerts(deadline: D): void;
  markOverdue(deadline: D, at: Date): void;
}
