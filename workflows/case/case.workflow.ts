import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { DeadlineActivities } from '../../activities/deadlines/deadline.activities';
import type { AlertActivities } from '../../activities/notify/alert.activities';
import { chinaDateOf } from '../../libs/calendar/iso-date';
import { CaseFile } from './case-file';
import {
  CaseAction,
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

const { computeDueDate, planAlerts } = proxyActivities<DeadlineActivities & AlertActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Alerts are retried until they are out: an alert is never lost (the log dedupes on its id). */
const { emitAlert } = proxyActivities<AlertActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** One NPC suggestion or CPPCC proposal, from assignment to closed. */
export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  const startedAt = new Date();
  const file = new CaseFile(input, startedAt);
  if (patched(CasePatch.Rehandling)) file.enableRehandling();

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

  const deadlines = patched(CasePatch.StepDeadlines) ? await openStepDeadlines(file) : [await openReplyDeadline(file)];
  const reply = deadlines.find((d) => d.id === 'reply')!;
  upsertSearchAttributes([{ key: CaseSearch.replyDue, value: new Date(reply.due.dueAt) }]);

  const laddersOn = patched(CasePatch.AlertLadder);
  // Order matters for replay: every ladder is started before any watch.
  const ladders = laddersOn ? deadlines.map((d) => runLadder(file, d, startedAt)) : [];
  const watches = deadlines.map((d) => watchDeadline(file, d));
  const track = (d: CaseDeadline) => [...(laddersOn ? [runLadder(file, d, startedAt)] : []), watchDeadline(file, d)];
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

/** Applies a change and keeps the stage and overdue search attributes in step with it. */
function changing(file: CaseFile, change: () => void): void {
  const before = { stage: file.stage, overdue: file.state.overdue };
  change();
  if (file.stage !== before.stage) upsertSearchAttributes([{ key: CaseSearch.stage, value: file.stage }]);
  if (file.state.overdue !== before.overdue) upsertSearchAttributes([{ key: CaseSearch.overdue, value: file.state.overdue }]);
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
    const window = await computeDueDate(policy.survey.window, chinaDateOf(file.state.reply!.repliedAt));
    file.openSurveyWindow(round, window);
    const remaining = Date.parse(window.dueAt) - new Date().getTime();
    const answered = remaining > 0 && (await condition(() => file.roundSettled(round) || isClosed(), remaining));
    if (!answered && !file.roundSettled(round) && !isClosed()) {
      // the visit comes first
      await condition(() => file.stage === CaseStage.Visited || file.roundSettled(round) || isClosed());
      if (!file.roundSettled(round) && !isClosed()) changing(file, () => file.applyNoResponse(new Date()));
    }
    if (file.stage === CaseStage.Rehandling) {
      const since = new Date();
      const due = await computeDueDate(policy.rehandling.deadline, chinaDateOf(since));
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

/**
 * Sends the deadline's ladder of alerts, each at its time, until the step is done. When the
 * deadline moves (an approved extension), the alerts still to come are cancelled and the
 * ladder is planned anew for the new revision.
 */
async function runLadder(file: CaseFile, deadline: CaseDeadline, startedAt: Date): Promise<void> {
  const { policy, keySupervised } = file.input;
  if (!policy.escalation || !policy.quietHours) return; // a policy from before ladders existed
  for (;;) {
    const revision = revisionOf(deadline);
    const moved = () => revisionOf(deadline) !== revision;
    const closed = () => file.stage === CaseStage.Closed; // a withdrawn case closes with deadlines open
    const stop = () => file.isMet(deadline) || moved() || closed();
    if (deadline.suspended) {
      await condition(stop); // the clock stands still: no alert until it restarts
      if (file.isMet(deadline) || closed()) return;
      continue;
    }
    const plan = await planAlerts({
      caseId: file.input.caseId,
      kind: file.input.kind,
      session: file.input.session,
      number: file.input.number,
      title: file.input.title,
      unit: file.input.leadUnit,
      deadlineId: deadline.id,
      dueOn: deadline.due.dueOn,
      dueAt: deadline.due.dueAt,
      revision,
      ladder: keySupervised ? policy.escalation.key : policy.escalation.ordinary,
      quietHours: policy.quietHours,
      notBefore: new Date().toISOString(),
    });
    for (const alert of file.planAlerts(deadline, plan, startedAt)) {
      const wait = Date.parse(alert.deliverAt) - new Date().getTime();
      if (stop() || (wait > 0 && (await condition(stop, wait)))) break;
      const scheduled = plan.find((a) => a.alertId === alert.alertId)!;
      await emitAlert({ ...scheduled, caseId: file.input.caseId, deadlineId: deadline.id });
      file.markAlertSent(alert, new Date());
    }
    file.cancelAlerts(deadline);
    // The ladder is done; it starts again only if the deadline moves before it is met.
    await condition(stop);
    if (!moved() || file.isMet(deadline) || closed()) return;
  }
}

/** Marks the case overdue when a deadline passes before its step is done; follows it when it moves. */
async function watchDeadline(file: CaseFile, deadline: CaseDeadline): Promise<void> {
  for (;;) {
    const revision = revisionOf(deadline);
    const moved = () => revisionOf(deadline) !== revision;
    const remaining = Date.parse(deadline.due.dueAt) - new Date().getTime();
    const closed = () => file.stage === CaseStage.Closed;
    if (deadline.suspended) {
      await condition(() => file.isMet(deadline) || moved() || closed());
      if (file.isMet(deadline) || closed()) return;
      continue;
    }
    if (remaining > 0) await condition(() => file.isMet(deadline) || moved() || closed(), remaining);
    if (file.isMet(deadline) || closed()) return;
    if (!moved()) {
      if (deadline.status !== 'overdue') {
        file.markOverdue(deadline, new Date());
        upsertSearchAttributes([{ key: CaseSearch.overdue, value: true }]);
      }
      await condition(() => file.isMet(deadline) || moved() || closed());
      if (!moved()) return;
    }
  }
}

function revisionOf(deadline: CaseDeadline): number {
  return deadline.revision ?? 1;
}
