import { Injectable, Logger } from '@nestjs/common';
import { PolicyDocumentRepository } from '../../../../libs/db';
import {
  CASE_KINDS,
  CaseKind,
  HandlingPolicy,
  POLICY_PRESETS,
  PolicyValidationError,
  parsePolicyDocument,
  validatePolicy,
} from '../../../../libs/policy';
import { valueProblems } from '../edge/text-rules';
import { ConflictError, FieldProblem, InvalidRequestError, NotFoundError } from '../errors/api-errors';
import { PolicyRef, PolicySummaryDto, StoredPolicyDto } from './dto/policy.dto';

/** How long an id or a version may be (the document's own rules say which characters). */
const MAX_REF_LENGTH = 100;

/**
 * Policy documents offices upload (JSON or YAML), validated and stored by id and version; a
 * stored version never changes. The built-in presets are readable alongside them.
 */
@Injectable()
export class PoliciesService {
  private readonly logger = new Logger(PoliciesService.name);

  constructor(private readonly documents: PolicyDocumentRepository) {}

  /**
   * Validates and stores a document: `body` is YAML text or a parsed JSON value. The same id and
   * version again: `created: false` if the document is the same, ConflictError if it is not.
   */
  async store(body: unknown): Promise<{ created: boolean; policy: StoredPolicyDto }> {
    const policy = readDocument(body);
    if (policy.id.length > MAX_REF_LENGTH || policy.version.length > MAX_REF_LENGTH) {
      throw new InvalidRequestError([{ field: policy.id.length > MAX_REF_LENGTH ? 'id' : 'version', problem: `must be at most ${MAX_REF_LENGTH} characters` }]);
    }
    const preset = presetOf(policy.id, policy.version);
    if (preset) {
      if (!sameDocument(preset, policy)) throw conflict(policy, true);
      return { created: false, policy: presetView(preset) };
    }
    const inserted = await this.documents.insertOnce({ id: policy.id, version: policy.version, document: policy, createdBy: null });
    const stored = (await this.find(policy.id, policy.version))!;
    if (inserted) {
      this.logger.log(`policy ${policy.id}@${policy.version} (${policy.kind}) stored`);
      return { created: true, policy: stored };
    }
    if (!sameDocument(stored.document, policy)) throw conflict(policy, false);
    return { created: false, policy: stored };
  }

  /** The presets, then every stored document by id and time stored. */
  async list(): Promise<PolicySummaryDto[]> {
    const rows = await this.documents.list();
    const stored = rows.map(toView).map(({ document: _document, ...summary }) => summary);
    const presets = Object.values(POLICY_PRESETS).map(presetView).map(({ document: _document, ...summary }) => summary);
    return [...presets, ...stored];
  }

  async get(id: string, version: string): Promise<StoredPolicyDto> {
    const found = await this.find(id, version);
    if (!found) throw new NotFoundError('PolicyNotFound', `no policy ${id} version ${version}`);
    return found;
  }

  /**
   * The policy a cycle's cases of `kind` run under when the launch names `ref`; InvalidRequestError
   * (field `policies.<kind>`) if there is no such document or it is for another kind.
   */
  async resolve(kind: CaseKind, ref: PolicyRef): Promise<HandlingPolicy> {
    const field = `policies.${kind}`;
    const found = await this.find(ref.id, ref.version);
    if (!found) {
      throw new InvalidRequestError([{ field, problem: `names no stored policy: ${ref.id} version ${ref.version} (see GET /api/policies)` }]);
    }
    if (found.kind !== kind) {
      throw new InvalidRequestError([{ field, problem: `${ref.id} version ${ref.version} is a ${found.kind} policy, not ${kind}` }]);
    }
    return structuredClone(found.document);
  }

  /**
   * Every kind's policy named in a launch's `policies` ({"npc-suggestion": {id, version}, …}), or
   * InvalidRequestError listing each problem (unknown kind, malformed reference, no such document).
   */
  async resolveAll(refs: unknown): Promise<Partial<Record<CaseKind, HandlingPolicy>>> {
    if (refs === undefined) return {};
    if (!isRecord(refs)) throw new InvalidRequestError([{ field: 'policies', problem: 'must be an object of kind → {id, version}' }]);
    const problems: FieldProblem[] = [];
    const wanted: [CaseKind, PolicyRef][] = [];
    for (const [kind, ref] of Object.entries(refs)) {
      const field = `policies.${kind}`;
      if (!(CASE_KINDS as string[]).includes(kind)) problems.push({ field, problem: `is not a kind; kinds are ${CASE_KINDS.join(', ')}` });
      else if (!isRef(ref)) problems.push({ field, problem: 'must be {id, version} with two non-empty strings' });
      else wanted.push([kind as CaseKind, { id: ref.id, version: ref.version }]);
    }
    const resolved: Partial<Record<CaseKind, HandlingPolicy>> = {};
    for (const [kind, ref] of wanted) {
      try {
        resolved[kind] = await this.resolve(kind, ref);
      } catch (err) {
        if (!(err instanceof InvalidRequestError)) throw err;
        problems.push(...err.problems);
      }
    }
    if (problems.length > 0) throw new InvalidRequestError(problems);
    return resolved;
  }

  private async find(id: string, version: string): Promise<StoredPolicyDto | undefined> {
    const preset = presetOf(id, version);
    if (preset) return presetView(preset);
    const row = await this.documents.find(id, version);
    return row ? toView(row) : undefined;
  }
}

/** YAML text or a JSON value, validated; every problem with its path. */
function readDocument(body: unknown): HandlingPolicy {
  try {
    if (typeof body !== 'string') return validatePolicy(body);
    const policy = parsePolicyDocument(body, 'yaml');
    // A JSON body was checked at the edge; YAML escapes ("\0", "\x01") make control characters only now.
    const problems = valueProblems(policy, '');
    if (problems.length > 0) throw new InvalidRequestError(problems);
    return policy;
  } catch (err) {
    if (!(err instanceof PolicyValidationError)) throw err;
    throw new InvalidRequestError(err.problems.map((p) => ({ field: p.path, problem: p.problem })));
  }
}

function presetOf(id: string, version: string): HandlingPolicy | undefined {
  return Object.values(POLICY_PRESETS).find((p) => p.id === id && p.version === version);
}

function presetView(policy: HandlingPolicy): StoredPolicyDto {
  return {
    id: policy.id,
    version: policy.version,
    kind: policy.kind,
    title: policy.title,
    source: 'preset',
    createdAt: null,
    createdBy: null,
    document: structuredClone(policy),
  };
}

function toView(row: { id: string; version: string; document: unknown; created_at: unknown; created_by: string | null }): StoredPolicyDto {
  const document = row.document as HandlingPolicy;
  return {
    id: row.id,
    version: row.version,
    kind: document.kind,
    title: document.title,
    source: 'stored',
    createdAt: new Date(row.created_at as Date).toISOString(),
    createdBy: row.created_by,
    document,
  };
}

function conflict(policy: HandlingPolicy, preset: boolean): ConflictError {
  const taken = preset ? 'is a built-in preset' : 'is already stored';
  return new ConflictError(
    'PolicyConflict',
    `${policy.id} version ${policy.version} ${taken} with a different document; store the change under a new version`,
  );
}

/** Same content, whatever the order of keys (jsonb does not keep it). */
function sameDocument(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRef(value: unknown): value is PolicyRef {
  return (
    isRecord(value) &&
    Object.keys(value).every((k) => k === 'id' || k === 'version') &&
    typeof value.id === 'string' &&
    value.id.length > 0 &&
    typeof value.version === 'string' &&
    value.version.length > 0
  );
}
