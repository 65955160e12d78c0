import { Injectable, Logger } from '@nestjs/common';
import { chinaDateOf } from '../../../../libs/calendar';
import type { LaunchCase } from '../../../../libs/launch-sheet';
import { applyOverrides, CASE_KINDS, CaseKind, HandlingPolicy, PolicyValidationError, presetFor } from '../../../../libs/policy';
import { FieldProblem, InvalidRequestError, NotFoundError } from '../errors/api-errors';
import { LaunchAcceptedDto } from '../launches/dto/launch.dto';
import { LaunchesService } from '../launches/launches.service';
import { PoliciesService } from '../policies/policies.service';
import { CycleContext, toCaseInput } from './case-input';
import { CycleDefinition, CycleStore } from './cycle-store';
import {
  AddCasesDto,
  AddSheetCasesFieldsDto,
  LaunchCycleDto,
  LaunchedCycleDto,
  LaunchSheetFieldsDto,
  PolicyOverrides,
} from './dto/launch-cycle.dto';
import { readUploadedSheet, UploadedSheet } from './sheet-upload';
import { validateAs, validOrThrow } from './validate-dto';

/**
 * A JSON launch of more cases than this answers 202 and goes on in the background; uploads
 * always do (a sheet is the way large launches come).
 */
export const BACKGROUND_LAUNCH_THRESHOLD = 100;

/** 201 with every case started, or 202 with the launch to poll. */
export type LaunchOutcome = { background: false; body: LaunchedCycleDto } | { background: true; body: LaunchAcceptedDto };

/**
 * Launches (交办): a cycle from JSON or an uploaded sheet, or cases added to a launched cycle.
 * Everything is validated before anything starts; a launch with any problem starts nothing.
 */
@Injectable()
export class CyclesService {
  private readonly logger = new Logger(CyclesService.name);

  constructor(
    private readonly launches: LaunchesService,
    private readonly store: CycleStore,
    private readonly policyDocuments: PoliciesService,
  ) {}

  /** POST /api/cycles with a JSON body. Idempotent: cases that exist are left as they are. */
  async launch(body: unknown, now = new Date()): Promise<LaunchOutcome> {
    const cycle = await validOrThrow(LaunchCycleDto, body);
    throwIfAny(casesProblems(cycle.cases, 'cases'));
    const policies = policiesOf(cycle.policyOverrides, await this.policyDocuments.resolveAll(cycle.policies));
    throwIfAny(sessionCloseProblems(cycle.sessionClosedOn, cycle.cases, policies));
    const record = await this.store.record(definitionOf(cycle), policies);
    return this.start(record, cycle.cases, cycle.assignedOn ?? chinaDateOf(now), cycle.cases.length > BACKGROUND_LAUNCH_THRESHOLD);
  }

  /** POST /api/cycles with a sheet (multipart): the form fields and every row are checked, all problems reported at once. */
  async launchSheet(fields: unknown, file: UploadedSheet | undefined, now = new Date()): Promise<LaunchOutcome> {
    const form = await validateAs(LaunchSheetFieldsDto, fields);
    const sheet = await readUploadedSheet(file);
    let policies: Record<CaseKind, HandlingPolicy> | undefined;
    const problems = [...form.problems, ...sheet.problems];
    if (form.value) {
      try {
        policies = policiesOf(form.value.policyOverrides, await this.policyDocuments.resolveAll(form.value.policies));
        problems.push(...sessionCloseProblems(form.value.sessionClosedOn, sheet.cases, policies));
      } catch (err) {
        if (!(err instanceof InvalidRequestError)) throw err;
        problems.push(...err.problems);
      }
    }
    throwIfAny(problems);
    const cycle = form.value!;
    const record = await this.store.record(definitionOf(cycle), policies!);
    return this.start(record, sheet.cases, cycle.assignedOn ?? chinaDateOf(now), true);
  }

  /** POST /api/cycles/{cycleId}/cases with JSON: cases join the cycle under its recorded title and policies. */
  async addCases(cycleId: string, body: unknown, now = new Date()): Promise<LaunchOutcome> {
    const cycle = await this.launched(cycleId);
    const added = await validOrThrow(AddCasesDto, body);
    throwIfAny([...casesProblems(added.cases, 'cases'), ...sessionCloseProblems(cycle.sessionClosedOn, added.cases, cycle.policies)]);
    return this.start(cycle, added.cases, added.assignedOn ?? chinaDateOf(now), added.cases.length > BACKGROUND_LAUNCH_THRESHOLD);
  }

  /** POST /api/cycles/{cycleId}/cases with a sheet. */
  async addSheetCases(cycleId: string, fields: unknown, file: UploadedSheet | undefined, now = new Date()): Promise<LaunchOutcome> {
    const cycle = await this.launched(cycleId);
    const form = await validateAs(AddSheetCasesFieldsDto, fields);
    const sheet = await readUploadedSheet(file);
    throwIfAny([...form.problems, ...sheet.problems]);
    throwIfAny(sessionCloseProblems(cycle.sessionClosedOn, sheet.cases, cycle.policies));
    return this.start(cycle, sheet.cases, form.value!.assignedOn ?? chinaDateOf(now), true);
  }

  private async launched(cycleId: string): Promise<CycleContext> {
    const cycle = await this.store.find(cycleId);
    if (!cycle) {
      throw new NotFoundError('CycleNotFound', `no launched cycle ${cycleId}: launch it first with POST /api/cycles (launching again is idempotent)`);
    }
    return cycle;
  }

  private async start(cycle: CycleContext, cases: LaunchCase[], assignedOn: string, background: boolean): Promise<LaunchOutcome> {
    const inputs = cases.map((c) => toCaseInput(cycle, c, assignedOn));
    const ids = inputs.map(({ caseId, kind, number }) => ({ caseId, kind, number }));
    if (background) {
      const launch = await this.launches.launch(cycle.cycleId, inputs);
      return { background: true, body: { ...launch, cases: ids } };
    }
    const pending = await this.launches.launchAndWait(cycle.cycleId, inputs);
    if (pending) return { background: true, body: { ...pending, cases: ids } };
    this.logger.log(`cycle ${cycle.cycleId}: ${inputs.length} cases launched or already running`);
    return { background: false, body: { cycleId: cycle.cycleId, cases: ids } };
  }
}

function definitionOf(cycle: LaunchCycleDto | LaunchSheetFieldsDto): CycleDefinition {
  const { cycleId, title, jurisdiction, sessionClosedOn, policyOverrides } = cycle;
  return { cycleId, title, jurisdiction, sessionClosedOn, policyOverrides };
}

function throwIfAny(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new InvalidRequestError(problems);
}

/** A number used twice for one kind (case ids are {cycle}.{kind}.{number}); a co-unit that is the lead unit. */
function casesProblems(cases: LaunchCase[], field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  cases.forEach((c, i) => {
    const key = `${c.kind}/${c.number}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push({ field: `${field}.${i}.number`, problem: `duplicates ${field}.${first} (${key})` });
    else seen.set(key, i);
    if (c.coUnits.includes(c.leadUnit)) problems.push({ field: `${field}.${i}.coUnits`, problem: 'must not include the lead unit' });
  });
  return problems;
}

/** A policy counting any deadline from the session's close needs the cycle to say when it closed. */
function sessionCloseProblems(sessionClosedOn: string | undefined, cases: LaunchCase[], policies: Record<CaseKind, HandlingPolicy>): FieldProblem[] {
  if (sessionClosedOn) return [];
  const kinds = [...new Set(cases.map((c) => c.kind))];
  const uses = kinds.filter((kind) => JSON.stringify(policies[kind] ?? {}).includes('"from":"session-close"'));
  if (uses.length === 0) return [];
  return [{ field: 'sessionClosedOn', problem: `is required: the ${uses.join(', ')} policy counts deadlines from the session's close` }];
}

/**
 * The policy each kind of case runs under: the stored document the cycle names for it (else the
 * kind's preset), changed by the cycle's overrides.
 */
function policiesOf(overrides: PolicyOverrides = {}, stored: Partial<Record<CaseKind, HandlingPolicy>> = {}): Record<CaseKind, HandlingPolicy> {
  const problems: FieldProblem[] = Object.keys(overrides)
    .filter((kind) => !(CASE_KINDS as string[]).includes(kind))
    .map((kind) => ({ field: `policyOverrides.${kind}`, problem: `is not a kind; kinds are ${CASE_KINDS.join(', ')}` }));
  const policies = {} as Record<CaseKind, HandlingPolicy>;
  for (const kind of CASE_KINDS) {
    const changes = overrides[kind];
    try {
      const base = stored[kind] ?? presetFor(kind);
      policies[kind] = changes === undefined ? base : applyOverrides(base, changes);
    } catch (err) {
      if (!(err instanceof PolicyValidationError)) throw err;
      problems.push(...err.problems.map((p) => ({ field: `policyOverrides.${kind}.${p.path}`, problem: p.problem })));
    }
  }
  throwIfAny(problems);
  return policies;
}
