import { Injectable, Logger } from '@nestjs/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CaseStage } from '../../../../libs/contract';
import { LABELS } from '../../../../libs/i18n/labels';
import type { CaseDifference } from '../../../../libs/launch-sheet';
import { fill } from '../../../../libs/launch-sheet/messages';
import { CasesService, type CaseResponse } from '../cases/cases.service';
import { FieldProblem, InvalidRequestError, NotFoundError, StepNotAllowedError } from '../errors/api-errors';
import { ExistingCaseDto } from '../launches/dto/launch.dto';
import { CycleStore } from './cycle-store';
import { casesProblems } from './cycles.service';
import { AppliedChangeDto, CaseChangesDto, CaseChangesFieldsDto, CaseChangesResultDto, ChangedCaseResultDto } from './dto/case-changes.dto';
import { CasePlan, LaunchPlanner, PlannedCase, plannedCases } from './launch-plan';
import { readUploadedSheet, type UploadedSheet } from './sheet-upload';
import { validateAs, validOrThrow } from './validate-dto';

const L = LABELS.caseChanges;

/** Who applies the changes (the office key's actor), and whether only to say what would be done. */
export interface ApplyOptions {
  actor: string;
  dryRun: boolean;
}

/**
 * 按交办清单更正: a launch never changes a case that exists; this applies, deliberately, what a
 * corrected list says differs from the cases launched — through the cases' own steps, never
 * around them. A case not yet signed for gets the list's lead unit by the reassign path the
 * procedure has (退回 by the office on the unit's behalf, then 调整承办单位 — both in the case's
 * history, with the list as the reason); a case past sign-for refuses it, and the answer says
 * why. No step changes any other field (重点督办, 标题, 协办单位, …): those are reported as
 * `not-applicable`, to be changed by hand.
 */
@Injectable()
export class CaseChangesService {
  private readonly logger = new Logger(CaseChangesService.name);

  constructor(
    private readonly store: CycleStore,
    private readonly planner: LaunchPlanner,
    private readonly cases: CasesService,
  ) {}

  /** JSON `{cases}`. */
  async apply(cycleId: string, body: unknown, options: ApplyOptions): Promise<CaseChangesResultDto> {
    await this.launched(cycleId);
    const list = await validOrThrow(CaseChangesDto, body);
    throwIfAny(casesProblems(list.cases, 'cases'));
    const planned = plannedCases(cycleId, list.cases);
    throwIfAny(await this.planner.launchedNumberProblems(cycleId, planned, {}));
    return this.applyPlanned(cycleId, planned, options);
  }

  /** A sheet (multipart `file`): its rows checked as a launch checks them. */
  async applySheet(cycleId: string, fields: unknown, file: UploadedSheet | undefined, options: ApplyOptions): Promise<CaseChangesResultDto> {
    await this.launched(cycleId);
    const form = await validateAs(CaseChangesFieldsDto, fields);
    const sheet = await readUploadedSheet(file);
    throwIfAny([
      ...form.problems,
      ...sheet.problems,
      ...(await this.planner.launchedNumberProblems(cycleId, plannedCases(cycleId, sheet.readable), sheet)),
    ]);
    const result = await this.applyPlanned(cycleId, plannedCases(cycleId, sheet.cases), options);
    return sheet.skippedRows.length > 0 ? { ...result, skippedRows: sheet.skippedRows } : result;
  }

  private async applyPlanned(cycleId: string, planned: PlannedCase[], options: ApplyOptions): Promise<CaseChangesResultDto> {
    const plans = await this.planner.plan(cycleId, planned, { preview: true });
    const changed = plans.filter((p) => p.outcome === 'changed');
    const cases: ChangedCaseResultDto[] = [];
    // One case at a time: each is a step or two on its workflow, and a list corrects a few cases.
    for (const plan of changed) cases.push({ ...placeOf(plan.planned), changes: await this.applyTo(plan, options) });
    const count = (result: AppliedChangeDto['result']) => cases.reduce((n, c) => n + c.changes.filter((x) => x.result === result).length, 0);
    const answer: CaseChangesResultDto = {
      dryRun: options.dryRun,
      cycleId,
      total: plans.length,
      unchanged: plans.filter((p) => p.outcome === 'unchanged').length,
      applied: count('applied'),
      applicable: count('applicable'),
      refused: count('refused'),
      notApplicable: count('not-applicable'),
      cases,
      notLaunched: plans.filter((p) => p.outcome === 'created').map((p) => placeOf(p.planned)),
      notCompared: plans.filter((p) => p.outcome === 'existing').map((p) => placeOf(p.planned)),
    };
    if (!options.dryRun) {
      this.logger.log(`cycle ${cycleId}: changes of ${cases.length} cases applied ${answer.applied}, refused ${answer.refused}, not applicable ${answer.notApplicable} (by ${options.actor})`);
    }
    return answer;
  }

  /** Each difference of one case: the lead unit through the reassign path, the rest reported. */
  private async applyTo(plan: CasePlan, options: ApplyOptions): Promise<AppliedChangeDto[]> {
    const results: AppliedChangeDto[] = [];
    for (const d of plan.differences ?? []) {
      if (d.field !== 'leadUnit') {
        results.push({ ...d, result: 'not-applicable', reason: fill(L.noStep, { column: d.column }) });
        continue;
      }
      results.push({ ...d, ...(await this.reassign(plan.planned.caseId, d, options)) });
    }
    return results;
  }

  /**
   * The lead unit, while the case may still be returned: the office asks the return on the unit's
   * behalf (退回) and decides it (调整承办单位) — or only decides it when the unit's own return
   * is waiting. Refused, with the reason, once the case is signed for or its window has closed.
   */
  private async reassign(caseId: string, d: CaseDifference, { actor, dryRun }: ApplyOptions): Promise<Pick<AppliedChangeDto, 'result' | 'reason'>> {
    const to = String(d.to);
    const current = await this.cases.get(caseId);
    if (current.leadUnit === to) return { result: 'applied' }; // already so (the read model lags a moment)
    const refusal = refusalOf(current, to);
    if (refusal) return { result: 'refused', reason: refusal };
    if (dryRun) return { result: 'applicable' };
    const from = current.leadUnit;
    try {
      if (current.stage !== CaseStage.ReturnRequested) {
        await this.cases.step(caseId, 'return', { reason: fill(L.returnReason, { from, to }), actor });
      }
      await this.cases.step(caseId, 'return-decision', { decision: 'reassign', newLeadUnit: to, note: L.decisionNote, actor });
    } catch (err) {
      const reason = refusedReason(err);
      if (reason === undefined) throw err;
      return { result: 'refused', reason: fill(L.stepRefused, { reason }) };
    }
    this.logger.log(`${caseId}: lead unit ${from} → ${to} as the corrected list says (by ${actor})`);
    return { result: 'applied' };
  }

  private async launched(cycleId: string): Promise<void> {
    if (!(await this.store.find(cycleId))) throw new NotFoundError('CycleNotFound', `no launched cycle ${cycleId}: launch it first with POST /api/cycles`);
  }
}

/** Why the case cannot take another lead unit now, or undefined if it can. */
function refusalOf(current: CaseResponse, to: string): string | undefined {
  if (current.executionStatus !== 'running') return fill(L.notRunning, { status: current.executionStatus });
  if (current.coUnits.includes(to)) return fill(L.coUnit, { unit: to });
  if (current.stage === CaseStage.ReturnRequested) return current.allowedActions.includes('return-decision') ? undefined : fill(L.signed, { stage: current.stageLabel });
  if (current.allowedActions.includes('return')) return undefined;
  if (current.stage === CaseStage.Assigned) return L.returnClosed;
  return fill(L.signed, { stage: current.stageLabel });
}

/** The reason of a step the case refused (nothing changed), or undefined for any other failure. */
function refusedReason(err: unknown): string | undefined {
  if (err instanceof StepNotAllowedError) return err.message;
  if (err instanceof InvalidRequestError) return err.problems.map((p) => `${p.field} ${p.problem}`).join('; ');
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause.message;
  return undefined;
}

function placeOf(p: PlannedCase): ExistingCaseDto {
  return { caseId: p.caseId, ...(p.row !== undefined ? { row: p.row } : { index: p.index }) };
}

function throwIfAny(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new InvalidRequestError(problems);
}
