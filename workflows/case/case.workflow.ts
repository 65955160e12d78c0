import {
  allHandlersFinished,
  condition,
  patched,
  setHandler,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { DeadlineRule, IsoDate } from '../../libs/calendar';
import type { PolicyDeadline } from '../../libs/policy';
import { chinaDateOf } from '../../libs/calendar/iso-date';
import { CaseFile } from './case-file';
import { coUnitWorkflow } from './co-unit.workflow';
import { computeDueDate, DeadlineHost, runLadder, watchDeadline } from './deadline-tracking';
import {
  CaseAction,
  CHAIN_STEPS,
  coSignUpdate,
  coUnitWorkflowId,
  decideReturnUpdate,
  draftReplyUpdate,
  followUpUpdate,
  mergeUpdate,
  publishUpdate,
  requestReturnUpdate,
  reviewUpdate,
  signOffUpdate,
  CaseDeadline,
  CaseInput,
  CasePatch,
  CaseSearch,
  STEP_DEADLINES,
  CaseStage,
  CaseView,
  getStateQuery,
  decideExtensionUpdate,
  recordConsultationUpdate,
  recordContactUpdate,
  recordSurveyUpdate,
  recordVisitUpdate,
  requestExtensionUpdate,
  restartClockUpdate,
  signForUpdate,
  stopClockUpdate,
  submitReplyUpdate,
  submitWorkPlanUpdate,
  withdrawUpdate,
} from './case.definitions';

/** One NPC suggestion, CPPCC proposal or hotline ticket, from assignment to closed (and published). */
export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  const startedAt = new Date();
  const file = new CaseFile(input, startedAt);
  if (patched(CasePatch.Rehandling)) file.enableRehandling();
  const full = patched(CasePatch.FullProcedure);
  if (full) file.enableFullProcedure();

  setHandler(getStateQuery, () => file.view());
  registerStep(signForUpdate, (i) => file.checkSignFor(i), (i, at) => file.applySignFor(i, at));
  registerStep(submitWorkPlanUpdate, (i) => file.checkWorkPlan(i), (i, at) => file.applyWorkPlan(i, at));
  registerStep(recordContactUpdate, (i) => file.checkContact(i), (i, at) => file.applyContact(i, at));
  registerStep(submitReplyUpdate, (i) => file.checkReply(i), (i, at) => file.applyReply(i, at));
  registerStep(recordVisitUpdate, (i) => file.checkVisit(i), (i, at) => file.applyVisit(i, at));
  registerStep(recordSurveyUpdate, (i) => file.checkSurvey(i), (i, at) => file.applySurvey(i, at));
  registerStep(recordConsultationUpdate, (i) => file.checkConsult(i), (i, at) => file.applyConsult(i, at));
  registerStep(requestExtensionUpdate, (i) => file.checkExtensionRequest(i), (i, at) => file.applyExtensionRequest(i, at));
  registerStep(decideExtensionUpdate, (i) => file.checkExtensionDecision(i), (i, at) => file.applyExtensionDecision(i, at));
  registerStep(withdrawUpdate, (i) => file.checkWithdraw(i), (i, at) => file.applyWithdraw(i, at));
  registerStep(stopClockUpdate, (i) => file.checkStopClock(i), (i, at) => file.applyStopClock(i, at));
  registerStep(restartClockUpdate, (i) => file.checkRestartClock(i), (i, at) => file.applyRestartClock(i, at));
  registerStep(requestReturnUpdate, (i) => file.checkReturn(i), (i, at) => file.applyReturn(i, at));
  registerStep(decideReturnUpdate, (i) => file.checkReturnDecision(i), (i, at) => file.applyReturnDecision(i, at));
  registerStep(draftReplyUpdate, (i) => file.checkDraftReply(i), (i, at) => file.applyDraftReply(i, at));
  registerStep(coSignUpdate, (i) => file.checkCoSign(i), (i, at) => file.applyCoSign(i, at));
  registerStep(signOffUpdate, (i) => file.checkSignOff(i), (i, at) => file.applySignOff(i, at));
  registerStep(reviewUpdate, (i) => file.checkReview(i), (i, at) => file.applyReview(i, at));
  registerStep(publishUpdate, (i) => file.checkPublish(i), (i, at) => file.applyPublish(i, at));
  registerStep(followUpUpdate, (i) => file.checkFollowUp(i), (i, at) => file.applyFollowUp(i, at));
  registerStep(mergeUpdate, (i) => file.checkMerge(i), (i, at) => file.applyMerge(i, at));

  const host = caseHost(file, startedAt);
  if (full) return fullProcedure(file, host);

  const deadlines = patched(CasePatch.StepDeadlines) ? await openStepDeadlines(file) : [await openReplyDeadline(file)];
  const reply = deadlines.find((d) => d.id === 'reply')!;
  upsertSearchAttributes([{ key: CaseSearch.replyDue, value: new Date(reply.due.dueAt) }]);

  const laddersOn = patched(CasePatch.AlertLadder);
  // Order matters for replay: every ladder is started before any watch.
  const ladders = laddersOn ? deadlines.map((d) => runLadder(host, d)) : [];
  const watches = deadlines.map((d) => watchDeadline(host, d));
  const track = (d: CaseDeadline) => [...(laddersOn ? [runLadder(host, d)] : []), watchDeadline(host, d)];
  const closed = file.rehandling ? surveyRounds(file, track) : condition(() => file.stage === CaseStage.Closed);
  await Promise.all([...watches, ...ladders, closed]);
  await condition(allHandlersFinished);
  return file.view();

  function registerStep<I>(
    update: UpdateDefinition<CaseView, [I]>,
    check: (input: I) => void,
    apply: (input: I, at: Date) => void,
  ): void {
    setHandler(
      update,
      (stepInput: I) => {
        changing(file, () => apply(stepInput, new Date()));
        return file.view();
      },
      { validator: check },
    );
  }
}

/**
 * The full procedure (CasePatch.FullProcedure): every step the policy requires, co-unit opinions
 * as child workflows, deadlines counted from assignment, the session's close or the previous
 * step, and publication and follow-up after closing.
 */
async function fullProcedure(file: CaseFile, host: DeadlineHost): Promise<CaseView> {
  const { policy, complex } = file.input;
  const due = (rule: DeadlineRule, from: IsoDate) => computeDueDate(rule, from, file.input.jurisdiction);
  const track = (d: CaseDeadline) => [runLadder(host, d), watchDeadline(host, d)];

  // Steps counted from assignment (or the session's close) open now; the reply's last.
  const steps = CHAIN_STEPS.filter((step) => step !== 'reply' && file.requires(step)).filter((step) => {
    const from = policy.steps[step]?.deadline?.from;
    return from === 'assignment' || from === 'session-close' || (step === 'sign' && from === 'previous-step');
  });
  const replyRule = complex ? policy.deadlines.replyComplex : policy.deadlines.reply;
  const rules: [CaseDeadline['id'], CaseAction, PolicyDeadline][] = [
    ...steps.map((step) => [step, step as CaseAction, policy.steps[step].deadline!] as [CaseDeadline['id'], CaseAction, PolicyDeadline]),
    ['reply', CaseAction.Reply, replyRule],
  ];
  const dues = await Promise.all(rules.map(([, , rule]) => due(rule, file.startOf(rule))));
  const deadlines = rules.map(([id, step], i) => file.openDeadline(id, step, dues[i]));
  const reply = deadlines.find((d) => d.id === 'reply')!;
  upsertSearchAttributes([{ key: CaseSearch.replyDue, value: new Date(reply.due.dueAt) }]);
  if (file.requires('return') && policy.returns?.window) {
    file.requests.push({ kind: 'return-window', rule: policy.returns.window, from: file.startOf(policy.returns.window) });
  }

  const tracked = deadlines.flatMap(track);
  if (file.requires('co-opinion')) tracked.push(...file.input.coUnits.map((unit) => coUnit(file, unit)));
  await Promise.all([...tracked, dueDates(file, due, track), surveyRounds(file, track), condition(() => file.finished())]);
  await condition(allHandlersFinished);
  return file.view();
}

/** Computes the due dates steps ask for (a deadline to open or move) as they come. */
async function dueDates(
  file: CaseFile,
  due: (rule: DeadlineRule, from: IsoDate) => Promise<CaseDeadline['due']>,
  track: (d: CaseDeadline) => Promise<void>[],
): Promise<void> {
  const tracked: Promise<void>[] = [];
  for (;;) {
    await condition(() => file.requests.length > 0 || file.finished());
    if (file.finished()) break;
    const request = file.requests.shift()!;
    const computed = await due(request.rule, request.from);
    const opened = file.applyDeadlineRequest(request, computed);
    if (opened) tracked.push(...track(opened));
    if (request.kind === 'move' && request.id === 'reply') {
      upsertSearchAttributes([{ key: CaseSearch.replyDue, value: new Date(computed.dueAt) }]);
    }
  }
  await Promise.all(tracked);
}

/** 协办: the co-unit's own workflow; its opinion is recorded when it ends. */
async function coUnit(file: CaseFile, unit: string): Promise<void> {
  const { caseId, kind, session, number, title, keySupervised, assignedOn, jurisdiction, policy } = file.input;
  const child = await startChild(coUnitWorkflow, {
    workflowId: coUnitWorkflowId(caseId, unit),
    args: [{ caseId, unit, kind, session, number, title, keySupervised, assignedOn, policy, ...(jurisdiction ? { jurisdiction } : {}) }],
  });
  const opinion = await Promise.race([child.result(), condition(() => file.stage === CaseStage.Closed).then(() => undefined)]);
  if (opinion) changing(file, () => file.recordCoOpinion(opinion, new Date()));
}

/** How the deadline tracking sees a case: alerts about its lead unit, overdue in the search attributes. */
function caseHost(file: CaseFile, startedAt: Date): DeadlineHost {
  return {
    subject: file.input,
    unit: () => file.state.leadUnit,
    // Full-procedure cases plan on their jurisdiction's calendar; older ones as they always did.
    ...(file.full && file.input.jurisdiction ? { jurisdiction: file.input.jurisdiction } : {}),
    startedAt,
    ended: (d) => file.deadlineEnded(d),
    isMet: (d) => file.isMet(d),
    planAlerts: (d, plan, at) => file.planAlerts(d, plan, at),
    markAlertSent: (alert, at) => file.markAlertSent(alert, at),
    cancelAlerts: (d) => file.cancelAlerts(d),
    markOverdue: (d, at) => {
      file.markOverdue(d, at);
      upsertSearchAttributes([{ key: CaseSearch.overdue, value: true }]);
    },
  };
}

/** Applies a change and keeps the stage, overdue and lead-unit search attributes in step with it. */
function changing(file: CaseFile, change: () => void): void {
  const before = { stage: file.stage, overdue: file.state.overdue, leadUnit: file.state.leadUnit };
  change();
  if (file.stage !== before.stage) upsertSearchAttributes([{ key: CaseSearch.stage, value: file.stage }]);
  if (file.state.overdue !== before.overdue) upsertSearchAttributes([{ key: CaseSearch.overdue, value: file.state.overdue }]);
  if (file.state.leadUnit !== before.leadUnit) upsertSearchAttributes([{ key: CaseSearch.leadUnit, value: file.state.leadUnit }]);
}

/**
 * Survey rounds until the case closes: each reply opens a survey window; at its end whoever has
 * not answered is recorded by the no-response rule. A dissatisfied round reopens the case with
 * a re-handling deadline; after the last round the office consults and closes it.
 */
async function surveyRounds(file: CaseFile, track: (d: CaseDeadline) => Promise<void>[]): Promise<void> {
  const { policy } = file.input;
  const tracked: Promise<void>[] = [];
  const isClosed = () => file.stage === CaseStage.Closed;
  while (!isClosed()) {
    const round = file.round;
    await condition(() => file.repliedInRound(round) || isClosed());
    if (isClosed()) break;
    const window = await dueDate(file, policy.survey.window, chinaDateOf(file.state.reply!.repliedAt));
    file.openSurveyWindow(round, window);
    const remaining = Date.parse(window.dueAt) - new Date().getTime();
    const answered = remaining > 0 && (await condition(() => file.roundSettled(round) || isClosed(), remaining));
    if (!answered && !file.roundSettled(round) && !isClosed()) {
      // the visit comes first
      await condition(() => file.surveyOpen() || file.roundSettled(round) || isClosed());
      if (!file.roundSettled(round) && !isClosed()) changing(file, () => file.applyNoResponse(new Date()));
    }
    if (file.stage === CaseStage.Rehandling) {
      const since = new Date();
      const due = await dueDate(file, policy.rehandling.deadline, chinaDateOf(since));
      tracked.push(...track(file.openDeadline(`rehandle-${round}`, CaseAction.Reply, due, since)));
    }
    if (file.stage === CaseStage.Consultation) await condition(isClosed);
  }
  await Promise.all(tracked);
}

/** The reply deadline: 3 calendar months from assignment, 6 for complex cases, by default. */
async function openReplyDeadline(file: CaseFile): Promise<CaseDeadline> {
  const { policy, complex, assignedOn } = file.input;
  const due = await computeDueDate(complex ? policy.deadlines.replyComplex : policy.deadlines.reply, assignedOn);
  return file.openDeadline('reply', CaseAction.Reply, due);
}

/**
 * A deadline for every required step the policy counts from assignment, the reply's last.
 * (Steps counted from the session's close or a previous step open with those steps.)
 */
async function openStepDeadlines(file: CaseFile): Promise<CaseDeadline[]> {
  const { policy, assignedOn } = file.input;
  const steps = STEP_DEADLINES.filter((id) => id !== 'reply').filter((id) => {
    const step = policy.steps?.[id];
    return step?.required && step.deadline?.from === 'assignment';
  });
  const dues = await Promise.all(steps.map((id) => computeDueDate(policy.steps[id].deadline!, assignedOn)));
  const opened = steps.map((id, i) => file.openDeadline(id, id as CaseAction, dues[i]));
  return [...opened, await openReplyDeadline(file)];
}

/** Full-procedure cases compute on their jurisdiction's calendar; older ones as they always did. */
function dueDate(file: CaseFile, rule: DeadlineRule, from: IsoDate): Promise<CaseDeadline['due']> {
  return file.full ? computeDueDate(rule, from, file.input.jurisdiction) : computeDueDate(rule, from);
}
