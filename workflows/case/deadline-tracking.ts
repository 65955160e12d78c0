/**
 * Following one deadline: its ladder of alerts (reminder, overdue alert, escalation, notice) and
 * the moment it passes. Shared by the case workflow and the co-unit workflows it starts; what
 * differs between them (and between versions) is the host's.
 */
import { condition } from '@temporalio/workflow';
import type { ScheduledAlert } from '../../libs/alerts/alert.types';
import type { Deadline, DeadlineHost, HandlingPolicyLike } from './tracking-host';

export type { DeadlineHost } from './tracking-host';

/**
 * Sends the deadline's ladder of alerts, each at its time, until the step is done. When the
 * deadline moves (an extension, a clock restart, a reassignment), the alerts still to come are
 * cancelled and the ladder is planned anew.
 */
export async function runLadder<D extends Deadline>(host: DeadlineHost<D>, deadline: D): Promise<void> {
  const { policy, keySupervised } = host.subject;
  if (!hasLadder(policy)) return; // a policy from before ladders existed
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
    const request = {
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
      ...(host.breachAlerts ? { includePast: true } : {}),
    };
    const plan = await host.run({ task: 'plan-alerts', deadline: deadline.id }, () => host.activities.planAlerts(request));
    if (plan === undefined) return; // it failed for good and the owner ended before a retry
    for (const alert of host.planAlerts(deadline, plan, host.startedAt)) {
      const wait = Date.parse(alert.deliverAt) - new Date().getTime();
      if (stop() || (wait > 0 && (await condition(stop, wait)))) break;
      const scheduled: ScheduledAlert = plan.find((a) => a.rungId === alert.rungId)!;
      const emit = () => host.activities.emitAlert({ ...scheduled, alertId: alert.alertId, caseId: host.subject.caseId, deadlineId: deadline.id });
      if ((await host.run({ task: 'emit-alert', deadline: deadline.id }, emit)) === undefined) return;
      host.markAlertSent(alert, new Date());
    }
    host.cancelAlerts(deadline);
    // The ladder is done; it starts again only if the deadline moves before it is met.
    await condition(stop);
    if (!moved() || host.isMet(deadline) || ended()) return;
  }
}

/** Marks the deadline overdue when it passes before its step is done; follows it when it moves. */
export async function watchDeadline<D extends Deadline>(host: DeadlineHost<D>, deadline: D): Promise<void> {
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

/** Both loops of a deadline; every ladder is started before its watch (the order histories hold). */
export function track<D extends Deadline>(host: DeadlineHost<D>, deadline: D): Promise<void>[] {
  return [runLadder(host, deadline), watchDeadline(host, deadline)];
}

function hasLadder(policy: HandlingPolicyLike): policy is Required<HandlingPolicyLike> {
  return policy.escalation !== undefined && policy.quietHours !== undefined;
}

function revisionOf(deadline: Deadline): number {
  return deadline.revision ?? 1;
}
