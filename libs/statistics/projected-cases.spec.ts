/**
 * The figures of cases run by the real case worker on Temporal's time-skipping server and
 * projected into the read model (embedded PostgreSQL), read back as the API reads them: here the
 * survey window can end, so an answer the system records as no response is counted by hand — apart
 * from the rate, never as satisfied.
 */
import '../../test/support/quiet-runtime';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertLog } from '../../activities/notify/alert-log';
import { createCaseWorker, TIME_SKIPPING_WORKER, WORKFLOWS_PATH } from '../../apps/worker/src/case-worker';
import { dongliCase, steps } from '../../test/support/fixtures';
import { migratedDatabase } from '../../test/support/database';
import { diesWithParent } from '../../test/support/dies-with-parent';
import { step } from '../../test/support/steps';
import { eventually } from '../../test/support/system';
import { temporalBinaries } from '../../test/support/temporal-binaries';
import { HOOK_TIMEOUT, useTeardown } from '../../test/support/teardown';
import { WorkingCalendar } from '../calendar';
import { chinaDateOf } from '../calendar/iso-date';
import { CASE_SEARCH_ATTRIBUTES, getStateQuery, type CaseInput } from '../contract';
import type { Db } from '../db';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import type { caseWorkflow } from '../../workflows/case/case.workflow';
import { CaseFactsSource } from './case-facts.source';
import { figuresOf } from './figures';

jest.setTimeout(180_000);

const CYCLE = 'stats-survey-window';
const taskQueue = 'statistics-projected-cases';
const quietLogger = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let env: TestWorkflowEnvironment;
let db: Db;
const teardown = useTeardown();
beforeAll(async () => {
  env = teardown.add('time-skipping test server', await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: diesWithParent(temporalBinaries().testServer) } },
  }), (e) => e.teardown());
  await ensureSearchAttributes(env.connection, 'default', CASE_SEARCH_ATTRIBUTES);
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  db = await migratedDatabase(teardown);
  const alertLog = new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-alerts-')), 'alerts.jsonl'));
  const worker: Worker = await createCaseWorker({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, alertLog, db, ...TIME_SKIPPING_WORKER });
  const running = worker.run();
  teardown.add('worker', worker, async (w) => {
    if (w.getState() === 'RUNNING') w.shutdown();
    await running;
  });
}, HOOK_TIMEOUT.system);

async function startCase(number: string, overrides: Partial<CaseInput>) {
  const today = chinaDateOf(new Date(await env.currentTimeMs()));
  const input = dongliCase({ cycleId: CYCLE, number, caseId: `${CYCLE}.npc-suggestion.${number}`, assignedOn: today, ...overrides });
  return env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', { workflowId: input.caseId, taskQueue, args: [input] });
}

async function toVisited(handle: WorkflowHandle<typeof caseWorkflow>): Promise<void> {
  await step(handle, 'sign', {});
  await step(handle, 'work-plan', steps.workPlan);
  await step(handle, 'contact', steps.contact);
  await step(handle, 'draft-reply', steps.draft);
  await step(handle, 'sign-off', steps.signOff);
  await step(handle, 'review', steps.review);
  await step(handle, 'reply', steps.reply);
  await step(handle, 'visit', steps.visit);
}

describe('answers the survey window ended without', () => {
  it('are counted as no response, apart from the satisfaction rate, in cases read back from the read model', async () => {
    // 1: two submitters, one answers 满意, the other never does; 2: its one submitter never answers.
    const joint = await startCase('1', { submitters: ['领衔代表甲', '联名代表乙'] });
    const silent = await startCase('2', {});
    await toVisited(joint);
    await toVisited(silent);
    await step(joint, 'survey', { submitter: '领衔代表甲', result: 'satisfied' });
    const window = (await silent.query(getStateQuery)).surveyWindows![0];
    await env.sleep(Date.parse(window.due.dueAt) - (await env.currentTimeMs()) + 60_000);

    const source = new CaseFactsSource(db);
    const cases = await eventually(async () => {
      const read = await source.caseFacts(CYCLE);
      expect(read.map((c) => `${c.number}:${c.closedAs}`)).toEqual(['1:satisfied', '2:no-response']);
      return read;
    }, 60_000);
    const now = new Date(await env.currentTimeMs());
    const f = figuresOf(cases, { now, calendar: WorkingCalendar.official(), rules: {} });
    expect(f).toMatchObject({ cases: 2, counted: 2, closed: 2, done: { reply: 2, visit: 2, survey: 2 } });
    // final answers: 1 甲 满意, 1 乙 no answer, 2 no answer
    expect(f.satisfaction.final).toEqual({
      satisfied: 1, basicallySatisfied: 0, dissatisfied: 0, noResponse: 2, deemedSatisfied: 0, answered: 1,
      rate: { numerator: 1, denominator: 1, rate: 1 },
    });
    expect(f.satisfaction.submitterGiven.answered).toBe(1);
  });
});
