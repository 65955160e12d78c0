/**
 * The armed-alert dispatcher's burst on its own: N alerts armed for one instant in an embedded
 * PostgreSQL, one webhook subscription, and a receiver in a child process on loopback (so the
 * receiving does not share the dispatcher's thread). Prints how long after the instant the
 * first alert, half of them, 99 % and the last arrived, run after run (`npm run bench:burst`;
 * BENCH_ALERTS, default 1,200; BENCH_RUNS, default 3). Asserts nothing: `npm run bench` measures
 * the same burst inside the whole system, where the workflows' own emits run at the same instant.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { AlertDispatcher } from '../activities/delivery/alert-dispatcher';
import { AlertDeliverer } from '../activities/delivery/delivery.activities';
import { createDatabase, migrateToLatest } from '../libs/db';
import { ArmedAlertRepository, SubscriptionRepository } from '../libs/db/repositories';
import { armedAlertDue } from '../test/support/alert-rows';
import { spawnEmbeddedPostgres } from '../test/support/postgres';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 1_200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** How far ahead of the first whole second the instant is: time to arm every alert before it. */
const ARM_AHEAD_MS = 8_000;

/** The receiver's side (this file forked with `receiver`): answers 204 and notes each arrival's time. */
function receive(): void {
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    arrivals.push(Date.now());
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('message', (m) => {
    if (m === 'arrivals') process.send!({ arrivals: arrivals.splice(0) });
    if (m === 'exit') process.exit(0);
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

async function main(): Promise<void> {
  const postgres = await spawnEmbeddedPostgres();
  const db = createDatabase(postgres.url);
  const receiver = fork(__filename, ['receiver'], { execArgv: process.execArgv });
  const ask = <T>(message: string) => new Promise<T>((resolve) => { receiver.once('message', (m) => resolve(m as T)); if (message) receiver.send(message); });
  try {
    await migrateToLatest(db);
    const { port } = await ask<{ port: number }>('');
    await new SubscriptionRepository(db).create({
      id: 'bench-burst', name: '督查室', channel: 'webhook', target: `http://127.0.0.1:${port}/alerts`, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      recipient: null, unit: null, rungs: null,
    });
    const armed = new ArmedAlertRepository(db);
    const deliverer = new AlertDeliverer({ db, webhookAllowHosts: () => 'loopback' });
    console.log(`${ALERTS} alerts at one instant, ${RUNS} runs; ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log('run  first ms  p50 ms  p99 ms  last ms');
    for (let run = 1; run <= RUNS; run++) {
      const instant = Math.ceil((Date.now() + ARM_AHEAD_MS) / 1_000) * 1_000;
      for (let i = 0; i < ALERTS; i++) {
        const alert = { ...armedAlertDue(0, `burst-${run}-${i}`), deliverAt: new Date(instant).toISOString(), nominalAt: new Date(instant).toISOString() };
        await armed.arm({ alertId: alert.alertId, caseId: alert.caseId, deliverAt: alert.deliverAt, alert });
      }
      const dispatcher = new AlertDispatcher({ db, deliverer, log: (message, meta) => console.error(message, meta) });
      dispatcher.start();
      const arrivals: number[] = [];
      while (arrivals.length < ALERTS && Date.now() < instant + 60_000) {
        await new Promise((r) => setTimeout(r, 250));
        arrivals.push(...(await ask<{ arrivals: number[] }>('arrivals')).arrivals);
      }
      await dispatcher.stop();
      const after = arrivals.map((at) => at - instant).sort((a, b) => a - b);
      const cells = [after[0], quantile(after, 0.5), quantile(after, 0.99), after[after.length - 1]].map((ms) => String(ms).padStart(6));
      console.log(`${String(run).padStart(3)}  ${cells.join('  ')}${arrivals.length < ALERTS ? `  (only ${arrivals.length} arrived)` : ''}`);
    }
  } finally {
    receiver.send('exit');
    await db.destroy();
    await postgres.stop();
  }
}

if (process.argv[2] === 'receiver') receive();
else main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
