import { Injectable, Logger } from '@nestjs/common';
import { chinaDateOf } from '../../../../libs/calendar';
import { numberKey, type LaunchCase } from '../../../../libs/launch-sheet';
import { applyOverrides, CASE_KINDS, CaseKind, HandlingPolicy, PolicyValidationError, presetFor } from '../../../../libs/policy';
import { ConflictError, FieldProblem, InvalidRequestError, NotFoundError } from '../errors/api-errors';
import { LaunchAcceptedDto, LaunchPreviewDto } from '../launches/dto/launch.dto';
import { LaunchesService } from '../launches/launches.service';
import { PoliciesService } from '../policies/policies.service';
import { CycleContext, toCaseInput } from './case-input';
import { CycleDefinition, CycleStore } from './cycle-store';
import { CasePlan, differenceProblems, LaunchPlanner, PlannedCase, plannedCases, ProblemPlace } from './launch-plan';
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

/** How a launch request is to be taken: `?dryRun=true` previews it, `?keepExisting=true` launches even when rows differ from cases that exist. */
export interface LaunchOptions {
  dryRun?: boolean;
  keepExisting?: boolean;
}

/** 201 with every case started, 202 with the launch to poll, or 200 with the preview of a dry run. */
export type LaunchAnswer =
  | { kind: 'created'; body: LaunchedCycleDto; location: string }
  | { kind: 'accepted'; body: LaunchAcceptedDto }
  | { kind: 'preview'; body: LaunchPreviewDto };

/** What a launch is about to start: its cases, where they came from, and (uploads) the rows read past. */
interface LaunchRequest {
  cycleId: string;
  planned: PlannedCase[];
  assignedOn: string;
  background: boolean;
  /** The sheet's headers (uploads), to name columns in problems. */
  place: ProblemPlace;
  skippedRows?: number[];
  /** The cycle to record first (a launch of the cycle, not cases added to it). */
  definition?: { cycle: CycleDefinition; policies: Record<CaseKind, HandlingPolicy> };
}

/**
 * Launches (交办): a cycle from JSON or an uploaded sheet, or cases added to a launched cycle.
 * Everything is validated before anything starts; a launch with any problem starts nothing.
 *
 * Launching again is safe: a case that exists is never started anew nor changed. Before anything
 * is recorded, each case is compared with the case of its id the read model has; a launch whose
 * rows differ from the cases they name is refused (409 CasesDiffer, each difference a problem)
 * unless `keepExisting` says to start the new cases and leave those as they are. `dryRun`
 * answers what the launch would do, recording and starting nothing.
 */
@Injectable()
export class CyclesService {
  private readonly logger = new Logger(CyclesService.name);

  constructor(
    private readonly launches: LaunchesService,
    private readonly store: CycleStore,
    private readonly policyDocuments: PoliciesService,
    private readonly planner: LaunchPlanner,
  ) {}

  /** POST /api/cycles with a JSON body. */
  async launch(body: unknown, options: LaunchOptions = {}, now = new Date()): Promise<LaunchAnswer> {
    const cycle = await validOrThrow(LaunchCycleDto, body);
    throwIfAny(casesProblems(cycle.cases, 'cases'));
    const policies = policiesOf(cycle.policyOverrides, await this.policyDocuments.resolveAll(cycle.policies));
    throwIfAny(sessionCloseProblems(cycle.sessionClosedOn, cycle.cases, policies));
    const context = await this.store.check(definitionOf(cycle), policies);
    const planned = plannedCases(context.cycleId, cycle.cases);
    throwIfAny(await this.planner.launchedNumberProblems(context.cycleId, planned, {}));
    return this.proceed(context, options, {
      cycleId: context.cycleId,
      planned,
      assignedOn: cycle.assignedOn ?? chinaDateOf(now),
      background: cycle.cases.length > BACKGROUND_LAUNCH_THRESHOLD,
      place: {},
      definition: { cycle: definitionOf(cycle), policies },
    });
  }

  /** POST /api/cycles with a sheet (multipart): the form fields and every row are checked, all problems reported at once. */
  async launchSheet(fields: unknown, file: UploadedSheet | undefined, options: LaunchOptions = {}, now = new Date()): Promise<LaunchAnswer> {
    const form = await validateAs(LaunchSheetFieldsDto, fields);
    const sheet = await readUploadedSheet(file);
    let policies: Record<CaseKind, HandlingPolicy> | undefined;
    const problems = [...form.problems, ...sheet.problems];
    if (form.value) {
      try {
        policies = policiesOf(form.value.policyOverrides, await this.policyDocuments.resolveAll(form.value.policies));
        problems.push(...sessionCloseProblems(form.value.sessionClosedOn, sheet.readable, policies));
        problems.push(...(await this.planner.launchedNumberProblems(form.value.cycleId, plannedCases(form.value.cycleId, sheet.readable), sheet)));
      } catch (err) {
        if (!(err instanceof InvalidRequestError)) throw err;
        problems.push(...err.problems);
      }
    }
    throwIfAny(sortedSheetProblems(problems));
    const cycle = form.value!;
    const context = await this.store.check(definitionOf(cycle), policies!);
    return this.proceed(context, options, {
      cycleId: cycle.cycleId,
      planned: plannedCases(cycle.cycleId, sheet.cases),
      assignedOn: cycle.assignedOn ?? chinaDateOf(now),
      background: true,
      place: sheet,
      skippedRows: sheet.skippedRows,
      definition: { cycle: definitionOf(cycle), policies: policies! },
    });
  }

  /** POST /api/cycles/{cycleId}/cases with JSON: cases join the cycle under its recorded title and policies. */
  async addCases(cycleId: string, body: unknown, options: LaunchOptions = {}, now = new Date()): Promise<LaunchAnswer> {
    const cycle = await this.launched(cycleId);
    const added = await validOrThrow(AddCasesDto, body);
    throwIfAny([...casesProblems(added.cases, 'cases'), ...sessionCloseProblems(cycle.sessionClosedOn, added.cases, cycle.policies)]);
    const planned = plannedCases(cycleId, added.cases);
    throwIfAny(await this.planner.launchedNumberProblems(cycleId, planned, {}));
    return this.proceed(cycle, options, {
      cycleId,
      planned,
      assignedOn: added.assignedOn ?? chinaDateOf(now),
      background: added.cases.length > BACKGROUND_LAUNCH_THRESHOLD,
      place: {},
    });
  }

  /** POST /api/cycles/{cycleId}/cases with a sheet. */
  async addSheetCases(cycleId: string, fields: unknown, file: UploadedSheet | undefined, options: LaunchOptions = {}, now = new Date()): Promise<LaunchAnswer> {
    const cycle = await this.launched(cycleId);
    const form = await validateAs(AddSheetCasesFieldsDto, fields);
    const sheet = await readUploadedSheet(file);
    throwIfAny(sortedSheetProblems([
      ...form.problems,
      ...sheet.problems,
      ...(await this.planner.launchedNumberProblems(cycleId, plannedCases(cycleId, sheet.readable), sheet)),
    ]));
    throwIfAny(sessionCloseProblems(cycle.sessionClosedOn, sheet.cases, cycle.policies));
    return this.proceed(cycle, options, {
      cycleId,
      planned: plannedCases(cycleId, sheet.cases),
      assignedOn: form.value!.assignedOn ?? chinaDateOf(now),
      background: true,
      place: sheet,
      skippedRows: sheet.skippedRows,
    });
  }

  private async launched(cycleId: string): Promise<CycleContext> {
    const cycle = await this.store.find(cycleId);
    if (!cycle) {
      throw new NotFoundError('CycleNotFound', `no launched cycle ${cycleId}: launch it first with POST /api/cycles (launching again is idempotent)`);
    }
    return cycle;
  }

  /**
   * Compares the cases with those that exist; answers the preview of a dry run, refuses rows that
   * differ from existing cases (unless keepExisting), else records the cycle (a first launch) and
   * starts the launch.
   */
  private async proceed(context: CycleContext, options: LaunchOptions, request: LaunchRequest): Promise<LaunchAnswer> {
    const plans = await this.planner.plan(request.cycleId, request.planned, { preview: options.dryRun === true });
    if (options.dryRun) return { kind: 'preview', body: previewOf(request, plans) };
    const changed = plans.filter((p) => p.outcome === 'changed');
    if (changed.length > 0 && !options.keepExisting) {
      throw new ConflictError(
        'CasesDiffer',
        `${changed.length} of the cases exist with other content (${changed.slice(0, 5).map((p) => p.planned.caseId).join(', ')}` +
          `${changed.length > 5 ? ', …' : ''}); nothing started. A launch never changes a case that exists: preview with ?dryRun=true, ` +
          'or launch with ?keepExisting=true to start the new cases and leave those as they are',
        differenceProblems(changed, request.place),
      );
    }
    const cycle = request.definition ? await this.store.record(request.definition.cycle, request.definition.policies) : context;
    return this.start(cycle, request);
  }

  private async start(cycle: CycleContext, request: LaunchRequest): Promise<LaunchAnswer> {
    const cases = request.planned.map((p) => ({ input: toCaseInput(cycle, p.case, request.assignedOn), ...(p.row !== undefined ? { row: p.row } : {}) }));
    const ids = cases.map(({ input: { caseId, kind, number } }) => ({ caseId, kind, number }));
    const skipped = request.skippedRows && request.skippedRows.length > 0 ? { skippedRows: request.skippedRows } : {};
    if (request.background) {
      const launch = await this.launches.launch(cycle.cycleId, cases);
      return { kind: 'accepted', body: { ...launch, cases: ids, ...skipped } };
    }
    const { launch, done } = await this.launches.launchAndWait(cycle.cycleId, cases);
    if (!done) return { kind: 'accepted', body: { ...launch, cases: ids, ...skipped } };
    this.logger.log(`cycle ${cycle.cycleId}: ${cases.length} cases launched or already there (launch ${launch.launchId})`);
    return { kind: 'created', body: { cycleId: cycle.cycleId, cases: ids }, location: `/api/launches/${launch.launchId}` };
  }
}

/** The query's yes/no options (`?dryRun=true`): true, false, 1, 0 or absent. */
export function launchOptionsOf(query: { dryRun?: unknown; keepExisting?: unknown }): LaunchOptions {
  const problems: FieldProblem[] = [];
  const flag = (field: string, value: unknown): boolean => {
    if (value === undefined || value === '' || value === 'false' || value === '0') return false;
    if (value === 'true' || value === '1') return true;
    problems.push({ field, problem: 'must be true or false' });
    return false;
  };
  const options = { dryRun: flag('dryRun', query.dryRun), keepExisting: flag('keepExisting', query.keepExisting) };
  throwIfAny(problems);
  return options;
}

function previewOf(request: LaunchRequest, plans: CasePlan[]): LaunchPreviewDto {
  const place = (p: PlannedCase) => ({ caseId: p.caseId, ...(p.row !== undefined ? { row: p.row } : { index: p.index }) });
  const count = (outcome: string) => plans.filter((p) => p.outcome === outcome).length;
  return {
    dryRun: true,
    cycleId: request.cycleId,
    total: plans.length,
    created: count('created'),
    unchanged: count('unchanged'),
    changed: plans.filter((p) => p.outcome === 'changed').map((p) => ({ ...place(p.planned), differences: p.differences ?? [] })),
    notCompared: plans.filter((p) => p.outcome === 'existing').map((p) => place(p.planned)),
    ...(request.skippedRows && request.skippedRows.length > 0 ? { skippedRows: request.skippedRows } : {}),
    cases: plans.map((p) => ({
      ...place(p.planned),
      kind: p.planned.case.kind,
      number: p.planned.case.number,
      outcome: p.outcome,
      ...(p.differences ? { differences: p.differences } : {}),
    })),
  };
}

/** Problems of the form first, then the sheet's by row. */
function sortedSheetProblems(problems: FieldProblem[]): FieldProblem[] {
  const rowOf = (p: FieldProblem) => (p as FieldProblem & { row?: number }).row ?? 0;
  return problems.map((p, i) => ({ p, i })).sort((a, b) => rowOf(a.p) - rowOf(b.p) || a.i - b.i).map(({ p }) => p);
}

function definitionOf(cycle: LaunchCycleDto | LaunchSheetFieldsDto): CycleDefinition {
  const { cycleId, title, jurisdiction, sessionClosedOn, policyOverrides } = cycle;
  return { cycleId, title, jurisdiction, sessionClosedOn, policyOverrides };
}

function throwIfAny(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new InvalidRequestError(problems);
}

/**
 * A number used twice for one kind (case ids are {cycle}.{kind}.{number}), or written another way
 * (7 and 007, A-1 and a-1: one number to a person); a co-unit that is the lead unit.
 */
export function casesProblems(cases: LaunchCase[], field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  cases.forEach((c, i) => {
    const key = `${c.kind}/${numberKey(c.number)}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else if (cases[first]!.number === c.number) problems.push({ field: `${field}.${i}.number`, problem: `duplicates ${field}.${first} (${c.kind}/${c.number})` });
    else {
      problems.push({
        field: `${field}.${i}.number`,
        problem: `is the same number as ${field}.${first} (${cases[first]!.number}): leading zeros and letter case do not count`,
      });
    }
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
