import '../../test/support/quiet-runtime';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DeliveryActivities } from '../../activities/delivery/delivery.activities';
import { temporalBinaries } from '../../test/support/temporal-binaries';
import { HOOK_TIMEOUT, useTeardown } from '../../test/support/teardown';
import { diesWithParent } from '../../test/support/dies-with-parent';
import {
  ALERT_DELIVERY_WORKFLOW_TYPE,
  alertDeliveryWorkflowId,
  DEFAULT_DELIVERY_RETRY,
  DeliveryErrorType,
  DeliveryRequest,
  DeliveryTarget,
} from '../../libs/contract';
import type { alertDeliveryWorkflow } from './alert-delivery.workflow';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const taskQueue = 'alert-delivery-spec';

/** When a subscription's receiver answers, given the time since the first attempt; never: down for good. */
const upAfter: Record<string, number> = {};
/** Per subscription: the time since the first attempt at each attempt. */
const attempts: Record<string, number[]> = {};
const first: Record<string, number> = {};
let targets: DeliveryTarget[] = [];
/** What each deliverAlert was asked, in order. */
const requests: DeliveryRequest[] = [];

/** The delivery activities with receivers simulated by the clock: the workflow's retry policy is what is tested. */
const activities: DeliveryActivities = {
  async findSubscriptions() {
    return targets;
  },
  async deliverAlert(request) {
    const { subscriptionId, attemptsMade = 0 } = request;
    requests.push(request);
    const attempt = Context.current().info.attempt + attemptsMade;
    const now = await env.currentTimeMs(); // the test server's (skipped) time
    const elapsed = now - (first[subscriptionId] ??= now);
    (attempts[subscriptionId] ??= []).push(elapsed);
    if (elapsed >= upAfter[subscriptionId]) return { status: 'delivered', attempt };
    throw ApplicationFailure.retryable(`receiver ${subscriptionId} is down`, DeliveryErrorType.AttemptFailed);
  },
};

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;

const teardown = useTeardown();
beforeAll(async () => {
  env = teardown.add('time-skipping test server', await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: diesWithParent(temporalBinaries().testServer) } },
  }), (e) => e.teardown());
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./alert-delivery.workflow'),
    activities,
      });
  running = worker.run();
  teardown.add('worker', worker, async (w) => {
    if (w.getState() === 'RUNNING') w.shutdown();
    await running;
  });
}, HOOK_TIMEOUT.system);

function deliver(alertId: string, attemptsMade?: number) {
  return env.client.workflow.execute<typeof alertDeliveryWorkflow>(ALERT_DELIVERY_WORKFLOW_TYPE, {
    workflowId: alertDeliveryWorkflowId(alertId),
    taskQueue,
    args: [{ alertId, ...(attemptsMade === undefined ? {} : { attemptsMade }) }],
  });
}

describe('the alert delivery workflow under its default retry policy', () => {
  it('keeps trying a receiver that is down for 25 hours, backing off from 10 s to hourly, and delivers', async () => {
    targets = [{ subscriptionId: 'down-25h', channel: 'webhook' }];
    upAfter['down-25h'] = 25 * HOUR;
    const result = await deliver('a/reply/r1/overdue');
    const seen = attempts['down-25h'];
    expect(result.outcomes).toEqual([{ subscriptionId: 'down-25h', channel: 'webhook', status: 'delivered', attempt: seen.length }]);
    const gaps = seen.slice(1).map((t, i) => t - seen[i]);
    // 10 s, 20 s, 40 s … doubling (the server may add a little), never more than an hour apart.
    expect(gaps[0]).toBeGreaterThanOrEqual(DEFAULT_DELIVERY_RETRY.initialIntervalMs - 1_000);
    expect(gaps[0]).toBeLessThan(2 * DEFAULT_DELIVERY_RETRY.initialIntervalMs);
    expect(gaps[1]).toBeGreaterThanOrEqual(2 * DEFAULT_DELIVERY_RETRY.initialIntervalMs - 1_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(HOUR + 60_000);
    expect(gaps.filter((g) => g >= HOUR - 1_000).length).toBeGreaterThanOrEqual(20);
    expect(seen.at(-1)).toBeGreaterThanOrEqual(25 * HOUR);
  });

  it('gives up on a receiver down for good after the 26-hour window, and still serves the others', async () => {
    targets = [
      { subscriptionId: 'gone', channel: 'webhook' },
      { subscriptionId: 'mailbox', channel: 'email' },
    ];
    upAfter.gone = Number.POSITIVE_INFINITY;
    upAfter.mailbox = 0;
    const result = await deliver('b/reply/r1/overdue');
    expect(result.outcomes).toEqual([
      { subscriptionId: 'gone', channel: 'webhook', status: 'gave-up', error: expect.stringMatching(/receiver gone is down|timed out|timeout/i) },
      { subscriptionId: 'mailbox', channel: 'email', status: 'delivered', attempt: 1 },
    ]);
    const last = attempts.gone.at(-1)!;
    expect(last).toBeGreaterThanOrEqual(24 * HOUR);
    expect(last).toBeLessThanOrEqual(DEFAULT_DELIVERY_RETRY.windowMs);
  });
});

describe('attempts made before the workflow (emitAlert’s first)', () => {
  it('are passed to every attempt, which numbers itself on from them', async () => {
    targets = [{ subscriptionId: 'later', channel: 'webhook' }];
    upAfter.later = 15_000; // the first two of the workflow's attempts fail
    requests.length = 0;
    const result = await deliver('c/reply/r1/overdue', 1);
    expect(requests).toEqual([1, 2, 3].map(() => ({ alertId: 'c/reply/r1/overdue', subscriptionId: 'later', attemptsMade: 1 })));
    expect(result.outcomes).toEqual([{ subscriptionId: 'later', channel: 'webhook', status: 'delivered', attempt: 4 }]);
  });

  it('are left out of the activity input for a workflow started without them (older runs)', async () => {
    targets = [{ subscriptionId: 'at-once', channel: 'email' }];
    upAfter['at-once'] = 0;
    requests.length = 0;
    const result = await deliver('d/reply/r1/overdue');
    expect(requests).toEqual([{ alertId: 'd/reply/r1/overdue', subscriptionId: 'at-once' }]);
    expect(result.outcomes).toEqual([{ subscriptionId: 'at-once', channel: 'email', status: 'delivered', attempt: 1 }]);
  });
});
