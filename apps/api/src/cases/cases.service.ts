import { Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionInfo, WorkflowNotFoundError } from '@temporalio/client';
import { LABELS } from '../../../../libs/i18n';
import type { CaseKind } from '../../../../libs/policy';
import type { caseWorkflow } from '../../../../workflows/case/case.workflow';
import {
  CASE_WORKFLOW_TYPE,
  CaseAction,
  CaseSearch,
  CaseStage,
  CaseView,
  getStateQuery,
  STEP_UPDATES,
  StepInput,
} from '../../../../workflows/case/case.definitions';
import { CaseNotFoundError, InvalidRequestError, StepNotAllowedError } from '../errors/api-errors';
import { CaseListDto, CaseSummaryDto, ListCasesQueryDto } from './dto/list-cases.dto';

export type CaseResponse = CaseView & { stageLabel: string };

@Injectable()
export class CasesService {
  constructor(private readonly client: Client) {}

  async get(caseId: string): Promise<CaseResponse> {
    const handle = this.client.workflow.getHandle<typeof caseWorkflow>(caseId);
    const description = await handle.describe().catch((err: unknown) => {
      throw err instanceof WorkflowNotFoundError ? new CaseNotFoundError(caseId) : err;
    });
    if (description.type !== CASE_WORKFLOW_TYPE) throw new CaseNotFoundError(caseId);
    // A closed case's final state is its result; reading it needs no worker.
    const view = description.status.name === 'COMPLETED' ? await handle.result() : await handle.query(getStateQuery);
    return withLabels(view);
  }

  /**
   * Performs one step; the workflow's validator refuses it if it is not allowed now. With an
   * idempotency key the step is a Temporal update with a fixed id: a retry gets the first
   * result and nothing is applied twice.
   */
  async step(caseId: string, action: CaseAction, input: StepInput | undefined, idempotencyKey?: string): Promise<CaseResponse> {
    const updateId = idempotencyKey === undefined ? undefined : updateIdOf(action, idempotencyKey);
    const handle = this.client.workflow.getHandle<typeof caseWorkflow>(caseId);
    try {
      const view = await handle.executeUpdate(STEP_UPDATES[action], { args: [plain(input)], updateId });
      return withLabels(view);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      // Either no such case, or a closed one that takes no more steps.
      const current = await this.get(caseId);
      throw new StepNotAllowedError(
        `${action} is not allowed at stage ${current.stage}`,
        current.stage,
        current.allowedActions,
      );
    }
  }

  async list(q: ListCasesQueryDto): Promise<CaseListDto> {
    const clauses = [`WorkflowType = ${quote(CASE_WORKFLOW_TYPE)}`];
    if (q.cycleId) clauses.push(`${CaseSearch.cycle.name} = ${quote(q.cycleId)}`);
    if (q.kind) clauses.push(`${CaseSearch.kind.name} = ${quote(q.kind)}`);
    if (q.stage) clauses.push(`${CaseSearch.stage.name} = ${quote(q.stage)}`);
    if (q.overdue) clauses.push(`${CaseSearch.overdue.name} = ${q.overdue}`);
    if (q.unit) {
      clauses.push(`(${CaseSearch.leadUnit.name} = ${quote(q.unit)} OR ${CaseSearch.coUnits.name} = ${quote(q.unit)})`);
    }
    const cases: CaseSummaryDto[] = [];
    for await (const wf of this.client.workflow.list({ query: clauses.join(' AND ') })) {
      cases.push(summary(wf));
      if (cases.length >= q.limit) break;
    }
    cases.sort((a, b) => a.caseId.localeCompare(b.caseId));
    return { count: cases.length, cases };
  }
}

/** Update ids per step, so one key reused on another step is another request. */
function updateIdOf(action: CaseAction, key: string): string {
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new InvalidRequestError([{ field: 'Idempotency-Key', problem: 'must be 1-200 visible ASCII characters' }]);
  }
  return `${action}:${key}`;
}

function withLabels(view: CaseView): CaseResponse {
  return { ...view, stageLabel: LABELS.stage[view.stage] };
}

/** Only the DTO's own data crosses into Temporal. */
function plain<T>(input: T | undefined): T {
  return JSON.parse(JSON.stringify(input ?? {})) as T;
}

/** A string literal for a visibility query. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function summary(wf: WorkflowExecutionInfo): CaseSummaryDto {
  const sa = wf.typedSearchAttributes;
  const [cycleId, kind, number] = splitCaseId(wf.workflowId);
  const replyDue = sa.get(CaseSearch.replyDue);
  return {
    caseId: wf.workflowId,
    cycleId: sa.get(CaseSearch.cycle) ?? cycleId,
    kind: (sa.get(CaseSearch.kind) ?? kind) as CaseKind,
    number,
    title: String(wf.memo?.title ?? ''),
    leadUnit: sa.get(CaseSearch.leadUnit) ?? '',
    coUnits: sa.get(CaseSearch.coUnits) ?? [],
    stage: (sa.get(CaseSearch.stage) ?? CaseStage.Assigned) as CaseStage,
    overdue: sa.get(CaseSearch.overdue) ?? false,
    keySupervised: sa.get(CaseSearch.keySupervised) ?? false,
    ...(replyDue ? { replyDueAt: replyDue.toISOString() } : {}),
  };
}

function splitCaseId(caseId: string): [string, string, string] {
  const parts = caseId.split('.');
  return [parts.slice(0, -2).join('.'), parts.at(-2) ?? '', parts.at(-1) ?? ''];
}
