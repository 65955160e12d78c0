/**
 * 协办: one co-unit's part of a case — its sign-for and its opinion to the lead unit, each under a
 * deadline of its own (the same DeadlineLedger as the case's) — and, from v9, what the case tells
 * it: cancelled when the case is withdrawn, its clock stopped and restarted with the case's.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { DueDate } from '../../libs/calendar';
import {
  CaseErrorType,
  CO_UNIT_STEPS,
  CoUnitAction,
  CoUnitClock,
  CoUnitDeadline,
  CoUnitInput,
  CoUnitInputOf,
  CoUnitState,
  CoUnitStepResult,
  CoUnitView,
  fieldProblems,
  HistoryEntry,
} from '../../libs/contract';
import { DeadlineLedger, inProcedureOrder } from './deadline-ledger';

export class CoUnitFile {
  readonly state: CoUnitState;
  readonly deadlines: DeadlineLedger<CoUnitAction, CoUnitDeadline['id']>;

  constructor(readonly input: CoUnitInput, readonly startedAt: Date) {
    this.state = {
      caseId: input.caseId, unit: input.unit, stage: 'assigned', deadlines: [], overdue: false, history: [],
      ...((input.version ?? 0) >= 10 ? { revision: 0 } : {}),
    };
    this.deadlines = new DeadlineLedger(this.state, (d, at) => this.record('deadline-passed', 'system', at, { deadline: d.id, dueOn: d.due.dueOn }));
    this.record('assign', 'office', startedAt, { unit: input.unit });
  }

  /** The opinion is given, or the part was cancelled: nothing more is owed. */
  done(): boolean {
    return this.state.stage === 'opinion-given' || this.state.stage === 'cancelled';
  }

  allowedActions(): CoUnitAction[] {
    const signRequired = this.input.policy.steps.sign?.required ?? false;
    if (this.state.stage === 'assigned') return signRequired ? ['sign'] : ['opinion'];
    return this.state.stage === 'signed' ? ['opinion'] : [];
  }

  view(): CoUnitView {
    const state = JSON.parse(JSON.stringify(this.state)) as CoUnitState;
    return { ...state, deadlines: inProcedureOrder(state.deadlines), allowedActions: this.allowedActions() };
  }

  result(action: CoUnitAction): CoUnitStepResult {
    return { caseId: this.input.caseId, unit: this.input.unit, action, stage: this.state.stage, seq: this.state.history.length };
  }

  /** The update validator: the stage allows the step, and its fields are right. */
  check<A extends CoUnitAction>(action: A, input: CoUnitInputOf<A>): void {
    if (!this.allowedActions().includes(action)) {
      throw ApplicationFailure.create({
        type: CaseErrorType.StepNotAllowed,
        message: `${action} is not allowed at stage ${this.state.stage}`,
        nonRetryable: true,
        details: [{ action, stage: this.state.stage, allowedActions: this.allowedActions() }],
      });
    }
    const problems = fieldProblems(CO_UNIT_STEPS[action].fields, input);
    if (problems.length > 0) {
      throw ApplicationFailure.create({
        type: CaseErrorType.InvalidStepInput,
        message: problems.map((p) => `${p.field} ${p.problem}`).join('; '),
        nonRetryable: true,
        details: [{ stage: this.state.stage, problems }],
      });
    }
  }

  sign(input: CoUnitInputOf<'sign'>, at: Date): void {
    this.state.signedAt = at.toISOString();
    this.state.stage = 'signed';
    this.deadlines.meet('sign', at);
    this.record('co-unit-sign', input.actor ?? this.input.unit, at, {});
  }

  opinion(input: CoUnitInputOf<'opinion'>, at: Date): void {
    const givenBy = input.actor ?? this.input.unit;
    this.state.opinion = {
      unit: this.input.unit, opinion: input.opinion, givenAt: at.toISOString(), givenBy,
      ...(this.state.signedAt ? { signedAt: this.state.signedAt } : {}),
    };
    this.state.stage = 'opinion-given';
    this.deadlines.meet('sign', at);
    this.deadlines.meet('opinion', at);
    this.record('co-opinion', givenBy, at, {});
  }

  /** The case was withdrawn (or ended): the part is cancelled, its alerts stop. */
  cancel(by: { reason: string; by: string }, at: Date): void {
    if (this.done()) return;
    this.state.cancelled = { ...by, at: at.toISOString() };
    this.state.stage = 'cancelled';
    for (const d of this.deadlines.all) this.deadlines.cancelAlerts(d);
    this.record('cancel', by.by, at, { reason: by.reason });
  }

  /** The case's clock stopped or restarted: this part's open deadlines follow it. */
  clock(clock: CoUnitClock, at: Date): void {
    if ('stop' in clock) {
      const stopped = this.deadlines.suspendOpen();
      return this.record('stop-clock', clock.stop.by, at, { reason: clock.stop.reason, deadlines: stopped.map((d) => d.id) });
    }
    this.deadlines.resume(clock.restart.days, at);
    this.record('restart-clock', 'system', at, { days: clock.restart.days });
  }

  openDeadline(id: CoUnitDeadline['id'], due: DueDate): CoUnitDeadline {
    this.touch();
    return this.deadlines.add(id, id === 'sign' ? 'sign' : 'opinion', due);
  }

  record(action: HistoryEntry['action'], actor: string, at: Date, details: Record<string, unknown>): void {
    this.touch();
    this.state.history.push({ seq: this.state.history.length + 1, action, actor, at: at.toISOString(), details });
  }

  /** Counts a change (v10), for the read model to keep the latest. */
  touch(): void {
    if (this.state.revision !== undefined) this.state.revision += 1;
  }
}
