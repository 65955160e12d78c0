import type { DeadlineUnit } from '../calendar';
import type { CaseKind, CoHandledFault, CoHandledMeasure, DeadlineStart, HandlingPolicy, LeadFault, LeadMeasure, Recipient, RungKind, StepId } from './policy.types';

/** Every procedure that has a preset, launchable or not (CASE_KINDS lists the launchable ones). */
export const PRESET_IDS: readonly CaseKind[] = ['npc-suggestion', 'cppcc-proposal', 'hotline-ticket'];

export const STEP_IDS: readonly StepId[] = [
  'sign',
  'return',
  'return-decision',
  'work-plan',
  'contact',
  'co-opinion',
  'draft-reply',
  'co-sign',
  'sign-off',
  'review',
  'reply',
  'visit',
  'survey',
  'rehandle',
  'follow-up',
  'publish',
];

/**
 * What 'previous-step' counts from, per step: the step (or event) it follows. 'assign' is T0;
 * 'close' is the case's close (办结).
 */
export const PREVIOUS_STEP: Readonly<Record<StepId, StepId | 'assign' | 'close'>> = {
  sign: 'assign',
  return: 'assign',
  'return-decision': 'return',
  'work-plan': 'sign',
  contact: 'sign',
  'co-opinion': 'sign',
  'draft-reply': 'contact',
  'co-sign': 'draft-reply',
  'sign-off': 'co-sign',
  review: 'sign-off',
  reply: 'review',
  visit: 'reply',
  survey: 'reply',
  rehandle: 'survey',
  'follow-up': 'close',
  publish: 'reply',
};

/** Steps that, when required, must carry a deadline (the others run inside the reply deadline). */
export const TIMED_STEPS: readonly StepId[] = [
  'sign',
  'return',
  'return-decision',
  'work-plan',
  'contact',
  'co-opinion',
  'reply',
  'survey',
  'rehandle',
  'follow-up',
  'publish',
];

export const DEADLINE_UNITS: readonly DeadlineUnit[] = ['working-days', 'calendar-days', 'calendar-months'];
export const DEADLINE_STARTS: readonly DeadlineStart[] = ['assignment', 'session-close', 'previous-step'];

/** Largest amount accepted per unit: a guard against typos (30 months, 500 working days). */
export const MAX_DEADLINE_AMOUNT: Readonly<Record<DeadlineUnit, number>> = {
  'working-days': 250,
  'calendar-days': 366,
  'calendar-months': 24,
};

export const RUNG_KINDS: readonly RungKind[] = ['reminder', 'overdue', 'escalation', 'notice'];
export const RECIPIENTS: readonly Recipient[] = [
  'unit-handler',
  'unit-leader',
  'supervisor',
  'supervising-office-head',
  'office',
  'leading-leader',
];

export const NO_RESPONSE_RULES: readonly HandlingPolicy['survey']['noResponse'][] = ['no-response', 'satisfied'];
export const ON_REASSIGN_RULES: readonly HandlingPolicy['returns']['onReassign'][] = [
  'keep-reply-deadline',
  'restart-reply-deadline',
];

export const MAX_REHANDLING_ROUNDS = 5;
export const MAX_EXTENSION_MONTHS = 12;

/** What an assessment scheme's parts and deductions may name (policy.types.ts explains each). */
export const LEAD_MEASURES: readonly LeadMeasure[] = ['base', 'speed', 'quality', 'result', 'solved', 'meeting'];
export const CO_HANDLED_MEASURES: readonly CoHandledMeasure[] = ['base', 'co-sign-on-time', 'co-opinion-on-time'];
export const LEAD_FAULTS: readonly LeadFault[] = [
  'late-reply',
  'late-step',
  'no-work-plan',
  'no-meeting',
  'sent-back',
  'dissatisfied-answer',
  'rehandled',
  'commitment-missed',
];
export const CO_HANDLED_FAULTS: readonly CoHandledFault[] = ['late-co-step'];
/** The points of a scheme's parts add up to this. */
export const ASSESSMENT_TOTAL = 100;
export const MAX_MINIMUM_CASES_TO_RANK = 1000;
