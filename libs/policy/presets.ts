import type { CaseKind, HandlingPolicy } from './policy.types';

/** Defaults from the procedure brief (代表法 art. 51: reply within 3 months, 6 for complex cases). */
const replyDeadlines: HandlingPolicy['deadlines'] = {
  reply: { amount: 3, unit: 'calendar-months', from: 'assignment', rollForward: true },
  replyComplex: { amount: 6, unit: 'calendar-months', from: 'assignment', rollForward: true },
};

export const POLICY_PRESETS: Readonly<Record<CaseKind, HandlingPolicy>> = {
  'npc-suggestion': {
    id: 'npc-suggestion',
    version: '2026.1',
    kind: 'npc-suggestion',
    deadlines: replyDeadlines,
    classificationScheme: ['A', 'B', 'C'],
  },
  'cppcc-proposal': {
    id: 'cppcc-proposal',
    version: '2026.1',
    kind: 'cppcc-proposal',
    deadlines: replyDeadlines,
    classificationScheme: ['A', 'B', 'C'],
  },
};

export const CASE_KINDS = Object.keys(POLICY_PRESETS) as CaseKind[];

export function presetFor(kind: CaseKind): HandlingPolicy {
  return structuredClone(POLICY_PRESETS[kind]);
}
