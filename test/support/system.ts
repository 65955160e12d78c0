import './quiet-runtime';
import type { INestApplication } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { Client as TemporalClient } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import request from 'supertest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterCommand, clusterTopology, type ClusterTopology } from '../cluster/topology';
import { startRetryingProxy, type RetryingProxy } from '../cluster/retrying-proxy';
import { AppModule } from '../../apps/api/src/app.module';
import { ApiKeysService } from '../../apps/api/src/auth/api-keys.service';
import { Role } from '../../apps/api/src/auth/roles';
import { configureApp } from '../../apps/api/src/configure-app';
import { WorkerMetricsServer } from '../../apps/worker/src/metrics/metrics-server';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { BanliEnv } from '../../libs/config';
import { TemporalConnection } from '../../libs/temporal/temporal-connection';
import type { EmbeddedPostgres } from '../../libs/db/embedded-server';
import { diesWithParent } from './dies-with-parent';
import { spawnEmbeddedPostgres } from './postgres';
import { HOOK_TIMEOUT, Teardown } from './teardown';
import { temporalBinaries } from './temporal-binaries';

/**
 * The whole system for end-to-end tests: a real Temporal dev server (the CLI binary), the real
 * worker application context and the real API, listening on an ephemeral loopback port.
 *
 * Cluster mode: with BANLI_E2E_CLUSTER=<cluster.json> (written by scripts/cluster.sh), a suite
 * starts nothing and runs against that cluster instead — its API processes over real HTTP, through
 * its balancer and a retrying client (test/cluster/retrying-proxy.ts), its Temporal server, its
 * workers (on the cluster's task queue). There `api` (the in-process Nest application) does not
 * exist; `restartApi()` is a rolling restart of the cluster's API processes and `stopWorker()` a
 * graceful restart of one of its workers (`startWorker()` then has nothing left to do), both
 * through scripts/cluster.sh, which never takes the last running one of either down.
 */
export class TestSystem {
  private worker?: TestingModule;
  private app?: INestApplication;
  private stopped = false;
  /** The office key `useTestSystem().http()` sends. */
  officeKey = '';

  private constructor(
    readonly temporal: Pick<TestWorkflowEnvironment, 'client' | 'address'>,
    readonly env: BanliEnv,
    readonly postgres: Pick<EmbeddedPostgres, 'url' | 'stop'>,
    private readonly cluster?: { topology: ClusterTopology; proxy: RetryingProxy },
  ) {}

  get api(): INestApplication {
    if (this.cluster) throw new Error('against a cluster (BANLI_E2E_CLUSTER) the API runs in the cluster\'s processes, not in this one');
    if (!this.app) throw new Error('the API is not running');
    return this.app;
  }

  /** Where supertest sends requests: the in-process API's server, or the cluster's (through the retrying client). */
  get target(): Server | string {
    return this.cluster ? this.cluster.proxy.url : this.server;
  }

  /** Closes the API and starts a new one, as a deployment would. */
  async restartApi(): Promise<void> {
    if (this.cluster) {
      await clusterCommand(this.cluster.topology, 'restart', 'api');
      return;
    }
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
    const topology = clusterTopology();
    if (topology) return TestSystem.onCluster(name, topology, teardown);
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
      // The suites' webhook receivers listen on loopback, which webhooks may reach only when the
      // operator allows it (a test may change it on `system.env`: it is read at each subscription and attempt).
      BANLI_WEBHOOK_ALLOW_HOSTS: 'loopback',
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

  /**
   * A suite against a running cluster: a Temporal client of its server, the retrying client in
   * front of its balancer, and an office key of the suite's own (named as the local system's is).
   */
  private static async onCluster(name: string, topology: ClusterTopology, teardown: Teardown): Promise<TestSystem> {
    const connection = teardown.add('Temporal connection', TemporalConnection.open({ address: topology.temporalAddress }), (c) => c.close());
    const client = new TemporalClient({ connection, namespace: topology.namespace });
    const proxy = teardown.add('retrying client', await startRetryingProxy(topology.apiUrl, join(topology.dir, 'logs', 'e2e-retries.jsonl'), name), (p) => p.close());
    const env = Object.assign(new BanliEnv(), {
      DATABASE_URL: topology.databaseUrl,
      NODE_ENV: 'production',
      TEMPORAL_ADDRESS: topology.temporalAddress,
      TEMPORAL_NAMESPACE: topology.namespace,
      TEMPORAL_TASK_QUEUE: topology.taskQueue,
      PORT: 0,
    });
    const system = new TestSystem({ client, address: topology.temporalAddress }, env, {
      url: topology.databaseUrl,
      stop: () => Promise.reject(new Error('against a cluster (BANLI_E2E_CLUSTER) its PostgreSQL is not the suite\'s to stop')),
    }, { topology, proxy });
    system.officeKey = topology.officeKey;
    system.officeKey = await system.createKey({ role: Role.Office, name: 'e2e office' });
    return system;
  }

  get server(): Server {
    return this.api.getHttpServer() as Server;
  }

  /** Creates an API key as POST /api/keys would and returns the key itself. */
  async createKey(key: { role: Role | `${Role}`; unit?: string; name?: string; expiresAt?: string }): Promise<string> {
    const name = key.name ?? `e2e ${key.role}`;
    if (this.cluster) {
      const res = await request(this.cluster.proxy.url).post('/api/keys').set('Authorization', `Bearer ${this.officeKey}`).send({ ...key, name });
      if (res.status !== 201) throw new Error(`POST /api/keys: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { key: string }).key;
    }
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
    if (this.cluster) return; // the cluster's workers run; stopWorker() restarted one of them
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
    if (this.cluster) {
      await clusterCommand(this.cluster.topology, 'restart', 'worker', '--one');
      return;
    }
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
    http: () => request.agent(current().target).set('Authorization', `Bearer ${current().officeKey}`),
    as: (key: string) => request.agent(current().target).set('Authorization', `Bearer ${key}`),
    anonymous: () => request(current().target),
  };
}
