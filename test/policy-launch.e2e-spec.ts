import { FOUR_LEVEL_CLASSIFICATION } from '../libs/policy';
import { dongli, steps } from './support/fixtures';
import { eventually, useTestSystem } from './support/system';

jest.setTimeout(180_000);

const e2e = useTestSystem('policy-launch');

const { http } = e2e;

describe('a cycle launched under an office’s edited policy', () => {
  const edited = {
    ...dongli,
    cycleId: 'edited-policy-2020',
    assignedOn: '2020-09-25',
    cases: [dongli.cases[0]],
    policyOverrides: {
      'npc-suggestion': {
        version: 'dongli-2020.1',
        steps: { sign: { deadline: { amount: 10, unit: 'working-days', from: 'assignment' } } },
        deadlines: { reply: { amount: 2, unit: 'calendar-months', from: 'assignment', rollForward: true } },
        rehandling: { deadline: { amount: 2, unit: 'calendar-months', from: 'previous-step' } },
        classification: { levels: FOUR_LEVEL_CLASSIFICATION },
      },
    },
  };
  const caseId = 'edited-policy-2020.npc-suggestion.11';

  it('runs by that policy with no code change: its reply deadline, its scheme, its version', async () => {
    await http().post('/api/cycles').send(edited).expect(201);
    const view = await eventually(async () => {
      const res = await http().get(`/api/cases/${caseId}`).expect(200);
      expect(res.body.deadlines.map((d: { id: string }) => d.id)).toContain('reply');
      return res.body;
    });
    expect(view.policy).toEqual({ id: 'npc-suggestion', version: 'dongli-2020.1' });
    // 10 working days to sign for: from Fri 2020-09-25 past the National Day week to Thu 2020-10-15.
    expect(view.deadlines.find((d: { id: string }) => d.id === 'sign').due).toMatchObject({
      dueOn: '2020-10-15', rule: { amount: 10, unit: 'working-days' },
    });
    // 2 calendar months after Fri 2020-09-25 is Wed 2020-11-25, a working day.
    expect(view.deadlines.find((d: { id: string }) => d.id === 'reply').due).toMatchObject({ dueOn: '2020-11-25', rule: { amount: 2, unit: 'calendar-months' } });

    for (const [path, body] of [['sign', {}], ['work-plan', steps.workPlan], ['contact', steps.contact]] as const) {
      await http().post(`/api/cases/${caseId}/${path}`).send(body).expect(200);
    }
    const drafted = await http().post(`/api/cases/${caseId}/draft-reply`).send({ ...steps.draft, classification: 'D' }).expect(200);
    expect(drafted.body.draft.classification).toBe('D');
    for (const [path, body] of [['sign-off', steps.signOff], ['review', steps.review], ['reply', steps.reply], ['visit', steps.visit]] as const) {
      await http().post(`/api/cases/${caseId}/${path}`).send(body).expect(200);
    }
    await http().post(`/api/cases/${caseId}/survey`).send({ result: 'dissatisfied' }).expect(200);
    // Its re-handling deadline is the office's 2 calendar months.
    const rehandle = await eventually(async () => {
      const res = await http().get(`/api/cases/${caseId}`).expect(200);
      const d = res.body.deadlines.find((x: { id: string }) => x.id === 'rehandle-1');
      expect(d).toBeDefined();
      return d;
    });
    expect(rehandle.due.rule).toMatchObject({ amount: 2, unit: 'calendar-months', from: 'previous-step' });
  });

  it('keeps the default A/B/C scheme for a cycle without overrides', async () => {
    const plain = { ...dongli, cycleId: 'plain-policy-2020', cases: [dongli.cases[0]] };
    await http().post('/api/cycles').send(plain).expect(201);
    const id = 'plain-policy-2020.npc-suggestion.11';
    for (const [path, body] of [['sign', {}], ['work-plan', steps.workPlan], ['contact', steps.contact]] as const) {
      await http().post(`/api/cases/${id}/${path}`).send(body).expect(200);
    }
    const refused = await http().post(`/api/cases/${id}/draft-reply`).send({ ...steps.draft, classification: 'D' }).expect(400);
    expect(refused.body.problems).toEqual([{ field: 'classification', problem: 'must be one of: A, B, C' }]);
  });

  it('refuses an invalid policy at launch with the field and the reason, and starts nothing', async () => {
    const invalid = {
      ...edited,
      cycleId: 'invalid-policy-2020',
      policyOverrides: {
        'npc-suggestion': { steps: { sign: { deadline: { amount: -1, unit: 'working-days', from: 'assignment' } } } },
        'no-such-kind': {},
      },
    };
    const res = await http().post('/api/cycles').send(invalid).expect(400);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { field: 'policyOverrides.no-such-kind', problem: expect.stringContaining('is not a kind') },
        { field: 'policyOverrides.npc-suggestion.steps.sign.deadline.amount', problem: expect.any(String) },
      ]),
    );
    const started = await e2e.system.temporal.client.workflow.getHandle('invalid-policy-2020.npc-suggestion.11').describe().catch(() => null);
    expect(started).toBeNull();
  });
});
