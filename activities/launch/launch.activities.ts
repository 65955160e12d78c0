import { log } from '@temporalio/activity';
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
}

/** How many case workflows one batch starts at once. */
export const START_CONCURRENCY = 16;

/**
 * What the launch and merge workflows do outside: start a batch of a launch's cases, record how a
 * launch ended, link one case of a merge.
 */
export function createLaunchActivities({ db, client, taskQueue, metrics = NO_ACTIVITY_METRICS }: LaunchActivityDeps) {
  const launches = new LaunchRepository(db);
  return {
    /** Starts the next `size` cases not yet started (each once: a case that exists is left as it is). */
    async startLaunchBatch({ launchId, size }: { launchId: string; size: number }): Promise<LaunchBatch> {
      const batch = await launches.casesToStart(launchId, size);
      const started: number[] = [];
      try {
        await eachLimited(batch, START_CONCURRENCY, async (c) => {
          await startCase(client, taskQueue, c.input as unknown as CaseInput);
          started.push(c.seq);
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
