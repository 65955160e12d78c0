import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LaunchRepository, type LaunchRow } from '../../../../libs/db';
import type { CaseInput } from '../../../../libs/contract';
import { NotFoundError } from '../errors/api-errors';
import { CaseStarter } from './case-starter';
import { LaunchDto } from './dto/launch.dto';

/** How many case workflows one launch starts at once. */
export const START_CONCURRENCY = 16;

/** Thrown into a launch's remaining starts when the API stops. */
class LaunchInterrupted extends Error {}

/**
 * Starts the cases of a launch: at once (the request waits), or in the background with its
 * progress in the `launches` table (GET /api/launches/{id}), `started` written every
 * START_CONCURRENCY cases. Either way at most START_CONCURRENCY starts are in flight per launch.
 */
@Injectable()
export class LaunchesService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(LaunchesService.name);
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly launches: LaunchRepository,
    private readonly starter: CaseStarter,
  ) {}

  /** Starts every case before returning. */
  async startNow(inputs: CaseInput[]): Promise<void> {
    await this.starter.ensureSearchAttributes();
    await eachLimited(inputs, START_CONCURRENCY, (input) => this.starter.start(input));
  }

  /** Records a launch and starts its cases in the background; answers with the launch as recorded. */
  async startInBackground(cycleId: string, inputs: CaseInput[]): Promise<LaunchDto> {
    await this.starter.ensureSearchAttributes();
    const row = await this.launches.create({ id: randomUUID(), cycleId, total: inputs.length });
    const run = this.run(row.id, cycleId, inputs).finally(() => this.running.delete(row.id));
    this.running.set(row.id, run);
    return viewOf(row);
  }

  async get(launchId: string): Promise<LaunchDto> {
    const row = /^[0-9a-f-]{36}$/.test(launchId)
      ? await this.launches.findById(launchId)
      : undefined;
    if (!row) throw new NotFoundError('LaunchNotFound', `no launch with id ${launchId}`);
    return viewOf(row);
  }

  /** Launches in progress stop starting cases and are recorded as failed (launching again starts the rest). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running.values()]);
  }

  private async run(id: string, cycleId: string, inputs: CaseInput[]): Promise<void> {
    let started = 0;
    let written = 0;
    let writes = Promise.resolve();
    const writeProgress = (): void => {
      written = started;
      const count = started;
      writes = writes.then(async () => {
        await this.launches.progress(id, count);
      });
    };
    try {
      await eachLimited(inputs, START_CONCURRENCY, async (input) => {
        if (this.stopping) throw new LaunchInterrupted('the API stopped during the launch');
        await this.starter.start(input);
        started += 1;
        if (started - written >= START_CONCURRENCY) writeProgress();
      });
      await writes;
      await this.launches.finish(id, started);
      this.logger.log(`launch ${id}: cycle ${cycleId}, ${started} cases launched or already running`);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (!(err instanceof LaunchInterrupted)) this.logger.error(`launch ${id} (cycle ${cycleId}) failed after ${started} of ${inputs.length}: ${reason}`);
      await writes.catch(() => undefined);
      await this.launches
        .fail(id, started, reason)
        .catch((e: unknown) => this.logger.error(`launch ${id}: could not record its failure: ${String(e)}`));
    }
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

/** Runs `fn` on every item, at most `limit` at a time; stops taking items at the first failure and rethrows it. */
export async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
