import { WorkingCalendar, computeDueDate } from '../calendar';
import {
  FOUR_LEVEL_CLASSIFICATION,
  POLICY_PRESETS,
  PolicyValidationError,
  applyOverrides,
  presetFor,
  validatePolicy,
  type DeepPartial,
  type HandlingPolicy,
} from './index';

const npc = POLICY_PRESETS['npc-suggestion'];

/** The example: an office signs for in 10 working days, re-handles in 2 months, grades A-D. */
const officeEdit: DeepPartial<HandlingPolicy> = {
  id: 'dongli-npc',
  steps: { sign: { deadline: { amount: 10, unit: 'working-days', from: 'assignment' } } },
  rehandling: { deadline: { amount: 2, unit: 'calendar-months' } },
  classification: { levels: [...FOUR_LEVEL_CLASSIFICATION] },
};

function problemsOf(run: () => unknown): { path: string; problem: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected a PolicyValidationError');
}

describe('applyOverrides', () => {
  it("an office's edit (sign-for 10 working days, re-handling 2 months, 4 levels) yields exactly those values", () => {
    const policy = applyOverrides(npc, officeEdit);
    expect(policy.steps.sign.deadline).toEqual({ amount: 10, unit: 'working-days', from: 'assignment' });
    expect(policy.rehandling.deadline).toEqual({
      amount: 2,
      unit: 'calendar-months',
      from: 'previous-step',
      rollForward: true,
    });
    expect(policy.steps.rehandle.deadline).toEqual(policy.rehandling.deadline);
    expect(policy.classification.levels.map((l) => `${l.code} ${l.label}`)).toEqual([
      'A 已解决或基本解决',
      'B 正在解决或列入计划解决',
      'C 因目前条件限制留待以后解决',
      'D 留作参考',
    ]);
    expect(policy.classificationScheme).toEqual(['A', 'B', 'C', 'D']);
    expect(policy.id).toBe('dongli-npc');
    expect(validatePolicy(policy)).toEqual(policy);
  });

  it('changes nothing else', () => {
    const policy = applyOverrides(npc, officeEdit);
    const untouched = (p: HandlingPolicy) => {
      const { id, version, steps, rehandling, classification, classificationScheme, ...rest } = p;
      const { sign, rehandle, ...otherSteps } = steps;
      return { rest, otherSteps, maxRounds: rehandling.maxRounds };
    };
    expect(untouched(policy)).toEqual(untouched(npc));
  });

  it('the edited sign-for deadline is what the calendar counts: 10 working days from Fri 2020-09-25 is 2020-10-15', () => {
    const policy = applyOverrides(npc, officeEdit);
    const due = computeDueDate(policy.steps.sign.deadline!, '2020-09-25', WorkingCalendar.official());
    expect(due.dueOn).toBe('2020-10-15'); // over the National Day holiday and both make-up days
  });

  it('marks the version as overridden unless the overrides name one', () => {
    expect(applyOverrides(npc, officeEdit).version).toBe('2026.1+override');
    expect(applyOverrides(npc, { ...officeEdit, version: 'dongli-2020.2' }).version).toBe('dongli-2020.2');
  });

  it('overriding deadlines.reply moves steps.reply.deadline with it', () => {
    const policy = applyOverrides(npc, { deadlines: { reply: { amount: 2 } } });
    expect(policy.deadlines.reply).toEqual({ amount: 2, unit: 'calendar-months', from: 'assignment', rollForward: true });
    expect(policy.steps.reply.deadline).toEqual(policy.deadlines.reply);
  });

  it('overriding steps.reply.deadline moves deadlines.reply with it (what running workflows read)', () => {
    const policy = applyOverrides(npc, { steps: { reply: { deadline: { amount: 60, unit: 'working-days' } } } });
    expect(policy.deadlines.reply).toEqual({ amount: 60, unit: 'working-days', from: 'assignment', rollForward: true });
    expect(policy.steps.reply.deadline).toEqual(policy.deadlines.reply);
  });

  it('when both are overridden, deadlines.reply wins', () => {
    const policy = applyOverrides(npc, {
      deadlines: { reply: { amount: 2 } },
      steps: { reply: { deadline: { amount: 1 } } },
    });
    expect(policy.deadlines.reply.amount).toBe(2);
    expect(policy.steps.reply.deadline!.amount).toBe(2);
  });

  it('keeps the other linked deadlines in step too (survey window ↔ steps.survey.deadline)', () => {
    const viaSection = applyOverrides(npc, { survey: { window: { amount: 10 } } });
    expect(viaSection.steps.survey.deadline!.amount).toBe(10);
    const viaStep = applyOverrides(npc, { steps: { survey: { deadline: { amount: 7 } } } });
    expect(viaStep.survey.window.amount).toBe(7);
  });

  it('replaces arrays whole instead of merging them item by item', () => {
    const policy = applyOverrides(npc, {
      escalation: { key: [{ id: 'overdue', kind: 'overdue', offsetWorkingDays: 0, recipients: ['leading-leader'] }] },
    });
    expect(policy.escalation.key).toHaveLength(1);
    expect(policy.escalation.ordinary).toEqual(npc.escalation.ordinary);
  });

  it('does not mutate the preset or the overrides', () => {
    const presetBefore = JSON.stringify(npc);
    const editBefore = JSON.stringify(officeEdit);
    const policy = applyOverrides(npc, officeEdit);
    policy.deadlines.reply.amount = 1;
    policy.classification.levels[0].label = 'changed';
    expect(JSON.stringify(npc)).toBe(presetBefore);
    expect(JSON.stringify(officeEdit)).toBe(editBefore);
    expect(presetFor('npc-suggestion').classificationScheme).toEqual(['A', 'B', 'C']);
  });

  it('also leaves an unfrozen base alone', () => {
    const base = presetFor('hotline-ticket');
    applyOverrides(base, { deadlines: { reply: { amount: 3 } }, followUp: { classes: ['B'] } });
    expect(base.deadlines.reply.amount).toBe(5);
    expect(base.followUp.classes).toEqual([]);
  });

  it('refuses an override that makes the policy invalid, with the field and the reason', () => {
    expect(problemsOf(() => applyOverrides(npc, { steps: { sign: { deadline: { amount: 0 } } } }))).toEqual([
      { path: 'steps.sign.deadline.amount', problem: 'must be a positive integer' },
    ]);
    expect(
      problemsOf(() => applyOverrides(npc, { classification: { levels: [{ code: 'X', label: '甲' }, { code: 'Y', label: '乙' }] } })),
    ).toEqual([{ path: 'followUp.classes[0]', problem: 'is not a code of classification.levels (X, Y)' }]);
  });

  it('refuses unknown fields in overrides that arrive as JSON, __proto__ included', () => {
    const fromJson = JSON.parse('{"__proto__": {"polluted": true}, "rehandling": {"maxRound": 3}}');
    expect(problemsOf(() => applyOverrides(npc, fromJson))).toEqual([
      { path: '__proto__', problem: 'is not a known field' },
      { path: 'rehandling.maxRound', problem: 'is not a known field' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a classificationScheme override that disagrees with the levels', () => {
    expect(problemsOf(() => applyOverrides(npc, { classificationScheme: ['A', 'B', 'C', 'D'] }))).toEqual([
      { path: 'classificationScheme', problem: 'must equal the codes of classification.levels (A, B, C) or be left out' },
    ]);
  });

  it('a 4-level scheme can follow up C and D as well', () => {
    const policy = applyOverrides(npc, { ...officeEdit, followUp: { classes: ['B', 'C'] } });
    expect(policy.followUp.classes).toEqual(['B', 'C']);
    expect(policy.followUp.deadline).toEqual(npc.followUp.deadline);
  });
});
