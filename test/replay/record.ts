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
import { createCaseWorker, TIME_SKIPPING_WORKER } from '../../apps/worker/src/case-worker';
import { addCalendarDays, chinaDateOf } from '../../libs/calendar';
import { ensureSearchAttributes } from '../../libs/temporal/search-attributes';
import { presetFor } from '../../libs/policy';
import {
  coUnitWorkflowId,
  CASE_SEARCH_ATTRIBUTES,
  getStateQuery,
} from '../../libs/contract';
import type { caseWorkflow } from '../../workflows/case/case.workflow';
import { dongliCase, steps } from '../support/fixtures';
import { eventually } from '../support/system';
import { coUnitStep, step } from '../support/steps';
import { temporalBinaries } from '../support/temporal-binaries';
import { diesWithParent } from '../support/dies-with-parent';
import { migratedDatabase } from '../support/database';
import { Teardown } from '../support/teardown';

const label = process.argv[2] ?? 'v1';
const taskQueue = 'replay-record';

(async () => {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: diesWithParent(temporalBinaries().testServer) } },
  });
  const teardown = new Teardown();
  try {
  await ensureSearchAttributes(env.connection, 'default', CASE_SEARCH_ATTRIBUTES);
  const alertLog = new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-alerts-')), 'alerts.jsonl'));
  // v10 cases project into the read model: the worker's activities need a database.
  const db = await migratedDatabase(teardown);
  const worker = await createCaseWorker({ connection: env.nativeConnection, taskQueue, alertLog, db, ...TIME_SKIPPING_WORKER });
  await worker.runUntil(async () => {
    const today = chinaDateOf(new Date(await env.currentTimeMs()));
    const start = (caseId: string, assignedOn: string, overrides: Parameters<typeof dongliCase>[0] = {}) =>
      env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
        workflowId: caseId, taskQueue, args: [dongliCase({ caseId, assignedOn, ...overrides })],
      });
    /** From contact to the reply: draft, sign-off, review, reply. */
    const draftToReply = async (handle: Awaited<ReturnType<typeof start>>) => {
      await step(handle, 'draft-reply', steps.draft);
      await step(handle, 'sign-off', steps.signOff);
      await step(handle, 'review', steps.review);
      await step(handle, 'reply', steps.reply);
    };

    const onTime = await start(`${label}-closed-on-time`, today);
    await step(onTime, 'sign', {});
    await step(onTime, 'work-plan', steps.workPlan);
    await step(onTime, 'contact', steps.contact);
    await draftToReply(onTime);
    await step(onTime, 'visit', steps.visit);
    await step(onTime, 'survey', steps.survey);
    await step(onTime, 'publish', steps.publish);
    await onTime.result();

    const late = await start(`${label}-replied-late`, '2020-04-10');
    await step(late, 'sign', {});
    await step(late, 'work-plan', steps.workPlan);
    await step(late, 'contact', steps.contact);
    await draftToReply(late);

    // Awaiting a result lets the test server skip time: count from its clock as it is now.
    const now = async () => chinaDateOf(new Date(await env.currentTimeMs()));
    const reassigned = await start(`${label}-reassigned`, await now());
    await eventually(async () => {
      if (!(await reassigned.query(getStateQuery)).allowedActions.includes('return' as never)) throw new Error('not yet');
    });
    await step(reassigned, 'return', { reason: '该事项属区住建委职责' });
    await step(reassigned, 'return-decision', { decision: 'reassign', newLeadUnit: '区住建委' });
    await step(reassigned, 'sign', {});

    const joint = await start(`${label}-co-unit`, await now(), { coUnits: ['区司法局'] });
    await step(joint, 'sign', {});
    await step(joint, 'work-plan', steps.workPlan);
    await step(joint, 'contact', steps.contact);
    await step(joint, 'draft-reply', steps.draft);
    const child = env.client.workflow.getHandle(coUnitWorkflowId(joint.workflowId, '区司法局'));
    await coUnitStep(child, 'sign', {});
    await coUnitStep(child, 'opinion', { opinion: '同意主办单位意见' });
    await child.result();
    await eventually(async () => {
      if (!(await joint.query(getStateQuery)).coOpinions?.length) throw new Error('not yet');
    });
    await step(joint, 'co-sign', { unit: '区司法局' });
    await step(joint, 'sign-off', steps.signOff);

    const ticket = await start(`${label}-hotline`, await now(), {
      kind: 'hotline-ticket', policy: presetFor('hotline-ticket'), session: '8890', number: 'T-1', title: '小区路灯不亮',
    });
    await step(ticket, 'sign', {});
    await step(ticket, 'reply', { ...steps.draft, text: '已安排维修' });
    await step(ticket, 'survey', steps.survey);
    await ticket.result();

    const open = await start(`${label}-open-after-refusal`, today);
    await step(open, 'sign', {});
    await step(open, 'reply', steps.reply).catch(() => undefined);
    await step(open, 'draft-reply', steps.draft).catch(() => undefined);

    const extended = await start(`${label}-extended`, today);
    await step(extended, 'sign', {});
    const replyDue = await eventually(async () => {
      const due = (await extended.query(getStateQuery)).deadlines.find((d) => d.id === 'reply')?.due.dueOn;
      if (!due) throw new Error('the reply deadline is not computed yet');
      return due;
    });
    await step(extended, 'extension-request', { newDueOn: addCalendarDays(replyDue, 10), reason: '待上级政策' });
    await step(extended, 'extension-decision', { approve: true });

    const withdrawn = await start(`${label}-withdrawn`, today);
    await step(withdrawn, 'sign', {});
    await step(withdrawn, 'withdraw', { reason: '代表本人申请撤回' });
    await withdrawn.result();

    const paused = await start(`${label}-clock-stopped`, today);
    await step(paused, 'sign', {});
    await eventually(async () => {
      if (!(await paused.query(getStateQuery)).deadlines.some((d) => d.id === 'reply')) throw new Error('not yet');
    });
    await step(paused, 'stop-clock', { reason: '待市级部门答复' });
    await step(paused, 'restart-clock', {});

    const recorded = Number(label.slice(1)) >= 8 ? [reassigned, joint, child, ticket] : [];
    for (const handle of [onTime, late, open, extended, withdrawn, paused, ...recorded]) {
      const history = await handle.fetchHistory();
      // A co-unit's history is named after its case's: v9-co-unit.child.json.
      const name = handle.workflowId.includes('/co/') ? `${handle.workflowId.split('/co/')[0]}.child` : handle.workflowId;
      const file = join(__dirname, 'histories', `${name.replace(/[^\w.-]+/g, '_')}.json`);
      // Proto3 JSON, the format `temporal workflow show --output json` writes.
      writeFileSync(file, JSON.stringify(JSON.parse(historyToJSON(history)), null, 1) + '\n');
      console.log(`recorded ${file} (${history.events?.length} events)`);
    }
  });
  } finally {
    await teardown.run();
    await env.teardown();
  }
})().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
