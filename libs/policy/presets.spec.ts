import { WorkingCalendar, computeDueDate } from '../calendar';
import {
  CASE_KINDS,
  LINKED_DEADLINES,
  POLICY_PRESETS,
  PRESET_IDS,
  STEP_IDS,
  presetFor,
  validatePolicy,
  type HandlingPolicy,
  type StepId,
} from './index';

const requiredSteps = (p: HandlingPolicy): StepId[] => STEP_IDS.filter((id) => p.steps[id].required);

describe('policy presets', () => {
  it.each(PRESET_IDS)('the %s preset passes validation unchanged', (id) => {
    expect(validatePolicy(POLICY_PRESETS[id])).toEqual(POLICY_PRESETS[id]);
  });

  it('lists all three presets, but only the two session kinds are launchable', () => {
    expect(PRESET_IDS).toEqual(['npc-suggestion', 'cppcc-proposal', 'hotline-ticket']);
    expect(Object.keys(POLICY_PRESETS)).toEqual([...PRESET_IDS]);
    expect(CASE_KINDS).toEqual(['npc-suggestion', 'cppcc-proposal', 'hotline-ticket']);
  });

  it.each(['npc-suggestion', 'cppcc-proposal'] as const)(
    '%s keeps the fields running workflows read: reply 3 / 6 calendar months from assignment, A/B/C',
    (kind) => {
      const p = presetFor(kind);
      expect(p.deadlines.reply).toEqual({ amount: 3, unit: 'calendar-months', from: 'assignment', rollForward: true });
      expect(p.deadlines.replyComplex).toEqual({
        amount: 6,
        unit: 'calendar-months',
        from: 'assignment',
        rollForward: true,
      });
      expect(p.classificationScheme).toEqual(['A', 'B', 'C']);
      expect(p).toMatchObject({ id: kind, kind, version: '2026.1', schemaVersion: 1 });
    },
  );

  it('the NPC preset carries the step defaults of the procedure brief', () => {
    const p = presetFor('npc-suggestion');
    expect(p.title).toBe('人大代表建议办理（默认）');
    expect(p.steps.sign.deadline).toEqual({ amount: 3, unit: 'working-days', from: 'assignment' });
    expect(p.steps.return.deadline).toEqual({ amount: 5, unit: 'working-days', from: 'assignment' });
    expect(p.steps['return-decision'].deadline).toMatchObject({ amount: 7, unit: 'calendar-days', from: 'previous-step' });
    expect(p.steps['work-plan'].deadline).toMatchObject({ amount: 15, unit: 'working-days' });
    expect(p.steps.contact.deadline).toMatchObject({ amount: 15, unit: 'working-days' });
    expect(p.steps['co-opinion'].deadline).toMatchObject({ amount: 1, unit: 'calendar-months', from: 'assignment' });
    expect(p.steps.survey.deadline).toMatchObject({ amount: 15, unit: 'working-days', from: 'previous-step' });
    expect(p.steps.rehandle.deadline).toMatchObject({ amount: 1, unit: 'calendar-months', from: 'previous-step' });
    expect(p.steps['follow-up'].deadline).toMatchObject({ amount: 6, unit: 'calendar-months', from: 'previous-step' });
    expect(p.steps.publish.deadline).toMatchObject({ amount: 20, unit: 'working-days', from: 'previous-step' });
    expect(requiredSteps(p)).toEqual(STEP_IDS);
    expect(p.rehandling.maxRounds).toBe(2);
    expect(p.survey).toMatchObject({ noResponse: 'no-response', askAttitude: true });
    expect(p.followUp.classes).toEqual(['B']);
    expect(p.extension.maxReplyExtensionMonths).toBe(3);
    expect(p.quietHours).toEqual({ start: '20:00', end: '08:00', workingDaysOnly: true });
    expect(p.scoring).toEqual({ speed: 20, quality: 50, result: 30 });
    expect(p.classification.levels.map((l) => l.label)).toEqual(['已解决或采纳', '正在解决或列入计划', '因条件限制留作参考']);
  });

  it('the escalation ladder is T-3, T, T+3, T+10; key cases are reminded at T-5 and alert the leading leader', () => {
    const { ordinary, key } = presetFor('cppcc-proposal').escalation;
    expect(ordinary.map((r) => [r.kind, r.offsetWorkingDays, r.recipients])).toEqual([
      ['reminder', -3, ['unit-handler']],
      ['overdue', 0, ['unit-leader', 'supervisor']],
      ['escalation', 3, ['supervising-office-head']],
      ['notice', 10, ['office']],
    ]);
    expect(key[0].offsetWorkingDays).toBe(-5);
    expect(key[1].recipients).toEqual(['unit-leader', 'supervisor', 'leading-leader']);
  });

  it('the hotline preset is 接件/分包 → 答复 → 反馈 on short working-day deadlines', () => {
    const p = presetFor('hotline-ticket');
    expect(p.title).toBe('8890便民服务热线工单');
    expect(p.deadlines.reply).toEqual({ amount: 5, unit: 'working-days', from: 'assignment' });
    expect(p.steps.sign.deadline).toEqual({ amount: 1, unit: 'working-days', from: 'assignment' });
    expect(p.steps.survey.deadline).toEqual({ amount: 3, unit: 'working-days', from: 'previous-step' });
    for (const id of ['work-plan', 'contact', 'co-opinion', 'draft-reply', 'co-sign', 'visit', 'sign-off', 'review', 'follow-up', 'publish'] as const) {
      expect([id, p.steps[id].required]).toEqual([id, false]);
    }
    expect(requiredSteps(p)).toEqual(['sign', 'return', 'return-decision', 'reply', 'survey', 'rehandle']);
  });

  it.each(PRESET_IDS)('in %s every linked step deadline equals its section and the scheme equals the level codes', (id) => {
    const p = POLICY_PRESETS[id];
    for (const { section, step } of LINKED_DEADLINES) {
      const [s, f] = section.split('.');
      expect([step, p.steps[step].deadline]).toEqual([step, (p as unknown as Record<string, Record<string, unknown>>)[s][f]]);
    }
    expect(p.steps.reply.deadline).toEqual(p.deadlines.reply);
    expect(p.classificationScheme).toEqual(p.classification.levels.map((l) => l.code));
  });

  it('presets are frozen and presetFor hands out independent copies', () => {
    expect(Object.isFrozen(POLICY_PRESETS['npc-suggestion'].deadlines.reply)).toBe(true);
    const copy = presetFor('npc-suggestion');
    copy.deadlines.reply.amount = 4;
    copy.classificationScheme.push('D');
    expect(POLICY_PRESETS['npc-suggestion'].deadlines.reply.amount).toBe(3);
    expect(presetFor('npc-suggestion').classificationScheme).toEqual(['A', 'B', 'C']);
  });

  it('a preset deadline feeds the calendar as is: hotline sign-for from Fri 2020-09-25 is due on the make-up working Sunday 2020-09-27', () => {
    const due = computeDueDate(presetFor('hotline-ticket').steps.sign.deadline!, '2020-09-25', WorkingCalendar.official());
    expect(due.dueOn).toBe('2020-09-27');
  });
});
