/**
 * A case's state and the rules for changing it, free of Temporal's runtime so the rules can be
 * unit-tested directly. `check*` methods refuse a step (throwing an ApplicationFailure the
 * update validator passes on); `apply*` methods change the state and are only called after
 * the matching check passed.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ScheduledAlert } from '../../libs/alerts';
import type { DueDate } from '../../libs/calendar';
import { addCalendarDays, addCalendarMonths, chinaDateOf, endOfChinaDay } from '../../libs/calendar/iso-date';
import {
  CaseAction,
  CaseAlert,
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
import { ALLOWED, date, oneOf, stepFields, StepInputLike, text } from './case-rules';



export class CaseFile {
  readonly state: CaseState;

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
    const steps = [...ALLOWED[this.state.stage]];
    if (this.state.stage === CaseStage.Closed) return steps;
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

  view(): CaseView {
    return { ...(JSON.parse(JSON.stringify(this.state)) as CaseState), allowedActions: this.allowedActions() };
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
    this.checkFields(input, [
      text('text', input.text),
      oneOf('classification', input.classification, this.input.policy.classificationScheme),
      text('contactPerson', input.contactPerson),
      text('contactPhone', input.contactPhone),
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

  // ---- changes (update handlers) ---------------------------------------------------------

  applySignFor(input: SignForInput, at: Date): void {
    this.meetDeadlines(CaseAction.Sign, at);
    this.advance(CaseStage.Signed, CaseAction.Sign, this.actor(input), at, {});
  }

  applyWorkPlan(input: WorkPlanInput, at: Date): void {
    this.state.workPlan = { ...stepFields(input), submittedAt: at.toISOString() };
    this.meetDeadlines(CaseAction.WorkPlan, at);
    this.advance(CaseStage.Planned, CaseAction.WorkPlan, this.actor(input), at, {
      responsible: input.responsible,
      plannedCompletionOn: input.plannedCompletionOn,
    });
  }

  applyContact(input: ContactInput, at: Date): void {
    this.state.contacts.push({ ...stepFields(input), recordedAt: at.toISOString() });
    this.meetDeadlines(CaseAction.Contact, at);
    this.advance(CaseStage.Contacted, CaseAction.Contact, this.actor(input), at, {
      method: input.method,
      contactedOn: input.contactedOn,
    });
  }

  applyReply(input: ReplyInput, at: Date): void {
    this.state.reply = { ...stepFields(input), repliedAt: at.toISOString(), ...(this.rehandling ? { round: this.round } : {}) };
    this.meetDeadlines(CaseAction.Reply, at);
    this.advance(CaseStage.Replied, CaseAction.Reply, this.actor(input), at, {
      classification: input.classification,
    });
  }

  applyVisit(input: VisitInput, at: Date): void {
    this.state.visit = { ...stepFields(input), recordedAt: at.toISOString() };
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
      deadline.due = {
        ...deadline.due,
        dueOn: request.newDueOn,
        dueAt: endOfChinaDay(request.newDueOn),
        extendedFrom: deadline.due.dueOn,
        explanation: `${deadline.due.explanation}；经批准延期至${request.newDueOn}`,
      };
      deadline.revision = (deadline.revision ?? 1) + 1;
      if (deadline.status === 'overdue' && Date.parse(deadline.due.dueAt) > at.getTime()) {
        deadline.status = 'open';
        delete deadline.overdueSince;
      }
      this.state.overdue = this.state.deadlines.some((d) => d.status === 'overdue');
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
      d.due = { ...d.due, dueOn, dueAt: endOfChinaDay(dueOn), explanation: `${d.due.explanation}；中止${days}天，顺延至${dueOn}` };
      d.suspended = false;
      d.revision = (d.revision ?? 1) + 1;
      if (d.status === 'overdue' && Date.parse(d.due.dueAt) > at.getTime()) {
        d.status = 'open';
        delete d.overdueSince;
      }
    }
    this.state.overdue = this.state.deadlines.some((d) => d.status === 'overdue');
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
    this.state.closedAs = 'dissatisfied';
    this.state.closedAt = at.toISOString();
    this.advance(CaseStage.Closed, CaseAction.Consult, input.actor ?? 'office', at, { consultedOn: input.consultedOn });
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
    this.state.closedAs = answers.every((a) => a.result === 'no-response') ? 'no-response' : 'satisfied';
    this.state.closedAt = at.toISOString();
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
