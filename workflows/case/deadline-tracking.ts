/**
 * Following one deadline: its ladder of alerts (reminder, overdue alert, escalation, notice) and
 * the moment it passes. Shared by the case workflow and the co-unit workflows it starts; what
 * differs between them (and between versions) is the host's.
 */
import { condition } from '@temporalio/workflow';
import type { ScheduledAlert } from '../../libs/alerts/alert.types';
import type { AlertToEmit } from '../../activities/notify/alert.activities';
import { ALERT_ARM_LEAD_MS } from '../../libs/contract/alert-arming';
import type { CaseAlert, Deadline, DeadlineHost, HandlingPolicyLike } from './tracking-host';

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
    const armed = new Arming(host, deadline.id);
    for (const alert of host.planAlerts(deadline, plan, host.startedAt)) {
      const scheduled: ScheduledAlert = plan.find((a) => a.rungId === alert.rungId)!;
      const whole = { ...scheduled, alertId: alert.alertId, caseId: host.subject.caseId, deadlineId: deadline.id };
      if (host.arming && Date.parse(alert.deliverAt) > new Date().getTime()) {
        // v12: armed ahead, the dispatcher sends it at its instant; the workflow still emits it then.
        const armIn = Date.parse(alert.deliverAt) - ALERT_ARM_LEAD_MS - new Date().getTime();
        if (stop() || (armIn > 0 && (await condition(stop, armIn)))) break;
        if (!(await armed.arm(alert, whole))) return;
      }
      // v13: an alert armed is emitted a grace after its instant, the dispatcher having sent it then.
      const grace = armed.pending ? (host.armedEmitGraceMs ?? 0) : 0;
      const wait = Date.parse(alert.deliverAt) + grace - new Date().getTime();
      if (stop() || (wait > 0 && (await condition(stop, wait)))) break;
      const emit = () => host.activities.emitAlert(whole);
      const emitted = await host.run({ task: 'emit-alert', deadline: deadline.id }, emit);
      if (emitted === undefined) {
        if (armed.pending) await armed.disarm();
        return;
      }
      armed.emitted();
      // v13 records when the dispatcher sent it; v12 and before, when the workflow emitted it.
      host.markAlertSent(alert, grace > 0 && emitted.sentAt ? new Date(emitted.sentAt) : new Date());
    }
    // Awaited only with an alert armed: older versions' ladders run on without a turn in between.
    if (armed.pending) await armed.disarm();
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

/**
 * The alert a v12 ladder has armed and not yet emitted. When the ladder stops before emitting it
 * (the deadline met, moved or ended), it is disarmed; if the dispatcher had already sent it at its
 * instant, the alert is recorded as sent, when it was.
 */
class Arming<D extends Deadline> {
  private alert?: CaseAlert;

  constructor(private readonly host: DeadlineHost<D>, private readonly deadlineId: string) {}

  /** False when arming failed for good and the owner ended before a retry. */
  async arm(alert: CaseAlert, whole: AlertToEmit): Promise<boolean> {
    const arming = this.host.arming!;
    this.alert = alert;
    return (await this.host.run({ task: 'arm-alert', deadline: this.deadlineId }, () => arming.armAlert(whole))) !== undefined;
  }

  /** An alert is armed and was not emitted by the workflow. */
  get pending(): boolean {
    return this.alert !== undefined;
  }

  emitted(): void {
    this.alert = undefined;
  }

  async disarm(): Promise<void> {
    const { alert } = this;
    const arming = this.host.arming;
    if (!alert || !arming) return;
    this.alert = undefined;
    const outcome = await this.host.run({ task: 'disarm-alert', deadline: this.deadlineId }, () => arming.disarmAlert({ alertId: alert.alertId }));
    if (outcome?.sent) this.host.markAlertSent(alert, new Date(outcome.sentAt));
  }
}

function hasLadder(policy: HandlingPolicyLike): policy is Required<HandlingPolicyLike> {
  return policy.escalation !== undefined && policy.quietHours !== undefined;
}

function revisionOf(deadline: Deadline): number {
  return deadline.revision ?? 1;
}
