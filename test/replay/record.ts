/**
 * Records histories of the current case workflow into test/replay/histories/, for the replay
 * suite to prove that later workflow code still replays cases already in flight.
 * Run after a workflow change that is (deliberately) behind patched():
 *
 *   npm run replay:record -- <label>      e.g. v6 (v1: reply deadline only, v2: + alert ladder, v3: + step deadlines,
 *                                         v4: + survey rounds, v5: + extensions, v6: + withdrawal,
 *                                         v7: + clock stop, v8: + the full procedure)
 *
 * Scenarios: a case closed on time, one replied late after going overdue, one still open after a
 * refused step, one whose reply deadline was extended, one withdrawn, and one whose clock was stopped and restarted;
 * since v8 also one returned and reassigned, one with a co-unit (and the co-unit's own history) and a hotline ticket.
 */
import '../support/quiet-runtime';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertLog } from '../../activities/notify/alert-log';
import { createCaseWorker } from '../../apps/worker/src/case-worker';
import { addCalendarDays, chinaDateOf } from '../../libs/calendar';
import { ensureSearchAttributes } from '../../libs/temporal/search-attributes';
import { presetFor } from '../../libs/policy';
import {
  coSignUpdate,
  coUnitOpinionUpdate,
  coUnitSignUpdate,
  coUnitWorkflowId,
  decideReturnUpdate,
  draftReplyUpdate,
  publishUpdate,
  requestReturnUpdate,
  reviewUpdate,
  signOffUpdate,
  CASE_SEARCH_ATTRIBUTES,
  decideExtensionUpdate,
  getStateQuery,
  recordContactUpdate,
  requestExtensionUpdate,
  restartClockUpdate,
  recordSurveyUpdate,
  recordVisitUpdate,
  signForUpdate,
  stopClockUpdate,
  submitReplyUpdate,
  submitWorkPlanUpdate,
  withdrawUpdate,
} from '../../libs/contract';
import type { caseWorkflow } from '../../workflows/case/case.workflow';
import { dongliCase, steps } from '../support/fixtures';
import { eventually } from '../support/system';
import { temporalBinaries } from '../support/temporal-binaries';

const label = process.argv[2] ?? 'v1';
const taskQueue = 'replay-record';

(async () => {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalBinaries().testServer } },
  });
  await ensureSearchAttributes(env.connection, 'default', CASE_SEARCH_ATTRIBUTES);
  const alertLog = new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-alerts-')), 'alerts.jsonl'));
  const worker = await createCaseWorker({ connection: env.nativeConnection, taskQueue, alertLog });
  await worker.runUntil(async () => {
    const today = chinaDateOf(new Date(await env.currentTimeMs()));
    const start = (caseId: string, assignedOn: string, overrides: Parameters<typeof dongliCase>[0] = {}) =>
      env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
        workflowId: caseId, taskQueue, args: [dongliCase({ caseId, assignedOn, ...overrides })],
      });
    /** From contact to the reply: draft, sign-off, review, reply. */
    const draftToReply = async (handle: Awaited<ReturnType<typeof start>>) => {
      await handle.executeUpdate(draftReplyUpdate, { args: [steps.draft] });
      await handle.executeUpdate(signOffUpdate, { args: [steps.signOff] });
      await handle.executeUpdate(reviewUpdate, { args: [steps.review] });
      await handle.executeUpdate(submitReplyUpdate, { args: [steps.reply] });
    };

    const onTime = await start(`${label}-closed-on-time`, today);
    await onTime.executeUpdate(signForUpdate, { args: [{}] });
    await onTime.executeUpdate(submitWorkPlanUpdate, { args: [steps.workPlan] });
    await onTime.executeUpdate(recordContactUpdate, { args: [steps.contact] });
    await draftToReply(onTime);
    await onTime.executeUpdate(recordVisitUpdate, { args: [steps.visit] });
    await onTime.executeUpdate(recordSurveyUpdate, { args: [steps.survey] });
    await onTime.executeUpdate(publishUpdate, { args: [steps.publish] });
    await onTime.result();

    const late = await start(`${label}-replied-late`, '2020-04-10');
    await late.executeUpdate(signForUpdate, { args: [{}] });
    await late.executeUpdate(submitWorkPlanUpdate, { args: [steps.workPlan] });
    await late.executeUpdate(recordContactUpdate, { args: [steps.contact] });
    await draftToReply(late);

    // Awaiting a result lets the test server skip time: count from its clock as it is now.
    const now = async () => chinaDateOf(new Date(await env.currentTimeMs()));
    const reassigned = await start(`${label}-reassigned`, await now());
    await eventually(async () => {
      if (!(await reassigned.query(getStateQuery)).allowedActions.includes('return' as never)) throw new Error('not yet');
    });
    await reassigned.executeUpdate(requestReturnUpdate, { args: [{ reason: '该事项属区住建委职责' }] });
    await reassigned.executeUpdate(decideReturnUpdate, { args: [{ decision: 'reassign', newLeadUnit: '区住建委' }] });
    await reassigned.executeUpdate(signForUpdate, { args: [{}] });

    const joint = await start(`${label}-co-unit`, await now(), { coUnits: ['区司法局'] });
    await joint.executeUpdate(signForUpdate, { args: [{}] });
    await joint.executeUpdate(submitWorkPlanUpdate, { args: [steps.workPlan] });
    await joint.executeUpdate(recordContactUpdate, { args: [steps.contact] });
    await joint.executeUpdate(draftReplyUpdate, { args: [steps.draft] });
    const child = env.client.workflow.getHandle(coUnitWorkflowId(joint.workflowId, '区司法局'));
    await child.executeUpdate(coUnitSignUpdate, { args: [{}] });
    await child.executeUpdate(coUnitOpinionUpdate, { args: [{ opinion: '同意主办单位意见' }] });
    await child.result();
    await eventually(async () => {
      if (!(await joint.query(getStateQuery)).coOpinions?.length) throw new Error('not yet');
    });
    await joint.executeUpdate(coSignUpdate, { args: [{ unit: '区司法局' }] });
    await joint.executeUpdate(signOffUpdate, { args: [steps.signOff] });

    const ticket = await start(`${label}-hotline`, await now(), {
      kind: 'hotline-ticket', policy: presetFor('hotline-ticket'), session: '8890', number: 'T-1', title: '小区路灯不亮',
    });
    await ticket.executeUpdate(signForUpdate, { args: [{}] });
    await ticket.executeUpdate(submitReplyUpdate, { args: [{ ...steps.draft, text: '已安排维修' }] });
    await ticket.executeUpdate(recordSurveyUpdate, { args: [steps.survey] });
    await ticket.result();

    const open = await start(`${label}-open-after-refusal`, today);
    await open.executeUpdate(signForUpdate, { args: [{}] });
    await open.executeUpdate(submitReplyUpdate, { args: [steps.reply] }).catch(() => undefined);
    await open.executeUpdate(draftReplyUpdate, { args: [steps.draft] }).catch(() => undefined);

    const extended = await start(`${label}-extended`, today);
    await extended.executeUpdate(signForUpdate, { args: [{}] });
    const replyDue = await eventually(async () => {
      const due = (await extended.query(getStateQuery)).deadlines.find((d) => d.id === 'reply')?.due.dueOn;
      if (!due) throw new Error('the reply deadline is not computed yet');
      return due;
    });
    await extended.executeUpdate(requestExtensionUpdate, { args: [{ newDueOn: addCalendarDays(replyDue, 10), reason: '待上级政策' }] });
    await extended.executeUpdate(decideExtensionUpdate, { args: [{ approve: true }] });

    const withdrawn = await start(`${label}-withdrawn`, today);
    await withdrawn.executeUpdate(signForUpdate, { args: [{}] });
    await withdrawn.executeUpdate(withdrawUpdate, { args: [{ reason: '代表本人申请撤回' }] });
    await withdrawn.result();

    const paused = await start(`${label}-clock-stopped`, today);
    await paused.executeUpdate(signForUpdate, { args: [{}] });
    await eventually(async () => {
      if (!(await paused.query(getStateQuery)).deadlines.some((d) => d.id === 'reply')) throw new Error('not yet');
    });
    await paused.executeUpdate(stopClockUpdate, { args: [{ reason: '待市级部门答复' }] });
    await paused.executeUpdate(restartClockUpdate, { args: [{}] });

    const recorded = label >= 'v8' ? [reassigned, joint, child, ticket] : [];
    for (const handle of [onTime, late, open, extended, withdrawn, paused, ...recorded]) {
      const history = await handle.fetchHistory();
      const file = join(__dirname, 'histories', `${handle.workflowId.replace(/[^\w.-]+/g, '_')}.json`);
      // Proto3 JSON, the format `temporal workflow show --output json` writes.
      writeFileSync(file, JSON.stringify(JSON.parse(historyToJSON(history)), null, 1) + '\n');
      console.log(`recorded ${file} (${history.events?.length} events)`);
    }
  });
  await env.teardown();
})();
