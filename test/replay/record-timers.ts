/**
 * Records histories in which timers FIRE, into test/replay/histories/<label>-timers-<scenario>.json,
 * so that replay covers the code that runs on reminders, overdue alerts, escalations, notices,
 * survey windows, re-handling rounds, follow-ups and co-unit deadlines (test/replay/record.ts
 * records none: no timer fires in its histories). Run on the workflow code to protect:
 *
 *   npm run replay:record-timers -- <label> [scenario …]      e.g. v8, or v8 ladder co-unit
 *
 * Each scenario runs on its own time-skipping test server (its clock starts at today, and
 * env.sleep skips only its own workflows' time), with the real presets and the Dongli fixture:
 *
 * - ladder: a case left untouched until every rung of every deadline fired (reminder, overdue
 *   alert, escalation T+3, notice T+10), then walked to the end; `ladder-key` the same, key-supervised;
 * - survey-no-response: replied and visited; the 15-working-day survey window ends unanswered;
 * - rehandling: dissatisfied twice; each re-handling deadline's ladder fires; consulted, closed;
 * - follow-up: a B-class reply closed satisfied and published; the 6-month follow-up deadline
 *   passes with its alerts before the report is filed;
 * - co-unit: the co-unit's sign and opinion deadlines pass with their alerts before it acts,
 *   while the lead's work-plan and contact deadlines pass too (the parent and the child are recorded);
 * - clock-stopped-overdue: overdue, alerted and escalated, the clock stopped and restarted, and the
 *   moved deadlines' timers fire;
 * - alert-delivery: one alert's delivery workflow on the embedded PostgreSQL, its webhook answering
 *   500 twice, then 204 (activity retries with backoff; this workflow has no timers of its own).
 *
 * The recorder throws unless each history shows what its scenario is for.
 */
import '../support/quiet-runtime';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { MockActivityEnvironment, TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertLog } from '../../activities/notify/alert-log';
import { createAlertActivities } from '../../activities/notify/alert.activities';
import { createCaseWorker, TIME_SKIPPING_WORKER, WORKFLOWS_PATH } from '../../apps/worker/src/case-worker';
import { chinaDateOf, WorkingCalendar } from '../../libs/calendar';
import { createDatabase, Db, migrateToLatest } from '../../libs/db';
import { SubscriptionRepository } from '../../libs/db/repositories';
import { ensureSearchAttributes } from '../../libs/temporal/search-attributes';
import type { alertDeliveryWorkflow } from '../../workflows/alert-delivery/alert-delivery.workflow';
import {
  CASE_SEARCH_ATTRIBUTES,
  CaseAlert,
  CaseDeadline,
  Deadline,
  CaseInput,
  CaseView,
  coUnitWorkflowId,
  getCoUnitStateQuery,
  getStateQuery,
  alertDeliveryWorkflowId,
} from '../../libs/contract';
import type { caseWorkflow } from '../../workflows/case/case.workflow';
import { spawnEmbeddedPostgres } from '../support/postgres';
import { coUnitStep, step } from '../support/steps';
import { dongliCase, steps } from '../support/fixtures';
import { temporalBinaries } from '../support/temporal-binaries';
import { diesWithParent } from '../support/dies-with-parent';
import { migratedDatabase } from '../support/database';
import { Teardown } from '../support/teardown';

const label = process.argv[2] ?? 'v8';
const only = process.argv.slice(3);
const taskQueue = 'replay-record-timers';
const DAY = 86_400_000;
const RUNGS = ['reminder', 'overdue', 'escalation', 'notice'] as const;

type CaseHandle = WorkflowHandle<typeof caseWorkflow>;
/** Proto3 JSON of one history event, as `temporal workflow show --output json` writes it. */
type HistoryEvent = { eventId: string; eventType: string } & Record<string, any>;
interface RecordedHistory {
  events: HistoryEvent[];
}

/** What a scenario gets: its own test server, a worker on it, and helpers bound to them. */
interface Scenario {
  env: TestWorkflowEnvironment;
  start(name: string, overrides?: Partial<CaseInput>): Promise<CaseHandle>;
  /** Skips the server's clock to `margin` after `instant` (nothing if that is past). */
  skipPast(instant: string, marginMs?: number): Promise<void>;
  today(): Promise<string>;
}

const quietLogger = new DefaultLogger('WARN');
const alertLogFile = () => join(mkdtempSync(join(tmpdir(), 'banli-alerts-')), 'alerts.jsonl');

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`record-timers: ${message}`);
}

async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`record-timers: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const CLOSED = [
  'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT',
  'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED',
];

async function historyOf(handle: WorkflowHandle): Promise<RecordedHistory> {
  return JSON.parse(historyToJSON(await handle.fetchHistory()));
}

/**
 * The history once the workflow has closed: every scenario walks its workflows to the end.
 * Polled, not awaited with result(), which would let the test server skip time meanwhile.
 */
async function closedHistory(handle: WorkflowHandle): Promise<RecordedHistory> {
  return poll(`${handle.workflowId} to close`, async () => {
    const history = await historyOf(handle);
    return CLOSED.includes(history.events.at(-1)?.eventType ?? '') ? history : undefined;
  });
}

const count = (history: RecordedHistory, type: string) => history.events.filter((e) => e.eventType === `EVENT_TYPE_${type}`).length;

/** Writes the history (proto3 JSON) and checks the properties every recorded case history must have. */
function save(file: string, history: RecordedHistory, { timers = true } = {}): void {
  const fired = count(history, 'TIMER_FIRED');
  if (timers) check(fired > 0, `${file}: no timer fired`);
  check(count(history, 'WORKFLOW_TASK_FAILED') === 0, `${file}: a workflow task failed`);
  check(count(history, 'ACTIVITY_TASK_TIMED_OUT') === 0, `${file}: an activity timed out`);
  const path = join(__dirname, 'histories', `${file}.json`);
  writeFileSync(path, JSON.stringify(history, null, 1) + '\n');
  console.log(`recorded ${path} (${history.events.length} events, ${fired} timers fired)`);
}

/** The alerts of a case's (or co-unit's) deadlines with the given status, as `deadline:kind`. */
function alertsWith(view: { deadlines: Deadline[] }, status: CaseAlert['status']): string[] {
  return view.deadlines.flatMap((d) => (d.alerts ?? []).filter((a) => a.status === status).map((a) => `${d.id}:${a.kind}`));
}

/** Every rung kind was sent for `deadline` (or, without it, for some deadline of the case). */
function checkRungsSent(name: string, view: { deadlines: Deadline[] }, kinds: readonly string[], deadline?: string): void {
  const sent = alertsWith(view, 'sent').filter((a) => !deadline || a.startsWith(`${deadline}:`)).map((a) => a.split(':')[1]);
  for (const kind of kinds) check(sent.includes(kind), `${name}: no ${kind} alert sent${deadline ? ` for ${deadline}` : ''} (sent: ${sent.join(', ')})`);
}

const deadlineOf = (view: CaseView, id: string) => view.deadlines.find((d) => d.id === id);

/** The case's view once `ready` holds (timers that fired have been handled by then). */
async function until(h: CaseHandle, what: string, ready: (v: CaseView) => boolean): Promise<CaseView> {
  return poll(`${h.workflowId}: ${what}`, async () => {
    const v = await h.query(getStateQuery);
    return ready(v) ? v : undefined;
  }, 30_000);
}

/** Waits until the deadline is open with its ladder planned; returns it. */
async function planned(handle: CaseHandle, id: string): Promise<CaseDeadline> {
  return poll(`the ${id} deadline's ladder of ${handle.workflowId}`, async () => {
    const d = deadlineOf(await handle.query(getStateQuery), id);
    return d?.alerts?.some((a) => a.status === 'scheduled') ? d : undefined;
  });
}

const lastAlert = (d: Deadline, kind?: string) =>
  (d.alerts ?? []).filter((a) => a.status === 'scheduled' && (!kind || a.kind === kind)).map((a) => a.deliverAt).sort().at(-1)!;

// ---- the walk through the procedure ----------------------------------------------------------

async function signToContact(h: CaseHandle): Promise<void> {
  await step(h, 'sign', {});
  await step(h, 'work-plan', steps.workPlan);
  await step(h, 'contact', steps.contact);
}

/** Draft, sign-off, review, reply, visit (the draft's mark as given). */
async function draftToVisit(h: CaseHandle, draft = steps.draft): Promise<void> {
  await step(h, 'draft-reply', draft);
  await step(h, 'sign-off', steps.signOff);
  await step(h, 'review', steps.review);
  await step(h, 'reply', steps.reply);
  await step(h, 'visit', steps.visit);
}

// ---- scenarios --------------------------------------------------------------------------------

const scenarios: Record<string, (s: Scenario) => Promise<void>> = {
  async ladder({ start, skipPast }) {
    const ordinary = await start('ladder');
    const key = await start('ladder-key', { keySupervised: true });
    const ids = ['sign', 'work-plan', 'contact', 'reply'];
    const lastOf = async (h: CaseHandle) => (await Promise.all(ids.map((id) => planned(h, id)))).map((d) => lastAlert(d)).sort().at(-1)!;
    const last = [await lastOf(ordinary), await lastOf(key)].sort().at(-1)!;
    await skipPast(last); // 3 months and 10 working days: every rung of every deadline fires
    for (const h of [ordinary, key]) {
      const view = await until(h, 'every alert sent', (v) => alertsWith(v, 'scheduled').length === 0);
      for (const id of ids) check(deadlineOf(view, id)?.status === 'overdue', `${h.workflowId}: ${id} is not overdue`);
      checkRungsSent(h.workflowId, view, RUNGS, 'reply');
      checkRungsSent(h.workflowId, view, ['overdue', 'escalation', 'notice'], 'sign');
      if (h === key) {
        const overdue = view.deadlines.find((d) => d.id === 'reply')!.alerts!.find((a) => a.kind === 'overdue')!;
        check(overdue.recipients.includes('leading-leader'), 'ladder-key: the leading leader is not told at T');
      }
      await signToContact(h);
      await draftToVisit(h);
      await step(h, 'survey', steps.survey);
      await step(h, 'publish', steps.publish);
      save(h.workflowId, await closedHistory(h));
    }
  },

  async 'survey-no-response'({ start, skipPast }) {
    const h = await start('survey-no-response');
    await signToContact(h);
    await draftToVisit(h);
    const window = await poll('the survey window', async () => (await h.query(getStateQuery)).surveyWindows?.[0]);
    check(window.due.rule.amount === 15 && window.due.rule.unit === 'working-days', 'survey window is not 15 working days');
    await skipPast(window.due.dueAt);
    const closed = await until(h, 'closed on no response', (v) => v.stage === 'closed');
    check(closed.closedAs === 'no-response', `survey-no-response closed as ${closed.closedAs}`);
    check(closed.surveys.every((s) => s.result === 'no-response' && s.recordedBy === 'system'), 'survey not recorded as no response');
    await step(h, 'publish', steps.publish);
    save(h.workflowId, await closedHistory(h));
  },

  async rehandling({ start, skipPast }) {
    const h = await start('rehandling');
    await signToContact(h);
    await draftToVisit(h);
    const dissatisfied = { result: 'dissatisfied' as const, attitude: 'basically-satisfied' as const };
    await step(h, 'survey', dissatisfied);
    // Round 2: the re-handling deadline's reminder and overdue alert fire before the new reply.
    const first = await planned(h, 'rehandle-1');
    await skipPast(lastAlert(first, 'overdue'));
    const late = await until(h, 'rehandle-1 overdue', (v) => deadlineOf(v, 'rehandle-1')?.alerts?.find((a) => a.kind === 'overdue')?.status === 'sent');
    checkRungsSent('rehandling', late, ['reminder', 'overdue'], 'rehandle-1');
    check(deadlineOf(late, 'rehandle-1')?.status === 'overdue', 'rehandle-1 is not overdue');
    await draftToVisit(h, { ...steps.draft, text: '经重新办理，现答复如下：……' });
    await step(h, 'survey', dissatisfied);
    // Round 3: the second re-handling deadline's reminder fires; the reply comes in time.
    const second = await planned(h, 'rehandle-2');
    await skipPast(lastAlert(second, 'reminder'));
    checkRungsSent('rehandling', await until(h, 'rehandle-2 reminded', (v) => deadlineOf(v, 'rehandle-2')?.alerts?.[0]?.status === 'sent'), ['reminder'], 'rehandle-2');
    await draftToVisit(h, { ...steps.draft, text: '经再次重新办理，现答复如下：……' });
    const toOffice = await step(h, 'survey', dissatisfied);
    check(toOffice.stage === 'consultation', `rehandling: stage ${toOffice.stage} after the last round`);
    await step(h, 'consult', { summary: '分管副区长与代表面商，专题说明政策限制', consultedOn: '2020-12-01' });
    const closed = await step(h, 'publish', steps.publish);
    check(closed.closedAs === 'dissatisfied' && deadlineOf(closed, 'rehandle-2')?.status === 'met', 'rehandling: not closed as expected');
    save(h.workflowId, await closedHistory(h));
  },

  async 'follow-up'({ start, skipPast }) {
    const h = await start('follow-up');
    await signToContact(h);
    await draftToVisit(h, { ...steps.draft, classification: 'B' });
    const closed = await step(h, 'survey', steps.survey);
    check(closed.closedAs === 'satisfied', `follow-up closed as ${closed.closedAs}`);
    await step(h, 'publish', steps.publish);
    const followUp = await planned(h, 'follow-up');
    check(followUp.due.rule.amount === 6 && followUp.due.rule.unit === 'calendar-months', 'follow-up deadline is not 6 months');
    await skipPast(lastAlert(followUp));
    const late = await until(h, 'every follow-up alert sent', (v) => !deadlineOf(v, 'follow-up')?.alerts?.some((a) => a.status === 'scheduled'));
    checkRungsSent('follow-up', late, RUNGS, 'follow-up');
    check(deadlineOf(late, 'follow-up')?.status === 'overdue', 'follow-up is not overdue');
    await step(h, 'follow-up', { report: '社区老年日间中心已全部投入运营', reportedOn: '2021-01-15' });
    save(h.workflowId, await closedHistory(h));
  },

  async 'co-unit'({ env, start, skipPast }) {
    const unit = '区司法局';
    const h = await start('co-unit', { coUnits: [unit] });
    // The lead signs, then its work plan and contact wait too: its own ladders fire meanwhile.
    await step(h, 'sign', {});
    const child = env.client.workflow.getHandle(coUnitWorkflowId(h.workflowId, unit));
    const childView = () => child.query(getCoUnitStateQuery);
    const ladders = await poll('the co-unit ladders', async () => {
      const v = await childView();
      const ds = v.deadlines.filter((d) => d.alerts?.some((a) => a.status === 'scheduled'));
      return ds.length === 2 ? ds : undefined;
    });
    await skipPast(ladders.map((d) => lastAlert(d)).sort().at(-1)!);
    const late = await poll('every co-unit alert sent', async () => {
      const v = await childView();
      return alertsWith(v, 'scheduled').length === 0 ? v : undefined;
    });
    check(late.deadlines.every((d) => d.status === 'overdue'), 'co-unit deadlines are not overdue');
    checkRungsSent('co-unit child', late, ['overdue', 'escalation', 'notice'], 'sign');
    checkRungsSent('co-unit child', late, RUNGS, 'co-opinion');
    await coUnitStep(child, 'sign', {});
    await coUnitStep(child, 'opinion', { opinion: '同意主办单位意见' });
    const childHistory = await closedHistory(child);
    const lead = await until(h, 'the co-unit opinion recorded', (v) => (v.coOpinions?.length ?? 0) > 0);
    checkRungsSent('co-unit', lead, RUNGS, 'work-plan');
    await step(h, 'work-plan', steps.workPlan);
    await step(h, 'contact', steps.contact);
    await step(h, 'draft-reply', steps.draft);
    await step(h, 'co-sign', { unit });
    await step(h, 'sign-off', steps.signOff);
    await step(h, 'review', steps.review);
    await step(h, 'reply', steps.reply);
    await step(h, 'visit', steps.visit);
    await step(h, 'survey', steps.survey);
    await step(h, 'publish', steps.publish);
    save(h.workflowId, await closedHistory(h));
    save(`${h.workflowId}.child`, childHistory);
  },

  async 'clock-stopped-overdue'({ env, start, skipPast }) {
    const h = await start('clock-stopped-overdue');
    const sign = await planned(h, 'sign');
    await skipPast(lastAlert(sign, 'escalation'));
    const overdue = await until(h, 'sign escalated', (v) => deadlineOf(v, 'sign')?.alerts?.find((a) => a.kind === 'escalation')?.status === 'sent');
    check(overdue.overdue && deadlineOf(overdue, 'sign')?.status === 'overdue', 'clock-stopped-overdue: sign is not overdue');
    checkRungsSent('clock-stopped-overdue', overdue, ['overdue', 'escalation'], 'sign');
    await step(h, 'stop-clock', { reason: '待市级部门答复' });
    await env.sleep(5 * DAY);
    const restarted = await step(h, 'restart-clock', { note: '已收到市级答复' });
    check((restarted.clockStops?.[0].days ?? 0) >= 5, 'clock-stopped-overdue: the clock did not stand still 5 days');
    // The moved deadlines plan their ladders anew (v8: under revision 3, every rung again; from v9:
    // under the same breach, only the rungs not yet sent); their rungs fire after the restart.
    const restartedAt = Date.parse(restarted.clockStops![0].until!);
    const moved = await poll('the moved ladders', async () => {
      const v = await h.query(getStateQuery);
      const ds = v.deadlines.filter((d) => d.alerts?.some((a) => a.status === 'scheduled'));
      return ds.some((d) => d.id === 'sign') && ds.some((d) => d.id === 'work-plan') ? ds : undefined;
    });
    await skipPast([lastAlert(moved.find((d) => d.id === 'sign')!), lastAlert(moved.find((d) => d.id === 'work-plan')!, 'overdue')].sort().at(-1)!);
    const after = await until(h, 'the moved ladders fired', (v) => deadlineOf(v, 'work-plan')?.status === 'overdue'
      && !deadlineOf(v, 'sign')?.alerts?.some((a) => a.status === 'scheduled'));
    const sentAfter = after.deadlines.flatMap((d) => (d.alerts ?? []).filter((a) => a.status === 'sent' && Date.parse(a.sentAt!) >= restartedAt));
    const sentIds = after.deadlines.flatMap((d) => (d.alerts ?? []).filter((a) => a.status === 'sent').map((a) => `${d.id}:${a.rungId}`));
    if (Number(label.slice(1)) >= 9) check(new Set(sentIds).size === sentIds.length, 'clock-stopped-overdue: a rung was sent twice for one breach');
    check(sentAfter.some((a) => a.kind === 'notice'), 'clock-stopped-overdue: no notice after the restart');
    check(sentAfter.some((a) => a.kind === 'reminder'), 'clock-stopped-overdue: no reminder after the restart');
    check(deadlineOf(after, 'work-plan')?.status === 'overdue', 'clock-stopped-overdue: the moved work-plan deadline did not pass');
    await signToContact(h);
    await draftToVisit(h);
    await step(h, 'survey', steps.survey);
    await step(h, 'publish', steps.publish);
    save(h.workflowId, await closedHistory(h));
  },
};

/** One alert's delivery: the webhook answers 500 twice, then 204; the activity is retried with backoff. */
async function recordAlertDelivery(bundle: WorkflowBundleWithSourceMap): Promise<void> {
  const received = new Map<string, number[]>();
  const receiver = createServer((req, res) => {
    const id = String(req.headers['webhook-id']);
    const answers = received.get(id) ?? [];
    const status = answers.length < 2 ? 500 : 204;
    received.set(id, [...answers, status]);
    req.resume();
    req.on('end', () => res.writeHead(status).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const postgres = await spawnEmbeddedPostgres();
  let db: Db | undefined;
  const env = await startEnv();
  try {
    db = createDatabase(postgres.url, 2);
    await migrateToLatest(db);
    const subscription = await new SubscriptionRepository(db).create({
      id: 'replay-record-webhook', name: '区政府督查室', channel: 'webhook',
      target: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/banli`,
      secret: `whsec_${randomBytes(32).toString('base64')}`, recipient: null, unit: null, rungs: null,
    });
    const retry = { initialIntervalMs: 200, maximumIntervalMs: 1_000, windowMs: 120_000 };
    const worker = await createCaseWorker({
      connection: env.nativeConnection, taskQueue, workflowBundle: bundle, alertLog: new AlertLog(alertLogFile()), db, deliveryRetry: retry, ...TIME_SKIPPING_WORKER,
      // The receiver listens on loopback, which webhooks reach only where the operator allows it.
      webhookAllowHosts: () => 'loopback',
    });
    await worker.runUntil(async () => {
      // The alert a case's reply deadline sends when it passes, planned and emitted by the real activities.
      const activities = createAlertActivities({
        calendar: WorkingCalendar.official(), alertLog: new AlertLog(alertLogFile()),
        delivery: { db: db!, client: env.client, taskQueue, retry },
      });
      const input = dongliCase({ caseId: `${label}-timers-alert-delivery` });
      const plan = await activities.planAlerts({
        caseId: input.caseId, kind: input.kind, session: input.session, number: input.number, title: input.title,
        unit: input.leadUnit, deadlineId: 'reply', dueOn: '2020-07-10', dueAt: '2020-07-10T16:00:00.000Z', revision: 1,
        ladder: input.policy.escalation.ordinary, quietHours: input.policy.quietHours, notBefore: '2020-04-10T00:00:00.000Z',
      });
      const alert = plan.find((a) => a.kind === 'overdue')!;
      const mock = new MockActivityEnvironment(undefined, { logger: quietLogger });
      await mock.run(activities.emitAlert, { ...alert, caseId: input.caseId, deadlineId: 'reply' });
      const handle = env.client.workflow.getHandle<typeof alertDeliveryWorkflow>(alertDeliveryWorkflowId(alert.alertId));
      const history = await closedHistory(handle);
      const completed = history.events.at(-1)!;
      check(completed.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', 'alert delivery did not complete');
      const result = JSON.parse(Buffer.from(completed.workflowExecutionCompletedEventAttributes.result.payloads[0].data, 'base64').toString('utf8'));
      check(
        result.outcomes.length === 1 && result.outcomes[0].subscriptionId === subscription.id
          && result.outcomes[0].status === 'delivered' && result.outcomes[0].attempt === 3,
        `alert delivery outcome ${JSON.stringify(result.outcomes)}`,
      );
      check(JSON.stringify(received.get(alert.alertId)) === '[500,500,204]', `webhook answers ${JSON.stringify(received.get(alert.alertId))}`);
      // The test server records the retries in the started event's attempt (not the failures themselves).
      const deliverAlert = history.events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverAlert')!;
      const started = history.events.find((e) => e.activityTaskStartedEventAttributes?.scheduledEventId === deliverAlert.eventId)!;
      check(started.activityTaskStartedEventAttributes.attempt === 3, `deliverAlert settled on attempt ${started.activityTaskStartedEventAttributes.attempt}`);
      check(deliverAlert.activityTaskScheduledEventAttributes.retryPolicy?.initialInterval === '0.200s', 'deliverAlert retry policy not the shortened one');
      const rows = await db!.selectFrom('deliveries').select(['attempt', 'status', 'status_code']).where('alert_id', '=', alert.alertId).orderBy('attempt').execute();
      check(JSON.stringify(rows.map((r) => [r.attempt, r.status, r.status_code])) === JSON.stringify([[1, 'failed', 500], [2, 'failed', 500], [3, 'delivered', 204]]), `delivery log ${JSON.stringify(rows)}`);
      save(`${label}-timers-alert-delivery`, history, { timers: false });
    });
  } finally {
    await env.teardown();
    await db?.destroy();
    await postgres.stop();
    await new Promise((resolve) => receiver.close(resolve));
  }
}

async function startEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: diesWithParent(temporalBinaries().testServer) } },
  });
  await ensureSearchAttributes(env.connection, 'default', CASE_SEARCH_ATTRIBUTES);
  return env;
}

async function runScenario(name: string, scenario: (s: Scenario) => Promise<void>, bundle: WorkflowBundleWithSourceMap): Promise<void> {
  const env = await startEnv();
  const teardown = new Teardown();
  try {
    // v10 cases project into the read model: the worker's activities need a database.
    const db = await migratedDatabase(teardown);
    const worker = await createCaseWorker({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, alertLog: new AlertLog(alertLogFile()), db, ...TIME_SKIPPING_WORKER });
    const today = async () => chinaDateOf(new Date(await env.currentTimeMs()));
    await worker.runUntil(
      scenario({
        env,
        today,
        start: async (suffix, overrides = {}) => {
          const input = dongliCase({ caseId: `${label}-timers-${suffix}`, assignedOn: await today(), ...overrides });
          return env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', { workflowId: input.caseId, taskQueue, args: [input] });
        },
        skipPast: async (instant, marginMs = 60_000) => {
          const ms = Date.parse(instant) - (await env.currentTimeMs()) + marginMs;
          if (ms > 0) await env.sleep(ms);
        },
      }),
    );
  } catch (err) {
    throw new Error(`scenario ${name} failed: ${err instanceof Error ? err.stack : String(err)}`);
  } finally {
    await teardown.run();
    await env.teardown();
  }
}

(async () => {
  const began = Date.now();
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (only.length > 0 && !only.includes(name)) continue;
    const t = Date.now();
    await runScenario(name, scenario, bundle);
    console.log(`scenario ${name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  if (only.length === 0 || only.includes('alert-delivery')) await recordAlertDelivery(bundle);
  console.log(`done in ${((Date.now() - began) / 1000).toFixed(1)} s`);
})().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
