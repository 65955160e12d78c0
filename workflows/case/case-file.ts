/**
 * A case's state and what every step shares: its facts (which steps its procedure requires, when
 * it is finished), its deadlines (a DeadlineLedger), its history, and the refusals a validator
 * throws. Each step's own rules are in steps/; free of Temporal's runtime, so they can be tested
 * directly (a clock can be given).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { DeadlineRule, DueDate, IsoDate } from '../../libs/calendar';
import { chinaDateOf } from '../../libs/calendar/iso-date';
import {
  AttentionItem,
  CaseAction,
  CaseDeadline,
  CaseErrorType,
  CaseInput,
  CaseStage,
  CaseState,
  CaseView,
  ClosedAs,
  CoUnitClock,
  DeadlineId,
  FieldProblem,
  HistoryEntry,
  StepId,
  StepResult,
} from '../../libs/contract';
import type { PolicyDeadline } from '../../libs/policy/policy.types';
import { allowedActions } from './allowed-actions';
import { DeadlineLedger, inProcedureOrder } from './deadline-ledger';
import { LEGACY_STEPS, Procedure } from './procedure';

/**
 * A due date the workflow must compute (an activity) before the case can show it: a deadline to
 * open, a deadline to move (a new revision), or the return window to set.
 */
export type DeadlineRequest =
  | { kind: 'open'; id: DeadlineId; step: CaseAction; rule: DeadlineRule; from: IsoDate; since: Date }
  | { kind: 'move'; id: DeadlineId; rule: DeadlineRule; from: IsoDate; note: string }
  | { kind: 'return-window'; rule: DeadlineRule; from: IsoDate };

/** What the case tells its co-units' workflows (v9): the case ended, or its clock stopped or restarted. */
export type CoUnitMail = { cancel: { reason: string; by: string } } | { clock: CoUnitClock };

/** Deadlines that keep running after the case closes. */
const AFTER_CLOSE: DeadlineId[] = ['publish', 'follow-up'];

export class CaseFile {
  readonly state: CaseState;
  readonly deadlines: DeadlineLedger<CaseAction, DeadlineId>;
  /** Due dates waiting for the workflow to compute them (the full procedure). */
  readonly requests: DeadlineRequest[] = [];
  /** Messages for the co-units' workflows, sent by the driver (v9). */
  readonly coUnitMail: CoUnitMail[] = [];

  constructor(
    readonly input: CaseInput,
    readonly procedure: Procedure,
    assignedAt: Date,
    /** The workflow's clock (deterministic in the sandbox); tests give their own. */
    readonly now: () => Date = () => new Date(),
  ) {
    const { policy, ...facts } = input;
    this.state = {
      ...facts,
      policy: { id: policy.id, version: policy.version },
      stage: CaseStage.Assigned,
      overdue: false,
      deadlines: [],
      contacts: [],
      surveys: [],
      history: [],
      ...(procedure.surveyRounds ? { round: 1, roundsSettled: 0, surveyWindows: [] } : {}),
      ...(procedure.policySteps ? { procedure: 2 as const } : {}),
      ...(procedure.policySteps && input.coUnits.length > 0 ? { coOpinions: [], coSigns: [] } : {}),
      ...(procedure.engine ? { version: procedure.version, attention: [] } : {}),
      ...(procedure.projects ? { revision: 0 } : {}),
    };
    this.deadlines = new DeadlineLedger(this.state, (d, at) => this.record('deadline-passed', 'system', at, { deadline: d.id, dueOn: d.due.dueOn }));
    this.record('assign', 'office', assignedAt, {
      leadUnit: input.leadUnit,
      coUnits: input.coUnits,
      assignedOn: input.assignedOn,
      policy: this.state.policy,
    });
  }

  get stage(): CaseStage {
    return this.state.stage;
  }

  /** The survey round: 1 for the first handling, 2 for the first re-handling, … */
  get round(): number {
    return this.state.round ?? 1;
  }

  /** Whether the case walks the step: by its policy (v8 on; co-unit steps only with co-units), else the legacy path. */
  requires(step: StepId): boolean {
    if (!this.procedure.policySteps) return LEGACY_STEPS.includes(step);
    if (step === 'reply' || step === 'survey') return true;
    if ((step === 'co-sign' || step === 'co-opinion') && this.input.coUnits.length === 0) return false;
    return this.input.policy.steps?.[step]?.required ?? false;
  }

  /** T0 of a deadline rule: the assignment, or the session's close when the policy says so. */
  startOf(rule: { from?: string }): IsoDate {
    return rule.from === 'session-close' && this.input.sessionClosedOn ? this.input.sessionClosedOn : this.input.assignedOn;
  }

  /** The reply deadline's rule: 3 calendar months from assignment, 6 for complex cases, by default. */
  replyRule(): PolicyDeadline {
    return this.input.complex ? this.input.policy.deadlines.replyComplex : this.input.policy.deadlines.reply;
  }

  isClosed(): boolean {
    return this.state.stage === CaseStage.Closed;
  }

  /** Closed, published (or marked not public) and followed up as the policy requires. */
  finished(): boolean {
    if (!this.isClosed()) return false;
    if (this.state.closedAs === 'withdrawn') return true;
    const published = !this.requires('publish') || !this.state.reply || this.state.publication !== undefined;
    return published && (!this.owesFollowUp() || this.state.followUp !== undefined);
  }

  /** The deadline stops counting: the case closed (publication and follow-up count until done). */
  deadlineEnded(deadline: CaseDeadline): boolean {
    if (!this.isClosed()) return false;
    return this.state.closedAs === 'withdrawn' || this.finished() || !AFTER_CLOSE.includes(deadline.id);
  }

  /** A B-class (by the policy) reply owes a follow-up report after closing. */
  owesFollowUp(): boolean {
    const mark = this.state.reply?.classification;
    return this.requires('follow-up') && this.state.closedAs !== 'withdrawn' && mark !== undefined
      && (this.input.policy.followUp?.classes ?? []).includes(mark);
  }

  /** The survey may be answered: after the visit, or after the reply when the policy has no visit. */
  surveyOpen(): boolean {
    return this.state.stage === CaseStage.Visited || (this.state.stage === CaseStage.Replied && !this.requires('visit'));
  }

  /** Whether an office must act: a co-unit or an activity failed and is not yet resolved. */
  needsAttention(): boolean {
    return (this.state.attention ?? []).some((a) => a.resolvedAt === undefined);
  }

  openAttention(kind?: AttentionItem['kind']): AttentionItem[] {
    return (this.state.attention ?? []).filter((a) => a.resolvedAt === undefined && (!kind || a.kind === kind));
  }

  view(): CaseView {
    const state = JSON.parse(JSON.stringify(this.state)) as CaseState;
    return {
      ...state,
      deadlines: inProcedureOrder(state.deadlines),
      ...(this.procedure.policySteps ? { finished: this.finished() } : {}),
      allowedActions: allowedActions(this),
      needsAttention: this.needsAttention(),
    };
  }

  /** What a step's update returns. */
  result(action: CaseAction): StepResult {
    return { caseId: this.input.caseId, action, stage: this.state.stage, seq: this.state.history.length };
  }

  // ---- changes every step makes ----------------------------------------------------------

  /** Who did it: the actor the API set from the caller's key, else the lead unit. */
  actor(input: { actor?: string }): string {
    return input.actor ?? this.state.leadUnit;
  }

  advance(stage: CaseStage, action: HistoryEntry['action'], actor: string, at: Date, details: Record<string, unknown>): void {
    this.state.stage = stage;
    this.record(action, actor, at, details);
  }

  record(action: HistoryEntry['action'], actor: string, at: Date, details: Record<string, unknown>): void {
    this.state.history.push({ seq: this.state.history.length + 1, action, actor, at: at.toISOString(), details });
  }

  /** Opens a deadline; a step already done (since `since`, if given) meets it at once. */
  openDeadline(id: DeadlineId, step: CaseAction, due: DueDate, since?: Date): CaseDeadline {
    const done = this.state.history.find((h) => h.action === step && (!since || Date.parse(h.at) >= since.getTime()));
    return this.deadlines.add(id, step, due, done ? new Date(done.at) : undefined);
  }

  /** A computed due date arrives: the deadline opens, moves (a new revision) or the window is set. */
  applyDeadlineRequest(request: DeadlineRequest, due: DueDate): CaseDeadline | undefined {
    if (request.kind === 'return-window') return void (this.state.returnWindow = due);
    if (request.kind === 'open') return this.openDeadline(request.id, request.step, due, request.since);
    const deadline = this.deadlines.find(request.id);
    if (!deadline || this.deadlines.isMet(deadline)) return undefined;
    this.deadlines.cancelAlerts(deadline);
    deadline.suspended = false;
    this.deadlines.move(deadline, { ...due, explanation: `${due.explanation}；${request.note}` }, this.now());
    return undefined;
  }

  /** The case closes as `closedAs`; a follow-up report deadline opens when the mark owes one. */
  close(closedAs: ClosedAs, at: Date): void {
    this.state.closedAs = closedAs;
    this.state.closedAt = at.toISOString();
    const rule = this.input.policy.followUp?.deadline;
    if (this.procedure.policySteps && this.owesFollowUp() && rule) {
      this.requests.push({ kind: 'open', id: 'follow-up', step: 'follow-up', rule, from: chinaDateOf(at), since: at });
    }
  }

  /** Something the case cannot get past by itself; the office is told (see the driver). */
  raiseAttention(item: Omit<AttentionItem, 'since'>, at: Date): AttentionItem {
    const raised: AttentionItem = { ...item, since: at.toISOString() };
    (this.state.attention ??= []).push(raised);
    this.record('needs-attention', 'system', at, { id: item.id, kind: item.kind, what: item.what, error: item.error, ...(item.unit ? { unit: item.unit } : {}) });
    return raised;
  }

  resolveAttention(item: AttentionItem, resolution: NonNullable<AttentionItem['resolution']>, by: string, at: Date): void {
    Object.assign(item, { resolvedAt: at.toISOString(), resolvedBy: by, resolution });
  }

  // ---- refusals (update validators) ------------------------------------------------------

  /** 409: the step is not allowed now; the failure names the stage and what is allowed. */
  refusal(action: CaseAction, message: string): ApplicationFailure {
    return ApplicationFailure.create({
      type: CaseErrorType.StepNotAllowed,
      message,
      nonRetryable: true,
      details: [{ action, stage: this.state.stage, allowedActions: allowedActions(this) }],
    });
  }

  /** 400: the step's input is wrong, one problem per field. */
  refuseInput(problems: FieldProblem[]): never {
    throw ApplicationFailure.create({
      type: CaseErrorType.InvalidStepInput,
      message: problems.map((p) => `${p.field} ${p.problem}`).join('; '),
      nonRetryable: true,
      details: [{ stage: this.state.stage, problems }],
    });
  }
}

