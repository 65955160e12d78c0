import { ApiClient, failureOf } from '../api-client';
import { CliIo } from '../io';
import { T, table } from '../text';

interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  name: string;
  role: string;
  roleLabel?: string;
  unit: string | null;
}

/** banli keys create --role … [--unit …] [--name …]: the key is printed once; only its hash is stored. */
export async function createKey(api: ApiClient, io: CliIo, options: { role: string; unit?: string; name?: string; expiresAt?: string }): Promise<void> {
  const body = {
    role: options.role,
    name: options.name ?? options.unit ?? options.role,
    ...(options.unit ? { unit: options.unit } : {}),
    ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
  };
  const answer = await api.postJson<CreatedKey>('/api/keys', body);
  if (answer.status !== 201 && answer.status !== 200) throw failureOf(answer);
  const k = answer.body;
  const f = T.keyFields;
  io.stderr.write(`${T.keyCreated}\n`);
  io.stdout.write(`${k.key}\n`);
  io.stderr.write(
    `${table([
      [f.id, k.id],
      [f.name, k.name],
      [f.role, k.roleLabel ? `${k.roleLabel}（${k.role}）` : k.role],
      [f.unit, k.unit ?? '—'],
      [f.prefix, k.prefix],
    ])}\n`,
  );
}
