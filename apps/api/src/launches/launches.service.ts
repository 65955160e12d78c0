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
import type { CaseOutcome, LaunchCaseOutcome } from '../../../../libs/db/repositories/launch.repository';
import { LAUNCH_OUTCOMES } from '../../../../libs/launch-sheet';
import { ensureSearchAttributes } from '../../../../libs/temporal/search-attributes';
import { InvalidRequestError, NotFoundError } from '../errors/api-errors';
import { ApiMetrics } from '../metrics/api-metrics';
import { CaseDifferenceDto, ExistingCaseDto, LaunchCaseOutcomeDto, LaunchDto } from './dto/launch.dto';

/** A case to launch: its workflow input, and the sheet row it came from (uploads). */
export interface CaseToLaunch {
  input: CaseInput;
  row?: number;
}

/** What `?cases=` of the launch resource lists: every case, the cases of one outcome, or those not yet handled. */
export const CASE_LISTS = ['all', ...LAUNCH_OUTCOMES, 'pending'] as const;

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
  async launch(cycleId: string, cases: CaseToLaunch[]): Promise<LaunchDto> {
    await this.ensureSearchAttributes();
    const row = await this.launches.createWithCases(
      { id: randomUUID(), cycleId },
      cases.map(({ input, row }) => ({ caseId: input.caseId, input, ...(row !== undefined ? { row } : {}) })),
    );
    await this.startWorkflow(row.id);
    this.metrics.launchStarted();
    return this.viewOf(row);
  }

  /**
   * Launches and waits for every case to be handled (a small JSON launch answers 201 with them
   * started). `done` is false if it took too long: the launch goes on, and the caller answers 202.
   */
  async launchAndWait(cycleId: string, cases: CaseToLaunch[]): Promise<{ launch: LaunchDto; done: boolean }> {
    const launch = await this.launch(cycleId, cases);
    const result = this.client.workflow.getHandle(launchWorkflowId(launch.launchId)).result() as Promise<LaunchWorkflowResult>;
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), WAIT_FOR_SMALL_LAUNCH_MS).unref());
    const done = await Promise.race([result, timeout]);
    if (done === undefined) return { launch, done: false };
    if (done.status === 'failed') throw new Error(`the launch failed after ${done.started} cases: ${done.error}`);
    return { launch, done: true };
  }

  /** The launch resource; `cases` (all, an outcome, or pending) adds the launch's cases of that kind. */
  async get(launchId: string, cases?: unknown): Promise<LaunchDto> {
    if (cases !== undefined && !(CASE_LISTS as readonly unknown[]).includes(cases)) {
      throw new InvalidRequestError([{ field: 'cases', problem: `must be one of ${CASE_LISTS.join(', ')}` }]);
    }
    const row = /^[0-9a-f-]{36}$/.test(launchId) ? await this.launches.findById(launchId) : undefined;
    if (!row) throw new NotFoundError('LaunchNotFound', `no launch with id ${launchId}`);
    const view = await this.viewOf(row);
    if (cases === undefined) return view;
    const list = cases as (typeof CASE_LISTS)[number];
    const filter = list === 'all' ? undefined : list === 'pending' ? [null] : [list];
    const rows = await this.launches.caseOutcomes(launchId, filter);
    return {
      ...view,
      cases: rows.map((c): LaunchCaseOutcomeDto => ({
        ...placeOf(c),
        ...(c.outcome ? { outcome: c.outcome } : {}),
        ...(c.differences ? { differences: c.differences as CaseDifferenceDto[] } : {}),
      })),
    };
  }

  /**
   * The launch as recorded, with what it did with its cases so far: how many it started
   * (`created`), found unchanged, and each case found with other content (`changed`) or not
   * comparable (`notCompared`). A launch recorded before outcomes were (migration 0005) has none.
   */
  private async viewOf(row: LaunchRow): Promise<LaunchDto> {
    const counts = await this.launches.outcomeCounts(row.id);
    const recorded = Object.values(counts).reduce((a, b) => a + b, 0);
    const outcomes = row.started > 0 && recorded === 0 ? undefined : await this.outcomesOf(row.id, counts);
    return {
      launchId: row.id,
      cycleId: row.cycle_id,
      status: row.status,
      total: row.total,
      started: row.started,
      ...outcomes,
      ...(row.error ? { error: row.error } : {}),
      createdAt: iso(row.created_at),
      ...(row.finished_at ? { finishedAt: iso(row.finished_at) } : {}),
    };
  }

  private async outcomesOf(launchId: string, counts: Partial<Record<CaseOutcome, number>>): Promise<Pick<LaunchDto, 'created' | 'unchanged' | 'changed' | 'notCompared'>> {
    const flagged = (counts.changed ?? 0) + (counts.existing ?? 0) > 0 ? await this.launches.caseOutcomes(launchId, ['changed', 'existing']) : [];
    return {
      created: counts.created ?? 0,
      unchanged: counts.unchanged ?? 0,
      changed: flagged.filter((c) => c.outcome === 'changed').map((c) => ({ ...placeOf(c), differences: (c.differences ?? []) as CaseDifferenceDto[] })),
      notCompared: flagged.filter((c) => c.outcome === 'existing').map(placeOf),
    };
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

/** Where a case of a launch came from: its sheet row, or its place in a JSON launch's `cases`. */
function placeOf(c: LaunchCaseOutcome): ExistingCaseDto {
  return { caseId: c.caseId, ...(c.row !== null ? { row: c.row } : { index: c.seq }) };
}

/** pg reads timestamptz as a Date (the schema's column types do not say so through Selectable). */
function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
