/**
 * v9 on the time-skipping server: an activity that fails for good raises attention instead of
 * stalling the case, and a moved deadline tells no one twice about the same breach. The worker runs
 * the real activities; only the due-date activity is wrapped, to fail as a corrupt calendar would.
 */
import '../../test/support/quiet-runtime';
import { Client, WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities } from '../../activities';
import { AlertLog } from '../../activities/notify/alert-log';
import { WORKFLOWS_PATH } from '../../apps/worker/src/case-worker';
import { chinaDateOf, DeadlineRule, WorkingCalendar } from '../../libs/calendar';
import { CASE_SEARCH_ATTRIBUTES, CaseSearch, CaseView, getStateQuery } from '../../libs/contract';
import { applyOverrides, presetFor } from '../../libs/policy';
import { ensureSearchAttributes } from '../../libs/temporal/search-attributes';
import { TemporalConnection } from '../../libs/temporal/temporal-connection';
import { diesWithParent } from '../../test/support/dies-with-parent';
import { dongliCase } from '../../test/support/fixtures';
import { step } from '../../test/support/steps';
import { eventually } from '../../test/support/system';
import { HOOK_TIMEOUT, useTeardown } from '../../test/support/teardown';
import { migratedDatabase } from '../../test/support/database';
import { createReadModelActivities } from '../../activities/read-model/read-model.activities';
import { temporalBinaries } from '../../test/support/temporal-binaries';

jest.setTimeout(120_000);

const taskQueue = 'engine-workflow-spec';
const alertLog = new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-alerts-')), 'alerts.jsonl'));
const real = createActivities({ calendar: WorkingCalendar.official(), alertLog });
/** The jurisdiction whose calendar is "broken": its due dates fail for good until it is mended. */
const BROKEN = '故障日历区';
let mended = false;
/** Jurisdiction whose due dates fail twice with a passing error, then succeed. */
const FLAKY = '网络抖动区';
let flakyFailures = 0;

let env: TestWorkflowEnvironment;
const teardown = useTeardown();
beforeAll(async () => {
  env = teardown.add('time-skipping test server', await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: diesWithParent(temporalBinaries().testServer) } },
  }), (e) => e.teardown());
  await ensureSearchAttributes(env.connection, 'default', CASE_SEARCH_ATTRIBUTES);
  const db = await migratedDatabase(teardown);
  // The projections' own connection, closed once the worker has stopped: a projection still retrying
  // its query then ends with an error, where env.client's connection would throw from its retry timer.
  const projections = teardown.add('projections\' connection', TemporalConnection.open({ address: env.address }), (c) => c.close());
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger }),
    activities: {
      ...real,
      ...createReadModelActivities({ db, client: new Client({ connection: projections }) }),
      async computeDueDate(rule: DeadlineRule, start: string, jurisdiction?: string) {
        if (jurisdiction === BROKEN && !mended && rule.unit === 'working-days') throw new RangeError('the calendar has no data for this year');
        if (jurisdiction === FLAKY && flakyFailures < 2) {
          flakyFailures++;
          throw ApplicationFailure.retryable('connection reset', 'ECONNRESET');
        }
        return real.computeDueDate(rule, start);
      },
    },
  });
  const running = worker.run();
  teardown.add('worker', worker, async (w) => {
    if (w.getState() === 'RUNNING') w.shutdown();
    await running;
  });
}, HOOK_TIMEOUT.system);

let seq = 0;
async function startCase(overrides: Parameters<typeof dongliCase>[0] = {}): Promise<WorkflowHandle> {
  const input = dongliCase({ caseId: `engine-spec-${++seq}`, assignedOn: chinaDateOf(new Date(await env.currentTimeMs())), ...overrides });
  return env.client.workflow.start('caseWorkflow', { workflowId: input.caseId, taskQueue, args: [input] });
}
const view = (handle: WorkflowHandle): Promise<CaseView> => handle.query(getStateQuery);

describe('an activity that fails for good (a permanent error)', () => {
  it('is not retried: the case needs attention, the other deadlines open anyway, and the office’s retry mends it', async () => {
    const handle = await startCase({ jurisdiction: BROKEN });
    // sign, work-plan, contact and the return window count working days (broken); the reply counts calendar months (fine).
    const needing = await eventually(async () => {
      const v = await view(handle);
      expect(v.attention?.filter((a) => a.resolvedAt === undefined)).toHaveLength(4);
      expect(v.deadlines.map((d) => d.id)).toEqual(['reply']);
      return v;
    });
    expect(needing.needsAttention).toBe(true);
    expect(needing.attention?.[0]).toMatchObject({ kind: 'activity-failed', task: 'due-date', error: 'the calendar has no data for this year' });
    expect(needing.attention?.map((a) => a.deadline).sort()).toEqual(['contact', 'return', 'sign', 'work-plan']);
    expect(needing.allowedActions).toContain('retry');
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(CaseSearch.needsAttention)).toBe(true);
    expect(alertLog.read().filter((a) => a.caseId === handle.workflowId && a.kind === 'attention')).toHaveLength(4);

    mended = true;
    const retried = await step(handle, 'retry', { note: '已补录日历' });
    expect(retried.needsAttention).toBe(false);
    expect(retried.attention?.every((a) => a.resolution === 'retried' && a.resolvedBy === 'office')).toBe(true);
    await eventually(async () => expect((await view(handle)).deadlines.map((d) => d.id)).toEqual(['sign', 'work-plan', 'contact', 'reply']));
    expect((await handle.describe()).typedSearchAttributes.get(CaseSearch.needsAttention)).toBe(false);
  });

  it('retries a passing error with backoff and raises no attention', async () => {
    const handle = await startCase({ jurisdiction: FLAKY });
    const settled = await eventually(async () => {
      const v = await view(handle);
      expect(v.deadlines).toHaveLength(4);
      return v;
    });
    expect(flakyFailures).toBe(2);
    expect(settled.attention).toEqual([]);
    expect(settled.needsAttention).toBe(false);
  });
});

describe('one alert per rung per continuous breach', () => {
  it('restarting the clock of an overdue case sends none of the rungs already sent again', async () => {
    // A 5-working-day reply and nothing else timed, so only the reply's ladder runs.
    const policy = applyOverrides(presetFor('npc-suggestion'), {
      deadlines: { reply: { amount: 5, unit: 'working-days', from: 'assignment' } },
      steps: { sign: { required: false }, 'work-plan': { required: false }, contact: { required: false } },
    });
    const handle = await startCase({ policy });
    const reply = await eventually(async () => {
      const d = (await view(handle)).deadlines.find((x) => x.id === 'reply');
      expect(d?.alerts?.length).toBeGreaterThan(0);
      return d!;
    });
    // Past the notice (T+10 working days): every rung of the breach has been sent.
    await env.sleep(Date.parse(reply.due.dueAt) - (await env.currentTimeMs()) + 20 * 86_400_000);
    const sentBefore = await eventually(async () => {
      const alerts = (await view(handle)).deadlines.find((x) => x.id === 'reply')?.alerts ?? [];
      expect(alerts.filter((a) => a.status === 'sent').map((a) => a.rungId)).toEqual(['reminder', 'overdue', 'escalation', 'notice']);
      return alerts.map((a) => a.alertId);
    });
    expect(sentBefore).toEqual(['reminder', 'overdue', 'escalation', 'notice'].map((rung) => `${handle.workflowId}/reply/r1/${rung}`));

    await step(handle, 'stop-clock', { reason: '待市级部门答复' });
    await env.sleep(3 * 86_400_000);
    const restarted = await step(handle, 'restart-clock', {});
    const moved = restarted.deadlines.find((x) => x.id === 'reply')!;
    expect(moved.status).toBe('overdue'); // 3 days later it is still overdue: the same breach
    await env.sleep(30 * 86_400_000);
    const emitted = alertLog.read().filter((a) => a.caseId === handle.workflowId).map((a) => a.alertId);
    expect(emitted).toEqual(sentBefore);
    expect((await view(handle)).deadlines.find((x) => x.id === 'reply')?.alerts?.filter((a) => a.status === 'scheduled')).toEqual([]);
  });
});

const quietLogger = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
