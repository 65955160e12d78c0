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
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { BanliEnv } from '../../libs/config';
import type { EmbeddedPostgres } from '../../libs/db/embedded-server';
import { spawnEmbeddedPostgres } from './postgres';
import { temporalBinaries } from './temporal-binaries';

/**
 * The whole system for end-to-end tests: a real Temporal dev server (the CLI binary), the real
 * worker application context and the real API, listening on an ephemeral loopback port.
 */
export class TestSystem {
  private worker?: TestingModule;
  /** The office key `useTestSystem().http()` sends. */
  officeKey = '';

  private constructor(
    readonly temporal: TestWorkflowEnvironment,
    readonly env: BanliEnv,
    private app: INestApplication,
    readonly postgres: EmbeddedPostgres,
  ) {}

  get api(): INestApplication {
    return this.app;
  }

  /** Closes the API and starts a new one, as a deployment would. */
  async restartApi(): Promise<void> {
    await this.app.close();
    this.app = await createApi(this.env);
  }

  static async start(name: string): Promise<TestSystem> {
    const temporal = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: temporalBinaries().cli } },
    });
    const postgres = await spawnEmbeddedPostgres();
    const env = Object.assign(new BanliEnv(), {
      DATABASE_URL: postgres.url,
      NODE_ENV: 'test',
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: `e2e-${name}`,
      PORT: 0,
      TEMPORAL_CALL_TIMEOUT_MS: 2_000,
      ALERT_LOG_PATH: join(mkdtempSync(join(tmpdir(), `banli-${name}-`)), 'alerts.jsonl'),
      // Suites are not throttled; a test may lower it on `system.env` (read at each request).
      BANLI_RATE_LIMIT: 1_000_000,
    });
    const system = new TestSystem(temporal, env, await createApi(env), postgres);
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

  /** Starts the worker application (registers search attributes, bundles, polls). */
  async startWorker(): Promise<void> {
    const module = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(BanliEnv)
      .useValue(this.env)
      .compile();
    await module.init();
    this.worker = module;
  }

  /** Shuts the worker down as SIGTERM would: tasks in progress finish, polling stops. */
  async stopWorker(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }

  async stop(): Promise<void> {
    await this.api?.close();
    await this.stopWorker();
    await this.temporal?.teardown();
    await this.postgres.stop();
  }
}

async function createApi(env: BanliEnv): Promise<INestApplication> {
  const module = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(BanliEnv)
    .useValue(env)
    .compile();
  const app = module.createNestApplication({ bodyParser: false, logger: ['error', 'warn'] });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  return app;
}

/** Polls until `check` stops throwing (visibility is eventually consistent). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

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
  beforeAll(async () => {
    running = await TestSystem.start(name);
  });
  afterAll(async () => {
    await running?.stop();
  });
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
