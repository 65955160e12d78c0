import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  Client,
  WorkflowExecutionInfo,
  WorkflowExecutionStatusName,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowIdConflictPolicy } from '@temporalio/common';
import { BanliEnv } from '../../../../libs/config';
import { ArmedAlertRepository, CaseViewRepository, IdempotencyKeyRepository } from '../../../../libs/db';
import { LABELS } from '../../../../libs/i18n';
import type { CaseKind } from '../../../../libs/policy';
import {
  CO_UNIT_WORKFLOW_TYPE,
  CoUnitAction,
  coUnitStepUpdate,
  coUnitWorkflowId,
  CoUnitView,
  getCoUnitStateQuery,
  MergeInput,
  CASE_WORKFLOW_TYPE,
  CaseAction,
  CaseErrorType,
  CaseSearch,
  CaseStage,
  CaseView,
  getStateQuery,
  CoUnitStepResult,
  MERGE_WORKFLOW_TYPE,
  mergeWorkflowId,
  MergeWorkflowInput,
  MergeWorkflowResult,
  StepResult,
  stepUpdate,
} from '../../../../libs/contract';
import { RecentIds } from './recent-ids';
import { CaseNotFoundError, ConflictError, InvalidRequestError, NotFoundError, StepNotAllowedError, TemporalTimeoutError } from '../errors/api-errors';
import { ApiMetrics } from '../metrics/api-metrics';
import { CaseListDto, CaseSummaryDto, ListCasesQueryDto } from './dto/list-cases.dto';

/** The Temporal execution's status, lower-case: 'running', 'completed', 'terminated', … */
export type ExecutionStatus = Lowercase<WorkflowExecutionStatusName> | 'timed-out' | 'continued-as-new' | 'archived';

export type CaseResponse = CaseView & {
  stageLabel: string;
  executionStatus: ExecutionStatus;
  /** After a step: its outcome (the same for every retry with the step's Idempotency-Key). */
  step?: StepResult | CoUnitStepResult;
  /** After a merge: the cases linked, and any that refused. */
  merge?: MergeWorkflowResult;
};
export type CoUnitResponse = CoUnitView & { executionStatus: ExecutionStatus; step?: CoUnitStepResult };

@Injectable()
export class CasesService {
  constructor(
    private readonly client: Client,
    private readonly env: BanliEnv,
    private readonly idempotencyKeys: IdempotencyKeyRepository,
    private readonly views: CaseViewRepository,
    private readonly metrics: ApiMetrics,
    private readonly armedAlerts: ArmedAlertRepository,
  ) {}

  /**
   * By workflow type (a case's, a co-unit's), the ids described as one: a step to one goes
   * straight to its workflow, one round trip to Temporal fewer (an id once a case's stays one).
   * Any other id is described first, so a workflow of another type never receives a step.
   */
  private readonly known: Record<string, RecentIds> = {
    [CASE_WORKFLOW_TYPE]: new RecentIds(KNOWN_CASES),
    [CO_UNIT_WORKFLOW_TYPE]: new RecentIds(KNOWN_CASES),
  };

  async get(caseId: string): Promise<CaseResponse> {
    assertPlausible(caseId);
    const handle = this.client.workflow.getHandle(caseId);
    // The state is asked beside the description, not after it: reading a running case (and the
    // answer to every step) waits for one round trip to Temporal, not two. When the description
    // says otherwise (not a case, completed, unknown), the answer is left unread.
    const state = this.answered(() => handle.query(getStateQuery));
    state.catch(() => undefined);
    let status: WorkflowExecutionStatusName;
    try {
      ({ status } = await this.describe(caseId));
    } catch (err) {
      // Past Temporal's retention a closed case is read from the read model, as it was last projected.
      const archived = err instanceof CaseNotFoundError ? await this.views.findCase(caseId) : undefined;
      if (!archived) throw err;
      return { ...withLabels(archived, 'archived'), allowedActions: [] };
    }
    // A closed case's final state is its result; reading it needs no worker.
    const view: CaseView = status === 'COMPLETED' ? await handle.result() : await state;
    return status === 'RUNNING' || status === 'COMPLETED' ? withLabels(view) : ended(view, status);
  }

  /**
   * Performs one step; the workflow's validator refuses it if it is not allowed now. With an
   * idempotency key the step is a Temporal update with a fixed id: a retry gets the first
   * result and nothing is applied twice.
   */
  async step(caseId: string, action: CaseAction, input: object | undefined, idempotencyKey?: string): Promise<CaseResponse> {
    assertPlausible(caseId);
    return this.metrics.step(action, () => this.performStep(caseId, action, input, idempotencyKey), isStepRefusal);
  }

  private async performStep(caseId: string, action: CaseAction, input: object | undefined, idempotencyKey?: string): Promise<CaseResponse> {
    if (action === 'merge') return this.merge(caseId, plain(input) as MergeInput, idempotencyKey);
    const updateId = idempotencyKey === undefined ? undefined : updateIdOf(action, idempotencyKey);
    // 404 before a key is claimed or a step sent.
    await this.describeUnlessKnown(caseId);
    if (updateId) await this.claimKey(caseId, updateId, input);
    let step: StepResult;
    try {
      step = await this.applyStep(caseId, action, input, updateId);
    } catch (err) {
      // A refused step applied nothing, nor one to no case: the key is free for a corrected request.
      if (updateId && (err instanceof StepNotAllowedError || err instanceof CaseNotFoundError || isRefusal(err))) await this.releaseKey(caseId, updateId);
      throw err;
    }
    // The update answers small (the step's outcome, the same for every retry); the case is read by query.
    return { ...(await this.get(caseId)), step };
  }

  /**
   * An Idempotency-Key belongs to the first body sent with it: a retry must send the same body
   * (compared as canonical JSON), or it is refused with 409 and nothing is applied.
   */
  private async claimKey(scope: string, updateId: string, input: object | undefined): Promise<void> {
    const bodyHash = createHash('sha256').update(canonicalJson(plain(input))).digest('hex');
    const firstHash = await this.idempotencyKeys.claim(scope, updateId, bodyHash);
    if (firstHash !== bodyHash) {
      throw new ConflictError('IdempotencyKeyReused', 'this Idempotency-Key was first used with a different body; send the same body to retry, or use a new key');
    }
  }

  private async releaseKey(scope: string, updateId: string): Promise<void> {
    await this.idempotencyKeys.release(scope, updateId);
  }

  /**
   * Sends the step to the case (described as one already): a running case applies or refuses it,
   * a completed one answers a retry (same update id) with its first result. When Temporal has no
   * such workflow running (closed since, or gone), the case is read for the refusal with its
   * stage, or the 404.
   */
  private async applyStep(caseId: string, action: CaseAction, input: object | undefined, updateId: string | undefined): Promise<StepResult> {
    const handle = this.client.workflow.getHandle(caseId);
    // Before the step reaches the case, its armed alerts are left to the workflow's own decision
    // (held on a case that proves closed, they are owed to no one).
    await this.armedAlerts.hold(caseId);
    try {
      return await this.answered(() => handle.executeUpdate(stepUpdate(action), { args: [plain(input)], updateId }));
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const current = await this.get(caseId);
    const reason = current.executionStatus === 'running' || current.executionStatus === 'completed'
      ? `${action} is not allowed at stage ${current.stage}`
      : `${action} is not allowed: the case is ${current.executionStatus}`;
    throw new StepNotAllowedError(reason, current.stage, current.allowedActions);
  }

  /**
   * 并案: every case named must exist and still take the step before any is linked; then the merge
   * workflow links each case to all the others, each under the same update id, so that a retry —
   * or an API that died halfway — links nothing twice and nothing is left half-linked.
   */
  async merge(caseId: string, input: MergeInput, idempotencyKey?: string): Promise<CaseResponse> {
    const all = [caseId, ...input.cases.filter((c) => c !== caseId)];
    const first = await this.get(caseId);
    if (!first.allowedActions.includes('merge')) {
      throw new StepNotAllowedError(`merge is not allowed at stage ${first.stage}`, first.stage, first.allowedActions);
    }
    for (const other of all.slice(1)) {
      const view = await this.get(other).catch((err: unknown) => {
        throw err instanceof CaseNotFoundError ? new InvalidRequestError([{ field: 'cases', problem: `no such case: ${other}` }]) : err;
      });
      if (!view.allowedActions.includes('merge')) {
        throw new InvalidRequestError([{ field: 'cases', problem: `${other} can no longer be merged (stage ${view.stage})` }]);
      }
    }
    const content = createHash('sha256').update(canonicalJson({ cases: [...all].sort(), reason: input.reason })).digest('hex');
    const updateId = idempotencyKey === undefined ? `merge:${content}` : updateIdOf('merge', idempotencyKey);
    if (idempotencyKey !== undefined) await this.claimKey(caseId, updateId, input);
    const handle = await this.client.workflow.start(MERGE_WORKFLOW_TYPE, {
      workflowId: mergeWorkflowId(caseId, updateId),
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      args: [{ cases: all, reason: input.reason, ...(input.actor ? { actor: input.actor } : {}), updateId } satisfies MergeWorkflowInput],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    const merge: MergeWorkflowResult = await this.answered(() => handle.result(), MERGE_WAIT_MS);
    const refusedHere = merge.refused.find((r) => r.caseId === caseId);
    if (refusedHere) {
      const current = await this.get(caseId);
      throw new StepNotAllowedError(refusedHere.reason, current.stage, current.allowedActions);
    }
    return { ...(await this.get(caseId)), merge };
  }

  /** A co-unit's part, whatever became of its workflow (a terminated or cancelled part still reads). */
  async coUnit(caseId: string, unit: string): Promise<CoUnitResponse> {
    assertPlausible(caseId, unit);
    const id = coUnitWorkflowId(caseId, unit);
    // Asked beside the description, as a case's state is (a part that has ended still answers).
    const state = this.answered(() => this.client.workflow.getHandle(id).query(getCoUnitStateQuery));
    state.catch(() => undefined);
    const { status } = await this.describe(id, CO_UNIT_WORKFLOW_TYPE);
    const view = await state;
    const executionStatus = status.toLowerCase().replace(/_/g, '-') as ExecutionStatus;
    return { ...view, ...(status === 'RUNNING' ? {} : { allowedActions: [] }), executionStatus };
  }

  /**
   * A co-unit's step on its own workflow: refused unless the stage allows it, applied once per
   * Idempotency-Key, which belongs to its first body as a case step's does.
   */
  async coUnitStep(caseId: string, unit: string, action: CoUnitAction, input: object | undefined, idempotencyKey?: string): Promise<CoUnitResponse> {
    assertPlausible(caseId, unit);
    return this.metrics.step(`co-unit-${action}`, () => this.performCoUnitStep(caseId, unit, action, input, idempotencyKey), isStepRefusal);
  }

  private async performCoUnitStep(caseId: string, unit: string, action: CoUnitAction, input: object | undefined, idempotencyKey?: string): Promise<CoUnitResponse> {
    const id = coUnitWorkflowId(caseId, unit);
    const updateId = idempotencyKey === undefined ? undefined : updateIdOf(`co-unit-${action}`, idempotencyKey);
    // As a case's step: 404 before a key is claimed.
    await this.describeUnlessKnown(id, CO_UNIT_WORKFLOW_TYPE);
    if (updateId) await this.claimKey(id, updateId, input);
    try {
      await this.armedAlerts.hold(caseId);
      try {
        const step = await this.answered(() => this.client.workflow.getHandle(id).executeUpdate(coUnitStepUpdate(action), { args: [plain(input)], updateId }));
        return { ...(await this.coUnit(caseId, unit)), step };
      } catch (err) {
        // Ended since (completed, cancelled with its case): read for the refusal with its stage.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
      const current = await this.coUnit(caseId, unit);
      throw new StepNotAllowedError(`${action} is not allowed at stage ${current.stage}`, current.stage, current.allowedActions);
    } catch (err) {
      if (updateId && (err instanceof StepNotAllowedError || err instanceof CaseNotFoundError || isRefusal(err))) await this.releaseKey(id, updateId);
      throw err;
    }
  }

  /** The case's workflow execution; 404 for no such case (or a workflow that is not a case). */
  private async describe(caseId: string, type = CASE_WORKFLOW_TYPE): Promise<{ status: WorkflowExecutionStatusName }> {
    const description = await this.answered(() => this.client.workflow.getHandle(caseId).describe()).catch((err: unknown) => {
      throw err instanceof WorkflowNotFoundError ? new CaseNotFoundError(caseId) : err;
    });
    if (description.type !== type) throw new CaseNotFoundError(caseId);
    this.known[type]?.add(caseId);
    return { status: description.status.name };
  }

  /** Describes the workflow unless it was described as one of `type` before (404 if it is none). */
  private async describeUnlessKnown(id: string, type = CASE_WORKFLOW_TYPE): Promise<void> {
    if (!this.known[type]?.has(id)) await this.describe(id, type);
  }

  /** Waits at most TEMPORAL_CALL_TIMEOUT_MS for Temporal (a query waits for a worker, for one). */
  private async answered<T>(call: () => Promise<T>, timeoutMs = this.env.TEMPORAL_CALL_TIMEOUT_MS): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    try {
      return await this.client.withDeadline(deadline, call);
    } catch (err) {
      // At its deadline a call fails as DEADLINE_EXCEEDED, or as CANCELLED (a query, at times).
      if (isTimeout(err) || (Date.now() >= deadline - 100 && hasGrpcCode(err, GRPC_CANCELLED))) {
        throw new TemporalTimeoutError(
          'Temporal did not answer in time (is the worker running?); a step may still be applied: retry it with the same Idempotency-Key',
        );
      }
      throw err;
    }
  }

  /**
   * The case list, from the read model (every case as its workflow last projected it): filtered by
   * cycle, unit (lead or co-unit), stage, kind, overdue, key supervision, attention and words in the
   * title, submitters or reply; by case id, a page at a time.
   */
  async list(q: ListCasesQueryDto): Promise<CaseListDto> {
    const { total, rows } = await this.views.list({
      ...(q.cycleId !== undefined ? { cycleId: q.cycleId } : {}),
      ...(q.unit !== undefined ? { unit: q.unit } : {}),
      ...(q.stage !== undefined ? { stage: q.stage } : {}),
      ...(q.kind !== undefined ? { kind: q.kind } : {}),
      ...(q.overdue !== undefined ? { overdue: q.overdue === 'true' } : {}),
      ...(q.keySupervised !== undefined ? { keySupervised: q.keySupervised === 'true' } : {}),
      ...(q.needsAttention !== undefined ? { needsAttention: q.needsAttention === 'true' } : {}),
      ...(q.q !== undefined ? { q: q.q } : {}),
    }, { limit: q.limit, offset: q.offset });
    const cases: CaseSummaryDto[] = rows.map((r) => ({
      caseId: r.case_id,
      cycleId: r.cycle_id,
      kind: r.kind as CaseKind,
      number: r.number,
      title: r.title,
      leadUnit: r.lead_unit,
      coUnits: r.co_units,
      stage: r.stage as CaseStage,
      overdue: r.overdue,
      keySupervised: r.key_supervised,
      needsAttention: r.needs_attention,
      ...(r.closed_as ? { closedAs: r.closed_as } : {}),
      ...(r.reply_due_at ? { replyDueAt: new Date(r.reply_due_at).toISOString() } : {}),
    }));
    return { count: cases.length, total, cases };
  }
}

/** The longest case id (a cycle id, a kind and a number: 111 characters at most) and unit a path may name. */
export const MAX_CASE_ID_LENGTH = 200;
export const MAX_UNIT_LENGTH = 100;

/**
 * A case id (and co-unit) longer than any case can have is no case: 404 without asking Temporal
 * (whose ids are limited in bytes, and which would answer such an id with an error, not "not found").
 */
function assertPlausible(caseId: string, unit?: string): void {
  if (caseId.length === 0 || caseId.length > MAX_CASE_ID_LENGTH) throw new CaseNotFoundError(caseId.slice(0, MAX_CASE_ID_LENGTH));
  if (unit !== undefined && (unit.length === 0 || unit.length > MAX_UNIT_LENGTH)) throw new CaseNotFoundError(`${caseId}/co/${unit.slice(0, MAX_UNIT_LENGTH)}`);
}

/** How many case ids the API remembers as cases: a cycle's worth many times over (an id is ~40 bytes). */
const KNOWN_CASES = 50_000;

/** How long a merge's answer waits for every case to be linked (the merge goes on after it). */
const MERGE_WAIT_MS = 60_000;

/** Update ids per step, so one key reused on another step is another request. */
function updateIdOf(action: string, key: string): string {
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new InvalidRequestError([{ field: 'Idempotency-Key', problem: 'must be 1-200 visible ASCII characters' }]);
  }
  return `${action}:${key}`;
}

function withLabels(view: CaseView, executionStatus: ExecutionStatus = completes(view) ? 'completed' : 'running'): CaseResponse {
  return { ...view, stageLabel: LABELS.stage[view.stage], executionStatus };
}

/** The step just applied ends the workflow: closed, and (full procedure) owing nothing more. */
function completes(view: CaseView): boolean {
  return view.stage === CaseStage.Closed && (view.procedure !== 2 || view.finished === true);
}

/** A case whose workflow was terminated, cancelled, failed or timed out takes no more steps. */
function ended(view: CaseView, status: WorkflowExecutionStatusName): CaseResponse {
  return { ...withLabels(view, status.toLowerCase().replace(/_/g, '-') as ExecutionStatus), allowedActions: [] };
}

/** DEADLINE_EXCEEDED anywhere in the error's causes, or the SDK's update timeout. */
function isTimeout(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || e.code === GRPC_DEADLINE_EXCEEDED) return true;
  }
  return false;
}
function hasGrpcCode(err: unknown, code: number): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === code) return true;
  }
  return false;
}
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;

/** A step refused (answered 400, 404 or 409: nothing changed), as told apart from one that failed, for the step metrics. */
function isStepRefusal(err: unknown): boolean {
  return err instanceof StepNotAllowedError || err instanceof InvalidRequestError || err instanceof ConflictError
    || err instanceof CaseNotFoundError || err instanceof NotFoundError || isRefusal(err);
}

/** The workflow's validator refused the update (nothing was written to the history). */
function isRefusal(err: unknown): boolean {
  const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
  return cause instanceof ApplicationFailure && (cause.type === CaseErrorType.StepNotAllowed || cause.type === CaseErrorType.InvalidStepInput);
}

/** JSON with object keys sorted, so the same body in another key order hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Only the DTO's own data crosses into Temporal. */
function plain<T>(input: T | undefined): T {
  return JSON.parse(JSON.stringify(input ?? {})) as T;
}

