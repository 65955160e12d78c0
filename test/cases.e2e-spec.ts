import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { addCalendarDays } from '../libs/calendar';
import { dongli, HANDLING_PATH, steps } from './support/fixtures';
import { eventually, useTestSystem } from './support/system';
import { temporalBinaries } from './support/temporal-binaries';

jest.setTimeout(180_000);

const case11 = 'dongli-mca-2020.npc-suggestion.11';
const case50 = 'dongli-mca-2020.cppcc-proposal.50';

const e2e = useTestSystem('cases');

const { http } = e2e;

describe('launching a cycle', () => {
  it('starts one case per row and returns their ids; launching again starts nothing new', async () => {
    const first = await http().post('/api/cycles').send(dongli).expect(201);
    expect(first.body.cycleId).toBe('dongli-mca-2020');
    expect(first.body.cases).toHaveLength(6);
    expect(first.body.cases[0]).toEqual({ caseId: case11, kind: 'npc-suggestion', number: '11' });
    const runIds = await Promise.all(
      first.body.cases.map(async (c: { caseId: string }) => (await e2e.system.temporal.client.workflow.getHandle(c.caseId).describe()).runId),
    );

    const again = await http().post('/api/cycles').send(dongli).expect(201);
    expect(again.body).toEqual(first.body);
    const runIdsAgain = await Promise.all(
      again.body.cases.map(async (c: { caseId: string }) => (await e2e.system.temporal.client.workflow.getHandle(c.caseId).describe()).runId),
    );
    expect(runIdsAgain).toEqual(runIds);
  });

  it('refuses a cycle with a missing unit and a duplicated number, naming each field, and starts nothing', async () => {
    const bad = structuredClone(dongli);
    bad.cycleId = 'bad-cycle-2020';
    delete bad.cases[0].leadUnit;
    const res = await http().post('/api/cycles').send(bad).expect(400);
    expect(res.body.error).toBe('ValidationFailed');
    expect(res.body.problems).toContainEqual({ field: 'cases.0.leadUnit', problem: expect.stringContaining('leadUnit') });

    bad.cases[0].leadUnit = '区民政局';
    bad.cases[1].number = '11';
    const dup = await http().post('/api/cycles').send(bad).expect(400);
    expect(dup.body.problems).toEqual([{ field: 'cases.1.number', problem: 'duplicates cases.0 (npc-suggestion/11)' }]);
    const started = await e2e.system.temporal.client.workflow.getHandle('bad-cycle-2020.npc-suggestion.11').describe().catch(() => null);
    expect(started).toBeNull();
  });
});

describe('handling a case over HTTP', () => {
  it('shows the case with its due date, explanation, history and allowed actions', async () => {
    // The due date is computed by an activity a moment after the case starts.
    const res = await eventually(async () => {
      const r = await http().get(`/api/cases/${case11}`).expect(200);
      expect(r.body.deadlines.map((d: { id: string }) => d.id)).toContain('reply');
      expect(r.body.returnWindow).toBeDefined();
      return r;
    });
    // Launched today: the unit may still return the case within 5 working days.
    expect(res.body.returnWindow.rule).toMatchObject({ amount: 5, unit: 'working-days' });
    expect(res.body).toMatchObject({
      caseId: case11,
      stage: 'assigned',
      stageLabel: '已交办',
      leadUnit: '区民政局',
      allowedActions: ['sign', 'return', 'merge', 'extension-request', 'stop-clock', 'withdraw'],
      policy: { id: 'npc-suggestion', version: '2026.1' },
    });
    const reply = res.body.deadlines.find((d: { id: string }) => d.id === 'reply');
    expect(reply.due.rule).toMatchObject({ amount: 3, unit: 'calendar-months' });
    expect(reply.due.explanation).toEqual(expect.any(String));
    expect(res.body.history).toEqual([expect.objectContaining({ seq: 1, action: 'assign', actor: 'office' })]);
  });

  it('refuses a step out of order with 409, the reason and the current stage, and changes nothing', async () => {
    const res = await http().post(`/api/cases/${case11}/reply`).send(steps.reply).expect(409);
    expect(res.body).toEqual({
      statusCode: 409,
      error: 'StepNotAllowed',
      message: 'reply is not allowed at stage assigned',
      stage: 'assigned',
      allowedActions: ['sign', 'return', 'merge', 'extension-request', 'stop-clock', 'withdraw'],
    });
    const after = await http().get(`/api/cases/${case11}`).expect(200);
    expect(after.body.history).toHaveLength(1);
  });

  it('refuses a bad body with 400 naming each field, and changes nothing', async () => {
    await http().post(`/api/cases/${case11}/sign`).send({}).expect(200);
    const res = await http()
      .post(`/api/cases/${case11}/work-plan`)
      .send({ summary: '', plannedCompletionOn: '2020-13-01', extra: 1 })
      .expect(400);
    const fields = res.body.problems.map((p: { field: string }) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['summary', 'responsible', 'plannedCompletionOn', 'extra']));
    const malformed = await http().post(`/api/cases/${case11}/work-plan`).set('content-type', 'application/json').send('{"summary":').expect(400);
    expect(malformed.body.statusCode).toBe(400);
    const after = await http().get(`/api/cases/${case11}`).expect(200);
    expect(after.body.stage).toBe('signed');
    expect(after.body.history).toHaveLength(2);
  });

  it('answers 404 for an unknown case', async () => {
    const res = await http().post('/api/cases/no-such-cycle.npc-suggestion.1/sign').send({}).expect(404);
    expect(res.body.error).toBe('CaseNotFound');
    await http().get('/api/cases/no-such-cycle.npc-suggestion.1').expect(404);
  });

  it('continues where it was after the worker is stopped and started again', async () => {
    await e2e.system.stopWorker();
    await e2e.system.startWorker();
    const res = await http().post(`/api/cases/${case11}/work-plan`).send(steps.workPlan).expect(200);
    expect(res.body.stage).toBe('planned');
    expect(res.body.history.map((h: { action: string }) => h.action)).toEqual(['assign', 'sign', 'work-plan']);
  });

  it('drives the case through every remaining step to closed', async () => {
    await http().post(`/api/cases/${case11}/contact`).send(steps.contact).expect(200);
    await http().post(`/api/cases/${case11}/draft-reply`).send({ ...steps.draft, actor: '区民政局 王五' }).expect(200);
    const early = await http().post(`/api/cases/${case11}/reply`).send(steps.reply).expect(409);
    expect(early.body).toMatchObject({ stage: 'drafted', allowedActions: ['sign-off', 'draft-reply', 'merge', 'extension-request', 'stop-clock', 'withdraw'] });
    await http().post(`/api/cases/${case11}/sign-off`).send(steps.signOff).expect(200);
    await http().post(`/api/cases/${case11}/review`).send({ decision: 'approve', classification: 'B' }).expect(200);
    const withText = await http().post(`/api/cases/${case11}/reply`).send({ ...steps.draft, ...steps.reply }).expect(400);
    expect(withText.body.problems.map((p: { field: string }) => p.field)).toEqual(['text', 'classification', 'contactPerson', 'contactPhone']);
    const replied = await http().post(`/api/cases/${case11}/reply`).send(steps.reply).expect(200);
    // The supervisor changed the mark to B when approving; the reply sends the reviewed draft.
    expect(replied.body).toMatchObject({ stage: 'replied', reply: { classification: 'B', text: steps.draft.text } });
    expect(replied.body.allowedActions.slice(0, 2)).toEqual(['visit', 'publish']);
    const published = await eventually(async () => {
      // Once the publication deadline is open, it may be extended or its clock stopped.
      const view = (await http().get(`/api/cases/${case11}`).expect(200)).body;
      expect(view.allowedActions).toEqual(['visit', 'publish', 'extension-request', 'stop-clock', 'withdraw']);
      return view;
    });
    expect(published.deadlines.map((d: { id: string; status: string }) => `${d.id}:${d.status}`)).toEqual([
      'sign:met', 'work-plan:met', 'contact:met', 'reply:met', 'publish:open',
    ]);
    await http().post(`/api/cases/${case11}/visit`).send(steps.visit).expect(200);
    const closed = await http().post(`/api/cases/${case11}/survey`).send(steps.survey).expect(200);
    expect(closed.body.stage).toBe('closed');
    // Closed, but a B-class reply owes a follow-up report, and the reply is not yet published.
    expect(closed.body).toMatchObject({ executionStatus: 'running', allowedActions: ['publish', 'follow-up'] });
    const followUp = await eventually(async () => {
      const view = await http().get(`/api/cases/${case11}`).expect(200);
      const d = view.body.deadlines.find((x: { id: string }) => x.id === 'follow-up');
      expect(d).toBeDefined();
      return d;
    });
    expect(followUp).toMatchObject({ status: 'open', due: { rule: { amount: 6, unit: 'calendar-months' } } });
    await http().post(`/api/cases/${case11}/publish`).send(steps.publish).expect(200);
    const done = await http().post(`/api/cases/${case11}/follow-up`).send({ report: '项目已建成投用', reportedOn: '2020-12-20' }).expect(200);
    expect(done.body).toMatchObject({ executionStatus: 'completed', finished: true, allowedActions: [] });
    expect(done.body.history.map((h: { action: string; actor: string }) => `${h.action}:${h.actor}`)).toEqual([
      // Every step was sent with the office's key (e2e office): the key is the actor.
      'assign:office', 'sign:e2e office', 'work-plan:e2e office', 'contact:e2e office', 'draft-reply:e2e office（代录：区民政局 王五）',
      'sign-off:e2e office', 'review:e2e office', 'reply:e2e office', 'visit:e2e office', 'survey:e2e office',
      'publish:e2e office', 'follow-up:e2e office',
    ]);

    const read = await http().get(`/api/cases/${case11}`).expect(200);
    expect(read.body).toMatchObject({ stage: 'closed', executionStatus: 'completed' });
    const refused = await http().post(`/api/cases/${case11}/survey`).send(steps.survey).expect(409);
    expect(refused.body).toMatchObject({ stage: 'closed', allowedActions: [] });
  });
});

describe('bad input gets a clear error and changes nothing', () => {
  const c12 = 'dongli-mca-2020.npc-suggestion.12';

  it('refuses null where a value may only be left out', async () => {
    const bad = { ...dongli, cycleId: 'null-fields-2020', cases: [{ ...dongli.cases[0], coUnits: null, keySupervised: null }] };
    const res = await http().post('/api/cycles').send(bad).expect(400);
    expect(res.body.problems.map((p: { field: string }) => p.field)).toEqual(
      expect.arrayContaining(['cases.0.coUnits', 'cases.0.keySupervised']),
    );
  });

  it('refuses a date that does not exist', async () => {
    await http().post(`/api/cases/${c12}/sign`).send({}).expect(200);
    const res = await http().post(`/api/cases/${c12}/work-plan`).send({ ...steps.workPlan, plannedCompletionOn: '2020-02-31' }).expect(400);
    expect(res.body.problems).toEqual([{ field: 'plannedCompletionOn', problem: 'plannedCompletionOn must be a real date YYYY-MM-DD' }]);
  });

  it('reads a body sent without a JSON content type instead of ignoring it', async () => {
    const res = await http().post(`/api/cases/${c12}/work-plan`).set('content-type', 'text/plain')
      .send(JSON.stringify({ ...steps.workPlan, actor: '李四' })).expect(200);
    expect(res.body.history.at(-1)).toMatchObject({ action: 'work-plan', actor: 'e2e office（代录：李四）' });
    const broken = await http().post(`/api/cases/${c12}/contact`).set('content-type', 'text/plain').send('not json').expect(400);
    expect(broken.body).toMatchObject({ error: 'ValidationFailed', problems: [{ field: '(body)', problem: expect.any(String) }] });
  });

  it('refuses quotes in list filters and names unknown routes in the same error shape', async () => {
    const res = await http().get('/api/cases').query({ unit: '区"民政局' }).expect(400);
    expect(res.body.problems[0].field).toBe('unit');
    const missing = await http().get('/api/nothing-here').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'NotFound' });
  });

  it('answers 404 for a workflow that is not a case, and never sends it the step', async () => {
    await e2e.system.temporal.client.workflow.start('somethingElse', { taskQueue: 'nobody-polls', workflowId: 'not-a-case' });
    const res = await http().post('/api/cases/not-a-case/sign').send({}).expect(404);
    expect(res.body.error).toBe('CaseNotFound');
  });

  it('shows a terminated case as such and refuses its steps with the reason', async () => {
    const c77 = 'dongli-mca-2020.cppcc-proposal.77';
    // Signed first: the API has seen it running, so its next step goes straight to the (ended) workflow.
    await http().post(`/api/cases/${c77}/sign`).send({}).expect(200);
    await e2e.system.temporal.client.workflow.getHandle(c77).terminate('launched by mistake');
    const read = await http().get(`/api/cases/${c77}`).expect(200);
    expect(read.body).toMatchObject({ executionStatus: 'terminated', allowedActions: [] });
    const res = await http().post(`/api/cases/${c77}/work-plan`).send(steps.workPlan).expect(409);
    expect(res.body).toMatchObject({ message: 'work-plan is not allowed: the case is terminated', stage: 'signed', allowedActions: [] });
  });

  it('answers 503 in bounded time when no worker answers, and says the step may still apply', async () => {
    await e2e.system.stopWorker();
    e2e.system.env.TEMPORAL_CALL_TIMEOUT_MS = 2_000;
    try {
      const res = await http().post(`/api/cases/${c12}/contact`).send(steps.contact).expect(503);
      expect(res.body).toMatchObject({ error: 'TemporalTimeout', message: expect.stringContaining('Idempotency-Key') });
    } finally {
      e2e.system.env.TEMPORAL_CALL_TIMEOUT_MS = 10_000;
      await e2e.system.startWorker();
    }
  });
});

describe('a dissatisfied submitter', () => {
  it('reopens the case for re-handling over HTTP; the consultation is refused until the rounds are over', async () => {
    const c75 = 'dongli-mca-2020.cppcc-proposal.75';
    for (const [path, body] of HANDLING_PATH) {
      await http().post(`/api/cases/${c75}/${path}`).send(body).expect(200);
    }
    const early = await http().post(`/api/cases/${c75}/consult`).send({ summary: '面商', consultedOn: '2020-09-15' }).expect(409);
    expect(early.body).toMatchObject({ stage: 'visited' });
    expect(early.body.allowedActions.slice(0, 2)).toEqual(['survey', 'publish']);
    const reopened = await http().post(`/api/cases/${c75}/survey`).send({ result: 'dissatisfied', attitude: 'satisfied' }).expect(200);
    expect(reopened.body).toMatchObject({ stage: 'rehandling', stageLabel: '重新办理中', round: 2 });
    expect(reopened.body.allowedActions.slice(0, 2)).toEqual(['contact', 'draft-reply']);
  });
});

describe('extensions over HTTP', () => {
  it('takes a request with a reason and the office’s decision, and moves the reply deadline', async () => {
    const c43 = 'dongli-mca-2020.npc-suggestion.43';
    const due = (await http().get(`/api/cases/${c43}`).expect(200)).body.deadlines.find((d: { id: string }) => d.id === 'reply').due.dueOn as string;
    const bad = await http().post(`/api/cases/${c43}/extension-request`).send({ newDueOn: '2020-02-30' }).expect(400);
    expect(bad.body.problems.map((p: { field: string }) => p.field)).toEqual(expect.arrayContaining(['newDueOn', 'reason']));
    const newDueOn = addCalendarDays(due, 14);
    const pending = await http().post(`/api/cases/${c43}/extension-request`).send({ newDueOn, reason: '需待市级部门出台配套政策' }).expect(200);
    expect(pending.body.allowedActions).toContain('extension-decision');
    const missing = await http().post(`/api/cases/${c43}/extension-decision`).send({}).expect(400);
    expect(missing.body.problems[0].field).toBe('approve');
    const approved = await http().post(`/api/cases/${c43}/extension-decision`).send({ approve: true, note: '同意' }).expect(200);
    expect(approved.body.deadlines.find((d: { id: string }) => d.id === 'reply')).toMatchObject({ revision: 2, due: { dueOn: newDueOn, extendedFrom: due } });
  });
});

describe('stopping the clock over HTTP', () => {
  it('suspends the open deadlines with a reason and restarts them', async () => {
    const c12 = 'dongli-mca-2020.npc-suggestion.12';
    await http().post(`/api/cases/${c12}/stop-clock`).send({}).expect(400);
    const stopped = await http().post(`/api/cases/${c12}/stop-clock`).send({ reason: '待市级部门答复' }).expect(200);
    expect(stopped.body.deadlines.filter((d: { suspended?: boolean }) => d.suspended).length).toBeGreaterThan(0);
    expect(stopped.body.allowedActions).toContain('restart-clock');
    const restarted = await http().post(`/api/cases/${c12}/restart-clock`).send({ note: '已答复' }).expect(200);
    expect(restarted.body.clockStops[0]).toMatchObject({ reason: '待市级部门答复', days: 0 });
    expect(restarted.body.deadlines.some((d: { suspended?: boolean }) => d.suspended)).toBe(false);
  });
});

describe('withdrawal over HTTP', () => {
  it('closes the case as withdrawn, and it lists as closed', async () => {
    const c50 = 'dongli-mca-2020.cppcc-proposal.50';
    // Read first: the API knows it for a case, so the step that ends it goes straight to its update.
    await http().get(`/api/cases/${c50}`).expect(200);
    await http().post(`/api/cases/${c50}/withdraw`).send({}).expect(400);
    const res = await http().post(`/api/cases/${c50}/withdraw`).send({ reason: '委员本人申请撤回', actor: '区政府办 督查室' }).expect(200);
    expect(res.body).toMatchObject({ stage: 'closed', closedAs: 'withdrawn', allowedActions: [] });
    expect(res.body.history.at(-1)).toMatchObject({ action: 'withdraw', actor: 'e2e office（代录：区政府办 督查室）', details: { reason: '委员本人申请撤回' } });
  });
});

describe('finding cases', () => {
  it('lists cases from Temporal visibility by cycle, unit (lead or co-unit) and stage', async () => {
    const all = await eventually(async () => {
      const res = await http().get('/api/cases').query({ cycleId: 'dongli-mca-2020' }).expect(200);
      expect(res.body.count).toBe(6);
      // The list reads the read model, which the withdrawal above reaches a moment after its answer.
      expect(res.body.cases.find((c: { caseId: string }) => c.caseId === case50)).toMatchObject({
        kind: 'cppcc-proposal', number: '50', leadUnit: '区民政局', coUnits: ['区司法局'], stage: 'closed', overdue: false,
      });
      return res.body;
    });
    expect(all.cases.find((c: { caseId: string }) => c.caseId === case11).coUnits).toEqual([]);
    const coUnit = await http().get('/api/cases').query({ unit: '区司法局' }).expect(200);
    expect(coUnit.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([case50]);
    await eventually(async () => {
      const closed = await http().get('/api/cases').query({ cycleId: 'dongli-mca-2020', stage: 'closed' }).expect(200);
      expect(closed.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([case50, case11]);
    });
    const badStage = await http().get('/api/cases').query({ stage: 'nonsense' }).expect(400);
    expect(badStage.body.problems[0].field).toBe('stage');
  });

  it('finds overdue cases, and the standard temporal CLI filters by unit and stage', async () => {
    const late = { ...dongli, cycleId: 'late-2020', assignedOn: '2020-04-10', cases: [dongli.cases[0]] };
    await http().post('/api/cycles').send(late).expect(201);
    await eventually(async () => {
      const res = await http().get('/api/cases').query({ overdue: 'true' }).expect(200);
      expect(res.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual(['late-2020.npc-suggestion.11']);
    });

    const { stdout } = await promisify(execFile)(temporalBinaries().cli, [
      'workflow', 'list', '--address', e2e.system.env.TEMPORAL_ADDRESS, '--output', 'json',
      '--query', `BanliLeadUnit = '区民政局' AND BanliStage = 'closed' AND BanliKind = 'npc-suggestion'`,
    ], { timeout: 60_000 });
    const listed = JSON.parse(stdout) as { execution: { workflowId: string } }[];
    expect(listed.map((w) => w.execution.workflowId)).toEqual([case11]);
  });
});

describe('operations', () => {
  it('reports Temporal reachable on /health and serves OpenAPI at /api/docs', async () => {
    const health = await http().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', temporal: { reachable: true } });
    const docs = await http().get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/cycles', '/api/cases', '/api/cases/{caseId}', '/api/cases/{caseId}/reply', '/health']),
    );
    await http().get('/api/docs').expect(200);
  });
});
