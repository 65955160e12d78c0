import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { BanliEnv } from '../../../../libs/config';
import {
  CASE_SEARCH_ATTRIBUTES,
  CaseInput,
  LAUNCH_WORKFLOW_TYPE,
  launchWorkflowId,
  LaunchWorkflowInput,
  LaunchWorkflowResult,
} from '../../../../libs/contract';
import { LaunchRepository, type LaunchRow } from '../../../../libs/db';
import { ensureSearchAttributes } from '../../../../libs/temporal/search-attributes';
import { NotFoundError } from '../errors/api-errors';
import { ApiMetrics } from '../metrics/api-metrics';
import { LaunchDto } from './dto/launch.dto';

/** How long a small JSON launch (answered 201) waits for its cases to start before answering 202 instead. */
const WAIT_FOR_SMALL_LAUNCH_MS = 60_000;

/**
 * Launches (交办) as workflows: the API records the launch and every case it starts in one
 * transaction, then starts `launch:{id}`, which starts the cases batch by batch in the worker. An
 * API stopped or killed halfway loses nothing; at boot it starts the workflow of any launch still
 * running that has none (the API died between recording and starting it).
 */
@Injectable()
export class LaunchesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(LaunchesService.name);
  private searchAttributesReady?: Promise<unknown>;

  constructor(
    private readonly launches: LaunchRepository,
    private readonly client: Client,
    private readonly connection: Connection,
    private readonly env: BanliEnv,
    private readonly metrics: ApiMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      for (const launch of await this.launches.runningWithCases()) await this.startWorkflow(launch.id);
    } catch (err) {
      // Temporal may not be up yet; the next launch or restart tries again.
      this.logger.warn(`could not resume running launches: ${String(err)}`);
    }
  }

  /** Records the launch and starts its workflow; answers with the launch as recorded. */
  async launch(cycleId: string, inputs: CaseInput[]): Promise<LaunchDto> {
    await this.ensureSearchAttributes();
    const row = await this.launches.createWithCases({ id: randomUUID(), cycleId }, inputs.map((input) => ({ caseId: input.caseId, input })));
    await this.startWorkflow(row.id);
    this.metrics.launchStarted();
    return viewOf(row);
  }

  /**
   * Launches and waits for every case to start (a small JSON launch answers 201 with them started).
   * Undefined if it took too long: the launch goes on, and the caller answers 202 with it.
   */
  async launchAndWait(cycleId: string, inputs: CaseInput[]): Promise<LaunchDto | undefined> {
    const launch = await this.launch(cycleId, inputs);
    const result = this.client.workflow.getHandle(launchWorkflowId(launch.launchId)).result() as Promise<LaunchWorkflowResult>;
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), WAIT_FOR_SMALL_LAUNCH_MS).unref());
    const done = await Promise.race([result, timeout]);
    if (done === undefined) return launch;
    if (done.status === 'failed') throw new Error(`the launch failed after ${done.started} cases: ${done.error}`);
    return undefined;
  }

  async get(launchId: string): Promise<LaunchDto> {
    const row = /^[0-9a-f-]{36}$/.test(launchId) ? await this.launches.findById(launchId) : undefined;
    if (!row) throw new NotFoundError('LaunchNotFound', `no launch with id ${launchId}`);
    return viewOf(row);
  }

  /** Starts the launch's workflow once: if it runs or ran already, nothing happens. */
  private async startWorkflow(launchId: string): Promise<void> {
    try {
      await this.client.workflow.start(LAUNCH_WORKFLOW_TYPE, {
        workflowId: launchWorkflowId(launchId),
        taskQueue: this.env.TEMPORAL_TASK_QUEUE,
        args: [{ launchId } satisfies LaunchWorkflowInput],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /** Cases start with their search attributes, so they must exist even before a worker ran once. */
  private async ensureSearchAttributes(): Promise<void> {
    this.searchAttributesReady ??= ensureSearchAttributes(this.connection, this.env.TEMPORAL_NAMESPACE, CASE_SEARCH_ATTRIBUTES);
    await this.searchAttributesReady.catch((err: unknown) => {
      this.searchAttributesReady = undefined; // try again on the next launch
      throw err;
    });
  }
}

function viewOf(row: LaunchRow): LaunchDto {
  return {
    launchId: row.id,
    cycleId: row.cycle_id,
    status: row.status,
    total: row.total,
    started: row.started,
    ...(row.error ? { error: row.error } : {}),
    createdAt: iso(row.created_at),
    ...(row.finished_at ? { finishedAt: iso(row.finished_at) } : {}),
  };
}

/** pg reads timestamptz as a Date (the schema's column types do not say so through Selectable). */
function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
