import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { CycleRepository, type NewCycle } from './cycle.repository';

function cycleOf(over: Partial<NewCycle> = {}): NewCycle {
  return {
    id: 'dongli-2020',
    title: '东里区2020年建议提案',
    jurisdiction: 'dongli',
    sessionClosedOn: '2020-01-10',
    policies: { 'npc-suggestion': { id: 'p', version: '1' } },
    policyOverrides: null,
    ...over,
  };
}

describe('CycleRepository (embedded PostgreSQL)', () => {
  const teardown = useTeardown();
  let db: Db | undefined;
  let cycles: CycleRepository;

  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    cycles = new CycleRepository(db);
  }, HOOK_TIMEOUT.postgres);
  beforeEach(async () => {
    await db!.deleteFrom('cycles').execute();
  });

  it('stores a cycle at its first launch and answers that one to every later launch', async () => {
    const first = await cycles.insertOnce(cycleOf({ policyOverrides: { 'npc-suggestion': { reply: { amount: 2 } } } }));
    expect(first).toMatchObject({
      id: 'dongli-2020',
      title: '东里区2020年建议提案',
      jurisdiction: 'dongli',
      session_closed_on: '2020-01-10',
      policies: { 'npc-suggestion': { id: 'p', version: '1' } },
      policy_overrides: { 'npc-suggestion': { reply: { amount: 2 } } },
    });
    const again = await cycles.insertOnce(cycleOf({ title: 'another title', jurisdiction: null, policyOverrides: null }));
    expect(again).toEqual(first);
    expect(await cycles.findById('dongli-2020')).toEqual(first);
    expect(await cycles.findById('none')).toBeUndefined();
  });

  it('stores a cycle without overrides, jurisdiction or session close as nulls', async () => {
    expect(await cycles.insertOnce(cycleOf({ jurisdiction: null, sessionClosedOn: null }))).toMatchObject({
      jurisdiction: null,
      session_closed_on: null,
      policy_overrides: null,
    });
  });
});
