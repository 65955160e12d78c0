import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BanliEnv } from '../../../../libs/config';
import { ApiKeyRepository, createDatabase, type Db, migrateToLatest } from '../../../../libs/db';
import type { EmbeddedPostgres } from '../../../../libs/db/embedded-server';
import { spawnEmbeddedPostgres } from '../../../../test/support/postgres';
import { HOOK_TIMEOUT, useTeardown } from '../../../../test/support/teardown';
import { InvalidRequestError } from '../errors/api-errors';
import { hashKey } from './api-key';
import { ApiKeysService } from './api-keys.service';
import { KeyNotFoundError, LastOfficeKeyError, UnauthenticatedError } from './auth-errors';
import { KeyBootstrap } from './key-bootstrap';
import { Role } from './roles';

jest.setTimeout(60_000);
Logger.overrideLogger(['error']);

describe('API keys in the database', () => {
  const teardown = useTeardown();
  let server: EmbeddedPostgres;
  let db: Db;
  let keys: ApiKeysService;

  beforeAll(async () => {
    server = teardown.add('embedded PostgreSQL', await spawnEmbeddedPostgres(), (s) => s.stop());
    db = teardown.add('database pool', createDatabase(server.url), (d) => d.destroy());
    await migrateToLatest(db);
    keys = new ApiKeysService(new ApiKeyRepository(db));
  }, HOOK_TIMEOUT.postgres);
  beforeEach(async () => {
    await db.deleteFrom('api_keys').execute();
  }, 30_000);

  it('stores the SHA-256 and the prefix of a new key, never the key', async () => {
    const created = await keys.create({ name: '张三', role: Role.UnitHandler, unit: '区民政局' });
    const rows = await db.selectFrom('api_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ hash: hashKey(created.key), prefix: created.key.slice(0, 14), role: 'unit-handler', unit: '区民政局' });
    expect(JSON.stringify(rows)).not.toContain(created.key);
  });

  it('authenticates a key to whom it belongs, and nothing close to it', async () => {
    const created = await keys.create({ name: '张三', role: Role.UnitLeader, unit: '区民政局' });
    await expect(keys.authenticate(created.key)).resolves.toEqual({
      keyId: created.id, prefix: created.prefix, name: '张三', role: Role.UnitLeader, unit: '区民政局',
    });
    const altered = created.key.slice(0, -1) + (created.key.endsWith('A') ? 'B' : 'A');
    await expect(keys.authenticate(altered)).rejects.toThrow(new UnauthenticatedError('unknown API key'));
    await expect(keys.authenticate(created.prefix)).rejects.toThrow(UnauthenticatedError);
  });

  it('refuses a key from its expiry on', async () => {
    const now = new Date('2026-05-01T00:00:00Z');
    const created = await keys.create({ name: 'x', role: Role.Supervisor, expiresAt: '2026-05-01T08:00:00+08:00' }, new Date('2026-04-01T00:00:00Z'));
    await expect(keys.authenticate(created.key, new Date(now.getTime() - 1))).resolves.toMatchObject({ role: Role.Supervisor });
    await expect(keys.authenticate(created.key, now)).rejects.toThrow(new UnauthenticatedError('the API key has expired'));
    expect((await keys.list(now))[0].status).toBe('expired');
  });

  it('refuses a revoked key at once; revoking again keeps the first time', async () => {
    await keys.create({ name: 'office', role: Role.Office });
    const created = await keys.create({ name: 'x', role: Role.Integrator });
    const first = await keys.revoke(created.id, new Date('2026-05-01T00:00:00Z'));
    expect(first).toMatchObject({ status: 'revoked', revokedAt: '2026-05-01T00:00:00.000Z' });
    await expect(keys.authenticate(created.key)).rejects.toThrow(new UnauthenticatedError('the API key has been revoked'));
    await expect(keys.revoke(created.id, new Date('2026-06-01T00:00:00Z'))).resolves.toMatchObject({ revokedAt: '2026-05-01T00:00:00.000Z' });
    await expect(keys.revoke('no-such-id')).rejects.toThrow(KeyNotFoundError);
  });

  it('keeps the last active office key', async () => {
    const a = await keys.create({ name: 'a', role: Role.Office });
    const b = await keys.create({ name: 'b', role: Role.Office });
    await keys.revoke(a.id);
    await expect(keys.revoke(b.id)).rejects.toThrow(LastOfficeKeyError);
    await expect(keys.authenticate(b.key)).resolves.toMatchObject({ role: Role.Office });
    // An expired office key does not count as another active one.
    await db.deleteFrom('api_keys').execute();
    const live = await keys.create({ name: 'live', role: Role.Office });
    const old = await keys.create({ name: 'old', role: Role.Office, expiresAt: '2099-01-01T00:00:00Z' });
    await db.updateTable('api_keys').set({ expires_at: new Date('2020-01-01T00:00:00Z') }).where('id', '=', old.id).execute();
    await expect(keys.revoke(live.id)).rejects.toThrow(LastOfficeKeyError);
  });

  it('refuses a unit role without its unit, a unit on a role that has none, and an expiry in the past', async () => {
    const problems = async (input: Parameters<ApiKeysService['create']>[0]) =>
      keys.create(input).then(() => [], (err: InvalidRequestError) => err.problems.map((p) => p.field));
    expect(await problems({ name: 'x', role: Role.UnitHandler })).toEqual(['unit']);
    expect(await problems({ name: 'x', role: Role.Office, unit: '区民政局' })).toEqual(['unit']);
    expect(await problems({ name: 'x', role: Role.Public, unit: '区民政局' })).toEqual(['unit']);
    expect(await problems({ name: 'x', role: Role.Integrator, unit: '区民政局' })).toEqual([]);
    expect(await problems({ name: 'x', role: Role.Integrator })).toEqual([]);
    expect(await problems({ name: 'x', role: Role.Supervisor, expiresAt: '2020-01-01T00:00:00Z' })).toEqual(['expiresAt']);
    expect(await db.selectFrom('api_keys').select('name').where('role', '=', 'unit-handler').execute()).toEqual([]);
  });

  describe('the first office key', () => {
    const envFor = (env: Partial<BanliEnv>): BanliEnv => Object.assign(new BanliEnv(), { DATABASE_URL: server.url }, env);

    it('is created once in development, written to the key file (owner-only) and found there on later starts', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'banli-keys-')), 'sub', 'office-key.txt');
      await new KeyBootstrap(keys, envFor({ NODE_ENV: 'development', BANLI_OFFICE_KEY_FILE: file })).onApplicationBootstrap();
      const key = readFileSync(file, 'utf8').trim();
      expect(statSync(file).mode & 0o777).toBe(0o600);
      await expect(keys.authenticate(key)).resolves.toMatchObject({ role: Role.Office, name: 'development office' });
      await new KeyBootstrap(keys, envFor({ NODE_ENV: 'development', BANLI_OFFICE_KEY_FILE: file })).onApplicationBootstrap();
      expect(readFileSync(file, 'utf8').trim()).toBe(key);
      expect(await db.selectFrom('api_keys').select('id').execute()).toHaveLength(1);
    });

    it('is not created in development when an office key exists and the file holds none', async () => {
      await keys.create({ name: 'existing', role: Role.Office });
      const file = join(mkdtempSync(join(tmpdir(), 'banli-keys-')), 'office-key.txt');
      writeFileSync(file, 'banli_' + 'x'.repeat(32));
      await new KeyBootstrap(keys, envFor({ NODE_ENV: 'development', BANLI_OFFICE_KEY_FILE: file })).onApplicationBootstrap();
      expect(await db.selectFrom('api_keys').select('name').execute()).toEqual([{ name: 'existing' }]);
    });

    it('stops a production start without an active office key', async () => {
      await keys.create({ name: 'unit', role: Role.UnitHandler, unit: '区民政局' });
      await expect(new KeyBootstrap(keys, envFor({ NODE_ENV: 'production' })).onApplicationBootstrap()).rejects.toThrow(/no active office API key.*BANLI_BOOTSTRAP_OFFICE_KEY/);
    });

    it('stores BANLI_BOOTSTRAP_OFFICE_KEY once, so production starts, and leaves it revoked once revoked', async () => {
      const given = 'banli_' + 'b'.repeat(40);
      const env = envFor({ NODE_ENV: 'production', BANLI_BOOTSTRAP_OFFICE_KEY: given });
      await new KeyBootstrap(keys, env).onApplicationBootstrap();
      await new KeyBootstrap(keys, env).onApplicationBootstrap();
      const rows = await db.selectFrom('api_keys').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ hash: hashKey(given), role: 'office', name: 'bootstrap office key' });
      await expect(keys.authenticate(given)).resolves.toMatchObject({ role: Role.Office });

      const other = await keys.create({ name: 'real office', role: Role.Office });
      await keys.revoke(rows[0].id);
      await new KeyBootstrap(keys, env).onApplicationBootstrap();
      await expect(keys.authenticate(given)).rejects.toThrow('the API key has been revoked');
      await keys.revoke(other.id).catch(() => undefined); // the last office key stays
      await expect(keys.authenticate(other.key)).resolves.toMatchObject({ role: Role.Office });
    });

    it('does nothing in tests', async () => {
      await new KeyBootstrap(keys, envFor({ NODE_ENV: 'test' })).onApplicationBootstrap();
      expect(await db.selectFrom('api_keys').select('id').execute()).toEqual([]);
    });
  });
});
