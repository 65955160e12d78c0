import { dongli, HANDLING_PATH, steps } from './support/fixtures';
import { useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';

jest.setTimeout(180_000);

const cycle = { ...dongli, cycleId: 'idempotent-2020', cases: [dongli.cases[0], dongli.cases[1]] };
const caseId = 'idempotent-2020.npc-suggestion.11';

const e2e = useTestSystem('idempotency');
beforeAll(async () => {
  await e2e.http().post('/api/cycles').send(cycle).expect(201);
}, HOOK_TIMEOUT.setup);

const { http } = e2e;
const actions = async () => ((await http().get(`/api/cases/${caseId}`).expect(200)).body.history as { action: string }[]).map((h) => h.action);

describe('Idempotency-Key on step endpoints', () => {
  it('applies a step sent 5 times with one key once, and answers every retry with the first outcome', async () => {
    const send = () => http().post(`/api/cases/${caseId}/sign`).set('Idempotency-Key', 'sign-0001').send({ actor: '张三' });
    const first = await send().expect(200);
    expect(first.body.step).toEqual({ caseId, action: 'sign', stage: 'signed', seq: 2 });
    const retries = await Promise.all([send(), send()]);
    await e2e.system.restartApi();
    const afterRestart = await Promise.all([send(), send()]);
    for (const res of [...retries, ...afterRestart]) {
      expect(res.status).toBe(200);
      expect(res.body.step).toEqual(first.body.step);
      expect(res.body.history).toEqual(first.body.history);
    }
    expect(await actions()).toEqual(['assign', 'sign']);
  });

  it('treats the same key on another step as another request', async () => {
    const res = await http().post(`/api/cases/${caseId}/work-plan`).set('Idempotency-Key', 'sign-0001').send(steps.workPlan).expect(200);
    expect(res.body.stage).toBe('planned');
  });

  it('returns the first result of the last step (publication) even after the workflow has completed', async () => {
    for (const [path, body] of HANDLING_PATH.slice(2)) {
      await http().post(`/api/cases/${caseId}/${path}`).send(body).expect(200);
    }
    await http().post(`/api/cases/${caseId}/survey`).send(steps.survey).expect(200);
    const first = await http().post(`/api/cases/${caseId}/publish`).set('Idempotency-Key', 'publish-1').send(steps.publish).expect(200);
    expect(first.body).toMatchObject({ stage: 'closed', executionStatus: 'completed', finished: true });
    const retry = await http().post(`/api/cases/${caseId}/publish`).set('Idempotency-Key', 'publish-1').send(steps.publish).expect(200);
    expect(retry.body).toMatchObject({ step: first.body.step, history: first.body.history, executionStatus: 'completed' });
    const other = await http().post(`/api/cases/${caseId}/publish`).set('Idempotency-Key', 'publish-2').send(steps.publish).expect(409);
    expect(other.body.stage).toBe('closed');
  });

  it('refuses a key reused with another body (409, nothing applied), but frees the key of a refused request', async () => {
    const c = 'idempotent-2020.npc-suggestion.12';
    await http().post(`/api/cases/${c}/sign`).send({}).expect(200);
    const bad = await http().post(`/api/cases/${c}/work-plan`).set('Idempotency-Key', 'plan-1').send({ ...steps.workPlan, summary: '' }).expect(400);
    expect(bad.body.problems[0].field).toBe('summary');
    const fixed = await http().post(`/api/cases/${c}/work-plan`).set('Idempotency-Key', 'plan-1').send(steps.workPlan).expect(200);
    const reordered = Object.fromEntries(Object.entries(steps.workPlan).reverse());
    const retry = await http().post(`/api/cases/${c}/work-plan`).set('Idempotency-Key', 'plan-1').send(reordered).expect(200);
    expect(retry.body.step).toEqual(fixed.body.step);
    const other = await http().post(`/api/cases/${c}/work-plan`).set('Idempotency-Key', 'plan-1').send({ ...steps.workPlan, responsible: '别人' }).expect(409);
    expect(other.body).toMatchObject({ error: 'IdempotencyKeyReused' });
    const view = await http().get(`/api/cases/${c}`).expect(200);
    expect(view.body.history.filter((h: { action: string }) => h.action === 'work-plan')).toHaveLength(1);
    expect(view.body.workPlan.responsible).toBe(steps.workPlan.responsible);
  });

  it('refuses a malformed key with 400', async () => {
    const res = await http().post(`/api/cases/${caseId}/sign`).set('Idempotency-Key', 'x'.repeat(300)).send({}).expect(400);
    expect(res.body.problems).toEqual([{ field: 'Idempotency-Key', problem: expect.any(String) }]);
  });
});
