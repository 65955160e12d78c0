import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiKeyRepository } from '../../../../libs/db';
import type { ApiKeyRow } from '../../../../libs/db';
import { LABELS } from '../../../../libs/i18n';
import { FieldProblem, InvalidRequestError } from '../errors/api-errors';
import { generateKey, hashKey, KEY_PATTERN, prefixOf, statusOf } from './api-key';
import { KeyNotFoundError, LastOfficeKeyError, UnauthenticatedError } from './auth-errors';
import type { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { OPTIONAL_UNIT_ROLES, Principal, Role, UNIT_ROLES } from './roles';

/** `last_used_at` is written at most this often per key. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** API keys: stored as SHA-256 only, shown once at creation, revocable, optionally expiring. */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(private readonly keys: ApiKeyRepository) {}

  async create(input: CreateApiKeyDto, now = new Date()): Promise<CreatedApiKeyDto> {
    checkKeyInput(input, now);
    const key = generateKey();
    const row = await this.insert(key, input.name, input.role, input.unit ?? null, input.expiresAt ? new Date(input.expiresAt) : null);
    this.logger.log(`API key ${row.prefix}… created: ${row.role}${row.unit ? ` of ${row.unit}` : ''}, ${row.name}`);
    return { ...viewOf(row, now), key };
  }

  /**
   * Stores a key given from outside (BANLI_BOOTSTRAP_OFFICE_KEY) unless it is stored already;
   * a stored key keeps its state (a revoked one stays revoked).
   */
  async storeGivenKey(key: string, name: string, role: Role): Promise<ApiKeyDto> {
    if (!KEY_PATTERN.test(key)) throw new Error('a key is banli_ followed by 32-128 of A-Z a-z 0-9 _ -');
    const existing = await this.keys.findByHash(hashKey(key));
    return viewOf(existing ?? (await this.insert(key, name, role, null, null)), new Date());
  }

  async list(now = new Date()): Promise<ApiKeyDto[]> {
    const rows = await this.keys.list();
    return rows.map((row) => viewOf(row, now));
  }

  /** Revokes a key at once (the next request with it gets 401); revoking again changes nothing. */
  async revoke(id: string, now = new Date()): Promise<ApiKeyDto> {
    return this.keys.withTransaction(async (keys) => {
      const row = await keys.findByIdForUpdate(id);
      if (!row) throw new KeyNotFoundError(id);
      if (statusOf(row, now) === 'revoked') return viewOf(row, now);
      if (row.role === Role.Office && statusOf(row, now) === 'active') {
        if (!(await keys.hasActive(Role.Office, now, id))) {
          throw new LastOfficeKeyError();
        }
      }
      const revoked = await keys.revoke(id, now);
      this.logger.log(`API key ${revoked.prefix}… revoked`);
      return viewOf(revoked, now);
    });
  }

  /** Whoever the key belongs to; 401 for a key that is malformed, unknown, revoked or expired. */
  async authenticate(key: string, now = new Date()): Promise<Principal> {
    if (!KEY_PATTERN.test(key)) throw new UnauthenticatedError('not an API key (banli_…)');
    const row = await this.keys.findByHash(hashKey(key));
    if (!row) throw new UnauthenticatedError('unknown API key');
    const status = statusOf(row, now);
    if (status === 'revoked') throw new UnauthenticatedError('the API key has been revoked');
    if (status === 'expired') throw new UnauthenticatedError('the API key has expired');
    this.noteUse(row, now);
    return { keyId: row.id, prefix: row.prefix, name: row.name, role: row.role as Role, unit: row.unit };
  }

  async hasActiveOfficeKey(now = new Date()): Promise<boolean> {
    return this.keys.hasActive(Role.Office, now);
  }

  /** Whether this exact key is stored and active with this role. */
  async isActive(key: string, role: Role, now = new Date()): Promise<boolean> {
    if (!KEY_PATTERN.test(key)) return false;
    const row = await this.keys.findByHash(hashKey(key));
    return row !== undefined && row.role === role && statusOf(row, now) === 'active';
  }

  private async insert(key: string, name: string, role: Role, unit: string | null, expiresAt: Date | null): Promise<ApiKeyRow> {
    return this.keys.create({ id: randomUUID(), prefix: prefixOf(key), hash: hashKey(key), name, role, unit, expiresAt });
  }

  /** Records that a key was used, at most once a minute per key, without holding the request. */
  private noteUse(row: ApiKeyRow, now: Date): void {
    const last = this.lastUsedWritten.get(row.id) ?? row.last_used_at?.getTime() ?? 0;
    if (now.getTime() - last < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWritten.set(row.id, now.getTime());
    this.keys.recordUse(row.id, now).catch((err: unknown) => {
      this.logger.warn(`could not record the use of key ${row.prefix}…: ${(err as Error).message}`);
    });
  }
}

/** What the field validators cannot see: the unit a role needs, an expiry in the past. */
function checkKeyInput(input: CreateApiKeyDto, now: Date): void {
  const problems: FieldProblem[] = [];
  if (UNIT_ROLES.includes(input.role) && input.unit === undefined) {
    problems.push({ field: 'unit', problem: `is required for role ${input.role}` });
  }
  if (!UNIT_ROLES.includes(input.role) && !OPTIONAL_UNIT_ROLES.includes(input.role) && input.unit !== undefined) {
    problems.push({ field: 'unit', problem: `must be left out for role ${input.role} (its keys act for no single unit)` });
  }
  if (input.expiresAt !== undefined && new Date(input.expiresAt).getTime() <= now.getTime()) {
    problems.push({ field: 'expiresAt', problem: 'must be in the future' });
  }
  if (problems.length > 0) throw new InvalidRequestError(problems);
}

function viewOf(row: ApiKeyRow, now: Date): ApiKeyDto {
  const role = row.role as Role;
  return {
    id: row.id,
    prefix: row.prefix,
    name: row.name,
    role,
    roleLabel: LABELS.role[role] ?? row.role,
    unit: row.unit,
    status: statusOf(row, now),
    // created_at is Generated<Timestamp>, which Kysely's Selectable leaves unwrapped: a Date at run time.
    createdAt: (row.created_at as unknown as Date).toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}
