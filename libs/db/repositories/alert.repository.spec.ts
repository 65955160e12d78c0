import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { AlertRepository, type NewAlert } from './alert.repository';

/** A generated timestamp column's new value (Kysely types generated JSON/timestamp columns loosely). */
const stamp = (iso: string) => new Date(iso) as never;

function alertOf(id: string, over: Partial<NewAlert> = {}): NewAlert {
  return {
    alert_id: id,
    case_id: 'case-1',
    deadline_id: 'reply',
    kind: 'reminder',
    rung_id: 'r1',
    unit: '区民政局',
    recipients: ['unit-handler'],
    title: `title of ${id}`,
    body: { text: `text of ${id}` },
    deliver_at: '2020-09-01T01:00:00.000Z',
    ...over,
  };
}

describe('AlertRepository (embedded PostgreSQL)', () => {
  const teardown = useTeardown();
  let db: Db | undefined;
  let alerts: AlertRepository;

  /** Sets when the alert counts as emitted (the database's now() by default). */
  const emittedAt = (id: string, at: string) => db!.updateTable('alerts').set({ emitted_at: stamp(at) }).where('alert_id', '=', id).execute();

  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    alerts = new AlertRepository(db);
  }, HOOK_TIMEOUT.postgres);
  beforeEach(async () => {
    await db!.deleteFrom('alerts').execute();
  });

  it('inserts an alert once: a second insert of its id changes nothing', async () => {
    expect(await alerts.insertOnce(alertOf('a1'))).toBe(true);
    expect(await alerts.insertOnce(alertOf('a1', { title: 'changed', recipients: ['supervisor'], body: { text: 'changed' } }))).toBe(false);
    const row = await alerts.findById('a1');
    expect(row).toMatchObject({ alert_id: 'a1', title: 'title of a1', recipients: ['unit-handler'], body: { text: 'text of a1' }, acknowledged_at: null });
    expect(row!.deliver_at).toEqual(new Date('2020-09-01T01:00:00.000Z'));
    expect(row!.emitted_at).toBeInstanceOf(Date);
  });

  it('inserts many alerts in one statement, each once', async () => {
    await alerts.insertOnce(alertOf('a1'));
    expect(await alerts.insertManyOnce([alertOf('a1', { title: 'changed' }), alertOf('a2'), alertOf('a3', { recipients: ['supervisor'] })])).toBe(2);
    expect(await alerts.insertManyOnce([])).toBe(0);
    expect(await alerts.findById('a1')).toMatchObject({ title: 'title of a1' });
    expect(await alerts.findById('a2')).toMatchObject({ title: 'title of a2' });
    expect(await alerts.findById('a3')).toMatchObject({ recipients: ['supervisor'], body: { text: 'text of a3' } });
  });

  it('finds an alert, its unit and whether it exists', async () => {
    await alerts.insertOnce(alertOf('a1', { unit: null }));
    expect(await alerts.findById('none')).toBeUndefined();
    expect(await alerts.exists('a1')).toBe(true);
    expect(await alerts.exists('none')).toBe(false);
    expect(await alerts.unitOf('a1')).toEqual({ unit: null });
    expect(await alerts.unitOf('none')).toBeUndefined();
  });

  it('lists newest first by emitted_at then alert id, with each filter', async () => {
    await alerts.insertOnce(alertOf('a1', { recipients: ['unit-handler', 'supervisor'] }));
    await alerts.insertOnce(alertOf('a2', { case_id: 'case-2', unit: '区财政局', kind: 'overdue' }));
    await alerts.insertOnce(alertOf('a3', { recipients: ['supervisor'] }));
    await emittedAt('a1', '2020-09-01T00:00:00Z');
    await emittedAt('a2', '2020-09-02T00:00:00Z');
    await emittedAt('a3', '2020-09-02T00:00:00Z');
    const ids = async (filter: Parameters<AlertRepository['list']>[0]) => (await alerts.list(filter)).map((r) => r.alert_id);

    expect(await ids({ limit: 10 })).toEqual(['a3', 'a2', 'a1']);
    expect(await ids({ limit: 2 })).toEqual(['a3', 'a2']);
    expect(await ids({ caseId: 'case-2', limit: 10 })).toEqual(['a2']);
    expect(await ids({ unit: '区民政局', limit: 10 })).toEqual(['a3', 'a1']);
    expect(await ids({ kind: 'overdue', limit: 10 })).toEqual(['a2']);
    expect(await ids({ recipient: 'supervisor', limit: 10 })).toEqual(['a3', 'a1']);
    expect(await ids({ since: new Date('2020-09-02T00:00:00Z'), limit: 10 })).toEqual(['a3', 'a2']);

    await alerts.acknowledge('a2', 'office');
    expect(await ids({ acknowledged: true, limit: 10 })).toEqual(['a2']);
    expect(await ids({ acknowledged: false, limit: 10 })).toEqual(['a3', 'a1']);
  });

  it('pages oldest first after an alert, within the look-back, and names the newest', async () => {
    expect(await alerts.newestId()).toBeUndefined();
    for (const id of ['a1', 'a2', 'a3', 'a4']) await alerts.insertOnce(alertOf(id, { kind: id === 'a3' ? 'overdue' : 'reminder' }));
    await emittedAt('a1', '2020-09-01T00:00:00Z');
    await emittedAt('a2', '2020-09-02T00:00:00Z');
    await emittedAt('a3', '2020-09-02T00:00:00Z');
    await emittedAt('a4', '2020-09-03T00:00:00Z');
    const ids = async (filter: Parameters<AlertRepository['listAfter']>[0]) => (await alerts.listAfter(filter)).map((r) => r.alert_id);

    expect(await alerts.newestId()).toBe('a4');
    expect(await ids({ limit: 10 })).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(await ids({ after: 'a2', limit: 10 })).toEqual(['a3', 'a4']);
    expect(await ids({ after: 'a1', limit: 2 })).toEqual(['a2', 'a3']);
    expect(await ids({ after: 'a1', kind: 'reminder', limit: 10 })).toEqual(['a2', 'a4']);
    expect(await ids({ since: new Date('2020-09-02T00:00:00Z'), limit: 10 })).toEqual(['a2', 'a3', 'a4']);
  });

  it('acknowledges once: acknowledging again keeps who did it first', async () => {
    await alerts.insertOnce(alertOf('a1'));
    await alerts.acknowledge('a1', '张三');
    const first = await alerts.findById('a1');
    await alerts.acknowledge('a1', '李四');
    const again = await alerts.findById('a1');
    expect(first).toMatchObject({ acknowledged_by: '张三' });
    expect(first!.acknowledged_at).toBeInstanceOf(Date);
    expect(again).toMatchObject({ acknowledged_by: '张三', acknowledged_at: first!.acknowledged_at });
    await expect(alerts.acknowledge('none', '张三')).resolves.toBeUndefined();
  });
});
