import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { DeadlineActivities } from '../../activities/deadlines/deadline.activities';
import { CaseFile } from './case-file';
import {
  CaseAction,
  CaseDeadline,
  CaseInput,
  CaseSearch,
  CaseStage,
  CaseView,
  getStateQuery,
  recordContactUpdate,
  recordSurveyUpdate,
  recordVisitUpdate,
  signForUpdate,
  submitReplyUpdate,
  submitWorkPlanUpdate,
} from './case.definitions';

const { computeDueDate } = proxyActivities<DeadlineActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** One NPC suggestion or CPPCC proposal, from assignment to closed. */
export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  const file = new CaseFile(input, new Date());

  setHandler(getStateQuery, () => file.view());
  registerStep(signForUpdate, (i) => file.checkSignFor(i), (i, at) => file.applySignFor(i, at));
  registerStep(submitWorkPlanUpdate, (i) => file.checkWorkPlan(i), (i, at) => file.applyWorkPlan(i, at));
  registerStep(recordContactUpdate, (i) => file.checkContact(i), (i, at) => file.applyContact(i, at));
  registerStep(submitReplyUpdate, (i) => file.checkReply(i), (i, at) => file.applyReply(i, at));
  registerStep(recordVisitUpdate, (i) => file.checkVisit(i), (i, at) => file.applyVisit(i, at));
  registerStep(recordSurveyUpdate, (i) => file.checkSurvey(i), (i, at) => file.applySurvey(i, at));

  const rule = input.complex ? input.policy.deadlines.replyComplex : input.policy.deadlines.reply;
  const replyDue = await computeDueDate(rule, input.assignedOn);
  const reply = file.openDeadline('reply', CaseAction.Reply, replyDue);
  upsertSearchAttributes([{ key: CaseSearch.replyDue, value: new Date(replyDue.dueAt) }]);

  await Promise.all([watchDeadline(file, reply), condition(() => file.stage === CaseStage.Closed)]);
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
        const before = { stage: file.stage, overdue: file.state.overdue };
        apply(stepInput, new Date());
        if (file.stage !== before.stage) upsertSearchAttributes([{ key: CaseSearch.stage, value: file.stage }]);
        if (file.state.overdue !== before.overdue) {
          upsertSearchAttributes([{ key: CaseSearch.overdue, value: file.state.overdue }]);
        }
        return file.view();
      },
      { validator: check },
    );
  }
}

/** Marks the case overdue when a deadline passes before its step is done. */
async function watchDeadline(file: CaseFile, deadline: CaseDeadline): Promise<void> {
  const remaining = Date.parse(deadline.due.dueAt) - new Date().getTime();
  const met = remaining > 0 && (await condition(() => file.isMet(deadline), remaining));
  if (met || file.isMet(deadline)) return;
  file.markOverdue(deadline, new Date());
  upsertSearchAttributes([{ key: CaseSearch.overdue, value: true }]);
}
