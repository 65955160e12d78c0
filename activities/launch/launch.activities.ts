import { activityInfo, heartbeat, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { CaseErrorType, CaseInput, LaunchBatch, LinkRequest, stepUpdate } from '../../libs/contract';
import type { Db } from '../../libs/db';
import { ArmedAlertRepository } from '../../libs/db/repositories/armed-alert.repository';
import { HandledCase, LaunchRepository } from '../../libs/db/repositories/launch.repository';
import { compareCase } from '../../libs/launch-sheet/compare';
import { startCase, startedByLaunch } from '../../libs/temporal/case-starter';
import { eachLimited } from '../../libs/temporal/each-limited';
import { type ActivityMetrics, NO_ACTIVITY_METRICS } from '../../libs/telemetry/activity-metrics';

export interface LaunchActivityDeps {
  db: Db;
  client: Client;
  /** Where case workflows run. */
  taskQueue: string;
  namespace?: string;
  /** Counts batches, the cases they started and launches finished. */
  metrics?: ActivityMetrics;
  /** A batch waits until the case task queue's backlog is under this (LAUNCH_MAX_BACKLOG); Infinity: no pacing. */
  maxBacklog?: number;
}

/** How many case workflows one batch starts at once. */
export const START_CONCURRENCY = 16;

/**
 * The launch's pace. Each case's start leaves the worker about a dozen tasks (its first workflow
 * task, the due-date and alert-plan activities, the read model's projections); started as fast as
 * the server takes them, a 300-case launch left thousands queued, and an integrator's query or
 * step waited behind them past its deadline (503 TemporalTimeout, "context deadline exceeded").
 * So a batch starts only once the case task queue's backlog is under this many tasks.
 */
export const LAUNCH_MAX_BACKLOG = 200;
/** How long a batch waits for the backlog to drain before it starts anyway (the activity's timeout is 5 minutes). */
const MAX_WAIT_MS = 120_000;
const POLL_MS = 500;

/**
 * What the launch and merge workflows do outside: start a batch of a launch's cases, record how a
 * launch ended, link one case of a merge.
 */
export function createLaunchActivities({ db, client, taskQueue, namespace = 'default', metrics = NO_ACTIVITY_METRICS, maxBacklog = LAUNCH_MAX_BACKLOG }: LaunchActivityDeps) {
  const launches = new LaunchRepository(db);
  const armedAlerts = new ArmedAlertRepository(db);
  const backlog = async (): Promise<number> => {
    let total = 0;
    for (const taskQueueType of [1, 2]) { // workflow, activity
      const res = await client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType, reportStats: true });
      total += Number(res.stats?.approximateBacklogCount ?? 0);
    }
    return total;
  };
  /** Until the worker has caught up with what earlier batches left (or MAX_WAIT_MS passed). */
  const paced = async (): Promise<void> => {
    if (!Number.isFinite(maxBacklog)) return;
    const until = Date.now() + MAX_WAIT_MS;
    try {
      while ((await backlog()) > maxBacklog && Date.now() < until) {
        heartbeat();
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } catch (err) {
      log.warn('launch pacing: task queue backlog unknown, starting the batch', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  return {
    /**
     * Handles the next `size` cases not yet handled, each once, recording what it did with each:
     * a case the read model has is compared with it (`unchanged`, or `changed` with the
     * differences) and left as it is, never started anew; any other is started (`created`), or
     * found existing without a view to compare (`existing`). Nothing changes a case that exists.
     */
    async startLaunchBatch({ launchId, size }: { launchId: string; size: number }): Promise<LaunchBatch> {
      await paced();
      const batch = await launches.casesToStart(launchId, size);
      const views = await launches.caseViews(batch.map((c) => c.caseId));
      // A retried batch may have started some of its cases before it failed: their memo says so.
      const retried = activityInfo().attempt > 1;
      const handled: HandledCase[] = [];
      try {
        await eachLimited(batch, START_CONCURRENCY, async (c) => {
          const input = c.input as unknown as CaseInput;
          const view = views.get(c.caseId);
          if (view && !(retried && (await startedByLaunch(client, c.caseId, launchId)))) {
            const differences = compareCase(input, view);
            handled.push(differences.length > 0 ? { seq: c.seq, outcome: 'changed', differences } : { seq: c.seq, outcome: 'unchanged' });
            heartbeat();
            return;
          }
          if (view) {
            handled.push({ seq: c.seq, outcome: 'created' });
            return;
          }
          const created = (await startCase(client, taskQueue, input, { launchId })) || (await startedByLaunch(client, c.caseId, launchId));
          handled.push({ seq: c.seq, outcome: created ? 'created' : 'existing' });
          heartbeat();
        });
        metrics.launchBatch('ok', createdIn(handled));
      } catch (err) {
        metrics.launchBatch('failed', createdIn(handled));
        throw err;
      } finally {
        // What was handled is recorded even when the batch fails halfway (its retry handles the rest).
        await launches.markHandled(launchId, handled);
      }
      return launches.markHandled(launchId, []);
    },

    /** Records how the launch ended. */
    async finishLaunch({ launchId, error }: { launchId: string; error?: string }): Promise<void> {
      const { started } = await launches.markHandled(launchId, []);
      if (error) await launches.fail(launchId, started, error);
      else await launches.finish(launchId, started);
      metrics.launchFinished(error ? 'failed' : 'completed');
      log.info('launch finished', { launchId, started, ...(error ? { error } : {}) });
    },

    /**
     * 并案: links one case to the others through its merge update, under the merge's update id (a
     * retry applies nothing twice). A case that refuses it fails for good.
     */
    async linkCase(r: LinkRequest): Promise<void> {
      // As the API does before a step: the case's armed alerts are left to the workflow's decision.
      await armedAlerts.hold(r.caseId);
      try {
        await client.workflow.getHandle(r.caseId).executeUpdate(stepUpdate('merge'), {
          args: [{ cases: r.links, reason: r.reason, ...(r.actor ? { actor: r.actor } : {}) }],
          updateId: r.updateId,
        });
      } catch (err) {
        const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
        if (cause instanceof ApplicationFailure && (cause.type === CaseErrorType.StepNotAllowed || cause.type === CaseErrorType.InvalidStepInput)) {
          throw ApplicationFailure.nonRetryable(cause.message, cause.type);
        }
        throw err;
      }
    },
  };
}

/** The cases a batch started (those it found existing started nothing). */
function createdIn(handled: HandledCase[]): number {
  return handled.filter((h) => h.outcome === 'created').length;
}

export type LaunchActivities = ReturnType<typeof createLaunchActivities>;
