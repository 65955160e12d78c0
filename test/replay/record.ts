/**
 * Records histories of the current case workflow into test/replay/histories/, for the replay
 * suite to prove that later workflow code still replays cases already in flight.
 * Run after a workflow change that is (deliberately) behind patched():
 *
 *   npm run replay:record -- <label>      e.g. v6 (v1: reply deadline only, v2: + alert ladder, v3: + step deadlines,
 *                                         v4: + survey rounds, v5: + extensions, v6: + withdrawal,
 *                                         v7: + clock stop)
 *
 * Scenarios: a case closed on time, one replied late after going overdue, one still open after a
 * refused step, one whose reply deadline was extended, one withdrawn, and one whose clock was stopped and restarted.
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
import {
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
} from '../../workflows/case/case.definitions';
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
    const start = (caseId: string, assignedOn: string) =>
      env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
        workflowId: caseId, taskQueue, args: [dongliCase({ caseId, assignedOn })],
      });

    const onTime = await start(`${label}-closed-on-time`, today);
    await onTime.executeUpdate(signForUpdate, { args: [{}] });
    await onTime.executeUpdate(submitWorkPlanUpdate, { args: [steps.workPlan] });
    await onTime.executeUpdate(recordContactUpdate, { args: [steps.contact] });
    await onTime.executeUpdate(submitReplyUpdate, { args: [steps.reply] });
    await onTime.executeUpdate(recordVisitUpdate, { args: [steps.visit] });
    await onTime.executeUpdate(recordSurveyUpdate, { args: [steps.survey] });
    await onTime.result();

    const late = await start(`${label}-replied-late`, '2020-04-10');
    await late.executeUpdate(signForUpdate, { args: [{}] });
    await late.executeUpdate(submitWorkPlanUpdate, { args: [steps.workPlan] });
    await late.executeUpdate(recordContactUpdate, { args: [steps.contact] });
    await late.executeUpdate(submitReplyUpdate, { args: [steps.reply] });

    const open = await start(`${label}-open-after-refusal`, today);
    await open.executeUpdate(signForUpdate, { args: [{}] });
    await open.executeUpdate(submitReplyUpdate, { args: [steps.reply] }).catch(() => undefined);

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

    for (const handle of [onTime, late, open, extended, withdrawn, paused]) {
      const history = await handle.fetchHistory();
      const file = join(__dirname, 'histories', `${handle.workflowId}.json`);
      // Proto3 JSON, the format `temporal workflow show --output json` writes.
      writeFileSync(file, JSON.stringify(JSON.parse(historyToJSON(history)), null, 1) + '\n');
      console.log(`recorded ${file} (${history.events?.length} events)`);
    }
  });
  await env.teardown();
})();
