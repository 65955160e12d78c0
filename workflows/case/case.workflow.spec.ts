import '../../test/support/quiet-runtime';
import { WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, UpdateDefinition } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertLog } from '../../activities/notify/alert-log';
import { createCaseWorker, TIME_SKIPPING_WORKER, WORKFLOWS_PATH } from '../../apps/worker/src/case-worker';
import { addCalendarDays, addCalendarMonths, chinaDateOf, computeDueDate, endOfChinaDay, WorkingCalendar } from '../../libs/calendar';
import { applyOverrides, presetFor } from '../../libs/policy';
import { dongliCase, steps } from '../../test/support/fixtures';
import { eventually } from '../../test/support/system';
import { coUnitStep, step } from '../../test/support/steps';
import { temporalBinaries } from '../../test/support/temporal-binaries';
import { HOOK_TIMEOUT, useTeardown } from '../../test/support/teardown';
import { migratedDatabase } from '../../test/support/database';
import { diesWithParent } from '../../test/support/dies-with-parent';
import { ensureSearchAttributes } from '../../libs/temporal/search-attributes';
import {
  CASE_SEARCH_ATTRIBUTES,
  CaseErrorType,
  CaseInput,
  CaseDeadline,
  CaseStage,
  CaseView,
  getStateQuery,
  coUnitWorkflowId,
  getCoUnitStateQuery,
} from '../../libs/contract';
import type { caseWorkflow } from './case.workflow';

jest.setTimeout(120_000);

let env: TestWorkflowEnvironment;
const alertLog = new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-alerts-')), 'alerts.jsonl'));
let bundle: WorkflowBundleWithSourceMap;
let worker: Worker;
let running: Promise<void>;
const taskQueue = 'case-workflow-spec';

const teardown = useTeardown();
beforeAll(async () => {
  env = teardown.add('time-skipping test server', await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: diesWithParent(temporalBinaries().testServer) } },
  }), (e) => e.teardown());
  await ensureSearchAttributes(env.connection, 'default', CASE_SEARCH_ATTRIBUTES);
  bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  const db = await migratedDatabase(teardown);
  worker = await createCaseWorker({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, alertLog, db, ...TIME_SKIPPING_WORKER });
  running = worker.run();
  teardown.add('worker', worker, async (w) => {
    if (w.getState() === 'RUNNING') w.shutdown();
    await running;
  });
}, HOOK_TIMEOUT.system);

let seq = 0;
async function startCase(overrides: Partial<CaseInput> = {}) {
  const input = dongliCase({ caseId: `spec-${++seq}`, ...overrides });
  return env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    workflowId: input.caseId,
    taskQueue,
    args: [input],
  });
}

/** The happy path up to `stage`, one update per step. */
const PATH: [CaseStage, (handle: WorkflowHandle) => Promise<CaseView>][] = [
  [CaseStage.Signed, (h) => step(h, 'sign', {})],
  [CaseStage.Planned, (h) => step(h, 'work-plan', steps.workPlan)],
  [CaseStage.Contacted, (h) => step(h, 'contact', steps.contact)],
  [CaseStage.Drafted, (h) => step(h, 'draft-reply', steps.draft)],
  [CaseStage.SignedOff, (h) => step(h, 'sign-off', steps.signOff)],
  [CaseStage.Reviewed, (h) => step(h, 'review', steps.review)],
  [CaseStage.Replied, (h) => step(h, 'reply', steps.reply)],
  [CaseStage.Visited, (h) => step(h, 'visit', steps.visit)],
];
async function driveThrough(handle: WorkflowHandle<typeof caseWorkflow>, stage: CaseStage): Promise<void> {
  for (const [reached, perform] of PATH) {
    await perform(handle);
    if (reached === stage) return;
  }
}

/** The happy path after `from` (exclusive) up to `to`; re-handling starts again after contact. */
async function driveFrom(handle: WorkflowHandle<typeof caseWorkflow>, from: CaseStage, to: CaseStage): Promise<void> {
  const start = PATH.findIndex(([reached]) => reached === from) + 1;
  for (const [reached, perform] of PATH.slice(start)) {
    await perform(handle);
    if (reached === to) return;
  }
}

/** The failure a refused update carries; fails the test if the update was applied. */
async function refusalOf(update: Promise<unknown>): Promise<ApplicationFailure> {
  const outcome = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (outcome as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

async function today(): Promise<string> {
  return chinaDateOf(new Date(await env.currentTimeMs()));
}

describe('case workflow', () => {
  it('walks a case from assignment through every step to closed, recording who did what', async () => {
    const handle = await startCase({ assignedOn: await today() });
    await step(handle, 'sign', { actor: '区民政局 张三' });
    await step(handle, 'work-plan', steps.workPlan);
    await step(handle, 'contact', steps.contact);
    await step(handle, 'draft-reply', steps.draft);
    await step(handle, 'sign-off', { actor: '区民政局局长' });
    await step(handle, 'review', { decision: 'approve', actor: '区政府督查室' });
    const replied = await step(handle, 'reply', steps.reply);
    expect(replied.stage).toBe(CaseStage.Replied);
    expect(replied.reply).toMatchObject({ ...steps.draft, repliedTo: ['第11号建议领衔代表'], repliedOn: '2020-06-15' });
    expect(replied.allowedActions.slice(0, 2)).toEqual(['visit', 'publish']);
    // Once the publication deadline (20 working days from the reply) is open, it may be extended or stopped.
    await eventually(async () => {
      const view = await handle.query(getStateQuery);
      expect(view.deadlines.find((d) => d.id === 'publish')?.status).toBe('open');
      expect(view.allowedActions).toEqual(['visit', 'publish', 'extension-request', 'stop-clock', 'withdraw']);
    });
    await step(handle, 'visit', steps.visit);
    const closed = await step(handle, 'survey', steps.survey);

    expect(closed.stage).toBe(CaseStage.Closed);
    expect(closed.allowedActions).toEqual(['publish']); // closed, but the reply is not yet published
    const published = await step(handle, 'publish', { public: true });
    expect(published.allowedActions).toEqual([]);
    expect(published.publication).toMatchObject({ public: true, redacted: false });
    expect(published.history.map((h) => h.action)).toEqual([
      'assign', 'sign', 'work-plan', 'contact', 'draft-reply', 'sign-off', 'review', 'reply', 'visit', 'survey', 'publish',
    ]);
    expect(published.history.find((h) => h.action === 'sign-off')?.actor).toBe('区民政局局长');
    expect(published.history.find((h) => h.action === 'review')?.actor).toBe('区政府督查室');
    expect(closed.history[1].actor).toBe('区民政局 张三');
    expect(closed.history[2].actor).toBe('区民政局');
    expect(closed.surveys).toEqual([expect.objectContaining({ submitter: '第11号建议领衔代表', result: 'satisfied' })]);
    expect(closed.reply?.classification).toBe('A');
    const result = await handle.result();
    expect(result.stage).toBe(CaseStage.Closed);
  });

  it('refuses a step out of order with the reason and the current stage, leaving no trace', async () => {
    const handle = await startCase();
    await step(handle, 'sign', {});
    await eventuallyPlanned(handle); // the case has settled: due date and alerts planned
    const before = await handle.query(getStateQuery);

    const cause = await refusalOf(step(handle, 'reply', steps.reply));
    expect(cause.type).toBe(CaseErrorType.StepNotAllowed);
    expect(cause.message).toBe('reply is not allowed at stage signed');
    expect(cause.details?.[0]).toEqual({ action: 'reply', stage: 'signed', allowedActions: ['work-plan', 'merge', 'extension-request', 'stop-clock', 'withdraw'] });

    const after = await handle.query(getStateQuery);
    expect(after).toEqual(before);
    const events = (await handle.fetchHistory()).events ?? [];
    const accepted = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepted).toHaveLength(1); // only the sign-for
  });

  it('refuses a classification outside the policy scheme as invalid input', async () => {
    const handle = await startCase();
    await driveThrough(handle, CaseStage.Contacted);
    const cause = await refusalOf(
      step(handle, 'draft-reply', { ...steps.draft, classification: 'D' }),
    );
    expect(cause.type).toBe(CaseErrorType.InvalidStepInput);
    expect(cause.details?.[0]).toEqual({
      stage: 'contacted',
      problems: [{ field: 'classification', problem: 'must be one of: A, B, C' }],
    });
    expect((await handle.query(getStateQuery)).stage).toBe(CaseStage.Contacted);
  });

  it('closes a joint case only when every submitter has answered the survey', async () => {
    const handle = await startCase({ submitters: ['领衔代表甲', '联名代表乙'] });
    await driveThrough(handle, CaseStage.Visited);
    const first = await step(handle, 'survey', { submitter: '领衔代表甲', result: 'satisfied' });
    expect(first.stage).toBe(CaseStage.Visited);
    const again = await refusalOf(
      step(handle, 'survey', { submitter: '领衔代表甲', result: 'dissatisfied' }),
    );
    expect(again.message).toBe('领衔代表甲 has already answered the survey');
    const last = await step(handle, 'survey', { submitter: '联名代表乙', result: 'basically-satisfied', proxyEntry: true });
    expect(last.stage).toBe(CaseStage.Closed);
    expect(last.surveys[1]).toMatchObject({ submitter: '联名代表乙', proxyEntry: true, recordedBy: 'office' });
  });

  it('marks the case overdue exactly when the 3-month reply deadline passes', async () => {
    const assignedOn = await today();
    const handle = await startCase({ assignedOn });
    await driveThrough(handle, CaseStage.Contacted); // only the reply is still due
    await eventuallyPlanned(handle);
    const { deadlines } = await handle.query(getStateQuery);
    const reply = deadlines.find((d) => d.id === 'reply');
    expect(reply?.due.rule).toMatchObject({ amount: 3, unit: 'calendar-months' });
    expect(reply?.due.start).toBe(assignedOn);
    const dueAt = Date.parse(reply!.due.dueAt);

    await env.sleep(dueAt - (await env.currentTimeMs()) - 60_000);
    const justBefore = await handle.query(getStateQuery);
    expect(justBefore.overdue).toBe(false);
    expect(replyOf(justBefore).status).toBe('open');

    await env.sleep(120_000);
    const after = await handle.query(getStateQuery);
    expect(after.overdue).toBe(true);
    expect(replyOf(after)).toMatchObject({ status: 'overdue' });
    expect(after.history.at(-1)).toMatchObject({ action: 'deadline-passed', details: { deadline: 'reply' } });
  });

  it('takes the 6-month rule for a complex case and records a late reply as met late', async () => {
    const handle = await startCase({ complex: true, assignedOn: '2020-04-10' });
    await step(handle, 'sign', {});
    await eventuallyPlanned(handle);
    const state = await handle.query(getStateQuery);
    expect(replyOf(state).due).toMatchObject({ dueOn: '2020-10-10', rule: { amount: 6, unit: 'calendar-months' } });
    expect(state.overdue).toBe(true);
    // Overdue since the due date passed, not since the (late) launch.
    expect(replyOf(state).overdueSince).toBe('2020-10-10T16:00:00.000Z');
    await step(handle, 'work-plan', steps.workPlan);
    await step(handle, 'contact', steps.contact);
    await driveFrom(handle, CaseStage.Contacted, CaseStage.Reviewed);
    const replied = await step(handle, 'reply', steps.reply);
    expect(replyOf(replied).status).toBe('met-late');
    expect(replied.overdue).toBe(false);
  });
});

const quietLogger = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('survey rounds: the no-response rule, re-handling and the office consultation', () => {
  const survey = (result: 'satisfied' | 'dissatisfied') => ({ result });
  const again = async (handle: WorkflowHandle<typeof caseWorkflow>) => driveFrom(handle, CaseStage.Contacted, CaseStage.Visited);

  it('reopens a case the submitter is dissatisfied with, under its own deadline, and closes it when satisfied', async () => {
    const handle = await startCase({ assignedOn: await today() });
    await driveThrough(handle, CaseStage.Visited);
    const reopened = await step(handle, 'survey', survey('dissatisfied'));
    expect(reopened).toMatchObject({ stage: CaseStage.Rehandling, round: 2 });
    expect(reopened.allowedActions.slice(0, 2)).toEqual(['contact', 'draft-reply']);
    const rehandle = await eventually(async () => {
      const d = (await handle.query(getStateQuery)).deadlines.find((x) => x.id === 'rehandle-1');
      expect(d).toBeDefined();
      return d!;
    });
    expect(rehandle.due.rule).toMatchObject({ amount: 1, unit: 'calendar-months' });
    expect(rehandle.status).toBe('open');

    await again(handle);
    const closed = await step(handle, 'survey', survey('satisfied'));
    expect(closed).toMatchObject({ stage: CaseStage.Closed, closedAs: 'satisfied' });
    expect(closed.surveys.map((x) => `${x.round}:${x.result}`)).toEqual(['1:dissatisfied', '2:satisfied']);
    expect(closed.deadlines.find((x) => x.id === 'rehandle-1')?.status).toBe('met');
    expect(closed.history.map((h) => h.action)).toContain('rehandle');
  });

  it('after the last round sends a dissatisfied case to the office, which consults and closes it dissatisfied', async () => {
    const policy = applyOverrides(presetFor('npc-suggestion'), { rehandling: { maxRounds: 1 } });
    const handle = await startCase({ assignedOn: await today(), policy });
    await driveThrough(handle, CaseStage.Visited);
    await step(handle, 'survey', survey('dissatisfied'));
    await again(handle);
    const toOffice = await step(handle, 'survey', survey('dissatisfied'));
    expect(toOffice).toMatchObject({ stage: CaseStage.Consultation });
    expect(toOffice.allowedActions).toEqual(['consult', 'publish', 'stop-clock', 'withdraw']);

    const bad = await refusalOf(step(handle, 'consult', { summary: '', consultedOn: '2026-02-30' }));
    expect(bad.type).toBe(CaseErrorType.InvalidStepInput);
    const closed = await step(handle, 'consult', { summary: '分管副区长与代表面商，专题说明政策限制', consultedOn: '2026-12-01' });
    expect(closed).toMatchObject({ stage: CaseStage.Closed, closedAs: 'dissatisfied', allowedActions: ['publish'] });
  });

  it('records no answer by the end of the survey window as no response, never as satisfied', async () => {
    const handle = await startCase({ assignedOn: await today(), submitters: ['领衔代表甲', '联名代表乙'] });
    await driveThrough(handle, CaseStage.Visited);
    await step(handle, 'survey', { submitter: '领衔代表甲', result: 'satisfied' });
    const window = await eventually(async () => {
      const w = (await handle.query(getStateQuery)).surveyWindows?.[0];
      expect(w).toBeDefined();
      return w!;
    });
    expect(window.due.rule).toMatchObject({ amount: 15, unit: 'working-days' });
    await env.sleep(Date.parse(window.due.dueAt) - (await env.currentTimeMs()) + 60_000);
    const closed = await eventually(async () => {
      const view = await handle.query(getStateQuery);
      expect(view.stage).toBe(CaseStage.Closed);
      return view;
    });
    expect(closed.closedAs).toBe('satisfied');
    expect(closed.surveys.map((x) => `${x.submitter}:${x.result}:${x.recordedBy}`)).toEqual([
      '领衔代表甲:satisfied:领衔代表甲', '联名代表乙:no-response:system',
    ]);
  });

  it('refuses the consultation before the rounds are over', async () => {
    const handle = await startCase({ assignedOn: await today() });
    const failure = await refusalOf(step(handle, 'consult', { summary: '面商', consultedOn: '2026-12-01' }));
    expect(failure.message).toBe('consult is not allowed at stage assigned');
  });
});

describe('extensions: a deadline moves, and its alerts move with it', () => {
  const shortReply = () =>
    applyOverrides(presetFor('npc-suggestion'), { deadlines: { reply: { amount: 5, unit: 'working-days', from: 'assignment' } } });

  it('refuses a date not after the current one or beyond the policy’s maximum, and a second request while one is pending', async () => {
    const handle = await startCase({ assignedOn: await today(), policy: shortReply() });
    await driveThrough(handle, CaseStage.Contacted);
    const due = replyOf(await eventuallyPlanned(handle).then(() => handle.query(getStateQuery))).due.dueOn;
    const early = await refusalOf(step(handle, 'extension-request', { newDueOn: due, reason: '待上级政策' }));
    expect(early.details?.[0]).toMatchObject({ problems: [{ field: 'newDueOn', problem: `must be after the current due date ${due}` }] });
    const tooFar = await refusalOf(
      step(handle, 'extension-request', { newDueOn: addCalendarMonths(due, 4).date, reason: '待上级政策' }),
    );
    expect((tooFar.details?.[0] as { problems: { problem: string }[] }).problems[0].problem).toContain('3 months at most');

    const pending = await step(handle, 'extension-request', { newDueOn: addCalendarDays(due, 14), reason: '待上级政策' });
    expect(pending.allowedActions).toContain('extension-decision');
    expect(pending.allowedActions).not.toContain('extension-request');
    const second = await refusalOf(step(handle, 'extension-request', { newDueOn: addCalendarDays(due, 7), reason: 'x' }));
    expect(second.type).toBe(CaseErrorType.StepNotAllowed);

    const rejected = await step(handle, 'extension-decision', { approve: false, note: '不同意' });
    expect(replyOf(rejected).due.dueOn).toBe(due);
    expect(rejected.extensions?.[0]).toMatchObject({ status: 'rejected', decidedBy: 'office', note: '不同意' });
    expect(rejected.allowedActions).toContain('extension-request');
  });

  it('moves an overdue reply deadline on approval: no longer overdue; a rung already sent is sent again only under its next breach', async () => {
    const handle = await startCase({ assignedOn: await today(), policy: shortReply() });
    await driveThrough(handle, CaseStage.Contacted);
    await eventuallyPlanned(handle);
    const first = replyOf(await handle.query(getStateQuery)).due;
    await env.sleep(Date.parse(first.dueAt) - (await env.currentTimeMs()) + 60_000);
    const breached = await eventually(async () => {
      const view = await handle.query(getStateQuery);
      expect(view.overdue).toBe(true);
      const sent = (replyOf(view).alerts ?? []).filter((a) => a.status === 'sent');
      expect(sent.map((a) => a.kind)).toContain('reminder');
      return sent;
    });

    const newDueOn = addCalendarDays(first.dueOn, 14);
    await step(handle, 'extension-request', { newDueOn, reason: '需待市级部门出台配套政策' });
    const approved = await step(handle, 'extension-decision', { approve: true });
    expect(approved.overdue).toBe(false);
    expect(replyOf(approved)).toMatchObject({ status: 'open', revision: 2, due: { dueOn: newDueOn, extendedFrom: first.dueOn } });
    expect(replyOf(approved).due.explanation.endsWith(`；经批准延期至${newDueOn}`)).toBe(true);

    const replanned = await eventually(async () => {
      const alerts = replyOf(await handle.query(getStateQuery)).alerts ?? [];
      expect(alerts.some((a) => a.alertId.includes('/r2/'))).toBe(true);
      return alerts;
    });
    const scheduled = replanned.filter((a) => a.status === 'scheduled').map((a) => a.alertId);
    // Each rung already sent comes back under its second breach; none is scheduled under the id it was sent with.
    expect(scheduled).toEqual(expect.arrayContaining(breached.map((a) => a.alertId.replace('/r1/', '/r2/'))));
    expect(scheduled.filter((id) => breached.some((a) => a.alertId === id))).toEqual([]);

    const moved = Date.parse(replyOf(approved).due.dueAt);
    await env.sleep(moved - (await env.currentTimeMs()) - 60_000);
    expect((await handle.query(getStateQuery)).overdue).toBe(false);
    await env.sleep(120_000);
    expect(replyOf(await handle.query(getStateQuery)).status).toBe('overdue');
  });
});

describe('stopping the clock', () => {
  it('suspends every open deadline: no overdue, no alert; on restart they move by the calendar days stopped', async () => {
    const policy = applyOverrides(presetFor('npc-suggestion'), { deadlines: { reply: { amount: 5, unit: 'working-days', from: 'assignment' } } });
    const assignedOn = await today();
    const handle = await startCase({ assignedOn, policy });
    await driveThrough(handle, CaseStage.Contacted);
    await eventuallyPlanned(handle);
    const before = replyOf(await handle.query(getStateQuery));

    const refused = await refusalOf(step(handle, 'restart-clock', {}));
    expect(refused.type).toBe(CaseErrorType.StepNotAllowed);
    // The test's clock: stopped at noon (China time) the day after assignment, before any rung of the reply's ladder.
    const stopOn = addCalendarDays(assignedOn, 1);
    await env.sleep(noonInChina(stopOn) - (await env.currentTimeMs()));
    const stopped = await step(handle, 'stop-clock', { reason: '待市级部门答复' });
    expect(replyOf(stopped)).toMatchObject({ suspended: true, revision: 2 });
    expect(replyOf(stopped).alerts?.some((a) => a.status === 'scheduled')).toBe(false);
    expect(stopped.allowedActions).toContain('restart-clock');
    expect(stopped.allowedActions).not.toContain('stop-clock');

    // … and restarted at noon four days after the due day: its dueAt and three more days have passed.
    const restartOn = addCalendarDays(before.due.dueOn, 4);
    await env.sleep(noonInChina(restartOn) - (await env.currentTimeMs()));
    const still = await handle.query(getStateQuery);
    expect(still.overdue).toBe(false);
    expect(alertLog.read().filter((a) => a.caseId === handle.workflowId && a.deadlineId === 'reply')).toEqual([]);

    const restarted = await step(handle, 'restart-clock', { note: '已收到市级答复' });
    const days = (Date.parse(restartOn) - Date.parse(stopOn)) / 86_400_000; // the China dates the test chose
    const movedOn = addCalendarDays(before.due.dueOn, days);
    expect(restarted.clockStops?.[0].days).toBe(days);
    expect(chinaDateOf(restarted.clockStops![0].since)).toBe(stopOn);
    expect(replyOf(restarted)).toMatchObject({
      suspended: false, revision: 3, status: 'open', due: { dueOn: movedOn, dueAt: endOfChinaDay(movedOn) },
    });
    expect(replyOf(restarted).due.explanation.endsWith(`；中止${days}天，顺延至${movedOn}`)).toBe(true);
    // Nothing was sent before the stop: the ladder is planned anew on the moved date, under the same breach (r1); the
    // overdue alert goes out at 08:00 China time on the first working day after the moved due day (quiet hours).
    const overdueAt = `${WorkingCalendar.official().nextWorkingDayOnOrAfter(addCalendarDays(movedOn, 1)).date}T00:00:00.000Z`;
    await eventually(async () => {
      const alerts = replyOf(await handle.query(getStateQuery)).alerts ?? [];
      const overdue = alerts.find((a) => a.kind === 'overdue' && a.status === 'scheduled');
      expect(overdue?.alertId).toBe(`${handle.workflowId}/reply/r1/overdue`);
      expect(overdue?.deliverAt).toBe(overdueAt);
    });
  });
});

/** 12:00 China time on `date` (04:00 UTC), in ms: far from either midnight. */
function noonInChina(date: string): number {
  return Date.parse(`${date}T04:00:00.000Z`);
}

describe('withdrawal', () => {
  it('closes the case as withdrawn with its reason, and no alert of any deadline is sent afterwards', async () => {
    const policy = applyOverrides(presetFor('npc-suggestion'), { deadlines: { reply: { amount: 5, unit: 'working-days', from: 'assignment' } } });
    const handle = await startCase({ assignedOn: await today(), policy });
    const planned = await eventuallyPlanned(handle);
    const empty = await refusalOf(step(handle, 'withdraw', { reason: ' ' }));
    expect(empty.type).toBe(CaseErrorType.InvalidStepInput);

    const withdrawn = await step(handle, 'withdraw', { reason: '代表本人申请撤回' });
    expect(withdrawn).toMatchObject({ stage: CaseStage.Closed, closedAs: 'withdrawn', withdrawal: { reason: '代表本人申请撤回', by: 'office' } });
    expect(withdrawn.deadlines.flatMap((d) => d.alerts ?? []).some((a) => a.status === 'scheduled')).toBe(false);
    expect((await handle.result()).closedAs).toBe('withdrawn');

    await env.sleep(Date.parse(planned.at(-1)!.deliverAt) - (await env.currentTimeMs()) + 60_000);
    expect(alertLog.read().filter((a) => a.caseId === handle.workflowId)).toEqual([]);
  });
});

describe('the deadlines of the steps before the reply', () => {
  it('marks the case overdue when the sign-for deadline passes, and signing late meets it late', async () => {
    const handle = await startCase({ assignedOn: await today() });
    await eventuallyPlanned(handle);
    const before = await handle.query(getStateQuery);
    expect(before.deadlines.map((d) => d.id)).toEqual(['sign', 'work-plan', 'contact', 'reply']);
    const sign = before.deadlines[0];
    expect(sign.due.rule).toMatchObject({ amount: 3, unit: 'working-days' });

    await env.sleep(Date.parse(sign.due.dueAt) - (await env.currentTimeMs()) + 60_000);
    const late = await handle.query(getStateQuery);
    expect(late.overdue).toBe(true);
    expect(late.deadlines.map((d) => `${d.id}:${d.status}`)).toEqual(['sign:overdue', 'work-plan:open', 'contact:open', 'reply:open']);

    const signed = await step(handle, 'sign', {});
    expect(signed.deadlines[0].status).toBe('met-late');
    expect(signed.overdue).toBe(false);
  });
});

describe('the reply deadline’s escalation ladder', () => {
  /** A 5-working-day reply deadline keeps every rung within reach of the test server's clock. */
  const shortReply = () =>
    applyOverrides(presetFor('npc-suggestion'), {
      deadlines: { reply: { amount: 5, unit: 'working-days', from: 'assignment' } },
    });
  const logged = (caseId: string) => alertLog.read().filter((a) => a.caseId === caseId && a.deadlineId === 'reply');

  it('sends each alert at its planned time, not a minute before, and writes it to the log once', async () => {
    const handle = await startCase({ assignedOn: await today(), policy: shortReply() });
    const planned = await eventuallyPlanned(handle);
    expect(planned.map((a) => a.rungId)).toEqual(['reminder', 'overdue', 'escalation', 'notice']);
    expect(planned.every((a) => a.status === 'scheduled')).toBe(true);

    for (const [i, alert] of planned.entries()) {
      await env.sleep(Date.parse(alert.deliverAt) - (await env.currentTimeMs()) - 60_000);
      expect(replyOf(await handle.query(getStateQuery)).alerts?.[i].status).toBe('scheduled');
      await env.sleep(120_000);
      const sent = replyOf(await handle.query(getStateQuery)).alerts?.[i];
      expect(sent?.status).toBe('sent');
      expect(logged(handle.workflowId).map((a) => a.alertId)).toEqual(planned.slice(0, i + 1).map((a) => a.alertId));
    }
    const [overdue] = logged(handle.workflowId).filter((a) => a.kind === 'overdue');
    expect(overdue.recipients).toEqual(['unit-leader', 'supervisor']);
    expect(overdue.body).toContain('区民政局');
    expect(overdue.body).toContain('第十七届人大七次会议第11号建议');
  });

  it('cancels the alerts still to come once the reply is in, and sends none of them', async () => {
    const handle = await startCase({ assignedOn: await today(), policy: shortReply() });
    const planned = await eventuallyPlanned(handle);
    await driveThrough(handle, CaseStage.Replied);
    await env.sleep(Date.parse(planned.at(-1)!.deliverAt) - (await env.currentTimeMs()) + 60_000);
    const view = await handle.query(getStateQuery);
    expect(replyOf(view).alerts?.map((a) => a.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(logged(handle.workflowId)).toEqual([]);
  });

  it('for a case launched long after its due date, sends only the latest missed alert, out of quiet hours', async () => {
    const handle = await startCase({ assignedOn: '2020-04-10', keySupervised: true });
    const [notice] = await eventuallyPlanned(handle);
    expect(replyOf(await handle.query(getStateQuery)).alerts?.map((a) => a.rungId)).toEqual(['notice']);
    await env.sleep(Math.max(0, Date.parse(notice.deliverAt) - (await env.currentTimeMs())) + 60_000);
    await eventually(async () => expect(logged(handle.workflowId)).toHaveLength(1));
    expect(replyOf(await handle.query(getStateQuery)).alerts?.map((a) => a.status)).toEqual(['sent']);
    expect(logged(handle.workflowId)[0]).toMatchObject({ kind: 'notice', recipients: ['office'] });
  });
});

function replyOf(view: CaseView): CaseDeadline {
  const reply = view.deadlines.find((d) => d.id === 'reply');
  expect(reply).toBeDefined();
  return reply!;
}

async function eventuallyPlanned(handle: WorkflowHandle<typeof caseWorkflow>) {
  return eventually(async () => {
    const alerts = (await handle.query(getStateQuery)).deadlines.find((d) => d.id === 'reply')?.alerts;
    expect(alerts?.length).toBeGreaterThan(0);
    return alerts!;
  });
}


describe('the full procedure: co-units, review, publication, returns, the hotline, other clocks', () => {
  it('runs each co-unit as a child workflow with its own deadlines; co-sign and sign-off wait for its opinion', async () => {
    const assignedOn = await today();
    const handle = await startCase({ assignedOn, coUnits: ['区司法局'] });
    const child = env.client.workflow.getHandle(coUnitWorkflowId(handle.workflowId, '区司法局'));
    const co = await eventually(async () => {
      const view = await child.query(getCoUnitStateQuery);
      expect(view.deadlines.map((d) => d.id)).toEqual(['sign', 'co-opinion']);
      return view;
    });
    // One calendar month from assignment, rolled forward to the next working day if it is not one.
    const monthLater = addCalendarMonths(assignedOn, 1).date;
    const opinionDueOn = WorkingCalendar.official().nextWorkingDayOnOrAfter(monthLater).date;
    expect(co.deadlines[1].due).toMatchObject({ start: assignedOn, rule: { amount: 1, unit: 'calendar-months' }, dueOn: opinionDueOn });
    expect(co.deadlines[1].due.rolledFrom).toBe(opinionDueOn === monthLater ? undefined : monthLater);
    expect(co.allowedActions).toEqual(['sign']);

    await driveThrough(handle, CaseStage.Drafted);
    const early = await refusalOf(step(handle, 'co-sign', { unit: '区司法局' }));
    expect(early.message).toBe('区司法局 has not given its co-unit opinion yet');
    const notYet = await refusalOf(step(handle, 'sign-off', {}));
    expect(notYet.message).toBe('sign-off is not allowed at stage drafted');

    await coUnitStep(child, 'sign', {});
    const given = await coUnitStep(child, 'opinion', { opinion: '同意主办单位意见，配合做好法律援助' });
    expect(given.deadlines.map((d) => d.status)).toEqual(['met', 'met']);
    await eventually(async () => expect((await handle.query(getStateQuery)).coOpinions).toHaveLength(1));

    const wrongUnit = await refusalOf(step(handle, 'co-sign', { unit: '区财政局' }));
    expect(wrongUnit.type).toBe(CaseErrorType.InvalidStepInput);
    const coSigned = await step(handle, 'co-sign', { unit: '区司法局', edits: '第二部分补充法律援助内容' });
    expect(coSigned.stage).toBe(CaseStage.CoSigned);
    expect(coSigned.history.map((h) => h.action)).toEqual(expect.arrayContaining(['co-opinion', 'co-sign']));
    const signedOff = await step(handle, 'sign-off', {});
    expect(signedOff.stage).toBe(CaseStage.SignedOff);
    expect((await child.describe()).status.name).toBe('COMPLETED');
  });

  it('sends a draft back for revision, and approves the new draft with the supervisor’s own mark', async () => {
    const handle = await startCase();
    await driveThrough(handle, CaseStage.SignedOff);
    const noNote = await refusalOf(step(handle, 'review', { decision: 'send-back' }));
    expect(noNote.details?.[0]).toMatchObject({ problems: [{ field: 'note', problem: 'must be a non-empty string' }] });
    const back = await step(handle, 'review', { decision: 'send-back', note: '答复内容不具体，请补充时间表' });
    expect(back.stage).toBe(CaseStage.Revision);
    expect(back.allowedActions[0]).toBe('draft-reply');
    const redrafted = await step(handle, 'draft-reply', { ...steps.draft, text: '修改后的答复……' });
    expect(redrafted.draft).toMatchObject({ version: 2, classification: 'A' });
    await step(handle, 'sign-off', {});
    const approved = await step(handle, 'review', { decision: 'approve', classification: 'C' });
    expect(approved.reviews?.[1]).toMatchObject({ decision: 'approve', classification: 'C', classificationChangedFrom: 'A' });
    const replied = await step(handle, 'reply', {});
    expect(replied.reply).toMatchObject({ text: '修改后的答复……', classification: 'C' });

    const noReason = await refusalOf(step(handle, 'publish', { public: false }));
    expect(noReason.details?.[0]).toMatchObject({ problems: [{ field: 'reason', problem: 'must be a non-empty string' }] });
    const withheld = await step(handle, 'publish', { public: false, reason: '涉及个人隐私，不宜公开' });
    expect(withheld.publication).toMatchObject({ public: false, reason: '涉及个人隐私，不宜公开' });
  });

  it('opens the publication deadline 20 working days after the reply', async () => {
    const handle = await startCase({ assignedOn: await today() });
    await driveThrough(handle, CaseStage.Replied);
    const publish = await eventually(async () => {
      const d = (await handle.query(getStateQuery)).deadlines.find((x) => x.id === 'publish');
      expect(d).toBeDefined();
      return d!;
    });
    expect(publish.due).toMatchObject({ start: await today(), rule: { amount: 20, unit: 'working-days', from: 'previous-step' } });
  });

  it('refuses a return after the window: 5 working days after Fri 2020-09-25 ended on 2020-10-09', async () => {
    const handle = await startCase({ assignedOn: '2020-09-25' });
    const window = await eventually(async () => {
      const w = (await handle.query(getStateQuery)).returnWindow;
      expect(w).toBeDefined();
      return w!;
    });
    expect(window.dueOn).toBe('2020-10-09');
    const late = await refusalOf(step(handle, 'return', { reason: '不属于我单位职责' }));
    expect(late.message).toContain('the return window closed on 2020-10-09');
  });

  it('reassigns a returned case: the new unit signs for it under a sign-for deadline counted from the decision', async () => {
    const assignedOn = await today();
    const handle = await startCase({ assignedOn });
    await eventually(async () => expect((await handle.query(getStateQuery)).allowedActions).toContain('return'));
    const returned = await step(handle, 'return', { reason: '该事项属区住建委职责' });
    expect(returned.stage).toBe(CaseStage.ReturnRequested);
    expect(returned.deadlines.find((d) => d.id === 'sign')).toMatchObject({ suspended: true, revision: 2 });
    const decision = await eventually(async () => {
      const d = (await handle.query(getStateQuery)).deadlines.find((x) => x.id === 'return-decision');
      expect(d).toBeDefined();
      return d!;
    });
    expect(decision.due).toMatchObject({ start: await today(), rule: { amount: 7, unit: 'calendar-days' } });

    const same = await refusalOf(step(handle, 'return-decision', { decision: 'reassign', newLeadUnit: '区民政局' }));
    expect(same.type).toBe(CaseErrorType.InvalidStepInput);
    const reassigned = await step(handle, 'return-decision', { decision: 'reassign', newLeadUnit: '区住建委' });
    expect(reassigned).toMatchObject({ stage: CaseStage.Assigned, leadUnit: '区住建委' });
    expect(reassigned.returns?.[0]).toMatchObject({ unit: '区民政局', decision: 'reassign', newLeadUnit: '区住建委' });
    const sign = await eventually(async () => {
      const d = (await handle.query(getStateQuery)).deadlines.find((x) => x.id === 'sign')!;
      expect(d.revision).toBe(3);
      return d;
    });
    expect(sign).toMatchObject({ status: 'open', suspended: false });
    expect(sign.due.start).toBe(await today());
    expect(sign.due.explanation).toContain('调整至区住建委');
    const described = await handle.describe();
    expect(described.searchAttributes.BanliLeadUnit).toEqual(['区住建委']);
    const signed = await step(handle, 'sign', {});
    expect(signed.history.at(-1)).toMatchObject({ action: 'sign', actor: '区住建委' });
  });

  it('rejects a return: the unit must handle the case and may not return it again', async () => {
    const handle = await startCase({ assignedOn: await today() });
    await eventually(async () => expect((await handle.query(getStateQuery)).allowedActions).toContain('return'));
    await step(handle, 'return', { reason: '不属于我单位职责' });
    const rejected = await step(handle, 'return-decision', { decision: 'reject', note: '属你单位职责' });
    expect(rejected.stage).toBe(CaseStage.Assigned);
    expect(rejected.allowedActions).not.toContain('return');
    expect(rejected.leadUnit).toBe('区民政局');
  });

  it('runs a hotline ticket: dispatch → reply → feedback on its own short deadlines, and ends without a visit', async () => {
    const handle = await startCase({
      kind: 'hotline-ticket', policy: presetFor('hotline-ticket'), session: '8890', number: 'T-1', assignedOn: '2020-09-25',
      submitters: ['市民王女士'], title: '小区路灯不亮',
    });
    await eventuallyPlanned(handle);
    const { deadlines } = await handle.query(getStateQuery);
    // 1 working day after Fri 2020-09-25 is the make-up working Sunday 09-27; 5 are 2020-10-09.
    expect(deadlines.map((d) => `${d.id}:${d.due.dueOn}`)).toEqual(['sign:2020-09-27', 'reply:2020-10-09']);
    const signed = await step(handle, 'sign', {});
    expect(signed.allowedActions[0]).toBe('reply');
    const replied = await step(handle, 'reply', { ...steps.draft, text: '已安排维修，路灯恢复' });
    expect(replied.allowedActions[0]).toBe('survey');
    const closed = await step(handle, 'survey', { result: 'satisfied' });
    expect(closed).toMatchObject({ stage: CaseStage.Closed, closedAs: 'satisfied', finished: true });
    const done = (await handle.result()).history.map((h) => h.action).filter((a) => a !== 'deadline-passed');
    expect(done).toEqual(['assign', 'sign', 'reply', 'survey']);
  });

  it('counts from the session’s close and from the previous step as the policy says', async () => {
    const policy = applyOverrides(presetFor('npc-suggestion'), {
      steps: {
        sign: { deadline: { amount: 15, unit: 'working-days', from: 'session-close' } },
        'work-plan': { deadline: { amount: 10, unit: 'working-days', from: 'previous-step' } },
      },
    });
    const handle = await startCase({ assignedOn: '2024-10-08', sessionClosedOn: '2024-09-27', policy });
    await eventuallyPlanned(handle);
    const before = await handle.query(getStateQuery);
    // 15 working days after Fri 2024-09-27, over the National Day week and its make-up Sunday and Saturday.
    expect(before.deadlines.find((d) => d.id === 'sign')?.due).toMatchObject({ dueOn: '2024-10-23', start: '2024-09-27' });
    expect(before.deadlines.map((d) => d.id)).not.toContain('work-plan');
    await step(handle, 'sign', {});
    const plan = await eventually(async () => {
      const d = (await handle.query(getStateQuery)).deadlines.find((x) => x.id === 'work-plan');
      expect(d).toBeDefined();
      return d!;
    });
    expect(plan.due).toMatchObject({ start: await today(), rule: { amount: 10, unit: 'working-days', from: 'previous-step' } });
  });
});

describe('调整 under a policy whose reassignment restarts the reply deadline (returns.onReassign)', () => {
  it('moves the reply deadline, under its next revision, to 3 calendar months from the China date of the decision', async () => {
    const policy = applyOverrides(presetFor('npc-suggestion'), { returns: { onReassign: 'restart-reply-deadline' } });
    const assignedOn = await today();
    const handle = await startCase({ assignedOn, policy });
    await eventually(async () => expect((await handle.query(getStateQuery)).allowedActions).toContain('return'));
    expect(replyOf(await handle.query(getStateQuery)).due.start).toBe(assignedOn);

    // The office decides at noon (China time) the day after assignment, inside the 5-working-day return window.
    const decidedOn = addCalendarDays(assignedOn, 1);
    await env.sleep(noonInChina(decidedOn) - (await env.currentTimeMs()));
    await step(handle, 'return', { reason: '该事项属区住建委职责' });
    await step(handle, 'return-decision', { decision: 'reassign', newLeadUnit: '区住建委' });
    const moved = await eventually(async () => {
      const reply = replyOf(await handle.query(getStateQuery));
      expect(reply.revision).toBe(2);
      return reply;
    });
    const expected = computeDueDate({ amount: 3, unit: 'calendar-months' }, decidedOn, WorkingCalendar.official());
    expect(moved).toMatchObject({ status: 'open', due: { start: decidedOn, dueOn: expected.dueOn, dueAt: expected.dueAt } });
    expect(moved.due.explanation.endsWith(`；调整承办单位，答复期限自${decidedOn}起重新计算`)).toBe(true);
  });
});
