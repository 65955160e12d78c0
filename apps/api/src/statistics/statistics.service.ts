import { Injectable, Logger } from '@nestjs/common';
import { WorkingCalendar } from '../../../../libs/calendar';
import { JurisdictionCalendars } from '../../../../libs/calendar/jurisdiction-calendars';
import { CycleRepository } from '../../../../libs/db';
import { say, summaryContent, type SummaryContent } from '../../../../libs/documents/summary';
import { LABELS } from '../../../../libs/i18n/labels';
import { assessmentOf, CASE_KINDS, presetFor, type CaseKind, type HandlingPolicy } from '../../../../libs/policy';
import {
  CaseFactsSource,
  cycleStatistics,
  type CycleStatistics,
  dayCounter,
  figuresOf,
  type KindRules,
  type SchemeInUse,
  scoreTable,
  type ScoreTable,
  selectFacts,
  type StatisticsContext,
  type StatisticsFilter,
  unitTable,
  type UnitTable,
} from '../../../../libs/statistics';
import { statisticsXlsx, unitsCsv } from '../../../../libs/statistics/export';
import { InvalidRequestError, NotFoundError } from '../errors/api-errors';
import { PoliciesService } from '../policies/policies.service';
import { filterOf, type ScoresQueryDto, type StatisticsQueryDto } from './dto/statistics-query.dto';

/** An export: its bytes and the Chinese name it is saved under. */
export interface ExportFile {
  body: Buffer;
  fileName: string;
}

interface Cycle {
  cycleId: string;
  title: string;
  policies: Record<CaseKind, HandlingPolicy>;
  ctx: StatisticsContext;
}

/**
 * A cycle's statistics, unit table, scores, exports and handling summary, computed from the read
 * model as of now on the cycle's working-day calendar (README "Statistics").
 */
@Injectable()
export class StatisticsService {
  private readonly logger = new Logger(StatisticsService.name);

  constructor(
    private readonly cycles: CycleRepository,
    private readonly facts: CaseFactsSource,
    private readonly calendars: JurisdictionCalendars,
    private readonly policies: PoliciesService,
  ) {}

  async statistics(cycleId: string, q: StatisticsQueryDto): Promise<CycleStatistics> {
    const { cycle, cases, coUnits } = await this.load(cycleId);
    return cycleStatistics(cases, coUnits, filterOf(cycleId, q), cycle.ctx);
  }

  async units(cycleId: string, q: StatisticsQueryDto): Promise<UnitTable> {
    const { cycle, cases, coUnits } = await this.load(cycleId);
    return unitTable(cases, coUnits, filterOf(cycleId, q), cycle.ctx, schemesOf(cycle));
  }

  async scores(cycleId: string, q: ScoresQueryDto): Promise<ScoreTable> {
    const requested = await this.requestedScheme(q);
    const { cycle, cases, coUnits } = await this.load(cycleId);
    const schemes = schemesOf(cycle).map((s) => (requested && s.kind === requested.kind ? requested : s));
    if (requested && !schemes.includes(requested)) schemes.push(requested);
    return scoreTable(cases, coUnits, filterOf(cycleId, q), cycle.ctx, schemes);
  }

  async xlsx(cycleId: string, q: StatisticsQueryDto): Promise<ExportFile> {
    const { cycle, cases, coUnits } = await this.load(cycleId);
    const filter = filterOf(cycleId, q);
    const schemes = schemesOf(cycle);
    const body = await statisticsXlsx({
      statistics: cycleStatistics(cases, coUnits, filter, cycle.ctx),
      units: unitTable(cases, coUnits, filter, cycle.ctx, schemes),
      scores: scoreTable(cases, coUnits, filter, cycle.ctx, schemes),
    });
    return { body, fileName: exportName(cycle, filter, 'xlsx') };
  }

  async csv(cycleId: string, q: StatisticsQueryDto): Promise<ExportFile> {
    const { cycle, cases, coUnits } = await this.load(cycleId);
    const filter = filterOf(cycleId, q);
    return { body: unitsCsv(unitTable(cases, coUnits, filter, cycle.ctx, schemesOf(cycle))), fileName: exportName(cycle, filter, 'csv') };
  }

  /** The handling summary of the filter's lead cases: a unit's, or the whole cycle's. */
  async summary(cycleId: string, q: StatisticsQueryDto): Promise<SummaryContent> {
    const { cycle, cases } = await this.load(cycleId);
    const filter = filterOf(cycleId, q);
    const selected = selectFacts(cases, [], filter).cases.filter((c) => filter.unit === undefined || c.leadUnit === filter.unit);
    const ordered = [...selected].sort((a, b) => CASE_KINDS.indexOf(a.kind) - CASE_KINDS.indexOf(b.kind) || byNumber(a.number, b.number));
    return summaryContent({
      cycleTitle: cycle.title,
      ...(filter.unit !== undefined ? { unit: filter.unit } : {}),
      cases: ordered,
      figures: figuresOf(ordered, cycle.ctx),
    });
  }

  private async load(cycleId: string) {
    const row = await this.cycles.findById(cycleId);
    if (!row) throw new NotFoundError('CycleNotFound', `no cycle launched with id ${cycleId}`);
    const recorded = (row.policies ?? {}) as Partial<Record<CaseKind, HandlingPolicy>>;
    const policies = Object.fromEntries(CASE_KINDS.map((k) => [k, recorded[k] ?? presetFor(k)])) as Record<CaseKind, HandlingPolicy>;
    const calendar = row.jurisdiction ? (await this.calendars.current(row.jurisdiction)).corrected.calendar : WorkingCalendar.official();
    const rules: Partial<Record<CaseKind, KindRules>> = Object.fromEntries(
      CASE_KINDS.map((k) => [k, { levels: policies[k].classification.levels, followUpClasses: policies[k].followUp.classes }]),
    );
    const started = performance.now();
    const [cases, coUnits] = await Promise.all([this.facts.caseFacts(cycleId), this.facts.coUnitFacts(cycleId)]);
    this.logger.debug(`cycle ${cycleId}: ${cases.length} cases read in ${(performance.now() - started).toFixed(0)} ms`);
    const cycle: Cycle = { cycleId, title: row.title, policies, ctx: { now: new Date(), calendar: dayCounter(calendar), rules } };
    return { cycle, cases, coUnits };
  }

  /** The scheme of `?policyId=&policyVersion=`: both or neither; a stored policy or a preset. */
  private async requestedScheme(q: ScoresQueryDto): Promise<SchemeInUse | undefined> {
    if (q.policyId === undefined && q.policyVersion === undefined) return undefined;
    if (q.policyId === undefined || q.policyVersion === undefined) {
      throw new InvalidRequestError([{ field: q.policyId === undefined ? 'policyId' : 'policyVersion', problem: 'policyId and policyVersion go together' }]);
    }
    try {
      const found = await this.policies.get(q.policyId, q.policyVersion);
      return schemeInUse(found.document, 'requested');
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      throw new InvalidRequestError([{ field: 'policyId', problem: `names no stored policy: ${q.policyId} version ${q.policyVersion} (see GET /api/policies)` }]);
    }
  }
}

function schemeInUse(policy: HandlingPolicy, source: SchemeInUse['source']): SchemeInUse {
  const scheme = assessmentOf(policy);
  return { kind: policy.kind, id: policy.id, version: policy.version, title: scheme.title, source, scheme };
}

/** The assessment scheme of each kind's policy, as the cycle recorded it at launch. */
function schemesOf(cycle: Cycle): SchemeInUse[] {
  return CASE_KINDS.map((k) => schemeInUse(cycle.policies[k], 'cycle'));
}

/** 11 before 43, 0002 after 77 as written numbers sort: by value, then as text. */
function byNumber(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a.localeCompare(b);
}

/** e.g. 东丽区2020年建议提案办理统计（区民政局）.xlsx */
function exportName(cycle: Cycle, filter: StatisticsFilter, ext: 'xlsx' | 'csv'): string {
  const E = LABELS.statistics.export;
  const F = LABELS.statistics.figure;
  const keyed = filter.keySupervised === undefined ? undefined : filter.keySupervised ? F.keySupervised : F.ordinary;
  const scope = [filter.unit, filter.kind && LABELS.kind[filter.kind], keyed].filter((x): x is string => x !== undefined);
  return say(E.fileName, { title: cycle.title, scope: scope.length > 0 ? say(E.fileScope, { scope: scope.join(E.listSeparator) }) : '', ext });
}
