import './quiet-runtime';
import type { INestApplication } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import request from 'supertest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../../apps/api/src/app.module';
import { ApiKeysService } from '../../apps/api/src/auth/api-keys.service';
import { Role } from '../../apps/api/src/auth/roles';
import { configureApp } from '../../apps/api/src/configure-app';
import { WorkerMetricsServer } from '../../apps/worker/src/metrics/metrics-server';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { BanliEnv } from '../../libs/config';
import type { EmbeddedPostgres } from '../../libs/db/embedded-server';
import { diesWithParent } from './dies-with-parent';
import { spawnEmbeddedPostgres } from './postgres';
import { HOOK_TIMEOUT, Teardown } from './teardown';
import { temporalBinaries } from './temporal-binaries';

/**
 * The whole system for end-to-end tests: a real Temporal dev server (the CLI binary), the real
 * worker application context and the real API, listening on an ephemeral loopback port.
 */
export class TestSystem {
  private worker?: TestingModule;
  private app?: INestApplication;
  private stopped = false;
  /** The office key `useTestSystem().http()` sends. */
  officeKey = '';

  private constructor(
    readonly temporal: TestWorkflowEnvironment,
    readonly env: BanliEnv,
    readonly postgres: EmbeddedPostgres,
  ) {}

  get api(): INestApplication {
    if (!this.app) throw new Error('the API is not running');
    return this.app;
  }

  /** Closes the API and starts a new one, as a deployment would. */
  async restartApi(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    await app?.close();
    this.app = this.keep(await createApi(this.env), (a) => a.close());
  }

  /**
   * Starts the system; everything it starts is registered on `teardown` as soon as it exists,
   * so the teardown stops it even when a later step fails or the hook running this times out.
   */
  static async start(name: string, teardown: Teardown): Promise<TestSystem> {
    const temporal = teardown.add(
      'Temporal dev server',
      await TestWorkflowEnvironment.createLocal({
        // Through dies-with-parent: the dev server otherwise outlives a test process that is killed.
        server: { executable: { type: 'existing-path', path: diesWithParent(temporalBinaries().cli) } },
      }),
      (t) => t.teardown(),
    );
    const postgres = teardown.add('embedded PostgreSQL', await spawnEmbeddedPostgres(), (p) => p.stop());
    const env = Object.assign(new BanliEnv(), {
      DATABASE_URL: postgres.url,
      NODE_ENV: 'test',
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: `e2e-${name}`,
      PORT: 0,
      // The production default: a query waits for the worker, which a busy CI machine may keep
      // waiting for seconds. The suite that tests the timeout lowers it on `system.env` (read at each call).
      TEMPORAL_CALL_TIMEOUT_MS: 10_000,
      ALERT_LOG_PATH: join(mkdtempSync(join(tmpdir(), `banli-${name}-`)), 'alerts.jsonl'),
      // Suites are not throttled; a test may lower it on `system.env` (read at each request).
      BANLI_RATE_LIMIT: 1_000_000,
      // The worker's metrics server on a free port (suites run side by side): workerMetricsUrl.
      METRICS_PORT: 0,
      // No launch pacing: these suites check what a launch does, not how it shares the worker, and
      // a paced 1,000-case launch lasts as long as the worker takes to run its cases' first tasks
      // (minutes on a busy CI machine). The fault tests and `npm run bench` run with the default.
      LAUNCH_MAX_BACKLOG: 0,
    });
    const system = teardown.add('API and worker', new TestSystem(temporal, env, postgres), (s) => s.stopApiAndWorker());
    system.app = system.keep(await createApi(env), (a) => a.close());
    system.officeKey = await system.createKey({ role: Role.Office, name: 'e2e office' });
    await system.startWorker();
    return system;
  }

  get server(): Server {
    return this.api.getHttpServer() as Server;
  }

  /** Creates an API key as POST /api/keys would and returns the key itself. */
  async createKey(key: { role: Role | `${Role}`; unit?: string; name?: string; expiresAt?: string }): Promise<string> {
    const name = key.name ?? `e2e ${key.role}`;
    const created = await this.api.get(ApiKeysService).create({ ...key, role: key.role as Role, name });
    return created.key;
  }

  /** Where the running worker serves its metrics (GET /metrics). */
  get workerMetricsUrl(): string {
    const url = this.worker?.get(WorkerMetricsServer).url;
    if (!url) throw new Error('the worker is not running, or serves no metrics');
    return url;
  }

  /** Starts the worker application (registers search attributes, bundles, polls). */
  async startWorker(): Promise<void> {
    if (this.worker) throw new Error('the worker is already running');
    const module = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(BanliEnv)
      .useValue(this.env)
      .compile();
    try {
      await module.init();
    } catch (err) {
      await module.close().catch(() => undefined); // whatever init opened before it failed
      throw err;
    }
    this.worker = this.keep(module, (m) => m.close());
  }

  /** Shuts the worker down as SIGTERM would: tasks in progress finish, polling stops. */
  async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.close();
  }

  /**
   * Stops the API, then the worker, each even if the other fails to; what starts later is closed
   * at once. The Temporal server and PostgreSQL are stopped by the teardown after this.
   */
  async stopApiAndWorker(): Promise<void> {
    this.stopped = true;
    const app = this.app;
    this.app = undefined;
    try {
      await app?.close();
    } finally {
      await this.stopWorker();
    }
  }

  /** Keeps what was just started, unless the system was stopped meanwhile: then closes it and throws. */
  private keep<T>(started: T, close: (started: T) => Promise<unknown>): T {
    if (this.stopped) {
      void close(started).catch(() => undefined);
      throw new Error('the test system was stopped while this was starting');
    }
    return started;
  }
}

async function createApi(env: BanliEnv): Promise<INestApplication> {
  const module = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(BanliEnv)
    .useValue(env)
    .compile();
  const app = module.createNestApplication({ bodyParser: false, logger: ['error', 'warn'] });
  try {
    configureApp(app);
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    await app.close().catch(() => undefined); // what it opened before it failed (database pool, Temporal client)
    throw err;
  }
  return app;
}

export { eventually } from './eventually';

type Client = ReturnType<typeof request>;

/**
 * One system for a whole e2e file: started before its tests, stopped after them.
 * `e2e.system` is the running system, `e2e.http()` a supertest client of its API that sends the
 * office key, `e2e.as(key)` one that sends another key (`e2e.system.createKey({role, unit})`),
 * `e2e.anonymous()` one that sends none.
 */
export function useTestSystem(name: string): {
  readonly system: TestSystem;
  http: () => Client;
  as: (key: string) => Client;
  anonymous: () => Client;
} {
  let running: TestSystem | undefined;
  const teardown = new Teardown();
  beforeAll(async () => {
    running = await TestSystem.start(name, teardown);
  }, HOOK_TIMEOUT.system);
  afterAll(async () => {
    running = undefined;
    await teardown.run();
  }, HOOK_TIMEOUT.stop);
  const current = (): TestSystem => {
    if (!running) throw new Error('the test system is not running (use it inside a test)');
    return running;
  };
  return {
    get system() {
      return current();
    },
    http: () => request.agent(current().server).set('Authorization', `Bearer ${current().officeKey}`),
    as: (key: string) => request.agent(current().server).set('Authorization', `Bearer ${key}`),
    anonymous: () => request(current().server),
  };
}
