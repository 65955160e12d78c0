import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../libs/db';
import { AlertRepository, type ArmedAlertContent, ArmedAlertRepository, DeliveryRepository, SubscriptionRepository } from '../../libs/db/repositories';
import { migratedDatabase } from '../../test/support/database';
import { armedAlertDue } from '../../test/support/alert-rows';
import { eventually } from '../../test/support/eventually';
import { HOOK_TIMEOUT, useTeardown } from '../../test/support/teardown';
import { AlertLog } from '../notify/alert-log';
import { createAlertActivities } from '../notify/alert.activities';
import { WorkingCalendar } from '../../libs/calendar';
import { AlertDispatcher, type AlertDispatcherOptions } from './alert-dispatcher';
import { AlertDeliverer } from './delivery.activities';
import { alertRowOf } from './alert-store';
import { webhookPayload } from '../../libs/alerts/alert-message';

/** A webhook receiver on loopback that notes when each request arrived (this process's clock, as it came in), and what it said. */
class ArrivalReceiver {
  readonly arrivals: { id: string; at: number; body?: string }[] = [];
  private readonly server = createServer((req, res) => {
    const arrival: { id: string; at: number; body?: string } = { id: String(req.headers['webhook-id'] ?? ''), at: Date.now() };
    this.arrivals.push(arrival);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      arrival.body = Buffer.concat(chunks).toString('utf8');
      res.writeHead(204).end();
    });
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/banli/alerts`;
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  of(id: string): number[] {
    return this.arrivals.filter((a) => a.id === id).map((a) => a.at);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The database, except that the first read of armed alerts' contents fails, as on a connection that drops. */
function firstContentsReadFails(db: Db): Db {
  let failed = false;
  return db.withPlugin({
    transformQuery: ({ node }) => {
      if (!failed && node.kind === 'SelectQueryNode' && node.from && JSON.stringify(node).includes('"name":"alert"}')) {
        failed = true;
        throw new Error('Connection terminated unexpectedly');
      }
      return node;
    },
    transformResult: async ({ result }) => result,
  });
}

const alertDue = armedAlertDue;

describe('AlertDispatcher (embedded PostgreSQL, a loopback webhook receiver)', () => {
  const teardown = useTeardown();
  let db: Db;
  let armed: ArmedAlertRepository;
  let receiver: ArrivalReceiver;

  /** The operator allows loopback (BANLI_WEBHOOK_ALLOW_HOSTS=loopback): the receiver listens there. */
  const delivererOf = () => new AlertDeliverer({ db, webhookAllowHosts: () => 'loopback' });

  /** A dispatcher started now, stopped by the teardown (before the pool) if its test does not. */
  function started(over: Partial<AlertDispatcherOptions> = {}): AlertDispatcher {
    const dispatcher = new AlertDispatcher({ db, deliverer: delivererOf(), pollMs: 200, ...over });
    teardown.add('alert dispatcher', dispatcher, (d) => d.stop());
    dispatcher.start();
    return dispatcher;
  }

  const arm = (alert: ArmedAlertContent) => armed.arm({ alertId: alert.alertId, caseId: alert.caseId, deliverAt: alert.deliverAt, alert });
  const stateOf = async (id: string) => (await db.selectFrom('armed_alerts').select('state').where('alert_id', '=', id).executeTakeFirst())?.state;
  /** When the dispatcher claimed the alert (sent it), as emitAlert reports it to a v13 ladder. */
  const claimedAtOf = async (id: string) => (await db.selectFrom('armed_alerts').select('claimed_at').where('alert_id', '=', id).executeTakeFirstOrThrow()).claimed_at!.toISOString();

  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    armed = new ArmedAlertRepository(db);
    receiver = teardown.add('webhook receiver', await new ArrivalReceiver().start(), (r) => r.stop());
    await new SubscriptionRepository(db).create({
      id: 'sub-1', name: '督查室', channel: 'webhook', target: receiver.url, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      recipient: null, unit: null, rungs: null,
    });
  }, HOOK_TIMEOUT.postgres);

  it('delivers an armed alert once, at its instant and not before', async () => {
    const alert = alertDue(1_500);
    await arm(alert);
    const sent: string[] = [];
    const dispatcher = started({ onSent: (id) => sent.push(id) });

    await eventually(async () => expect(receiver.of(alert.alertId)).toHaveLength(1));
    expect(receiver.of(alert.alertId)[0]).toBeGreaterThanOrEqual(Date.parse(alert.deliverAt));
    // Polls after its instant send it no second time.
    await sleep(700);
    await dispatcher.stop();
    expect(receiver.of(alert.alertId)).toHaveLength(1);
    expect(sent).toEqual([alert.alertId]);
    expect(await stateOf(alert.alertId)).toBe('claimed');
    expect(await new DeliveryRepository(db).logOf(alert.alertId)).toEqual([
      expect.objectContaining({ subscription_id: 'sub-1', attempt: 1, status: 'delivered' }),
    ]);
  });

  it('never sends a held or a disarmed alert, which stay so', async () => {
    const held = alertDue(1_200);
    const disarmed = alertDue(1_200);
    const sent = { ...alertDue(1_200), deliverAt: held.deliverAt, nominalAt: held.deliverAt };
    for (const a of [held, disarmed, sent]) await arm(a);
    const dispatcher = started();
    // Timed by a poll already (they are within its lookahead), then held and disarmed before their instant.
    await sleep(500);
    expect(await armed.hold(held.caseId)).toBe(1);
    expect(await armed.disarm(disarmed.alertId)).toEqual({ sent: false });

    // The one left armed at that instant is sent: the instant has passed for the others too.
    await eventually(async () => expect(receiver.of(sent.alertId)).toHaveLength(1));
    await sleep(500);
    await dispatcher.stop();
    expect(receiver.of(held.alertId)).toEqual([]);
    expect(receiver.of(disarmed.alertId)).toEqual([]);
    expect([await stateOf(held.alertId), await stateOf(disarmed.alertId), await stateOf(sent.alertId)]).toEqual(['held', 'disarmed', 'claimed']);
    expect(await new AlertRepository(db).exists(held.alertId)).toBe(false);
  });

  it('sends each alert as it stores it: the webhook carries the stored row, emitted when it was sent', async () => {
    const alerts = [alertDue(600), alertDue(600), alertDue(600)];
    for (const a of alerts) await arm(a);
    const dispatcher = started();
    await eventually(async () => expect(alerts.filter((a) => receiver.of(a.alertId).length === 0)).toEqual([]));
    await eventually(async () => {
      for (const a of alerts) expect(await new AlertRepository(db).exists(a.alertId)).toBe(true);
    });
    await dispatcher.stop();
    for (const a of alerts) {
      const stored = (await new AlertRepository(db).findById(a.alertId))!;
      const arrival = receiver.arrivals.find((r) => r.id === a.alertId)!;
      expect(JSON.parse(arrival.body!)).toEqual(JSON.parse(JSON.stringify(webhookPayload(stored))));
      expect(stored.emitted_at.getTime()).toBeGreaterThanOrEqual(Date.parse(a.deliverAt));
      expect(stored.emitted_at.getTime()).toBeLessThanOrEqual(arrival.at);
    }
  });

  it('reads an alert whose contents could not be read ahead when it claims it, and sends it at its instant', async () => {
    const alert = alertDue(1_500);
    await arm(alert);
    const logged: string[] = [];
    const dispatcher = started({ db: firstContentsReadFails(db), log: (message) => logged.push(message) });
    await eventually(async () => expect(receiver.of(alert.alertId)).toHaveLength(1));
    await dispatcher.stop();
    expect(logged).toEqual(['armed alerts could not be read ahead: they are read when claimed']);
    expect(receiver.of(alert.alertId)[0]).toBeGreaterThanOrEqual(Date.parse(alert.deliverAt));
    expect(await stateOf(alert.alertId)).toBe('claimed');
    expect((await new AlertRepository(db).findById(alert.alertId))?.title).toBe(alert.title);
  });

  it('deletes rows past their retention, a batch a poll while batches come back full, then waits its interval', async () => {
    const DAY = 24 * 3_600_000;
    const armedAgo = async (ms: number, state: 'claimed' | 'held' | 'emitted' | 'disarmed') => {
      const alert = { ...alertDue(0), deliverAt: new Date(Date.now() - ms).toISOString() };
      await arm(alert);
      await db.updateTable('armed_alerts').set({ state }).where('alert_id', '=', alert.alertId).execute();
      return alert.alertId;
    };
    const old = [await armedAgo(31 * DAY, 'claimed'), await armedAgo(31 * DAY, 'held'), await armedAgo(40 * DAY, 'emitted'), await armedAgo(31 * DAY, 'disarmed'), await armedAgo(30 * DAY + 60_000, 'claimed')];
    const recent = await armedAgo(29 * DAY, 'claimed');
    const rowsOf = async (ids: string[]) => (await db.selectFrom('armed_alerts').select('alert_id').where('alert_id', 'in', ids).execute()).length;
    const logged: string[] = [];
    // Two a batch: five old rows take three polls; with an hour between sweeps, only if a full batch goes on.
    const dispatcher = started({ retentionMs: 30 * DAY, sweepBatch: 2, sweepEveryMs: 3_600_000, pollMs: 50, log: (message) => logged.push(message) });
    await eventually(async () => expect(await rowsOf(old)).toBe(0));
    expect(await rowsOf([recent])).toBe(1);
    // The last batch was short: the next sweep is an hour away.
    const later = await armedAgo(31 * DAY, 'claimed');
    await sleep(500);
    await dispatcher.stop();
    expect(await rowsOf([later, recent])).toBe(2);
    expect(logged).toEqual([]);
  });

  /** `n` alerts armed for one instant `inMs` from now. */
  async function armedAtOneInstant(n: number, inMs: number): Promise<ArmedAlertContent[]> {
    const first = alertDue(inMs);
    const alerts = [first, ...Array.from({ length: n - 1 }, () => ({ ...alertDue(0), deliverAt: first.deliverAt, nominalAt: first.deliverAt }))];
    for (const a of alerts) await arm(a);
    return alerts;
  }

  it('with two dispatchers on one database, delivers each alert exactly once', async () => {
    const later = Array.from({ length: 10 }, (_, i) => alertDue(1_100 + 20 * i));
    const alerts = [...(await armedAtOneInstant(30, 1_000)), ...later];
    for (const a of later) await arm(a);
    const one = started();
    const two = started();

    await eventually(async () => expect(alerts.filter((a) => receiver.of(a.alertId).length === 0)).toEqual([]));
    await sleep(700);
    await Promise.all([one.stop(), two.stop()]);
    expect(alerts.filter((a) => receiver.of(a.alertId).length !== 1)).toEqual([]);
    for (const a of alerts) expect(receiver.of(a.alertId)[0]).toBeGreaterThanOrEqual(Date.parse(a.deliverAt));
    const states = await db.selectFrom('armed_alerts').select('state').where('alert_id', 'in', alerts.map((a) => a.alertId)).execute();
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(['claimed']));
  });

  /**
   * The database, noting the rows each claim of armed alerts took; the claim numbered `failing`
   * (from 1) fails instead, as on a connection that drops.
   */
  function claimsNoted(failing?: number): { db: Db; claims: number[] } {
    const claims: number[] = [];
    const updates = new Set<unknown>();
    let seen = 0;
    const noted = db.withPlugin({
      transformQuery: ({ node, queryId }) => {
        if (node.kind === 'UpdateQueryNode' && JSON.stringify(node.table).includes('"armed_alerts"') && JSON.stringify(node).includes('"claimed"')) {
          if (++seen === failing) throw new Error('Connection terminated unexpectedly');
          updates.add(queryId);
        }
        return node;
      },
      transformResult: async ({ result, queryId }) => {
        if (updates.delete(queryId)) claims.push(result.rows.length);
        return result;
      },
    });
    return { db: noted, claims };
  }

  it('claims an instant’s alerts a hundred to a statement, sending each claim’s as it comes back, each alert once', async () => {
    const alerts = await armedAtOneInstant(250, 1_500);
    const { db: noted, claims } = claimsNoted();
    const dispatcher = started({ db: noted });

    await eventually(async () => expect(alerts.filter((a) => receiver.of(a.alertId).length === 0)).toEqual([]));
    await dispatcher.stop();
    expect(claims).toEqual([100, 100, 50]);
    expect(alerts.filter((a) => receiver.of(a.alertId).length !== 1)).toEqual([]);
    for (const a of alerts) expect(receiver.of(a.alertId)[0]).toBeGreaterThanOrEqual(Date.parse(a.deliverAt));
  });

  it('does not time again the alerts a poll listed as armed while they were being claimed (no second claim)', async () => {
    const alerts = await armedAtOneInstant(5, 1_500);
    const ids = new Set(alerts.map((a) => a.alertId));
    const { db: noted, claims } = claimsNoted();
    // The first read that lists them times them; every later one that still lists them as armed
    // comes back only once their claim has (and the dispatcher has forgotten them): it is stale.
    let listed = 0;
    const staleRead = noted.withPlugin({
      transformQuery: ({ node }) => node,
      transformResult: async ({ result }) => {
        const rows = result.rows as { alert_id?: string; deliver_at?: unknown }[];
        if (rows.some((r) => r.deliver_at !== undefined && ids.has(r.alert_id!)) && ++listed > 1) {
          for (let waited = 0; claims.length === 0 && waited < 10_000; waited += 50) await sleep(50);
          await sleep(50); // the dispatcher has forgotten them once their claim is back
        }
        return result;
      },
    });
    const dispatcher = started({ db: staleRead });

    await eventually(async () => expect(alerts.filter((a) => receiver.of(a.alertId).length === 0)).toEqual([]));
    await sleep(600); // a poll after the stale one would claim them again now
    await dispatcher.stop();
    expect(listed).toBeGreaterThan(1); // a read was held until the claim came back
    expect(claims).toEqual([5]);
    expect(alerts.filter((a) => receiver.of(a.alertId).length !== 1)).toEqual([]);
  });

  it('leaves the slice whose claim failed, and those after it, armed: the next poll sends them, each once', async () => {
    const alerts = await armedAtOneInstant(250, 1_500);
    const { db: noted, claims } = claimsNoted(2);
    const logged: { message: string; meta: Record<string, unknown> }[] = [];
    const dispatcher = started({ db: noted, log: (message, meta) => logged.push({ message, meta }) });

    await eventually(async () => expect(alerts.filter((a) => receiver.of(a.alertId).length === 0)).toEqual([]));
    await dispatcher.stop();
    expect(logged).toEqual([{ message: 'armed alerts could not be claimed: the next poll tries again', meta: { alerts: 150, error: expect.stringContaining('Connection terminated') } }]);
    expect(claims).toEqual([100, 100, 50]);
    expect(alerts.filter((a) => receiver.of(a.alertId).length !== 1)).toEqual([]);
    expect(new Set((await db.selectFrom('armed_alerts').select('state').where('alert_id', 'in', alerts.map((a) => a.alertId)).execute()).map((r) => r.state))).toEqual(new Set(['claimed']));
  });

  it('records a burst’s attempts many to a statement, each attempt settled only once it is on record', async () => {
    // A receiver that answers nothing until every request of the burst has come, then all at once.
    const BURST = 250;
    const held: (() => void)[] = [];
    const holding = createServer((req, res) => {
      req.resume();
      held.push(() => res.writeHead(204).end());
      if (held.length === BURST) for (const answer of held) answer();
    });
    await new Promise<void>((r) => holding.listen(0, '127.0.0.1', r));
    teardown.add('holding receiver', holding, (s) => new Promise((r) => { s.closeAllConnections(); s.close(r); }));
    const sub = await new SubscriptionRepository(db).create({
      id: 'sub-held', name: '督查室（批量）', channel: 'webhook', target: `http://127.0.0.1:${(holding.address() as AddressInfo).port}/banli/alerts`,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', recipient: null, unit: null, rungs: null,
    });
    // Rows per insert into the delivery log, and how many attempts were on record when each alert was told settled.
    const inserts: number[] = [];
    const counted = db.withPlugin({
      transformQuery: ({ node }) => {
        if (node.kind === 'InsertQueryNode' && JSON.stringify(node.into).includes('"deliveries"')) {
          const values = node.values as { kind: string; values?: readonly unknown[] } | undefined;
          inserts.push(values?.kind === 'ValuesNode' ? values.values!.length : 1);
        }
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const emittedAt = new Date().toISOString();
    const alerts = Array.from({ length: BURST }, () => alertRowOf({ ...alertDue(0), emittedAt }));
    const onRecord: number[] = [];
    const firsts = await new AlertDeliverer({ db: counted, webhookAllowHosts: () => 'loopback' })
      .firstAttemptsOfNew(alerts, [sub], 30_000, () => onRecord.push(inserts.reduce((a, b) => a + b, 0)))
      // The other tests' alerts go to sub-1 only.
      .finally(() => new SubscriptionRepository(db).disable('sub-held'));
    expect([...firsts.values()].every((f) => f.settled && f.undelivered === 0)).toBe(true);
    expect(inserts.reduce((a, b) => a + b, 0)).toBe(BURST);
    expect(Math.max(...inserts)).toBeGreaterThan(1); // one statement per attempt would be 250 of one row
    expect(inserts.length).toBeLessThan(BURST);
    // Each alert was told settled after its attempt's statement went: never more told than recorded.
    onRecord.forEach((recorded, i) => expect(recorded).toBeGreaterThanOrEqual(i + 1));
    const logged = await db.selectFrom('deliveries').select((eb) => eb.fn.countAll<string>().as('n')).where('subscription_id', '=', 'sub-held').executeTakeFirstOrThrow();
    expect(Number(logged.n)).toBe(BURST);
  });

  describe('and the workflow’s own emit of the alert at its instant', () => {
    let client: Client;
    beforeAll(() => {
      // Never called here (each alert is delivered at the first attempt); a real client, connecting lazily.
      client = new Client({ connection: teardown.add('lazy Temporal connection', Connection.lazy({ address: '127.0.0.1:1' }), (c) => c.close()) });
    });

    it('finds the alert stored (the alert inbox shows it) and delivered: it sends nothing twice', async () => {
      const alert = alertDue(300);
      await arm(alert);
      const dispatcher = started();
      await eventually(async () => expect(receiver.of(alert.alertId)).toHaveLength(1));
      await dispatcher.stop();

      const stored = await new AlertRepository(db).findById(alert.alertId);
      expect(stored).toMatchObject({
        case_id: alert.caseId, deadline_id: 'reply', kind: 'overdue', unit: '区民政局', title: alert.title,
        body: expect.objectContaining({ text: alert.body, caseNumberLabel: alert.caseNumberLabel, dueOn: '2020-10-09' }),
      });
      expect(stored!.deliver_at).toEqual(new Date(alert.deliverAt));
      expect((await new AlertRepository(db).list({ caseId: alert.caseId, limit: 10 })).map((a) => a.alert_id)).toEqual([alert.alertId]);

      const activities = createAlertActivities({
        calendar: WorkingCalendar.official(),
        alertLog: new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-dispatcher-')), 'alerts.jsonl')),
        delivery: { db, client, taskQueue: 'dispatcher-spec', deliverer: delivererOf() },
      });
      expect(await new MockActivityEnvironment().run(activities.emitAlert, alert)).toEqual({ duplicate: false, sentAt: await claimedAtOf(alert.alertId) });
      await sleep(300);
      expect(receiver.of(alert.alertId)).toHaveLength(1);
      expect(await new DeliveryRepository(db).logOf(alert.alertId)).toHaveLength(1);
      expect(await stateOf(alert.alertId)).toBe('claimed');
    });

    /** The alert activities as the worker builds them, with a short first-attempts bound. */
    const emitterWithBound = (firstAttemptsBoundMs: number) => createAlertActivities({
      calendar: WorkingCalendar.official(),
      alertLog: new AlertLog(join(mkdtempSync(join(tmpdir(), 'banli-dispatcher-')), 'alerts.jsonl')),
      delivery: { db, client, taskQueue: 'dispatcher-spec', deliverer: delivererOf(), firstAttemptsBoundMs },
    });

    it('while the dispatcher’s first attempts are under way, waits for them to be recorded and sends nothing itself', async () => {
      // Claimed at its instant, its attempt not yet recorded: the dispatcher is sending it.
      const alert = alertDue(0);
      await arm(alert);
      await armed.claim([alert.alertId]);
      const emitting = new MockActivityEnvironment().run(emitterWithBound(10_000).emitAlert, alert);
      await sleep(600);
      // The dispatcher's attempt lands (recorded as its send would record it).
      await new DeliveryRepository(db).record({ alert_id: alert.alertId, subscription_id: 'sub-1', channel: 'webhook', attempt: 1, status: 'delivered', status_code: 204, error: null });
      expect(await emitting).toEqual({ duplicate: false, sentAt: await claimedAtOf(alert.alertId) });
      expect(receiver.of(alert.alertId)).toEqual([]);
      expect(await new DeliveryRepository(db).logOf(alert.alertId)).toHaveLength(1);
    });

    it('when the dispatcher that claimed it recorded nothing within the bound (it died), makes the first attempt itself, after the bound', async () => {
      const alert = alertDue(0);
      await arm(alert);
      await armed.claim([alert.alertId]);
      const claimedAt = Date.parse(await claimedAtOf(alert.alertId));
      expect(await new MockActivityEnvironment().run(emitterWithBound(1_500).emitAlert, alert)).toEqual({ duplicate: false, sentAt: new Date(claimedAt).toISOString() });
      expect(receiver.of(alert.alertId)).toHaveLength(1);
      expect(receiver.of(alert.alertId)[0]).toBeGreaterThanOrEqual(claimedAt + 1_500);
    });

    it('an emit that comes first takes the alert out of armed: the dispatcher never sends it after', async () => {
      const alert = alertDue(800);
      await arm(alert);
      const emitted = await new MockActivityEnvironment().run(emitterWithBound(10_000).emitAlert, alert);
      expect(emitted).toStrictEqual({ duplicate: false }); // not sent by the dispatcher: no sentAt
      expect(await stateOf(alert.alertId)).toBe('emitted');
      const dispatcher = started();
      await sleep(1_500);
      await dispatcher.stop();
      expect(receiver.of(alert.alertId)).toHaveLength(1);
    });
  });
});
