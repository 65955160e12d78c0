import { assessmentOf, DEDUCTION_ASSESSMENT_EXAMPLE, perCaseAssessment } from './assessment';
import { presetFor } from './presets';
import { PolicyValidationError } from './validate-helpers';
import { validatePolicy } from './validate-policy';

function problemsOf(doc: unknown): { path: string; problem: string }[] {
  try {
    validatePolicy(doc);
  } catch (err) {
    if (err instanceof PolicyValidationError) return err.problems;
    throw err;
  }
  return [];
}

describe('assessment schemes (考核办法) as policy data', () => {
  it('the presets score by the per-case scheme of their scoring weights: speed 20, quality 50, result 30', () => {
    const scheme = assessmentOf(presetFor('npc-suggestion'));
    expect(scheme.lead.parts).toEqual([
      { measure: 'speed', points: 20 },
      { measure: 'quality', points: 50 },
      { measure: 'result', points: 30 },
    ]);
    expect(scheme.minimumCasesToRank).toBe(3);
  });

  it('a policy without an assessment section (stored before it existed) is scored by its scoring weights', () => {
    const { assessment: _left, ...old } = presetFor('cppcc-proposal');
    const policy = validatePolicy({ ...old, scoring: { speed: 40, quality: 40, result: 20 } });
    expect(policy.assessment).toBeUndefined();
    expect(assessmentOf(policy).lead.parts.map((p) => `${p.measure}:${p.points}`)).toEqual(['speed:40', 'quality:40', 'result:20']);
  });

  it('accepts the example deduction sheet, decimals included', () => {
    const policy = validatePolicy({ ...presetFor('npc-suggestion'), assessment: DEDUCTION_ASSESSMENT_EXAMPLE });
    expect(policy.assessment?.lead.deductions.find((d) => d.fault === 'dissatisfied-answer')?.points).toBe(0.2);
  });

  it('refuses parts that do not add up to 100, unknown measures and faults, and bad points, each with its path', () => {
    const scheme = perCaseAssessment({ speed: 20, quality: 50, result: 30 });
    const bad = {
      ...scheme,
      lead: {
        parts: [{ measure: 'speed', points: 20 }, { measure: 'speed', points: 50 }, { measure: 'luck', points: 20 }],
        deductions: [{ fault: 'late-reply', points: 0 }, { fault: 'rain', points: 1 }, { fault: 'sent-back', points: 0.125 }],
      },
      coHandled: { parts: [{ measure: 'speed', points: 100 }], deductions: [] },
      minimumCasesToRank: 0,
    };
    expect(problemsOf({ ...presetFor('npc-suggestion'), assessment: bad })).toEqual([
      { path: 'assessment.lead.parts[1].measure', problem: 'is listed twice (speed)' },
      { path: 'assessment.lead.parts[2].measure', problem: 'must be one of base, speed, quality, result, solved, meeting' },
      { path: 'assessment.lead.parts', problem: 'points must add up to 100 (they add up to 90)' },
      { path: 'assessment.lead.deductions[0].points', problem: 'must be a number above 0 and at most 100, in hundredths at most' },
      { path: 'assessment.lead.deductions[1].fault', problem: 'must be one of late-reply, late-step, no-work-plan, no-meeting, sent-back, dissatisfied-answer, rehandled, commitment-missed' },
      { path: 'assessment.lead.deductions[2].points', problem: 'must be a number above 0 and at most 100, in hundredths at most' },
      { path: 'assessment.coHandled.parts[0].measure', problem: 'must be one of base, co-sign-on-time, co-opinion-on-time' },
      { path: 'assessment.minimumCasesToRank', problem: 'must be an integer from 1 to 1000' },
    ]);
  });

  it('refuses a scheme without parts, and unknown fields', () => {
    const scheme = { ...perCaseAssessment({ speed: 20, quality: 50, result: 30 }), weights: 1 };
    scheme.lead.parts = [];
    expect(problemsOf({ ...presetFor('npc-suggestion'), assessment: scheme })).toEqual([
      { path: 'assessment.weights', problem: 'is not a known field' },
      { path: 'assessment.lead.parts', problem: 'must have at least one part (a deduction sheet: [{measure: base, points: 100}])' },
    ]);
  });
});
