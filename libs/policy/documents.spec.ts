import { POLICY_PRESETS, PolicyValidationError, applyOverrides, presetFor, validatePolicy } from './index';

function problems(run: () => unknown): { path: string; problem: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected a PolicyValidationError');
}

describe('documents.printClassification', () => {
  it('is set by the suggestion and proposal presets, and may be left out (the default applies)', () => {
    expect(POLICY_PRESETS['npc-suggestion'].documents).toEqual({ printClassification: true });
    expect(POLICY_PRESETS['cppcc-proposal'].documents).toEqual({ printClassification: true });
    const { documents: _left, ...without } = presetFor('npc-suggestion');
    expect(validatePolicy(without)).not.toHaveProperty('documents');
  });

  it('is overridden per cycle', () => {
    const policy = applyOverrides(presetFor('cppcc-proposal'), { documents: { printClassification: false } });
    expect(policy.documents).toEqual({ printClassification: false });
  });

  it('must be a boolean, and the section takes no other field', () => {
    expect(problems(() => validatePolicy({ ...presetFor('npc-suggestion'), documents: { printClassification: 'yes' } })))
      .toEqual([{ path: 'documents.printClassification', problem: expect.any(String) }]);
    expect(problems(() => validatePolicy({ ...presetFor('npc-suggestion'), documents: { printClassification: true, seal: true } })))
      .toEqual([{ path: 'documents.seal', problem: 'is not a known field' }]);
    expect(problems(() => validatePolicy({ ...presetFor('npc-suggestion'), documents: {} })))
      .toEqual([{ path: 'documents.printClassification', problem: 'is required' }]);
  });
});
