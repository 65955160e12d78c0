/** Checks of the policy's building blocks; each returns the value if it is valid, else undefined. */
import {
  ASSESSMENT_TOTAL,
  CO_HANDLED_FAULTS,
  CO_HANDLED_MEASURES,
  DEADLINE_STARTS,
  LEAD_FAULTS,
  LEAD_MEASURES,
  MAX_MINIMUM_CASES_TO_RANK,
  DEADLINE_UNITS,
  MAX_DEADLINE_AMOUNT,
  RECIPIENTS,
  RUNG_KINDS,
  STEP_IDS,
} from './policy.constants';
import type { LadderRung, PolicyDeadline, StepId, StepRule } from './policy.types';
import { Problems, pathTo } from './validate-helpers';

/** Runs `check` and returns `value` as T only if it reported nothing. */
export function clean<T>(p: Problems, value: unknown, check: () => void): T | undefined {
  const before = p.found.length;
  check();
  return p.found.length === before && value !== undefined ? (value as T) : undefined;
}

export function checkDeadline(p: Problems, value: unknown, path: string): PolicyDeadline | undefined {
  if (value === undefined) return undefined;
  return clean<PolicyDeadline>(p, value, () => {
    const d = p.object(value, path, ['amount', 'unit', 'from'], ['rollForward']);
    if (!d) return;
    const unit = p.oneOf(d.unit, pathTo(path, 'unit'), DEADLINE_UNITS);
    const amount = p.integer(d.amount, pathTo(path, 'amount'), 1);
    if (unit && amount && amount > MAX_DEADLINE_AMOUNT[unit]) {
      p.add(pathTo(path, 'amount'), `must be at most ${MAX_DEADLINE_AMOUNT[unit]} for ${unit}`);
    }
    p.oneOf(d.from, pathTo(path, 'from'), DEADLINE_STARTS);
    p.boolean(d.rollForward, pathTo(path, 'rollForward'));
  });
}

/** The steps that are valid, by id (an invalid step is left out). */
export function checkSteps(p: Problems, value: unknown, path: string): Partial<Record<StepId, StepRule>> {
  const valid: Partial<Record<StepId, StepRule>> = {};
  const steps = p.object(value, path, STEP_IDS);
  if (!steps) return valid;
  for (const id of STEP_IDS) {
    const stepPath = pathTo(path, id);
    const rule = clean<StepRule>(p, steps[id], () => {
      const step = p.object(steps[id], stepPath, ['required'], ['deadline']);
      if (!step) return;
      p.boolean(step.required, pathTo(stepPath, 'required'));
      checkDeadline(p, step.deadline, pathTo(stepPath, 'deadline'));
    });
    if (rule) valid[id] = rule;
  }
  return valid;
}

/** The level codes, best first, if the scheme is valid. */
export function checkClassification(p: Problems, value: unknown, path: string): string[] | undefined {
  const scheme = p.object(value, path, ['levels']);
  const levelsPath = pathTo(path, 'levels');
  const levels = p.array(scheme?.levels, levelsPath);
  if (!levels) return undefined;
  const before = p.found.length;
  if (levels.length < 2) p.add(levelsPath, 'must have at least 2 levels');
  const firstAt = new Map<string, number>();
  levels.forEach((item, i) => {
    const levelPath = pathTo(levelsPath, i);
    const level = p.object(item, levelPath, ['code', 'label']);
    if (!level) return;
    const codePath = pathTo(levelPath, 'code');
    const code = p.string(level.code, codePath, /^[A-Z]$/, 'a single capital letter (A-Z)');
    p.string(level.label, pathTo(levelPath, 'label'));
    if (code === undefined) return;
    const first = firstAt.get(code);
    if (first === undefined) firstAt.set(code, i);
    else p.add(codePath, `duplicates ${pathTo(pathTo(levelsPath, first), 'code')} (${code})`);
  });
  return p.found.length === before ? [...firstAt.keys()] : undefined;
}

export function checkLadder(p: Problems, value: unknown, path: string): LadderRung[] | undefined {
  const rungs = p.array(value, path);
  if (!rungs) return undefined;
  return clean<LadderRung[]>(p, rungs, () => {
    if (rungs.length === 0) p.add(path, 'must have at least one rung');
    const ids = new Set<string>();
    let previousOffset: number | undefined;
    rungs.forEach((item, i) => {
      const rungPath = pathTo(path, i);
      const rung = p.object(item, rungPath, ['id', 'kind', 'offsetWorkingDays', 'recipients']);
      if (!rung) return;
      const id = p.string(rung.id, pathTo(rungPath, 'id'), /^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens');
      if (id !== undefined && ids.has(id)) p.add(pathTo(rungPath, 'id'), `is used by an earlier rung (${id})`);
      if (id !== undefined) ids.add(id);
      p.oneOf(rung.kind, pathTo(rungPath, 'kind'), RUNG_KINDS);
      const offsetPath = pathTo(rungPath, 'offsetWorkingDays');
      const offset = p.integer(rung.offsetWorkingDays, offsetPath);
      if (offset !== undefined && previousOffset !== undefined && offset < previousOffset) {
        p.add(offsetPath, `must not be earlier than the rung before it (${previousOffset})`);
      }
      if (offset !== undefined) previousOffset = offset;
      checkRecipients(p, rung.recipients, pathTo(rungPath, 'recipients'));
    });
  });
}

function checkRecipients(p: Problems, value: unknown, path: string): void {
  const recipients = p.array(value, path);
  if (!recipients) return;
  if (recipients.length === 0) p.add(path, 'must name at least one recipient');
  recipients.forEach((r, i) => {
    const recipient = p.oneOf(r, pathTo(path, i), RECIPIENTS);
    if (recipient && recipients.indexOf(r) < i) p.add(pathTo(path, i), `is listed twice (${recipient})`);
  });
}

/** HH:MM on a 24-hour clock. */
export function checkTimeOfDay(p: Problems, value: unknown, path: string): string | undefined {
  return p.string(value, path, /^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (00:00-23:59)');
}

export function sameDeadline(a: PolicyDeadline, b: PolicyDeadline): boolean {
  return a.amount === b.amount && a.unit === b.unit && a.from === b.from && a.rollForward === b.rollForward;
}

export function describeDeadline(d: PolicyDeadline): string {
  return `${d.amount} ${d.unit} from ${d.from}`;
}

/** 考核办法: a title, the lead and co-handled rules (parts adding up to 100, deductions), the ranking minimum. */
export function checkAssessment(p: Problems, value: unknown, path: string): void {
  const scheme = p.object(value, path, ['title', 'lead', 'coHandled', 'minimumCasesToRank']);
  if (!scheme) return;
  p.string(scheme.title, pathTo(path, 'title'));
  checkAssessmentRules(p, scheme.lead, pathTo(path, 'lead'), LEAD_MEASURES, LEAD_FAULTS);
  checkAssessmentRules(p, scheme.coHandled, pathTo(path, 'coHandled'), CO_HANDLED_MEASURES, CO_HANDLED_FAULTS);
  p.integer(scheme.minimumCasesToRank, pathTo(path, 'minimumCasesToRank'), 1, MAX_MINIMUM_CASES_TO_RANK);
}

function checkAssessmentRules(p: Problems, value: unknown, path: string, measures: readonly string[], faults: readonly string[]): void {
  const rules = p.object(value, path, ['parts', 'deductions']);
  if (!rules) return;
  const partsPath = pathTo(path, 'parts');
  const parts = p.array(rules.parts, partsPath);
  if (parts) {
    if (parts.length === 0) p.add(partsPath, `must have at least one part (a deduction sheet: [{measure: base, points: ${ASSESSMENT_TOTAL}}])`);
    let total = 0;
    let valid = true;
    const seen = new Set<string>();
    parts.forEach((item, i) => {
      const partPath = pathTo(partsPath, i);
      const part = p.object(item, partPath, ['measure', 'points'], ['label']);
      if (!part) return void (valid = false);
      const measure = p.oneOf(part.measure, pathTo(partPath, 'measure'), measures);
      if (measure !== undefined && seen.has(measure)) p.add(pathTo(partPath, 'measure'), `is listed twice (${measure})`);
      if (measure !== undefined) seen.add(measure);
      const points = checkPoints(p, part.points, pathTo(partPath, 'points'));
      if (points === undefined) valid = false;
      else total += points;
      if (part.label !== undefined) p.string(part.label, pathTo(partPath, 'label'));
    });
    if (valid && parts.length > 0 && Math.abs(total - ASSESSMENT_TOTAL) > 1e-9) {
      p.add(partsPath, `points must add up to ${ASSESSMENT_TOTAL} (they add up to ${Math.round(total * 100) / 100})`);
    }
  }
  const deductionsPath = pathTo(path, 'deductions');
  const deductions = p.array(rules.deductions, deductionsPath);
  const seen = new Set<string>();
  deductions?.forEach((item, i) => {
    const itemPath = pathTo(deductionsPath, i);
    const deduction = p.object(item, itemPath, ['fault', 'points'], ['label']);
    if (!deduction) return;
    const fault = p.oneOf(deduction.fault, pathTo(itemPath, 'fault'), faults);
    if (fault !== undefined && seen.has(fault)) p.add(pathTo(itemPath, 'fault'), `is listed twice (${fault})`);
    if (fault !== undefined) seen.add(fault);
    checkPoints(p, deduction.points, pathTo(itemPath, 'points'));
    if (deduction.label !== undefined) p.string(deduction.label, pathTo(itemPath, 'label'));
  });
}

/** Points: a number above 0 and at most 100, in hundredths at most (0.2 per dissatisfied answer). */
function checkPoints(p: Problems, value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  const ok = typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= ASSESSMENT_TOTAL && Math.abs(value * 100 - Math.round(value * 100)) < 1e-9;
  if (!ok) {
    p.add(path, `must be a number above 0 and at most ${ASSESSMENT_TOTAL}, in hundredths at most`);
    return undefined;
  }
  return value as number;
}
