/**
 * The deadlines of a case or of a co-unit's part, and everything that happens to them: opened,
 * met (on time or late), marked overdue, moved (extension, clock restart, reassignment),
 * suspended and resumed (clock stop), and their ladders of alerts planned and sent. Written once
 * for the case workflow and the co-unit workflow (docs/architecture.md, "The deadline ledger").
 * Pure state: the waiting is in deadline-tracking.ts.
 */
import type { ScheduledAlert } from '../../libs/alerts/alert.types';
import { alertId } from '../../libs/alerts/alert-id';
import type { DueDate, IsoDate } from '../../libs/calendar';
import { moveDueDate } from '../../libs/calendar/due-date';
import { addCalendarDays } from '../../libs/calendar/iso-date';
import type { CaseAlert, Deadline } from '../../libs/contract';

import type { PlannedRung } from './tracking-host';

/** What owns the deadlines: their list and the overdue flag kept with them. */
export interface LedgerOwner<S extends string, I extends string> {
  deadlines: Deadline<S, I>[];
  overdue: boolean;
}

export class DeadlineLedger<S extends string, I extends string> {
  constructor(
    private readonly owner: LedgerOwner<S, I>,
    /** Writes the owner's history when a deadline passes. */
    private readonly recordPassed: (deadline: Deadline<S, I>, at: Date) => void,
  ) {}

  get all(): Deadline<S, I>[] {
    return this.owner.deadlines;
  }

  find(id: I): Deadline<S, I> | undefined {
    return this.owner.deadlines.find((d) => d.id === id);
  }

  open(): Deadline<S, I>[] {
    return this.owner.deadlines.filter((d) => !this.isMet(d));
  }

  isMet(deadline: Deadline<S, I>): boolean {
    return deadline.status === 'met' || deadline.status === 'met-late';
  }

  /** Opens a deadline; when its step was already done (at `doneAt`), it is met at once. */
  add(id: I, step: S, due: DueDate, doneAt?: Date): Deadline<S, I> {
    const deadline: Deadline<S, I> = { id, step, due, status: 'open' };
    this.owner.deadlines.push(deadline);
    if (doneAt) this.meetOne(deadline, doneAt);
    return deadline;
  }

  /** The step is done: every deadline it meets and that is still open is met, on time or late. */
  meet(step: S, at: Date): void {
    for (const d of this.owner.deadlines.filter((x) => x.step === step && !this.isMet(x))) this.meetOne(d, at);
  }

  /** On time until its `dueAt` (the first instant of the day after the due day); from then on, late. */
  meetOne(deadline: Deadline<S, I>, at: Date): void {
    deadline.status = at.getTime() >= Date.parse(deadline.due.dueAt) ? 'met-late' : 'met';
    deadline.metAt = at.toISOString();
    this.refreshOverdue();
  }

  /** The deadline passed before its step: overdue since its `dueAt` (not when banli noticed). */
  markOverdue(deadline: Deadline<S, I>, at: Date): void {
    deadline.status = 'overdue';
    deadline.overdueSince = deadline.due.dueAt;
    this.owner.overdue = true;
    this.recordPassed(deadline, at);
  }

  /**
   * A new due date under a new revision (its ladder and watch follow it). An overdue deadline
   * whose new date is still ahead is open again.
   */
  move(deadline: Deadline<S, I>, due: DueDate, at: Date): void {
    deadline.due = due;
    deadline.revision = (deadline.revision ?? 1) + 1;
    if (deadline.status === 'overdue' && Date.parse(due.dueAt) > at.getTime()) {
      deadline.status = 'open';
      delete deadline.overdueSince;
    }
    this.refreshOverdue();
  }

  /** 中止: the deadline stops counting (no alert, no overdue) until the clock restarts. */
  suspend(deadline: Deadline<S, I>): void {
    deadline.suspended = true;
    deadline.revision = (deadline.revision ?? 1) + 1;
    this.cancelAlerts(deadline);
  }

  /** Every open deadline stops counting; returns them. */
  suspendOpen(): Deadline<S, I>[] {
    const stopped = this.open();
    for (const d of stopped) this.suspend(d);
    return stopped;
  }

  /** The clock restarts: every suspended deadline moves by the calendar days it stood still. */
  resume(days: number, at: Date): Deadline<S, I>[] {
    const suspended = this.owner.deadlines.filter((d) => d.suspended);
    for (const d of suspended) {
      const dueOn: IsoDate = addCalendarDays(d.due.dueOn, days);
      d.suspended = false;
      this.move(d, moveDueDate(d.due, dueOn, `中止${days}天，顺延至${dueOn}`), at);
    }
    return suspended;
  }

  refreshOverdue(): void {
    this.owner.overdue = this.owner.deadlines.some((d) => d.status === 'overdue');
  }

  // ---- alerts ------------------------------------------------------------------------------

  /**
   * Records a deadline's planned alerts (cases before v9). Rungs already past when the case
   * started were never due in banli's life: only the latest of them is still sent.
   */
  planAlerts(deadline: Deadline<S, I>, plan: ScheduledAlert[], startedAt: Date): CaseAlert[] {
    const missed = plan.filter((a) => Date.parse(a.deliverAt) < startedAt.getTime());
    const earlier = (deadline.alerts ?? []).filter((a) => a.status !== 'scheduled');
    deadline.alerts = [...earlier, ...plan.map((a) => caseAlert(a, a.alertId, missed.slice(0, -1).includes(a) ? 'skipped' : 'scheduled'))];
    return deadline.alerts.filter((a) => a.status === 'scheduled');
  }

  /**
   * Records a deadline's planned alerts, one per rung per continuous breach (v9). A rung already
   * sent is not sent again while it stays behind the deadline's new date — a clock stop or an
   * extension that leaves the case overdue tells no one twice — and is sent again (under the next
   * breach's id, …/r{n+1}/{rung}) only when a move put it back ahead and it comes again. Of the
   * rungs already behind and never sent (a case launched late), reminders are dropped and only the
   * latest other one is sent, now (its `deliverAt` is the next moment outside quiet hours).
   *
   * `byDeadline` (v13): the breach is the deadline's. While the deadline stays overdue through its
   * move (`move` left it so), no rung sent in the breach is sent again, even one whose own instant
   * the move put ahead: a clock restart 5 days long moves an escalation past the restart while
   * the deadline is still behind, and v9–v12 sent that escalation a second time.
   */
  planBreaches(deadline: Deadline<S, I>, plan: PlannedRung[], caseId: string, byDeadline = false): CaseAlert[] {
    const breaches = (deadline.breaches ??= {});
    const idOf = (rungId: string, breach: number) => alertId({ caseId, deadlineId: deadline.id, revision: breach }, rungId);
    const sent = (id: string) => (deadline.alerts ?? []).some((a) => a.alertId === id && a.status === 'sent');
    // v13 (`byDeadline`): a deadline still overdue after its move is still in the same breach.
    const breachGoesOn = byDeadline && deadline.status === 'overdue';
    const planned = plan.map((a) => {
      const current = breaches[a.rungId] ?? 1;
      const breach = !a.past && !breachGoesOn && sent(idOf(a.rungId, current)) ? current + 1 : current;
      breaches[a.rungId] = breach;
      return { alert: a, id: idOf(a.rungId, breach) };
    }).filter(({ id }) => !sent(id));
    const catchUp = planned.filter(({ alert }) => alert.past && alert.kind !== 'reminder').at(-1);
    const owed = planned.filter((p) => !p.alert.past || p === catchUp);
    const replanned = new Set(owed.map(({ id }) => id));
    const earlier = (deadline.alerts ?? []).filter((a) => a.status === 'sent' || (a.status !== 'scheduled' && !replanned.has(a.alertId)));
    deadline.alerts = [...earlier, ...owed.map(({ alert, id }) => caseAlert(alert, id, 'scheduled'))];
    return deadline.alerts.filter((a) => a.status === 'scheduled');
  }

  markAlertSent(alert: CaseAlert, at: Date): void {
    alert.status = 'sent';
    alert.sentAt = at.toISOString();
  }

  /** The step was done, or the deadline moved: alerts not yet sent are not sent. */
  cancelAlerts(deadline: Deadline<S, I>): void {
    for (const a of deadline.alerts ?? []) if (a.status === 'scheduled') a.status = 'cancelled';
  }
}

function caseAlert(a: ScheduledAlert, id: string, status: CaseAlert['status']): CaseAlert {
  return {
    alertId: id,
    kind: a.kind,
    rungId: a.rungId,
    recipients: a.recipients,
    deliverAt: a.deliverAt,
    heldForQuietHours: a.heldForQuietHours,
    title: a.title,
    status,
  };
}

/** Deadlines in the order a case meets their steps (they open in the order their due dates come). */
export function inProcedureOrder<D extends Deadline>(deadlines: D[]): D[] {
  const rank = (d: D) => {
    const at = DEADLINE_ORDER.indexOf(d.id.startsWith('rehandle-') ? 'rehandle' : d.id);
    return at < 0 ? DEADLINE_ORDER.length : at;
  };
  return deadlines.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i).map(({ d }) => d);
}
const DEADLINE_ORDER: readonly string[] = ['sign', 'return-decision', 'work-plan', 'contact', 'co-opinion', 'draft-reply', 'co-sign', 'sign-off', 'review', 'reply', 'visit', 'rehandle', 'publish', 'follow-up'];
