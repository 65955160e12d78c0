/**
 * 考核办法 defaults: the per-case scheme of the policy's `scoring` weights (Hainan 2002: a lead
 * case out of 100, speed 20 — a late reply scores 0 —, reply quality 50, result 30), and an
 * example deduction sheet. docs/procedure.md, "Statistics offices report".
 */
import type { AssessmentRules, AssessmentScheme, CoHandledFault, CoHandledMeasure, HandlingPolicy } from './policy.types';

/** Fewest assessed lead cases a unit needs to be ranked, by default (one dissatisfied answer must not sink a unit of two). */
export const DEFAULT_MINIMUM_CASES_TO_RANK = 3;

/** Co-handled cases, by default: signed for on time 30, opinion on time 70. */
export const DEFAULT_CO_HANDLED_RULES: AssessmentRules<CoHandledMeasure, CoHandledFault> = {
  parts: [
    { measure: 'co-sign-on-time', points: 30 },
    { measure: 'co-opinion-on-time', points: 70 },
  ],
  deductions: [],
};

/** The per-case scheme made of `scoring`'s three weights: what a policy without `assessment` is scored by. */
export function perCaseAssessment(scoring: HandlingPolicy['scoring']): AssessmentScheme {
  return {
    title: `每件100分：办理速度${scoring.speed}分（逾期不得分）、答复质量${scoring.quality}分、办理结果${scoring.result}分`,
    lead: {
      parts: [
        { measure: 'speed', points: scoring.speed },
        { measure: 'quality', points: scoring.quality },
        { measure: 'result', points: scoring.result },
      ],
      deductions: [],
    },
    coHandled: structuredClone(DEFAULT_CO_HANDLED_RULES),
    minimumCasesToRank: DEFAULT_MINIMUM_CASES_TO_RANK,
  };
}

/**
 * A deduction sheet (after a CPPCC committee's): every case starts from 100; points are taken off
 * per fault. Offices put it (or their own) in a policy's `assessment` to score a cycle by it.
 */
export const DEDUCTION_ASSESSMENT_EXAMPLE: Readonly<AssessmentScheme> = Object.freeze({
  title: '基础分100分，按件扣分',
  lead: {
    parts: [{ measure: 'base', points: 100 }],
    deductions: [
      { fault: 'late-reply', points: 5 },
      { fault: 'no-work-plan', points: 2 },
      { fault: 'no-meeting', points: 2 },
      { fault: 'sent-back', points: 1 },
      { fault: 'commitment-missed', points: 3 },
      { fault: 'dissatisfied-answer', points: 0.2 },
    ],
  },
  coHandled: { parts: [{ measure: 'base', points: 100 }], deductions: [{ fault: 'late-co-step', points: 2 }] },
  minimumCasesToRank: DEFAULT_MINIMUM_CASES_TO_RANK,
}) as AssessmentScheme;

/** The scheme a policy scores by: its `assessment`, or the per-case scheme of its `scoring` weights. */
export function assessmentOf(policy: Pick<HandlingPolicy, 'scoring' | 'assessment'>): AssessmentScheme {
  return structuredClone(policy.assessment ?? perCaseAssessment(policy.scoring));
}
