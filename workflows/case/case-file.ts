/**
 * A case's state and the rules for changing it, free of Temporal's runtime so the rules can be
 * unit-tested directly. `check*` methods refuse a step (throwing an ApplicationFailure the
 * update validator passes on); `apply*` methods change the state and are only called after
 * the matching check passed.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ScheduledAlert } from '../../libs/alerts';
import type { DeadlineRule, DueDate, IsoDate } from '../../libs/calendar';
import type { StepId } from '../../libs/policy';
import { addCalendarDays, addCalendarMonths, chinaDateOf, endOfChinaDay } from '../../libs/calendar/iso-date';
import {
  CaseAction,
  CaseAlert,
  CHAIN_STEPS,
  ChainStep,
  CoSignInput,
  CoUnitOpinion,
  DeadlineId,
  DraftReplyInput,
  FollowUpInput,
  MergeInput,
  PublishInput,
  ReturnDecisionInput,
  ReturnInput,
  ReviewInput,
  SignOffInput,
  ClockStop,
  CaseDeadline,
  CaseErrorType,
  CaseInput,
  CaseStage,
  CaseState,
  CaseView,
  CONTACT_METHODS,
  ConsultInput,
  ExtensionDecisionInput,
  ExtensionRecord,
  ExtensionRequestInput,
  RestartClockInput,
  StopClockInput,
  WithdrawInput,
  ContactInput,
  FieldProblem,
  HistoryEntry,
  ReplyInput,
  SignForInput,
  SURVEY_ANSWERS,
  SurveyInput,
  VisitInput,
  WorkPlanInput,
} from './case.definitions';
import { ALLOWED, date, oneOf, STAGE_AFTER, stepFields, StepInputLike, text } from './case-rules';

/**
 * A due date the workflow must compute (an activity) before the case can show it: a deadline to
 * open, a deadline to move (a new revision), or the return window to set.
 */
export type DeadlineRequest =
  | { kind: 'open'; id: DeadlineId; step: CaseAction; rule: DeadlineRule; from: IsoDate; since: Date }
  | { kind: 'move'; id: DeadlineId; rule: DeadlineRule; from: IsoDate; note: string }
  | { kind: 'return-window'; rule: DeadlineRule; from: IsoDate };

/** Deadlines that keep running after the case closes. */
const AFTER_CLOSE: DeadlineId[] = ['publish', 'follow-up'];

export class CaseFile {
  readonly state: CaseState;
  /** Due dates waiting for the workflow to compute them (full procedure only). */
  readonly requests: DeadlineRequest[] = [];

  constructor(readonly input: CaseInput, assignedAt: Date) {
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
    };
    this.record('assign', 'office', assignedAt, {
      leadUnit: input.leadUnit,
      coUnits: input.coUnits,
      assignedOn: input.assignedOn,
      policy: this.state.policy,
    });
  }

  /** Cases started since re-handling exists take survey rounds; older ones close on the survey. */
  enableRehandling(): void {
    this.state.round = 1;
    this.state.roundsSettled = 0;
    this.state.surveyWindows = [];
  }

  /** Cases started since the full procedure exist walk every step their policy requires. */
  enableFullProcedure(): void {
    this.state.procedure = 2;
    if (this.input.sessionClosedOn) this.state.sessionClosedOn = this.input.sessionClosedOn;
    if (this.input.coUnits.length > 0) {
      this.state.coOpinions = [];
      this.state.coSigns = [];
    }
  }

  get full(): boolean {
    return this.state.procedure === 2;
  }

  /** Whether the policy includes the step (co-unit steps only when the case has co-units). */
  requires(step: StepId): boolean {
    if (step === 'reply' || step === 'survey') return true;
    if ((step === 'co-sign' || step === 'co-opinion') && this.input.coUnits.length === 0) return false;
    return this.input.policy.steps?.[step]?.required ?? false;
  }

  /** T0 of a deadline rule: the assignment, or the session's close when the policy says so. */
  startOf(rule: { from?: string }): IsoDate {
    return rule.from === 'session-close' && this.input.sessionClosedOn ? this.input.sessionClosedOn : this.input.assignedOn;
  }

  /** The deadline stops counting: the case closed (or, in the full procedure, owes nothing more). */
  deadlineEnded(deadline: CaseDeadline): boolean {
    if (this.state.stage !== CaseStage.Closed) return false;
    if (!this.full) return true;
    return this.state.closedAs === 'withdrawn' || this.finished() || !AFTER_CLOSE.includes(deadline.id);
  }

  /** Closed, published (or marked not public) and followed up as the policy requires. */
  finished(): boolean {
    if (this.state.stage !== CaseStage.Closed) return false;
    if (!this.full || this.state.closedAs === 'withdrawn') return true;
    const published = !this.requires('publish') || !this.state.reply || this.state.publication !== undefined;
    return published && (!this.owesFollowUp() || this.state.followUp !== undefined);
  }

  private owesFollowUp(): boolean {
    const mark = this.state.reply?.classification;
    return this.requires('follow-up') && this.state.closedAs !== 'withdrawn' && mark !== undefined
      && (this.input.policy.followUp?.classes ?? []).includes(mark);
  }

  /** The survey may be answered: after the visit, or after the reply when the policy has no visit. */
  surveyOpen(): boolean {
    if (this.state.stage === CaseStage.Visited) return true;
    return this.full && this.state.stage === CaseStage.Replied && !this.requires('visit');
  }

  get rehandling(): boolean {
    return this.state.round !== undefined;
  }

  get round(): number {
    return this.state.round ?? 1;
  }

  get stage(): CaseStage {
    return this.state.stage;
  }

  allowedActions(): CaseAction[] {
    const steps = this.full ? this.nextSteps() : [...ALLOWED[this.state.stage]];
    if (this.state.stage === CaseStage.Closed) return steps;
    if (this.full) steps.push(...this.afterReply(), ...(this.state.reply ? [] : [CaseAction.Merge]));
    const extension = this.pendingExtension()
      ? [CaseAction.DecideExtension]
      : this.state.stage !== CaseStage.Consultation && this.state.deadlines.some((d) => !this.isMet(d))
        ? [CaseAction.RequestExtension]
        : [];
    const clock = this.runningClockStop()
      ? [CaseAction.RestartClock]
      : this.state.deadlines.some((d) => !this.isMet(d)) ? [CaseAction.StopClock] : [];
    return [...steps, ...extension, ...clock, CaseAction.Withdraw];
  }

  /** Full procedure: the next step(s) the policy requires from the current stage. */
  private nextSteps(): CaseAction[] {
    const stage = this.state.stage;
    switch (stage) {
      case CaseStage.Assigned:
        return [CaseAction.Sign, ...(this.returnOpen() ? [CaseAction.Return] : [])];
      case CaseStage.ReturnRequested:
        return [CaseAction.DecideReturn];
      case CaseStage.Revision:
        return [CaseAction.DraftReply];
      case CaseStage.Rehandling:
        return [
          ...(this.requires('contact') ? [CaseAction.Contact] : []),
          this.requires('draft-reply') ? CaseAction.DraftReply : CaseAction.Reply,
        ];
      case CaseStage.Consultation:
        return [CaseAction.Consult];
      case CaseStage.Closed:
        return this.afterReply();
      default: {
        if (this.surveyOpen()) return [CaseAction.Survey];
        const done = CHAIN_STEPS.find((step) => STAGE_AFTER[step] === stage)!;
        const next = CHAIN_STEPS.slice(CHAIN_STEPS.indexOf(done) + 1).find((step) => this.requires(step));
        const actions = [next ? (next as CaseAction) : CaseAction.Survey];
        if (stage === CaseStage.Contacted) actions.unshift(CaseAction.Contact);
        if (stage === CaseStage.Drafted) actions.push(CaseAction.DraftReply);
        return actions;
      }
    }
  }

  /** Publication and the B-class follow-up, open from the reply (or the close) until done. */
  private afterReply(): CaseAction[] {
    if (this.state.closedAs === 'withdrawn') return [];
    const publish = this.requires('publish') && this.state.reply && !this.state.publication ? [CaseAction.Publish] : [];
    const followUp = this.state.stage === CaseStage.Closed && this.owesFollowUp() && !this.state.followUp ? [CaseAction.FollowUp] : [];
    return [...publish, ...followUp];
  }

  private returnOpen(): boolean {
    const window = this.state.returnWindow;
    const rejected = this.state.returns?.some((r) => r.unit === this.state.leadUnit && r.decision === 'reject');
    return this.requires('return') && window !== undefined && !rejected && new Date().getTime() < Date.parse(window.dueAt);
  }

  view(): CaseView {
    const state = JSON.parse(JSON.stringify(this.state)) as CaseState;
    return { ...state, ...(this.full ? { finished: this.finished() } : {}), allowedActions: this.allowedActions() };
  }

  // ---- checks (update validators) --------------------------------------------------------

  checkSignFor(input: SignForInput): void {
    this.checkAllowed(CaseAction.Sign, input);
  }

  checkWorkPlan(input: WorkPlanInput): void {
    this.checkAllowed(CaseAction.WorkPlan, input);
    this.checkFields(input, [
      text('summary', input.summary),
      text('responsible', input.responsible),
      date('plannedCompletionOn', input.plannedCompletionOn),
    ]);
  }

  checkContact(input: ContactInput): void {
    this.checkAllowed(CaseAction.Contact, input);
    this.checkFields(input, [oneOf('method', input.method, CONTACT_METHODS), date('contactedOn', input.contactedOn)]);
  }

  checkReply(input: ReplyInput): void {
    this.checkAllowed(CaseAction.Reply, input);
    if (this.full && this.requires('draft-reply')) {
      const given = (['text', 'classification', 'contactPerson', 'contactPhone'] as const).filter((f) => input[f] !== undefined);
      return this.checkFields(input, [
        ...given.map((field) => ({ field, problem: 'is not accepted: the reply sends the reviewed draft (change it with draft-reply)' })),
        input.repliedOn === undefined ? null : date('repliedOn', input.repliedOn),
      ]);
    }
    this.checkFields(input, [
      input.repliedOn === undefined ? null : date('repliedOn', input.repliedOn),
      ...this.replyContentProblems(input),
    ]);
  }

  checkVisit(input: VisitInput): void {
    this.checkAllowed(CaseAction.Visit, input);
    const participants = Array.isArray(input.participants) && input.participants.length > 0
      ? null
      : { field: 'participants', problem: 'must list at least one participant' };
    this.checkFields(input, [
      date('visitedOn', input.visitedOn),
      oneOf('method', input.method, CONTACT_METHODS),
      participants,
    ]);
  }

  checkSurvey(input: SurveyInput): void {
    this.checkAllowed(CaseAction.Survey, input);
    this.checkFields(input, [
      oneOf('result', input.result, SURVEY_ANSWERS),
      input.attitude === undefined ? null : oneOf('attitude', input.attitude, SURVEY_ANSWERS),
    ]);
    const submitter = this.surveyedSubmitter(input);
    if (!this.state.submitters.includes(submitter)) {
      this.refuseInput([{ field: 'submitter', problem: `must be one of: ${this.state.submitters.join(', ')}` }]);
    }
    if (this.state.surveys.some((s) => s.submitter === submitter && (s.round ?? 1) === this.round)) {
      throw this.refusal(CaseAction.Survey, `${submitter} has already answered the survey`);
    }
  }

  checkExtensionRequest(input: ExtensionRequestInput): void {
    this.checkAllowed(CaseAction.RequestExtension, input);
    const id = input.deadline ?? 'reply';
    const deadline = this.state.deadlines.find((d) => d.id === id && !this.isMet(d));
    this.checkFields(input, [
      deadline ? null : { field: 'deadline', problem: `must be an open deadline: ${this.openDeadlineIds().join(', ')}` },
      text('reason', input.reason),
      date('newDueOn', input.newDueOn),
    ]);
    const latest = id === 'reply' ? this.latestReplyExtension() : undefined;
    const problem = input.newDueOn <= deadline!.due.dueOn
      ? `must be after the current due date ${deadline!.due.dueOn}`
      : latest && input.newDueOn > latest
        ? `must be on or before ${latest}: the reply may be extended by ${this.input.policy.extension?.maxReplyExtensionMonths} months at most`
        : null;
    if (problem) this.refuseInput([{ field: 'newDueOn', problem }]);
  }

  checkExtensionDecision(input: ExtensionDecisionInput): void {
    this.checkAllowed(CaseAction.DecideExtension, input);
    if (typeof input.approve !== 'boolean') this.refuseInput([{ field: 'approve', problem: 'must be true or false' }]);
  }

  checkStopClock(input: StopClockInput): void {
    this.checkAllowed(CaseAction.StopClock, input);
    this.checkFields(input, [text('reason', input.reason)]);
  }

  checkRestartClock(input: RestartClockInput): void {
    this.checkAllowed(CaseAction.RestartClock, input);
    this.checkFields(input, [input.note === undefined ? null : text('note', input.note)]);
  }

  checkWithdraw(input: WithdrawInput): void {
    this.checkAllowed(CaseAction.Withdraw, input);
    this.checkFields(input, [text('reason', input.reason)]);
  }

  checkConsult(input: ConsultInput): void {
    this.checkAllowed(CaseAction.Consult, input);
    this.checkFields(input, [text('summary', input.summary), date('consultedOn', input.consultedOn)]);
  }

  // ---- the full procedure: checks ----------------------------------------------------------

  checkReturn(input: ReturnInput): void {
    const window = this.state.returnWindow;
    if (this.full && this.state.stage === CaseStage.Assigned && window && new Date().getTime() >= Date.parse(window.dueAt)) {
      throw this.refusal(CaseAction.Return, `the return window closed on ${window.dueOn}: a case not returned in time is handled as assigned (逾期未提出退办申请的，不作调整)`);
    }
    this.checkAllowed(CaseAction.Return, input);
    this.checkFields(input, [text('reason', input.reason)]);
  }

  checkReturnDecision(input: ReturnDecisionInput): void {
    this.checkAllowed(CaseAction.DecideReturn, input);
    const reassign = input.decision === 'reassign';
    this.checkFields(input, [
      oneOf('decision', input.decision, ['reject', 'reassign']),
      reassign ? text('newLeadUnit', input.newLeadUnit) : null,
      reassign && input.newLeadUnit === this.state.leadUnit ? { field: 'newLeadUnit', problem: 'must be another unit than the one returning the case' } : null,
      reassign && input.newLeadUnit !== undefined && this.input.coUnits.includes(input.newLeadUnit)
        ? { field: 'newLeadUnit', problem: 'is a co-unit of this case' } : null,
      input.note === undefined ? null : text('note', input.note),
    ]);
  }

  checkDraftReply(input: DraftReplyInput): void {
    this.checkAllowed(CaseAction.DraftReply, input);
    this.checkFields(input, this.replyContentProblems(input));
  }

  /** What a reply (or its draft) must carry: text, a mark of the policy's scheme, a contact. */
  private replyContentProblems(input: ReplyInput | DraftReplyInput): (FieldProblem | null)[] {
    return [
      text('text', input.text),
      oneOf('classification', input.classification, this.input.policy.classificationScheme),
      text('contactPerson', input.contactPerson),
      text('contactPhone', input.contactPhone),
    ];
  }

  checkCoSign(input: CoSignInput): void {
    this.checkAllowed(CaseAction.CoSign, input);
    const units = this.input.coUnits;
    this.checkFields(input, [oneOf('unit', input.unit, units), input.edits === undefined ? null : text('edits', input.edits)]);
    if (this.coSignedCurrentDraft().includes(input.unit)) {
      throw this.refusal(CaseAction.CoSign, `${input.unit} has already co-signed this draft`);
    }
    if (this.requires('co-opinion') && !this.state.coOpinions?.some((o) => o.unit === input.unit)) {
      throw this.refusal(CaseAction.CoSign, `${input.unit} has not given its co-unit opinion yet`);
    }
  }

  checkSignOff(input: SignOffInput): void {
    const waiting = this.missingCoOpinions();
    if (this.full && this.allowedActions().includes(CaseAction.SignOff) && waiting.length > 0) {
      throw this.refusal(CaseAction.SignOff, `waiting for the co-unit opinions of ${waiting.join(', ')}`);
    }
    this.checkAllowed(CaseAction.SignOff, input);
    this.checkFields(input, [input.note === undefined ? null : text('note', input.note)]);
  }

  checkReview(input: ReviewInput): void {
    this.checkAllowed(CaseAction.Review, input);
    const sendBack = input.decision === 'send-back';
    this.checkFields(input, [
      oneOf('decision', input.decision, ['approve', 'send-back']),
      input.classification === undefined ? null : oneOf('classification', input.classification, this.input.policy.classificationScheme),
      sendBack ? text('note', input.note) : input.note === undefined ? null : text('note', input.note),
      sendBack && input.classification !== undefined ? { field: 'classification', problem: 'is only changed when approving' } : null,
    ]);
  }

  checkPublish(input: PublishInput): void {
    this.checkAllowed(CaseAction.Publish, input);
    this.checkFields(input, [
      typeof input.public === 'boolean' ? null : { field: 'public', problem: 'must be true or false' },
      input.public === false ? text('reason', input.reason) : input.reason === undefined ? null : text('reason', input.reason),
      input.redacted === undefined || typeof input.redacted === 'boolean' ? null : { field: 'redacted', problem: 'must be true or false' },
    ]);
  }

  checkFollowUp(input: FollowUpInput): void {
    this.checkAllowed(CaseAction.FollowUp, input);
    this.checkFields(input, [text('report', input.report), date('reportedOn', input.reportedOn)]);
  }

  checkMerge(input: MergeInput): void {
    this.checkAllowed(CaseAction.Merge, input);
    const cases = Array.isArray(input.cases) ? input.cases : [];
    this.checkFields(input, [
      cases.length > 0 && cases.every((c) => typeof c === 'string' && c.length > 0)
        ? null : { field: 'cases', problem: 'must list at least one other case id' },
      cases.includes(this.input.caseId) ? { field: 'cases', problem: 'must not include this case' } : null,
      text('reason', input.reason),
    ]);
  }

  // ---- changes (update handlers) ---------------------------------------------------------

  applySignFor(input: SignForInput, at: Date): void {
    this.meetDeadlines(CaseAction.Sign, at);
    this.completeStep('sign', at);
    this.advance(CaseStage.Signed, CaseAction.Sign, this.actor(input), at, {});
  }

  applyWorkPlan(input: WorkPlanInput, at: Date): void {
    this.state.workPlan = { ...stepFields(input), submittedAt: at.toISOString() };
    this.meetDeadlines(CaseAction.WorkPlan, at);
    this.completeStep('work-plan', at);
    this.advance(CaseStage.Planned, CaseAction.WorkPlan, this.actor(input), at, {
      responsible: input.responsible,
      plannedCompletionOn: input.plannedCompletionOn,
    });
  }

  applyContact(input: ContactInput, at: Date): void {
    this.state.contacts.push({ ...stepFields(input), recordedAt: at.toISOString() });
    this.meetDeadlines(CaseAction.Contact, at);
    this.completeStep('contact', at);
    this.advance(CaseStage.Contacted, CaseAction.Contact, this.actor(input), at, {
      method: input.method,
      contactedOn: input.contactedOn,
    });
  }

  applyReply(input: ReplyInput, at: Date): void {
    const round = this.rehandling ? { round: this.round } : {};
    if (this.full) {
      const draft = this.state.draft;
      const content = this.requires('draft-reply') && draft
        ? { text: draft.text, classification: draft.classification, contactPerson: draft.contactPerson, contactPhone: draft.contactPhone }
        : stepFields(input);
      this.state.reply = {
        ...content, repliedAt: at.toISOString(), repliedTo: [...this.state.submitters], ...round,
        ...(input.repliedOn ? { repliedOn: input.repliedOn } : {}),
      };
    } else {
      this.state.reply = { ...stepFields(input), repliedAt: at.toISOString(), ...round };
    }
    this.meetDeadlines(CaseAction.Reply, at);
    this.completeStep('reply', at);
    this.advance(CaseStage.Replied, CaseAction.Reply, this.actor(input), at, {
      classification: this.state.reply.classification,
      ...(this.full ? { repliedTo: this.state.submitters } : {}),
    });
  }

  applyVisit(input: VisitInput, at: Date): void {
    this.state.visit = { ...stepFields(input), recordedAt: at.toISOString() };
    this.completeStep('visit', at);
    this.advance(CaseStage.Visited, CaseAction.Visit, this.actor(input), at, {
      visitedOn: input.visitedOn,
      method: input.method,
    });
  }

  applySurvey(input: SurveyInput, at: Date): void {
    const submitter = this.surveyedSubmitter(input);
    const recordedBy = input.actor ?? (input.proxyEntry ? 'office' : submitter);
    this.state.surveys.push({
      submitter,
      result: input.result,
      ...(input.attitude ? { attitude: input.attitude } : {}),
      ...(this.rehandling ? { round: this.round } : {}),
      proxyEntry: input.proxyEntry ?? false,
      recordedAt: at.toISOString(),
      recordedBy,
    });
    const details = { submitter, result: input.result, proxyEntry: input.proxyEntry ?? false };
    if (!this.everyoneAnswered()) return this.record(CaseAction.Survey, recordedBy, at, details);
    if (!this.rehandling) {
      this.state.closedAt = at.toISOString();
      return this.advance(CaseStage.Closed, CaseAction.Survey, recordedBy, at, details);
    }
    this.record(CaseAction.Survey, recordedBy, at, details);
    this.settleRound(at);
  }

  /** The survey window ended: whoever has not answered is recorded by the policy's rule. */
  applyNoResponse(at: Date): void {
    const missing = this.state.submitters.filter((s) => !this.answeredThisRound(s));
    const result = this.input.policy.survey?.noResponse === 'satisfied' ? 'satisfied' : 'no-response';
    for (const submitter of missing) {
      this.state.surveys.push({ submitter, result, round: this.round, proxyEntry: false, recordedAt: at.toISOString(), recordedBy: 'system' });
    }
    this.record('no-response', 'system', at, { submitters: missing, recordedAs: result });
    this.settleRound(at);
  }

  roundSettled(round: number): boolean {
    return (this.state.roundsSettled ?? 0) >= round;
  }

  repliedInRound(round: number): boolean {
    return this.state.reply !== undefined && (this.state.reply.round ?? 1) === round;
  }

  openSurveyWindow(round: number, due: DueDate): void {
    this.state.surveyWindows?.push({ round, due });
  }

  applyExtensionRequest(input: ExtensionRequestInput, at: Date): void {
    const id = input.deadline ?? 'reply';
    const deadline = this.state.deadlines.find((d) => d.id === id)!;
    const requestedBy = input.actor ?? this.state.leadUnit;
    (this.state.extensions ??= []).push({
      deadline: id, fromDueOn: deadline.due.dueOn, newDueOn: input.newDueOn, reason: input.reason,
      requestedBy, requestedAt: at.toISOString(), status: 'pending',
    });
    this.record(CaseAction.RequestExtension, requestedBy, at, { deadline: id, newDueOn: input.newDueOn });
  }

  /** An approved extension moves the deadline (a new revision: its alerts are planned anew). */
  applyExtensionDecision(input: ExtensionDecisionInput, at: Date): void {
    const request = this.pendingExtension()!;
    Object.assign(request, {
      status: input.approve ? 'approved' : 'rejected', decidedBy: input.actor ?? 'office', decidedAt: at.toISOString(),
      ...(input.note ? { note: input.note } : {}),
    });
    if (input.approve) {
      const deadline = this.state.deadlines.find((d) => d.id === request.deadline)!;
      this.move(deadline, {
        ...deadline.due,
        dueOn: request.newDueOn,
        dueAt: endOfChinaDay(request.newDueOn),
        extendedFrom: deadline.due.dueOn,
        explanation: `${deadline.due.explanation}；经批准延期至${request.newDueOn}`,
      }, at);
    }
    this.record(CaseAction.DecideExtension, request.decidedBy!, at, { deadline: request.deadline, approved: input.approve });
  }

  private pendingExtension(): ExtensionRecord | undefined {
    return this.state.extensions?.find((e) => e.status === 'pending');
  }

  private openDeadlineIds(): string[] {
    return this.state.deadlines.filter((d) => !this.isMet(d)).map((d) => d.id);
  }

  /** The latest date the reply may be extended to: its first due date plus the policy's maximum. */
  private latestReplyExtension(): string | undefined {
    const months = this.input.policy.extension?.maxReplyExtensionMonths;
    const first = this.state.extensions?.find((e) => e.deadline === 'reply')?.fromDueOn
      ?? this.state.deadlines.find((d) => d.id === 'reply')?.due.dueOn;
    return months === undefined || !first ? undefined : addCalendarMonths(first, months).date;
  }

  /** Every open deadline stops counting: a new revision, suspended, its pending alerts cancelled. */
  applyStopClock(input: StopClockInput, at: Date): void {
    const by = input.actor ?? 'office';
    (this.state.clockStops ??= []).push({ since: at.toISOString(), reason: input.reason, by });
    const stopped = this.state.deadlines.filter((d) => !this.isMet(d));
    for (const d of stopped) {
      d.suspended = true;
      d.revision = (d.revision ?? 1) + 1;
      this.cancelAlerts(d);
    }
    this.record(CaseAction.StopClock, by, at, { reason: input.reason, deadlines: stopped.map((d) => d.id) });
  }

  /** The suspended deadlines move by the calendar days the clock stood still, and count again. */
  applyRestartClock(input: RestartClockInput, at: Date): void {
    const stop = this.runningClockStop()!;
    const days = daysBetween(chinaDateOf(stop.since), chinaDateOf(at));
    Object.assign(stop, { until: at.toISOString(), days });
    for (const d of this.state.deadlines.filter((x) => x.suspended)) {
      const dueOn = addCalendarDays(d.due.dueOn, days);
      d.suspended = false;
      this.move(d, { ...d.due, dueOn, dueAt: endOfChinaDay(dueOn), explanation: `${d.due.explanation}；中止${days}天，顺延至${dueOn}` }, at);
    }
    this.record(CaseAction.RestartClock, input.actor ?? 'office', at, { days, ...(input.note ? { note: input.note } : {}) });
  }

  private runningClockStop(): ClockStop | undefined {
    return this.state.clockStops?.find((c) => c.until === undefined);
  }

  /** Withdrawn: closed with the reason; open deadlines stop counting and their alerts are cancelled. */
  applyWithdraw(input: WithdrawInput, at: Date): void {
    const by = input.actor ?? 'office';
    this.state.withdrawal = { reason: input.reason, by, at: at.toISOString() };
    this.state.closedAs = 'withdrawn';
    this.state.closedAt = at.toISOString();
    for (const d of this.state.deadlines) this.cancelAlerts(d);
    this.advance(CaseStage.Closed, CaseAction.Withdraw, by, at, { reason: input.reason });
  }

  applyConsult(input: ConsultInput, at: Date): void {
    this.state.consultation = { ...stepFields(input), recordedAt: at.toISOString() };
    this.close('dissatisfied', at);
    this.advance(CaseStage.Closed, CaseAction.Consult, input.actor ?? 'office', at, { consultedOn: input.consultedOn });
  }

  // ---- the full procedure: changes ---------------------------------------------------------

  /** The window in which the lead unit may return the case (set once its due date is known). */
  setReturnWindow(due: DueDate): void {
    this.state.returnWindow = due;
  }

  applyReturn(input: ReturnInput, at: Date): void {
    const unit = this.state.leadUnit;
    (this.state.returns ??= []).push({ unit, reason: input.reason, requestedAt: at.toISOString() });
    for (const d of this.state.deadlines.filter((x) => x.id === 'sign' && !this.isMet(x))) this.suspend(d);
    const rule = this.input.policy.returns?.decision;
    if (rule) this.requests.push({ kind: 'open', id: 'return-decision', step: CaseAction.DecideReturn, rule, from: chinaDateOf(at), since: at });
    this.advance(CaseStage.ReturnRequested, CaseAction.Return, this.actor(input), at, { reason: input.reason });
  }

  /**
   * 驳回: the unit must handle the case; 调整: another unit takes it over. Either way the sign-for
   * deadline counts again from the decision; on reassignment the reply deadline restarts if the
   * policy says so.
   */
  applyReturnDecision(input: ReturnDecisionInput, at: Date): void {
    const request = this.state.returns!.at(-1)!;
    const by = input.actor ?? 'office';
    Object.assign(request, {
      decision: input.decision, decidedAt: at.toISOString(), decidedBy: by,
      ...(input.newLeadUnit && input.decision === 'reassign' ? { newLeadUnit: input.newLeadUnit } : {}),
      ...(input.note ? { note: input.note } : {}),
    });
    const from = chinaDateOf(at);
    const policy = this.input.policy;
    const signRule = policy.steps?.sign?.deadline;
    if (input.decision === 'reassign') {
      this.state.leadUnit = input.newLeadUnit!;
      if (signRule) this.requests.push({ kind: 'move', id: 'sign', rule: signRule, from, note: `调整至${input.newLeadUnit}，自${from}起重新计算` });
      if (policy.returns?.onReassign === 'restart-reply-deadline') {
        const replyRule = this.input.complex ? policy.deadlines.replyComplex : policy.deadlines.reply;
        this.requests.push({ kind: 'move', id: 'reply', rule: replyRule, from, note: `调整承办单位，答复期限自${from}起重新计算` });
      }
      if (policy.returns?.window) this.requests.push({ kind: 'return-window', rule: policy.returns.window, from });
    } else if (signRule) {
      this.requests.push({ kind: 'move', id: 'sign', rule: signRule, from, note: `退回申请被驳回，自${from}起重新计算` });
    }
    this.advance(CaseStage.Assigned, CaseAction.DecideReturn, by, at, {
      decision: input.decision,
      ...(input.decision === 'reassign' ? { from: request.unit, to: input.newLeadUnit } : {}),
    });
  }

  applyDraftReply(input: DraftReplyInput, at: Date): void {
    const version = (this.state.draft?.version ?? 0) + 1;
    this.state.draft = { ...stepFields(input), draftedAt: at.toISOString(), version };
    this.completeStep('draft-reply', at);
    this.advance(CaseStage.Drafted, CaseAction.DraftReply, this.actor(input), at, { classification: input.classification, version });
  }

  applyCoSign(input: CoSignInput, at: Date): void {
    const by = input.actor ?? input.unit;
    this.state.coSigns!.push({ unit: input.unit, ...(input.edits ? { edits: input.edits } : {}), at: at.toISOString(), by, draftVersion: this.state.draft!.version });
    const details = { unit: input.unit, edited: input.edits !== undefined };
    if (this.coSignedCurrentDraft().length < this.input.coUnits.length) return this.record(CaseAction.CoSign, by, at, details);
    this.completeStep('co-sign', at);
    this.advance(CaseStage.CoSigned, CaseAction.CoSign, by, at, details);
  }

  applySignOff(input: SignOffInput, at: Date): void {
    const by = input.actor ?? `${this.state.leadUnit}负责人`;
    this.state.signOff = { by, at: at.toISOString(), ...(input.note ? { note: input.note } : {}) };
    this.completeStep('sign-off', at);
    this.advance(CaseStage.SignedOff, CaseAction.SignOff, by, at, {});
  }

  applyReview(input: ReviewInput, at: Date): void {
    const by = input.actor ?? 'supervisor';
    const draft = this.state.draft!;
    const changed = input.decision === 'approve' && input.classification !== undefined && input.classification !== draft.classification;
    (this.state.reviews ??= []).push({
      decision: input.decision, by, at: at.toISOString(),
      ...(changed ? { classification: input.classification, classificationChangedFrom: draft.classification } : {}),
      ...(input.note ? { note: input.note } : {}),
    });
    if (changed) draft.classification = input.classification!;
    if (input.decision === 'send-back') {
      return this.advance(CaseStage.Revision, CaseAction.Review, by, at, { decision: 'send-back', note: input.note });
    }
    this.completeStep('review', at);
    this.advance(CaseStage.Reviewed, CaseAction.Review, by, at, {
      decision: 'approve', classification: draft.classification,
      ...(changed ? { classificationChangedFrom: this.state.reviews.at(-1)!.classificationChangedFrom } : {}),
    });
  }

  applyPublish(input: PublishInput, at: Date): void {
    const by = input.actor ?? 'office';
    this.state.publication = {
      public: input.public, redacted: input.redacted ?? false, at: at.toISOString(), by,
      ...(input.reason ? { reason: input.reason } : {}),
    };
    this.meetDeadlines(CaseAction.Publish, at);
    this.record(CaseAction.Publish, by, at, { public: input.public, ...(input.reason ? { reason: input.reason } : {}) });
  }

  applyFollowUp(input: FollowUpInput, at: Date): void {
    this.state.followUp = { ...stepFields(input), recordedAt: at.toISOString() };
    this.meetDeadlines(CaseAction.FollowUp, at);
    this.record(CaseAction.FollowUp, this.actor(input), at, { reportedOn: input.reportedOn });
  }

  applyMerge(input: MergeInput, at: Date): void {
    const merged = new Set([...(this.state.mergedWith ?? []), ...input.cases]);
    this.state.mergedWith = [...merged];
    this.record(CaseAction.Merge, input.actor ?? 'office', at, { cases: input.cases, reason: input.reason });
  }

  /** A co-unit's child workflow ended with its opinion. */
  recordCoOpinion(opinion: CoUnitOpinion, at: Date): void {
    this.state.coOpinions?.push(opinion);
    this.record('co-opinion', opinion.givenBy, at, { unit: opinion.unit });
  }

  /** A computed due date arrives: the deadline opens, moves (a new revision) or the window is set. */
  applyDeadlineRequest(request: DeadlineRequest, due: DueDate): CaseDeadline | undefined {
    if (request.kind === 'return-window') return void this.setReturnWindow(due);
    if (request.kind === 'open') return this.openDeadline(request.id, request.step, due, request.since);
    const deadline = this.state.deadlines.find((d) => d.id === request.id);
    if (!deadline || this.isMet(deadline)) return undefined;
    this.cancelAlerts(deadline);
    deadline.suspended = false;
    this.move(deadline, { ...due, explanation: `${due.explanation}；${request.note}` }, new Date());
    return undefined;
  }

  /**
   * The deadline gets a new due date under a new revision (its ladder and watch follow it); an
   * overdue deadline whose new date is still ahead is open again.
   */
  private move(deadline: CaseDeadline, due: DueDate, at: Date): void {
    deadline.due = due;
    deadline.revision = (deadline.revision ?? 1) + 1;
    if (deadline.status === 'overdue' && Date.parse(due.dueAt) > at.getTime()) {
      deadline.status = 'open';
      delete deadline.overdueSince;
    }
    this.state.overdue = this.state.deadlines.some((d) => d.status === 'overdue');
  }

  /** Units that have not yet given the opinion the policy requires. */
  missingCoOpinions(): string[] {
    if (!this.requires('co-opinion')) return [];
    return this.input.coUnits.filter((u) => !this.state.coOpinions?.some((o) => o.unit === u));
  }

  private coSignedCurrentDraft(): string[] {
    const version = this.state.draft?.version;
    return (this.state.coSigns ?? []).filter((c) => c.draftVersion === version).map((c) => c.unit);
  }

  private suspend(deadline: CaseDeadline): void {
    deadline.suspended = true;
    deadline.revision = (deadline.revision ?? 1) + 1;
    this.cancelAlerts(deadline);
  }

  /**
   * A chain step is done: its deadline is met, and the next required step's deadline, when the
   * policy counts it from the previous step, is asked for.
   */
  private completeStep(step: ChainStep, at: Date): void {
    if (!this.full) return;
    if (step !== 'reply') this.meetDeadlines(step as CaseAction, at);
    const next = CHAIN_STEPS.slice(CHAIN_STEPS.indexOf(step) + 1).find((s) => this.requires(s));
    const rule = next && next !== 'reply' ? this.input.policy.steps[next]?.deadline : undefined;
    const opened = next ? this.state.deadlines.some((d) => d.id === next && !this.isMet(d)) : true;
    if (next && rule?.from === 'previous-step' && !opened) {
      this.requests.push({ kind: 'open', id: next, step: next as CaseAction, rule, from: chinaDateOf(at), since: at });
    }
    if (step === 'reply' && this.requires('publish') && !this.state.deadlines.some((d) => d.id === 'publish')) {
      const publish = this.input.policy.steps.publish?.deadline;
      if (publish) this.requests.push({ kind: 'open', id: 'publish', step: CaseAction.Publish, rule: publish, from: publish.from === 'previous-step' ? chinaDateOf(at) : this.startOf(publish), since: at });
    }
  }

  /** The case closes as `closedAs`; a follow-up report deadline opens when the mark owes one. */
  private close(closedAs: NonNullable<CaseState['closedAs']>, at: Date): void {
    this.state.closedAs = closedAs;
    this.state.closedAt = at.toISOString();
    const rule = this.input.policy.followUp?.deadline;
    if (this.full && this.owesFollowUp() && rule) {
      this.requests.push({ kind: 'open', id: 'follow-up', step: CaseAction.FollowUp, rule, from: chinaDateOf(at), since: at });
    }
  }

  /** Every answer of the round is in: close, re-handle, or send the case to the office. */
  private settleRound(at: Date): void {
    const answers = this.state.surveys.filter((s) => (s.round ?? 1) === this.round);
    this.state.roundsSettled = this.round;
    if (answers.some((a) => a.result === 'dissatisfied')) {
      const maxRounds = this.input.policy.rehandling?.maxRounds ?? 0;
      if (this.round <= maxRounds) {
        this.state.round = this.round + 1;
        return this.advance(CaseStage.Rehandling, 'rehandle', 'system', at, { round: this.state.round });
      }
      return this.advance(CaseStage.Consultation, 'to-consultation', 'system', at, { rounds: this.round });
    }
    this.close(answers.every((a) => a.result === 'no-response') ? 'no-response' : 'satisfied', at);
    this.state.stage = CaseStage.Closed;
  }

  private everyoneAnswered(): boolean {
    return this.state.submitters.every((s) => this.answeredThisRound(s));
  }

  private answeredThisRound(submitter: string): boolean {
    return this.state.surveys.some((r) => r.submitter === submitter && (r.round ?? 1) === this.round);
  }

  // ---- deadlines -------------------------------------------------------------------------

  /** Opens a deadline; a step already done (since `since`, if given) meets it at once. */
  openDeadline(id: CaseDeadline['id'], step: CaseAction, due: DueDate, since?: Date): CaseDeadline {
    const deadline: CaseDeadline = { id, step, due, status: 'open' };
    this.state.deadlines.push(deadline);
    const done = this.state.history.find((h) => h.action === step && (!since || Date.parse(h.at) >= since.getTime()));
    if (done) this.meet(deadline, new Date(done.at));
    return deadline;
  }

  isMet(deadline: CaseDeadline): boolean {
    return deadline.status === 'met' || deadline.status === 'met-late';
  }

  markOverdue(deadline: CaseDeadline, at: Date): void {
    deadline.status = 'overdue';
    deadline.overdueSince = deadline.due.dueAt; // not when banli noticed: a case may be launched late
    this.state.overdue = true;
    this.record('deadline-passed', 'system', at, { deadline: deadline.id, dueOn: deadline.due.dueOn });
  }

  /**
   * Records a deadline's planned alerts. Rungs already past when the case started were never
   * due in banli's life: only the latest of them is still sent, the others are skipped.
   */
  planAlerts(deadline: CaseDeadline, plan: ScheduledAlert[], startedAt: Date): CaseAlert[] {
    const missed = plan.filter((a) => Date.parse(a.deliverAt) < startedAt.getTime());
    const earlier = (deadline.alerts ?? []).filter((a) => a.status !== 'scheduled');
    deadline.alerts = [...earlier, ...plan.map((a) => ({
      alertId: a.alertId,
      kind: a.kind,
      rungId: a.rungId,
      recipients: a.recipients,
      deliverAt: a.deliverAt,
      heldForQuietHours: a.heldForQuietHours,
      title: a.title,
      status: missed.slice(0, -1).includes(a) ? ('skipped' as const) : ('scheduled' as const),
    }))];
    return deadline.alerts.filter((a) => a.status === 'scheduled');
  }

  markAlertSent(alert: CaseAlert, at: Date): void {
    alert.status = 'sent';
    alert.sentAt = at.toISOString();
  }

  /** The step was done: alerts not yet sent are not sent. */
  cancelAlerts(deadline: CaseDeadline): void {
    for (const a of deadline.alerts ?? []) if (a.status === 'scheduled') a.status = 'cancelled';
  }

  private meetDeadlines(step: CaseAction, at: Date): void {
    for (const d of this.state.deadlines.filter((d) => d.step === step && !this.isMet(d))) this.meet(d, at);
  }

  private meet(deadline: CaseDeadline, at: Date): void {
    deadline.status = at.getTime() >= Date.parse(deadline.due.dueAt) ? 'met-late' : 'met';
    deadline.metAt = at.toISOString();
    this.state.overdue = this.state.deadlines.some((d) => d.status === 'overdue');
  }

  // ---- helpers ---------------------------------------------------------------------------

  private checkAllowed(action: CaseAction, input: unknown): void {
    if (!this.allowedActions().includes(action)) {
      throw this.refusal(action, `${action} is not allowed at stage ${this.state.stage}`);
    }
    if (typeof input !== 'object' || input === null) {
      this.refuseInput([{ field: '(body)', problem: 'must be an object' }]);
    }
  }

  private checkFields(input: StepInputLike, problems: (FieldProblem | null)[]): void {
    const found = problems.filter((p): p is FieldProblem => p !== null);
    if (input.actor !== undefined) {
      const p = text('actor', input.actor);
      if (p) found.push(p);
    }
    if (found.length > 0) this.refuseInput(found);
  }

  private refusal(action: CaseAction, message: string): ApplicationFailure {
    return ApplicationFailure.create({
      type: CaseErrorType.StepNotAllowed,
      message,
      nonRetryable: true,
      details: [{ action, stage: this.state.stage, allowedActions: this.allowedActions() }],
    });
  }

  private refuseInput(problems: FieldProblem[]): never {
    throw ApplicationFailure.create({
      type: CaseErrorType.InvalidStepInput,
      message: problems.map((p) => `${p.field} ${p.problem}`).join('; '),
      nonRetryable: true,
      details: [{ stage: this.state.stage, problems }],
    });
  }

  private surveyedSubmitter(input: SurveyInput): string {
    if (input.submitter !== undefined) return input.submitter;
    return this.state.submitters.length === 1 ? this.state.submitters[0] : '';
  }

  private actor(input: StepInputLike): string {
    return input.actor ?? this.state.leadUnit;
  }

  private advance(stage: CaseStage, action: HistoryEntry['action'], actor: string, at: Date, details: Record<string, unknown>): void {
    this.state.stage = stage;
    this.record(action, actor, at, details);
  }

  private record(action: HistoryEntry['action'], actor: string, at: Date, details: Record<string, unknown>): void {
    this.state.history.push({ seq: this.state.history.length + 1, action, actor, at: at.toISOString(), details });
  }
}

/** Calendar days from one date to another (0 for the same day). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
