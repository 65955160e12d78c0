import { Injectable, Logger } from '@nestjs/common';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ensureSearchAttributes } from '../../../../libs/temporal/search-attributes';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { BanliEnv } from '../../../../libs/config';
import { chinaDateOf } from '../../../../libs/calendar';
import { applyOverrides, CASE_KINDS, CaseKind, HandlingPolicy, PolicyValidationError, presetFor } from '../../../../libs/policy';
import type { caseWorkflow } from '../../../../workflows/case/case.workflow';
import { CASE_SEARCH_ATTRIBUTES, CASE_WORKFLOW_TYPE, CaseInput, caseIdOf, CaseSearch, CaseStage } from '../../../../workflows/case/case.definitions';
import { FieldProblem, InvalidRequestError } from '../errors/api-errors';
import { LaunchCaseDto, LaunchCycleDto, LaunchedCycleDto } from './dto/launch-cycle.dto';

/** How many case workflows are started at once. */
const START_CONCURRENCY = 16;

@Injectable()
export class CyclesService {
  private readonly logger = new Logger(CyclesService.name);

  private searchAttributesReady?: Promise<unknown>;

  constructor(
    private readonly client: Client,
    private readonly connection: Connection,
    private readonly env: BanliEnv,
  ) {}

  /** Starts one workflow per case; cases that already exist are left as they are. */
  async launch(cycle: LaunchCycleDto, now = new Date()): Promise<LaunchedCycleDto> {
    this.checkCycle(cycle);
    const policies = policiesOf(cycle);
    requireSessionClose(cycle, policies);
    const assignedOn = cycle.assignedOn ?? chinaDateOf(now);
    await this.ensureSearchAttributes();
    const inputs = cycle.cases.map((c) => this.caseInput(cycle, c, assignedOn, policies[c.kind]));
    for (let i = 0; i < inputs.length; i += START_CONCURRENCY) {
      await Promise.all(inputs.slice(i, i + START_CONCURRENCY).map((input) => this.start(input)));
    }
    this.logger.log(`cycle ${cycle.cycleId}: ${inputs.length} cases launched or already running`);
    return {
      cycleId: cycle.cycleId,
      cases: inputs.map(({ caseId, kind, number }) => ({ caseId, kind, number })),
    };
  }

  /** Cases start with their search attributes, so they must exist even before a worker ran once. */
  private async ensureSearchAttributes(): Promise<void> {
    this.searchAttributesReady ??= ensureSearchAttributes(this.connection, this.env.TEMPORAL_NAMESPACE, CASE_SEARCH_ATTRIBUTES);
    await this.searchAttributesReady.catch((err: unknown) => {
      this.searchAttributesReady = undefined; // try again on the next launch
      throw err;
    });
  }

  private checkCycle(cycle: LaunchCycleDto): void {
    const problems: FieldProblem[] = [];
    const seen = new Map<string, number>();
    cycle.cases.forEach((c, i) => {
      const key = `${c.kind}/${c.number}`;
      const first = seen.get(key);
      if (first !== undefined) problems.push({ field: `cases.${i}.number`, problem: `duplicates cases.${first} (${key})` });
      else seen.set(key, i);
      if (c.coUnits.includes(c.leadUnit)) problems.push({ field: `cases.${i}.coUnits`, problem: 'must not include the lead unit' });
    });
    if (problems.length > 0) throw new InvalidRequestError(problems);
  }

  private caseInput(cycle: LaunchCycleDto, c: LaunchCaseDto, assignedOn: string, policy: HandlingPolicy): CaseInput {
    return {
      caseId: caseIdOf(cycle.cycleId, c.kind, c.number),
      cycleId: cycle.cycleId,
      cycleTitle: cycle.title,
      ...(cycle.jurisdiction ? { jurisdiction: cycle.jurisdiction } : {}),
      kind: c.kind,
      session: c.session,
      number: c.number,
      title: c.title,
      submitters: c.submitters,
      leadUnit: c.leadUnit,
      coUnits: c.coUnits,
      keySupervised: c.keySupervised,
      closedSession: c.closedSession,
      complex: c.complex,
      assignedOn,
      ...(cycle.sessionClosedOn ? { sessionClosedOn: cycle.sessionClosedOn } : {}),
      policy,
    };
  }

  private async start(input: CaseInput): Promise<void> {
    try {
      await this.client.workflow.start<typeof caseWorkflow>(CASE_WORKFLOW_TYPE, {
        workflowId: input.caseId,
        taskQueue: this.env.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        memo: { title: input.title, session: input.session },
        typedSearchAttributes: [
          { key: CaseSearch.cycle, value: input.cycleId },
          { key: CaseSearch.kind, value: input.kind },
          { key: CaseSearch.leadUnit, value: input.leadUnit },
          ...(input.coUnits.length > 0 ? [{ key: CaseSearch.coUnits, value: input.coUnits }] : []),
          { key: CaseSearch.stage, value: CaseStage.Assigned },
          { key: CaseSearch.overdue, value: false },
          { key: CaseSearch.keySupervised, value: input.keySupervised },
        ],
      });
    } catch (err) {
      // A closed case with this id: launching again must not start it anew.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
}

/** The policy each kind of case runs under: its preset, changed by the cycle's overrides. */
function policiesOf(cycle: LaunchCycleDto): Record<CaseKind, HandlingPolicy> {
  const overrides = cycle.policyOverrides ?? {};
  const problems: FieldProblem[] = Object.keys(overrides)
    .filter((kind) => !(CASE_KINDS as string[]).includes(kind))
    .map((kind) => ({ field: `policyOverrides.${kind}`, problem: `is not a kind; kinds are ${CASE_KINDS.join(', ')}` }));
  const policies = {} as Record<CaseKind, HandlingPolicy>;
  for (const kind of CASE_KINDS) {
    const changes = overrides[kind];
    try {
      policies[kind] = changes === undefined ? presetFor(kind) : applyOverrides(presetFor(kind), changes);
    } catch (err) {
      if (!(err instanceof PolicyValidationError)) throw err;
      problems.push(...err.problems.map((p) => ({ field: `policyOverrides.${kind}.${p.path}`, problem: p.problem })));
    }
  }
  if (problems.length > 0) throw new InvalidRequestError(problems);
  return policies;
}

/** A policy counting any deadline from the session's close needs the cycle to say when it closed. */
function requireSessionClose(cycle: LaunchCycleDto, policies: Partial<Record<CaseKind, HandlingPolicy>>): void {
  if (cycle.sessionClosedOn) return;
  const kinds = [...new Set(cycle.cases.map((c) => c.kind))];
  const uses = kinds.filter((kind) => JSON.stringify(policies[kind] ?? {}).includes('"from":"session-close"'));
  if (uses.length > 0) {
    throw new InvalidRequestError([
      { field: 'sessionClosedOn', problem: `is required: the ${uses.join(', ')} policy counts deadlines from the session's close` },
    ]);
  }
}
