import { heartbeat, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { CaseErrorType, CaseInput, LaunchBatch, LinkRequest, stepUpdate } from '../../libs/contract';
import type { Db } from '../../libs/db';
import { LaunchRepository } from '../../libs/db/repositories';
import { startCase } from '../../libs/temporal/case-starter';
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
    /** Starts the next `size` cases not yet started (each once: a case that exists is left as it is). */
    async startLaunchBatch({ launchId, size }: { launchId: string; size: number }): Promise<LaunchBatch> {
      await paced();
      const batch = await launches.casesToStart(launchId, size);
      const started: number[] = [];
      try {
        await eachLimited(batch, START_CONCURRENCY, async (c) => {
          await startCase(client, taskQueue, c.input as unknown as CaseInput);
          started.push(c.seq);
          heartbeat();
        });
        metrics.launchBatch('ok', started.length);
      } catch (err) {
        metrics.launchBatch('failed', started.length);
        throw err;
      } finally {
        // What was started is counted even when the batch fails halfway (its retry starts the rest).
        await launches.markStarted(launchId, started);
      }
      return launches.markStarted(launchId, []);
    },

    /** Records how the launch ended. */
    async finishLaunch({ launchId, error }: { launchId: string; error?: string }): Promise<void> {
      const { started } = await launches.markStarted(launchId, []);
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

export type LaunchActivities = ReturnType<typeof createLaunchActivities>;
