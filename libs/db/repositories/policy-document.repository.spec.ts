import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { PolicyDocumentRepository } from './policy-document.repository';

/** A generated timestamp column's new value (Kysely types generated JSON/timestamp columns loosely). */
const stamp = (iso: string) => new Date(iso) as never;

describe('PolicyDocumentRepository (embedded PostgreSQL)', () => {
  const teardown = useTeardown();
  let db: Db | undefined;
  let documents: PolicyDocumentRepository;

  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    documents = new PolicyDocumentRepository(db);
  }, HOOK_TIMEOUT.postgres);
  beforeEach(async () => {
    await db!.deleteFrom('policy_documents').execute();
  });

  it('stores a policy document once per id and version, keeping the first', async () => {
    expect(await documents.insertOnce({ id: 'p', version: '1', document: { kind: 'npc-suggestion', title: 'first' }, createdBy: null })).toBe(true);
    expect(await documents.insertOnce({ id: 'p', version: '1', document: { kind: 'npc-suggestion', title: 'second' }, createdBy: null })).toBe(false);
    expect(await documents.find('p', '1')).toMatchObject({ id: 'p', version: '1', document: { kind: 'npc-suggestion', title: 'first' }, created_by: null });
    expect(await documents.find('p', '2')).toBeUndefined();
  });

  it('lists policy documents by id, then time stored, then version', async () => {
    for (const [id, version] of [['q', '1'], ['p', '2'], ['p', '10'], ['p', '1']]) {
      await documents.insertOnce({ id, version, document: {}, createdBy: null });
    }
    await db!.updateTable('policy_documents').set({ created_at: stamp('2024-06-01T00:00:00Z') }).execute();
    await db!.updateTable('policy_documents').set({ created_at: stamp('2024-06-02T00:00:00Z') }).where('version', '=', '1').where('id', '=', 'p').execute();
    expect((await documents.list()).map((d) => `${d.id}@${d.version}`)).toEqual(['p@10', 'p@2', 'p@1', 'q@1']);
  });
});
