import type { HandlingPolicy, PolicyDeadline, StepId } from './policy.types';

/**
 * Deadlines stated both in a section and on the step. The section (first) is the source of truth:
 * it is what running workflows read (deadlines.reply) and what offices edit.
 */
export const LINKED_DEADLINES: readonly { section: string; step: StepId }[] = [
  { section: 'deadlines.reply', step: 'reply' },
  { section: 'returns.window', step: 'return' },
  { section: 'returns.decision', step: 'return-decision' },
  { section: 'survey.window', step: 'survey' },
  { section: 'rehandling.deadline', step: 'rehandle' },
  { section: 'followUp.deadline', step: 'follow-up' },
];

/** A policy as written by hand: the derived values may be left out. */
export type PolicyDraft = Omit<HandlingPolicy, 'classificationScheme'> & { classificationScheme?: string[] };

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a two-part dotted path ('returns.window'), or undefined. */
export function sectionValue(root: unknown, dotted: string): unknown {
  const [section, field] = dotted.split('.');
  const parent = isRecord(root) ? root[section] : undefined;
  return isRecord(parent) ? parent[field] : undefined;
}

export function setSectionValue(root: Json, dotted: string, value: unknown): void {
  const [section, field] = dotted.split('.');
  const parent = root[section];
  if (isRecord(parent)) parent[field] = value;
}

/** The deadline stated on a step, or undefined. */
export function stepDeadline(root: unknown, step: StepId): unknown {
  const steps = isRecord(root) ? root.steps : undefined;
  const rule = isRecord(steps) ? steps[step] : undefined;
  return isRecord(rule) ? rule.deadline : undefined;
}

/**
 * A complete policy from a draft, without touching the draft: classificationScheme becomes the
 * codes of classification.levels, and each linked step deadline a copy of its section's deadline.
 */
export function normalizePolicy(draft: PolicyDraft): HandlingPolicy {
  const policy = structuredClone(draft) as HandlingPolicy;
  policy.classificationScheme = policy.classification.levels.map((level) => level.code);
  for (const { section, step } of LINKED_DEADLINES) {
    const deadline = sectionValue(policy, section) as PolicyDeadline;
    policy.steps[step] = { ...policy.steps[step], deadline: { ...deadline } };
  }
  return policy;
}
