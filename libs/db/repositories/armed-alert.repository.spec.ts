import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { type ArmedAlertContent, ArmedAlertRepository, type NewArmedAlert } from './armed-alert.repository';

function armedOf(id: string, over: { caseId?: string; deliverAt?: string } = {}): NewArmedAlert {
  const caseId = over.caseId ?? 'case-1';
  const deliverAt = over.deliverAt ?? '2020-09-28T01:00:00.000Z';
  const alert: ArmedAlertContent = {
    alertId: id,
    kind: 'reminder',
    rungId: 'reminder',
    recipients: ['unit-handler'],
    nominalAt: deliverAt,
    deliverAt,
    heldForQuietHours: false,
    title: `title of ${id}`,
    body: `text of ${id}`,
    caseId,
    deadlineId: 'reply',
    unit: '区民政局',
    dueOn: '2020-10-09',
    caseNumberLabel: '第十七届人大七次会议第11号建议',
    caseTitle: '关于充分发挥社区老年日间中心作用的建议',
  };
  return { alertId: id, caseId, deliverAt, alert };
}

describe('ArmedAlertRepository (embedded PostgreSQL)', () => {
  const teardown = useTeardown();
  let db: Db | undefined;
  let armed: ArmedAlertRepository;

  const stateOf = async (id: string) => (await db!.selectFrom('armed_alerts').select('state').where('alert_id', '=', id).executeTakeFirst())?.state;

  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    armed = new ArmedAlertRepository(db);
  }, HOOK_TIMEOUT.postgres);
  beforeEach(async () => {
    await db!.deleteFrom('armed_alerts').execute();
  });

  it('arms an alert once, whole: an arm retried changes nothing, nor does one after the alert moved on', async () => {
    const a1 = armedOf('a1');
    expect(await armed.arm(a1)).toBe(true);
    expect(await armed.arm({ ...a1, deliverAt: '2020-09-29T01:00:00.000Z' })).toBe(false);
    const row = await db!.selectFrom('armed_alerts').selectAll().where('alert_id', '=', 'a1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ case_id: 'case-1', state: 'armed', alert: a1.alert, claimed_at: null });
    expect(row.deliver_at).toEqual(new Date('2020-09-28T01:00:00.000Z'));
    expect(row.armed_at).toBeInstanceOf(Date);

    await armed.disarm('a1');
    expect(await armed.arm(a1)).toBe(false);
    expect(await stateOf('a1')).toBe('disarmed');
  });

  it('sweeps at most `limit` rows whose instant is before the cutoff, whatever their state; one at the cutoff stays', async () => {
    const cutoff = new Date('2020-09-28T01:00:00.000Z');
    const at = (ms: number) => new Date(cutoff.getTime() + ms).toISOString();
    await armed.arm(armedOf('just-before', { deliverAt: at(-1) }));
    await armed.arm(armedOf('claimed', { deliverAt: at(-86_400_000) }));
    await armed.arm(armedOf('held', { caseId: 'case-2', deliverAt: at(-86_400_000) }));
    await armed.arm(armedOf('at-cutoff', { deliverAt: at(0) }));
    await armed.arm(armedOf('after', { deliverAt: at(1) }));
    expect(await armed.claim(['claimed'])).toEqual(['claimed']);
    expect(await armed.hold('case-2')).toBe(1);

    expect(await armed.sweep(cutoff, 2)).toBe(2);
    expect(await armed.sweep(cutoff, 10)).toBe(1);
    expect(await armed.sweep(cutoff, 10)).toBe(0);
    const left = await db!.selectFrom('armed_alerts').select('alert_id').orderBy('alert_id').execute();
    expect(left.map((r) => r.alert_id)).toEqual(['after', 'at-cutoff']);
  });

  it('refuses a state outside the five', async () => {
    await armed.arm(armedOf('a1'));
    await expect(db!.updateTable('armed_alerts').set({ state: 'sent' as 'claimed' }).execute()).rejects.toThrow(/check constraint/);
  });

  it('holds the armed alerts of a case and of its co-units, and only those', async () => {
    await armed.arm(armedOf('a1', { caseId: 'case-1' }));
    await armed.arm(armedOf('a2', { caseId: 'case-1' }));
    await armed.arm(armedOf('a3', { caseId: 'case-1/co/区司法局' }));
    await armed.arm(armedOf('b1', { caseId: 'case-10' }));
    await armed.arm(armedOf('b2', { caseId: 'case-10/co/区司法局' }));
    await armed.arm(armedOf('c1', { caseId: 'case-1/cox' }));
    await armed.claim(['a2']);
    expect(await armed.hold('case-1')).toBe(2);
    expect(Object.fromEntries(await Promise.all(['a1', 'a2', 'a3', 'b1', 'b2', 'c1'].map(async (id) => [id, await stateOf(id)])))).toEqual({
      a1: 'held', a2: 'claimed', a3: 'held', b1: 'armed', b2: 'armed', c1: 'armed',
    });
    // A held alert is held: holding again changes nothing. A co-unit's own step holds its case's family too.
    expect(await armed.hold('case-1')).toBe(0);
    expect(await armed.hold('case-10')).toBe(2);
  });

  it('disarms an armed or held alert; one the dispatcher claimed is reported sent, at its claim', async () => {
    await armed.arm(armedOf('a1'));
    await armed.arm(armedOf('a2'));
    await armed.arm(armedOf('a3'));
    await armed.hold('case-1');
    await db!.updateTable('armed_alerts').set({ state: 'armed' }).where('alert_id', 'in', ['a1', 'a3']).execute();
    await armed.claim(['a3']);
    const claimedAt = (await db!.selectFrom('armed_alerts').select('claimed_at').where('alert_id', '=', 'a3').executeTakeFirstOrThrow()).claimed_at!;

    expect(await armed.disarm('a1')).toEqual({ sent: false });
    expect(await armed.disarm('a2')).toEqual({ sent: false }); // held
    expect(await armed.disarm('a3')).toEqual({ sent: true, sentAt: claimedAt.toISOString() });
    expect([await stateOf('a1'), await stateOf('a2'), await stateOf('a3')]).toEqual(['disarmed', 'disarmed', 'claimed']);
    // Disarmed already, or never armed: not sent.
    expect(await armed.disarm('a1')).toEqual({ sent: false });
    expect(await armed.disarm('none')).toEqual({ sent: false });
  });

  it('marks an armed or held alert emitted by its workflow; a claimed one stays claimed', async () => {
    await armed.arm(armedOf('a1'));
    await armed.arm(armedOf('a2', { caseId: 'case-2' }));
    await armed.arm(armedOf('a3'));
    await armed.hold('case-2');
    await armed.claim(['a3']);
    const emitted = async (id: string) => (await armed.moveOn(id, 'emitted')).moved;
    expect(await emitted('a1')).toBe(true);
    expect(await emitted('a2')).toBe(true);
    expect(await emitted('a3')).toBe(false);
    expect(await emitted('none')).toBe(false);
    expect([await stateOf('a1'), await stateOf('a2'), await stateOf('a3')]).toEqual(['emitted', 'emitted', 'claimed']);
    // An emitted alert is not disarmed, and not reported sent by the dispatcher.
    expect(await armed.disarm('a1')).toEqual({ sent: false });
    expect(await stateOf('a1')).toBe('emitted');
  });

  it('lists the armed alerts due by an instant, soonest first, up to a limit', async () => {
    await armed.arm(armedOf('late', { deliverAt: '2020-09-28T01:00:02.000Z' }));
    await armed.arm(armedOf('early', { deliverAt: '2020-09-28T01:00:00.000Z' }));
    await armed.arm(armedOf('same', { deliverAt: '2020-09-28T01:00:01.000Z' }));
    await armed.arm(armedOf('held', { caseId: 'case-2', deliverAt: '2020-09-28T01:00:00.000Z' }));
    await armed.arm(armedOf('after', { deliverAt: '2020-09-28T01:00:03.000Z' }));
    await armed.hold('case-2');
    const until = new Date('2020-09-28T01:00:02.000Z');
    expect(await armed.due(until, 10)).toEqual([
      { alertId: 'early', deliverAt: new Date('2020-09-28T01:00:00.000Z') },
      { alertId: 'same', deliverAt: new Date('2020-09-28T01:00:01.000Z') },
      { alertId: 'late', deliverAt: new Date('2020-09-28T01:00:02.000Z') },
    ]);
    expect((await armed.due(until, 1)).map((d) => d.alertId)).toEqual(['early']);
    await armed.claim(['early']);
    expect((await armed.due(until, 10)).map((d) => d.alertId)).toEqual(['same', 'late']);
  });

  it('claims armed alerts by id in one statement, once: a second claim, or one of a held or disarmed alert, gets nothing', async () => {
    for (const id of ['a1', 'a2', 'a3']) await armed.arm(armedOf(id));
    await armed.arm(armedOf('h1', { caseId: 'case-2' }));
    await armed.arm(armedOf('d1'));
    await armed.hold('case-2');
    await armed.disarm('d1');

    const claimed = await armed.claim(['a1', 'a2', 'h1', 'd1', 'none']);
    expect(claimed.sort()).toEqual(['a1', 'a2']);
    expect(await armed.claim(['a1', 'a2'])).toEqual([]);
    expect(await armed.claim([])).toEqual([]);
    expect([await stateOf('h1'), await stateOf('d1'), await stateOf('a3')]).toEqual(['held', 'disarmed', 'armed']);
    const row = await db!.selectFrom('armed_alerts').select('claimed_at').where('alert_id', '=', 'a1').executeTakeFirstOrThrow();
    expect(row.claimed_at).toBeInstanceOf(Date);
  });

  it('reads armed alerts whole by id, whatever their state', async () => {
    await armed.arm(armedOf('a1'));
    await armed.arm(armedOf('a2'));
    await armed.claim(['a2']);
    const contents = await armed.contents(['a1', 'a2', 'none']);
    expect([...contents.keys()].sort()).toEqual(['a1', 'a2']);
    expect(contents.get('a1')).toEqual(armedOf('a1').alert);
    expect(contents.get('a2')).toEqual(armedOf('a2').alert);
    expect(await armed.contents([])).toEqual(new Map());
  });

  it('lets two claims of the same alerts racing each other take each alert once', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `r${i}`);
    for (const id of ids) await armed.arm(armedOf(id));
    const [one, two] = await Promise.all([armed.claim(ids), armed.claim([...ids].reverse())]);
    const taken = [...one, ...two].sort();
    expect(taken).toEqual([...ids].sort());
  });
});
