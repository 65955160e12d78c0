/**
 * The unit performance score (考核) under an assessment scheme (libs/policy, `assessment`), with
 * every case's breakdown: what each part earned and why, and which faults cost how much.
 *
 * - A lead case is **assessed** once its handling is settled: closed (not withdrawn), or its reply
 *   overdue and still unsent. Other cases are **pending**: listed, not averaged. Withdrawn cases
 *   are not scored.
 * - A case scores the sum of its parts' earned points less its deductions, never below 0
 *   (policy.types.ts, LeadMeasure and LeadFault, say what each part measures and each fault counts).
 * - A co-handled case (the unit as co-unit) is scored apart, by the scheme's `coHandled` rules,
 *   once its co-opinion is given or overdue (or the case closed).
 * - A unit's score is the mean of its assessed lead cases' scores (2 decimals); units with fewer
 *   assessed lead cases than the scheme's `minimumCasesToRank` are shown but not ranked. Ranks are
 *   shared by equal scores (1, 1, 3).
 */
import type {
  AssessmentScheme,
  CaseKind,
  CoHandledFault,
  CoHandledMeasure,
  LeadFault,
  LeadMeasure,
} from '../policy';
import { caseNumberLabel, LABELS } from '../i18n/labels';
import type { CaseFacts, CoUnitFacts, DeadlineFact } from './case-facts';
import {
  commitmentOf,
  finalAnswers,
  isNoAnswer,
  isOverdueNow,
  isWithdrawn,
  type KindRules,
  metInPerson,
  replyTiming,
} from './figures';

/** Why a part earned what it did (LABELS.statistics.reason has each in Chinese). */
export type PartReason =
  | 'assessed'
  | 'on-time' | 'late' | 'not-replied'
  | 'clean' | 'sent-back' | 're-marked' | 'sent-back-and-re-marked'
  | 'all-satisfied' | 'basically-satisfied' | 'no-answer' | 'dissatisfied' | 'not-settled'
  | 'best-class' | 'promise-kept' | 'promise-open' | 'other-class'
  | 'met-in-person' | 'not-met'
  | 'met' | 'met-late' | 'overdue' | 'not-due';

export interface PartScore {
  measure: LeadMeasure | CoHandledMeasure;
  label: string;
  points: number;
  earned: number;
  reason: PartReason;
  reasonLabel: string;
}

export interface DeductionScore {
  fault: LeadFault | CoHandledFault;
  label: string;
  /** Points per occurrence. */
  points: number;
  count: number;
  lost: number;
}

export interface CaseScore {
  caseId: string;
  caseLabel: string;
  title: string;
  kind: CaseKind;
  keySupervised: boolean;
  assessed: boolean;
  /** null while pending. */
  score: number | null;
  parts: PartScore[];
  /** The faults found (count > 0). */
  deductions: DeductionScore[];
}

/** Where a unit's points went, summed over its assessed lead cases. */
export interface PointsLost {
  /** A part's measure or a deduction's fault. */
  id: string;
  label: string;
  lost: number;
}

export interface ScoreGroup {
  /** Mean of the assessed cases' scores, 2 decimals; null with none assessed. */
  score: number | null;
  assessedCases: number;
  pendingCases: number;
  cases: CaseScore[];
}

export interface UnitScore extends ScoreGroup {
  unit: string;
  /** Among ranked units, 1 is best; null when the unit has fewer assessed lead cases than the minimum. */
  rank: number | null;
  ranked: boolean;
  /** Why this unit lost points, largest first. */
  lost: PointsLost[];
  coHandled: ScoreGroup;
}

export interface SchemeInUse {
  kind: CaseKind;
  /** The policy document the scheme came from: id and version. */
  id: string;
  version: string;
  title: string;
  /** The cycle's own policy, or one named by `?scheme=` to re-score the cycle. */
  source: 'cycle' | 'requested';
  scheme: AssessmentScheme;
}

export interface UnitScores {
  minimumCasesToRank: number;
  units: UnitScore[];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Scores every unit of `cases` (lead) and `coUnits` (co-handled), each case by its kind's scheme. */
export function scoreUnits(
  cases: readonly CaseFacts[],
  coUnits: readonly CoUnitFacts[],
  schemeOf: (kind: CaseKind) => AssessmentScheme,
  rulesOf: (kind: CaseKind) => KindRules,
  now: Date,
): UnitScores {
  const kinds = [...new Set([...cases.map((c) => c.kind), ...coUnits.map((p) => p.kind)])];
  const minimumCasesToRank = Math.max(1, ...kinds.map((k) => schemeOf(k).minimumCasesToRank));
  const units = new Map<string, { lead: CaseScore[]; co: CaseScore[] }>();
  const entry = (unit: string) => {
    let e = units.get(unit);
    if (!e) units.set(unit, (e = { lead: [], co: [] }));
    return e;
  };
  const byId = new Map(cases.map((c) => [c.caseId, c]));
  for (const c of cases) {
    if (isWithdrawn(c)) continue;
    entry(c.leadUnit).lead.push(scoreLeadCase(c, schemeOf(c.kind), rulesOf(c.kind), now));
  }
  for (const p of coUnits) {
    const c = byId.get(p.caseId);
    if (!c || p.withdrawn || isWithdrawn(c)) continue;
    entry(p.unit).co.push(scoreCoHandledCase(c, p, schemeOf(c.kind), now));
  }
  const scored: UnitScore[] = [...units].map(([unit, { lead, co }]) => {
    const group = groupOf(lead);
    return { unit, rank: null, ranked: group.assessedCases >= minimumCasesToRank, ...group, lost: lostOf(lead), coHandled: groupOf(co) };
  });
  const ranked = scored.filter((u) => u.ranked && u.score !== null).sort((a, b) => b.score! - a.score! || a.unit.localeCompare(b.unit));
  ranked.forEach((u, i) => {
    u.rank = i > 0 && ranked[i - 1].score === u.score ? ranked[i - 1].rank : i + 1;
  });
  for (const u of scored) if (u.rank === null) u.ranked = false;
  const order = (u: UnitScore) => (u.rank === null ? Number.MAX_SAFE_INTEGER : u.rank);
  scored.sort((a, b) => order(a) - order(b) || (b.score ?? -1) - (a.score ?? -1) || a.unit.localeCompare(b.unit));
  return { minimumCasesToRank, units: scored };
}

function groupOf(cases: CaseScore[]): ScoreGroup {
  const assessed = cases.filter((c) => c.assessed);
  const sum = assessed.reduce((n, c) => n + (c.score ?? 0), 0);
  return {
    score: assessed.length === 0 ? null : round2(sum / assessed.length),
    assessedCases: assessed.length,
    pendingCases: cases.length - assessed.length,
    cases: [...cases].sort((a, b) => a.caseId.localeCompare(b.caseId)),
  };
}

function lostOf(cases: CaseScore[]): PointsLost[] {
  const lost = new Map<string, PointsLost>();
  for (const c of cases.filter((x) => x.assessed)) {
    for (const p of c.parts) {
      const e = lost.get(p.measure) ?? { id: p.measure, label: p.label, lost: 0 };
      e.lost = round2(e.lost + p.points - p.earned);
      lost.set(p.measure, e);
    }
    for (const d of c.deductions) {
      const e = lost.get(d.fault) ?? { id: d.fault, label: d.label, lost: 0 };
      e.lost = round2(e.lost + d.lost);
      lost.set(d.fault, e);
    }
  }
  return [...lost.values()].filter((l) => l.lost > 0).sort((a, b) => b.lost - a.lost || a.id.localeCompare(b.id));
}

/** Settled: closed, or its reply overdue and unsent. */
export function isAssessed(c: CaseFacts, now: Date): boolean {
  return !isWithdrawn(c) && (c.stage === 'closed' || replyTiming(c, now) === 'overdue');
}

export function scoreLeadCase(c: CaseFacts, scheme: AssessmentScheme, rules: KindRules, now: Date): CaseScore {
  const assessed = isAssessed(c, now);
  const parts = scheme.lead.parts.map((part) => {
    const [share, reason] = leadMeasure(part.measure, c, rules, now);
    return partScore(part.measure, part.label ?? LABELS.statistics.measure[part.measure], part.points, share, reason);
  });
  const deductions = scheme.lead.deductions
    .map((d) => deduction(d.fault, d.label ?? LABELS.statistics.fault[d.fault], d.points, leadFaults(d.fault, c, rules, now)))
    .filter((d) => d.count > 0);
  return caseScore(c, assessed, parts, deductions);
}

export function scoreCoHandledCase(c: CaseFacts, p: CoUnitFacts, scheme: AssessmentScheme, now: Date): CaseScore {
  const opinion = p.deadlines.find((d) => d.id === 'co-opinion');
  const assessed = p.stage === 'opinion-given' || c.stage === 'closed' || (opinion !== undefined && isOverdueNow(opinion, now));
  const parts = scheme.coHandled.parts.map((part) => {
    const [share, reason] = coMeasure(part.measure, p, now);
    return partScore(part.measure, part.label ?? LABELS.statistics.measure[part.measure], part.points, share, reason);
  });
  const deductions = scheme.coHandled.deductions
    .map((d) => deduction(d.fault, d.label ?? LABELS.statistics.fault[d.fault], d.points, p.deadlines.filter((x) => late(x, now)).length))
    .filter((d) => d.count > 0);
  return caseScore(c, assessed, parts, deductions);
}

function caseScore(c: CaseFacts, assessed: boolean, parts: PartScore[], deductions: DeductionScore[]): CaseScore {
  const total = parts.reduce((n, p) => n + p.earned, 0) - deductions.reduce((n, d) => n + d.lost, 0);
  return {
    caseId: c.caseId,
    caseLabel: caseNumberLabel(c),
    title: c.title,
    kind: c.kind,
    keySupervised: c.keySupervised,
    assessed,
    score: assessed ? Math.max(0, round2(total)) : null,
    parts,
    deductions,
  };
}

function partScore(measure: PartScore['measure'], label: string, points: number, share: number, reason: PartReason): PartScore {
  return { measure, label, points, earned: round2(points * share), reason, reasonLabel: LABELS.statistics.reason[reason] };
}

function deduction(fault: DeductionScore['fault'], label: string, points: number, count: number): DeductionScore {
  return { fault, label, points, count, lost: round2(points * count) };
}

/** Met late, or overdue now. */
function late(d: DeadlineFact, now: Date): boolean {
  return d.status === 'met-late' || isOverdueNow(d, now);
}

function leadMeasure(measure: LeadMeasure, c: CaseFacts, rules: KindRules, now: Date): [number, PartReason] {
  switch (measure) {
    case 'base':
      return [1, 'assessed'];
    case 'speed': {
      const t = replyTiming(c, now);
      if (t === 'met') return [1, 'on-time'];
      return [0, t === 'late' ? 'late' : 'not-replied'];
    }
    case 'quality': {
      if (!c.reply) return [0, 'not-replied'];
      const sentBack = c.sentBack > 0;
      const remarked = c.remarked === true;
      if (sentBack && remarked) return [0, 'sent-back-and-re-marked'];
      if (sentBack) return [0.5, 'sent-back'];
      if (remarked) return [0.5, 're-marked'];
      return [1, 'clean'];
    }
    case 'result': {
      if (c.closedAs === 'dissatisfied') return [0, 'dissatisfied'];
      if (c.stage !== 'closed') return [0, 'not-settled'];
      const answered = finalAnswers(c).filter((s) => !isNoAnswer(s));
      if (answered.length === 0) return [0.5, 'no-answer'];
      if (answered.every((s) => s.result === 'satisfied')) return [1, 'all-satisfied'];
      return answered.some((s) => s.result === 'dissatisfied') ? [0, 'dissatisfied'] : [0.8, 'basically-satisfied'];
    }
    case 'solved': {
      const cls = c.reply?.classification;
      if (cls === undefined) return [0, 'not-replied'];
      if (cls === rules.levels[0]?.code) return [1, 'best-class'];
      if (rules.followUpClasses.includes(cls)) return commitmentOf(c, rules, now) === 'kept' ? [1, 'promise-kept'] : [0.5, 'promise-open'];
      return [0, 'other-class'];
    }
    case 'meeting':
      return metInPerson(c) ? [1, 'met-in-person'] : [0, 'not-met'];
  }
}

function leadFaults(fault: LeadFault, c: CaseFacts, rules: KindRules, now: Date): number {
  switch (fault) {
    case 'late-reply': {
      const t = replyTiming(c, now);
      return t === 'late' || t === 'overdue' ? 1 : 0;
    }
    case 'late-step':
      return c.deadlines.filter((d) => !['reply', 'return-decision', 'follow-up'].includes(d.id) && late(d, now)).length;
    case 'no-work-plan':
      return c.workPlan ? 0 : 1;
    case 'no-meeting':
      return metInPerson(c) ? 0 : 1;
    case 'sent-back':
      return c.sentBack;
    case 'dissatisfied-answer':
      return c.surveys.filter((s) => s.result === 'dissatisfied').length;
    case 'rehandled':
      return c.round - 1;
    case 'commitment-missed': {
      const state = commitmentOf(c, rules, now);
      return state === 'not-kept' || state === 'missed' ? 1 : 0;
    }
  }
}

function coMeasure(measure: CoHandledMeasure, p: CoUnitFacts, now: Date): [number, PartReason] {
  if (measure === 'base') return [1, 'assessed'];
  const d = p.deadlines.find((x) => x.id === (measure === 'co-sign-on-time' ? 'sign' : 'co-opinion'));
  if (!d) return [1, 'not-due'];
  if (d.status === 'met') return [1, 'met'];
  if (d.status === 'met-late') return [0.5, 'met-late'];
  return isOverdueNow(d, now) ? [0, 'overdue'] : [0, 'not-due'];
}
