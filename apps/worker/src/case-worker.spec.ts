/**
 * The case worker's armed-alert dispatcher runs exactly while the worker does: an alert armed for
 * an instant within the worker's run reaches a loopback webhook with no workflow involved, and
 * none is sent once the worker has stopped (nor by a worker told not to dispatch). Temporal's
 * time-skipping server only gives the worker a connection here; the dispatcher keeps real time.
 */
import '../../../test/support/quiet-runtime';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertLog } from '../../../activities/notify/alert-log';
import type { Db } from '../../../libs/db';
import { type ArmedAlertContent, ArmedAlertRepository, SubscriptionRepository } from '../../../libs/db/repositories';
import { WebhookReceiver } from '../../../test/support/alert-receivers';
import { armedAlertDue } from '../../../test/support/alert-rows';
import { migratedDatabase } from '../../../test/support/database';
import { diesWithParent } from '../../../test/support/dies-with-parent';
import { eventually } from '../../../test/support/eventually';
import { temporalBinaries } from '../../../test/support/temporal-binaries';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import { createCaseWorker, WORKFLOWS_PATH } from './case-worker';

jest.setTimeout(60_000);

const quietLogger = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let seq = 0;
const alertDue = (inMs: number) => armedAlertDue(inMs, `worker-spec-${++seq}`);

describe('the case worker’s armed-alert dispatcher', () => {
  const teardown = useTeardown();
  let env: TestWorkflowEnvironment;
  let db: Db;
  let bundle: WorkflowBundleWithSourceMap;
  let receiver: WebhookReceiver;
  let armed: ArmedAlertRepository;

  const worker = (over: { dispatchArmedAlerts?: boolean } = {}) =>
    createCaseWorker({
      connection: env.nativeConnection, taskQueue: `case-worker-spec-${++seq}`, workflowBundle: bundle, db,
      alertLog: new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-worker-spec-')), 'alerts.jsonl')),
      webhookAllowHosts: () => 'loopback', ...over,
    });
  const arm = async (alert: ArmedAlertContent) => {
    await armed.arm({ alertId: alert.alertId, caseId: alert.caseId, deliverAt: alert.deliverAt, alert });
    return alert;
  };
  const stateOf = async (id: string) => (await db.selectFrom('armed_alerts').select('state').where('alert_id', '=', id).executeTakeFirst())?.state;

  beforeAll(async () => {
    env = teardown.add('time-skipping test server', await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: diesWithParent(temporalBinaries().testServer) } },
    }), (e) => e.teardown());
    db = await migratedDatabase(teardown);
    armed = new ArmedAlertRepository(db);
    receiver = teardown.add('webhook receiver', await new WebhookReceiver().start(), (r) => r.stop());
    receiver.secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    await new SubscriptionRepository(db).create({
      id: 'sub-1', name: '督查室', channel: 'webhook', target: receiver.url, secret: receiver.secret, recipient: null, unit: null, rungs: null,
    });
    bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  }, HOOK_TIMEOUT.system);

  it('sends an alert armed for an instant while the worker runs, and nothing once it has stopped', async () => {
    const during = await arm(alertDue(1_500));
    await (await worker()).runUntil(eventually(async () => expect(receiver.countsFor(during.alertId)).toEqual([200])));
    expect(await stateOf(during.alertId)).toBe('claimed');

    const after = await arm(alertDue(300));
    await sleep(1_200);
    expect(receiver.countsFor(after.alertId)).toEqual([]);
    expect(await stateOf(after.alertId)).toBe('armed');
    await armed.disarm(after.alertId);
  });

  it('sends nothing when told not to dispatch: the alert waits for its workflow', async () => {
    const alert = await arm(alertDue(300));
    await (await worker({ dispatchArmedAlerts: false })).runUntil(sleep(1_500));
    expect(receiver.countsFor(alert.alertId)).toEqual([]);
    expect(await stateOf(alert.alertId)).toBe('armed');
  });
});
