/**
 * Following one deadline: its ladder of alerts (reminder, overdue alert, escalation, notice) and
 * the moment it passes. Shared by the case workflow and the co-unit workflows it starts.
 */
import { condition, proxyActivities } from '@temporalio/workflow';
import type { DeadlineActivities } from '../../activities/deadlines/deadline.activities';
import type { AlertActivities } from '../../activities/notify/alert.activities';
import type { ScheduledAlert } from '../../libs/alerts';
import type { CaseKind, HandlingPolicy } from '../../libs/policy';
import type { CaseAlert, CaseDeadline } from './case.definitions';

export const { computeDueDate, planAlerts } = proxyActivities<DeadlineActivities & AlertActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Alerts are retried until they are out: an alert is never lost (the log dedupes on its id). */
export const { emitAlert } = proxyActivities<AlertActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** What a workflow that owns deadlines tells the tracking about itself. */
export interface DeadlineHost {
  subject: { caseId: string; kind: CaseKind; session: string; number: string; title: string; keySupervised: boolean; policy: HandlingPolicy };
  /** The unit the deadline's alerts are about. */
  unit(): string;
  /** Whose calendar the ladder counts on (its offices' corrections); none: the official calendar. */
  jurisdiction?: string;
  /** When the workflow started: rungs before it were never due in banli's life. */
  startedAt: Date;
  /** The deadline stops counting (the case closed, was withdrawn, …). */
  ended(deadline: CaseDeadline): boolean;
  isMet(deadline: CaseDeadline): boolean;
  planAlerts(deadline: CaseDeadline, plan: ScheduledAlert[], startedAt: Date): CaseAlert[];
  markAlertSent(alert: CaseAlert, at: Date): void;
  cancelAlerts(deadline: CaseDeadline): void;
  markOverdue(deadline: CaseDeadline, at: Date): void;
}

/**
 * Sends the deadline's ladder of alerts, each at its time, until the step is done. When the
 * deadline moves (an extension, a clock restart, a reassignment), the alerts still to come are
 * cancelled and the ladder is planned anew for the new revision.
 */
export async function runLadder(host: DeadlineHost, deadline: CaseDeadline): Promise<void> {
  const { policy, keySupervised } = host.subject;
  if (!policy.escalation || !policy.quietHours) return; // a policy from before ladders existed
  for (;;) {
    const revision = revisionOf(deadline);
    const moved = () => revisionOf(deadline) !== revision;
    const ended = () => host.ended(deadline);
    const stop = () => host.isMet(deadline) || moved() || ended();
    if (deadline.suspended) {
      await condition(stop); // the clock stands still: no alert until it restarts
      if (host.isMet(deadline) || ended()) return;
      continue;
    }
    const plan = await planAlerts({
      caseId: host.subject.caseId,
      kind: host.subject.kind,
      session: host.subject.session,
      number: host.subject.number,
      title: host.subject.title,
      unit: host.unit(),
      deadlineId: deadline.id,
      dueOn: deadline.due.dueOn,
      dueAt: deadline.due.dueAt,
      revision,
      ladder: keySupervised ? policy.escalation.key : policy.escalation.ordinary,
      quietHours: policy.quietHours,
      notBefore: new Date().toISOString(),
      ...(host.jurisdiction ? { jurisdiction: host.jurisdiction } : {}),
    });
    for (const alert of host.planAlerts(deadline, plan, host.startedAt)) {
      const wait = Date.parse(alert.deliverAt) - new Date().getTime();
      if (stop() || (wait > 0 && (await condition(stop, wait)))) break;
      const scheduled = plan.find((a) => a.alertId === alert.alertId)!;
      await emitAlert({ ...scheduled, caseId: host.subject.caseId, deadlineId: deadline.id });
      host.markAlertSent(alert, new Date());
    }
    host.cancelAlerts(deadline);
    // The ladder is done; it starts again only if the deadline moves before it is met.
    await condition(stop);
    if (!moved() || host.isMet(deadline) || ended()) return;
  }
}

/** Marks the deadline overdue when it passes before its step is done; follows it when it moves. */
export async function watchDeadline(host: DeadlineHost, deadline: CaseDeadline): Promise<void> {
  for (;;) {
    const revision = revisionOf(deadline);
    const moved = () => revisionOf(deadline) !== revision;
    const remaining = Date.parse(deadline.due.dueAt) - new Date().getTime();
    const ended = () => host.ended(deadline);
    if (deadline.suspended) {
      await condition(() => host.isMet(deadline) || moved() || ended());
      if (host.isMet(deadline) || ended()) return;
      continue;
    }
    if (remaining > 0) await condition(() => host.isMet(deadline) || moved() || ended(), remaining);
    if (host.isMet(deadline) || ended()) return;
    if (!moved()) {
      if (deadline.status !== 'overdue') host.markOverdue(deadline, new Date());
      await condition(() => host.isMet(deadline) || moved() || ended());
      if (!moved()) return;
    }
  }
}

function revisionOf(deadline: CaseDeadline): number {
  return deadline.revision ?? 1;
}
