/**
 * A cycle's statistics and its per-unit table, from the facts of its cases (one query over the
 * read model; case-facts.source.ts). Pure: the clock and the calendar come in the context.
 */
import { chinaDateOf } from '../calendar/iso-date';
import type { AssessmentScheme, CaseKind } from '../policy';
import { CASE_KINDS } from '../policy';
import { type SchemeInUse, scoreUnits, type UnitScore } from './assessment';
import type { CaseFacts, CoUnitFacts } from './case-facts';
import { coHandledFiguresOf, figuresOf, rulesOf, type StatisticsContext } from './figures';
import { overdueDeadlines } from './overdue';
import type { CoHandledFigures, CycleStatistics, Figures, StatisticsFilter } from './statistics.types';

/** Cases and co-units' parts of the filter's kind and key/ordinary (every unit). */
export function selectFacts(cases: readonly CaseFacts[], coUnits: readonly CoUnitFacts[], filter: Omit<StatisticsFilter, 'cycleId' | 'unit'>) {
  const keep = (x: { kind: CaseKind; keySupervised: boolean }) =>
    (filter.kind === undefined || x.kind === filter.kind) && (filter.keySupervised === undefined || x.keySupervised === filter.keySupervised);
  return { cases: cases.filter(keep), coUnits: coUnits.filter(keep) };
}

export function cycleStatistics(all: readonly CaseFacts[], allCoUnits: readonly CoUnitFacts[], filter: StatisticsFilter, ctx: StatisticsContext): CycleStatistics {
  const selected = selectFacts(all, allCoUnits, filter);
  const cases = filter.unit === undefined ? selected.cases : selected.cases.filter((c) => c.leadUnit === filter.unit);
  const coUnits = filter.unit === undefined ? selected.coUnits : selected.coUnits.filter((p) => p.unit === filter.unit);
  const byKind: Partial<Record<CaseKind, Figures>> = {};
  for (const kind of CASE_KINDS) {
    const of = cases.filter((c) => c.kind === kind);
    if (of.length > 0) byKind[kind] = figuresOf(of, ctx);
  }
  // A co-unit's overdue deadlines are the co-unit's: with a unit, those of its co-handled cases too.
  const involved = new Set([...cases.map((c) => c.caseId), ...coUnits.map((p) => p.caseId)]);
  const partCases = filter.unit === undefined ? cases : selected.cases.filter((c) => involved.has(c.caseId));
  const overdue = overdueDeadlines(partCases, coUnits, ctx.now, ctx.calendar)
    .filter((o) => filter.unit === undefined || o.unit === filter.unit);
  const { unit: _unit, cycleId, ...rest } = filter;
  return {
    cycleId,
    asOf: chinaDateOf(ctx.now),
    calendar: ctx.calendar.id,
    filter: { ...rest, ...(filter.unit !== undefined ? { unit: filter.unit } : {}) },
    figures: figuresOf(cases, ctx),
    byKind,
    byKeySupervised: { key: figuresOf(cases.filter((c) => c.keySupervised), ctx), ordinary: figuresOf(cases.filter((c) => !c.keySupervised), ctx) },
    ...(filter.unit !== undefined ? { coHandled: coHandledFiguresOf(coUnits, ctx.now) } : {}),
    overdue,
  };
}

/** One row of the unit table: its lead figures, its co-handled figures and its score. */
export interface UnitStatistics {
  unit: string;
  rank: number | null;
  ranked: boolean;
  score: number | null;
  assessedCases: number;
  figures: Figures;
  coHandled: CoHandledFigures & { score: number | null; assessedCases: number };
}

export interface UnitTable {
  cycleId: string;
  asOf: string;
  calendar: string;
  filter: Omit<StatisticsFilter, 'cycleId'>;
  minimumCasesToRank: number;
  schemes: Omit<SchemeInUse, 'scheme'>[];
  /** Ranked units by rank, then the others by score; with a unit filter, that unit only (ranked among all). */
  units: UnitStatistics[];
  /** Every unit together (the filter's cases). */
  total: Figures;
}

export interface ScoreTable {
  cycleId: string;
  asOf: string;
  filter: Omit<StatisticsFilter, 'cycleId'>;
  minimumCasesToRank: number;
  schemes: SchemeInUse[];
  units: UnitScore[];
}

/** Every unit's scores, ranked among all units of the filter's cases; `unit` keeps one row. */
export function scoreTable(all: readonly CaseFacts[], allCoUnits: readonly CoUnitFacts[], filter: StatisticsFilter, ctx: StatisticsContext, schemes: SchemeInUse[]): ScoreTable {
  const { cases, coUnits } = selectFacts(all, allCoUnits, filter);
  const scored = scoreUnits(cases, coUnits, schemeLookup(schemes), (k) => rulesOf(ctx, k), ctx.now);
  const { cycleId, ...rest } = filter;
  return {
    cycleId,
    asOf: chinaDateOf(ctx.now),
    filter: rest,
    minimumCasesToRank: scored.minimumCasesToRank,
    schemes: schemes.filter((s) => cases.some((c) => c.kind === s.kind) || coUnits.some((p) => p.kind === s.kind)),
    units: scored.units.filter((u) => filter.unit === undefined || u.unit === filter.unit),
  };
}

export function unitTable(all: readonly CaseFacts[], allCoUnits: readonly CoUnitFacts[], filter: StatisticsFilter, ctx: StatisticsContext, schemes: SchemeInUse[]): UnitTable {
  const { cases, coUnits } = selectFacts(all, allCoUnits, filter);
  const scored = scoreUnits(cases, coUnits, schemeLookup(schemes), (k) => rulesOf(ctx, k), ctx.now);
  const units = scored.units.filter((u) => filter.unit === undefined || u.unit === filter.unit).map((u): UnitStatistics => ({
    unit: u.unit,
    rank: u.rank,
    ranked: u.ranked,
    score: u.score,
    assessedCases: u.assessedCases,
    figures: figuresOf(cases.filter((c) => c.leadUnit === u.unit), ctx),
    coHandled: { ...coHandledFiguresOf(coUnits.filter((p) => p.unit === u.unit), ctx.now), score: u.coHandled.score, assessedCases: u.coHandled.assessedCases },
  }));
  const { cycleId, ...rest } = filter;
  return {
    cycleId,
    asOf: chinaDateOf(ctx.now),
    calendar: ctx.calendar.id,
    filter: rest,
    minimumCasesToRank: scored.minimumCasesToRank,
    schemes: schemes.map(({ scheme: _scheme, ...ref }) => ref).filter((s) => cases.some((c) => c.kind === s.kind) || coUnits.some((p) => p.kind === s.kind)),
    units,
    total: figuresOf(filter.unit === undefined ? cases : cases.filter((c) => c.leadUnit === filter.unit), ctx),
  };
}

function schemeLookup(schemes: SchemeInUse[]): (kind: CaseKind) => AssessmentScheme {
  return (kind) => {
    const found = schemes.find((s) => s.kind === kind) ?? schemes[0];
    if (!found) throw new Error(`no assessment scheme for ${kind}`);
    return found.scheme;
  };
}
