import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PoliciesService } from '../apps/api/src/policies/policies.service';
import { InvalidRequestError } from '../apps/api/src/errors/api-errors';
import { CASE_KINDS, HandlingPolicy, presetFor } from '../libs/policy';
import { eventually, useTestSystem } from './support/system';

jest.setTimeout(180_000);

const e2e = useTestSystem('policies');
const { http } = e2e;

/** Dongli's edited NPC policy: 5 working days to sign for instead of 3. */
function dongliPolicy(version = '2020.1'): HandlingPolicy {
  const policy = presetFor('npc-suggestion');
  policy.id = 'dongli-npc';
  policy.version = version;
  policy.title = '东丽区人大代表建议办理';
  policy.steps.sign.deadline = { amount: 5, unit: 'working-days', from: 'assignment' };
  return policy;
}

/** The same object with its keys in reverse order, at every depth. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)])) as T;
  }
  return value;
}

const exampleYaml = readFileSync(join(__dirname, '../libs/policy/examples/npc-suggestion.policy.yaml'), 'utf8');
const yamlAs = (id: string, version: string) =>
  exampleYaml.replace(/^id: .*$/m, `id: ${id}`).replace(/^version: .*$/m, `version: "${version}"`);

describe('policy documents through the API', () => {
  it('lists the built-in presets before anything is stored', async () => {
    const res = await http().get('/api/policies').expect(200);
    expect(res.body.map((p: { id: string; source: string }) => [p.id, p.source])).toEqual([
      ['npc-suggestion', 'preset'],
      ['cppcc-proposal', 'preset'],
      ['hotline-ticket', 'preset'],
    ]);
    const preset = presetFor('npc-suggestion');
    const one = await http().get(`/api/policies/npc-suggestion/versions/${preset.version}`).expect(200);
    expect(one.body).toMatchObject({ source: 'preset', kind: 'npc-suggestion', document: preset });
  });

  it('stores a JSON document (201), then answers the same document again with 200 and changes nothing', async () => {
    const created = await http().post('/api/policies').send(dongliPolicy()).expect(201);
    expect(created.body).toMatchObject({
      id: 'dongli-npc',
      version: '2020.1',
      kind: 'npc-suggestion',
      title: '东丽区人大代表建议办理',
      source: 'stored',
      createdBy: null,
    });
    expect(created.body.document.steps.sign.deadline).toEqual({ amount: 5, unit: 'working-days', from: 'assignment' });

    const again = await http().post('/api/policies').send(reversedKeys(dongliPolicy())).expect(200);
    expect(again.body.createdAt).toBe(created.body.createdAt);

    const read = await http().get('/api/policies/dongli-npc/versions/2020.1').expect(200);
    expect(read.body.document).toEqual(dongliPolicy());
  });

  it('the same id and version with a different document is a conflict; the stored one stays', async () => {
    const changed = dongliPolicy();
    changed.steps.sign.deadline = { amount: 7, unit: 'working-days', from: 'assignment' };
    const res = await http().post('/api/policies').send(changed).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'PolicyConflict' });
    expect(res.body.message).toContain('dongli-npc version 2020.1 is already stored');

    const read = await http().get('/api/policies/dongli-npc/versions/2020.1').expect(200);
    expect(read.body.document.steps.sign.deadline.amount).toBe(5);
  });

  it('a preset’s id and version cannot be stored with another document; the preset itself is accepted as it is', async () => {
    const preset = presetFor('npc-suggestion');
    await http().post('/api/policies').send(preset).expect(200);
    const res = await http().post('/api/policies').send({ ...preset, title: '改过的标题' }).expect(409);
    expect(res.body.message).toContain('is a built-in preset');
  });

  it('stores a YAML document (application/yaml and text/yaml)', async () => {
    const created = await http()
      .post('/api/policies')
      .set('Content-Type', 'application/yaml')
      .send(yamlAs('dongli-npc', '2020.2'))
      .expect(201);
    expect(created.body).toMatchObject({ id: 'dongli-npc', version: '2020.2', kind: 'npc-suggestion', source: 'stored' });
    // the example file is the preset written out: the same rules under another id and version
    expect({ ...created.body.document, id: 'x', version: 'x' }).toEqual({ ...presetFor('npc-suggestion'), id: 'x', version: 'x' });

    await http().post('/api/policies').set('Content-Type', 'text/yaml; charset=utf-8').send(yamlAs('dongli-npc', '2020.2')).expect(200);

    const list = await http().get('/api/policies').expect(200);
    expect(list.body.filter((p: { source: string }) => p.source === 'stored').map((p: { version: string }) => p.version)).toEqual(['2020.1', '2020.2']);
    expect(list.body[3]).not.toHaveProperty('document');
  });

  it('refuses an invalid document with each path and reason, and stores nothing', async () => {
    const bad = { ...dongliPolicy('2020.9'), colour: 'red' } as Record<string, unknown>;
    (bad.steps as HandlingPolicy['steps']).sign.deadline = { amount: -1, unit: 'working-days', from: 'assignment' };
    const res = await http().post('/api/policies').send(bad).expect(400);
    expect(res.body.error).toBe('ValidationFailed');
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { field: 'colour', problem: 'is not a known field' },
        expect.objectContaining({ field: 'steps.sign.deadline.amount' }),
      ]),
    );

    const unquoted = await http().post('/api/policies').set('Content-Type', 'application/yaml').send(exampleYaml.replace(/^version: .*$/m, 'version: 2020.9')).expect(400);
    expect(unquoted.body.problems).toEqual([{ field: 'version', problem: 'must be a string (in YAML, quote it: "2026.1")' }]);

    const broken = await http().post('/api/policies').set('Content-Type', 'application/yaml').send('id: [unclosed').expect(400);
    expect(broken.body.problems[0].field).toBe('(document)');
    expect(broken.body.problems[0].problem).toMatch(/^is not valid YAML/);

    const notJson = await http().post('/api/policies').set('Content-Type', 'application/json').send('{"id": ').expect(400);
    expect(notJson.body.error).toBe('ValidationFailed');

    await http().get('/api/policies/dongli-npc/versions/2020.9').expect(404);
  });

  it('answers 404 for an unknown id or version', async () => {
    const res = await http().get('/api/policies/nobody/versions/1').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'PolicyNotFound', message: 'no policy nobody version 1' });
  });
});

describe('PoliciesService.resolve: what a cycle launch names under `policies`', () => {
  const service = () => e2e.system.api.get(PoliciesService);

  it('gives the stored document of the kind, or the preset named by its id and version', async () => {
    const resolved = await service().resolveAll({
      'npc-suggestion': { id: 'dongli-npc', version: '2020.1' },
      'cppcc-proposal': { id: 'cppcc-proposal', version: presetFor('cppcc-proposal').version },
    });
    expect(resolved['npc-suggestion']).toEqual(dongliPolicy());
    expect(resolved['cppcc-proposal']).toEqual(presetFor('cppcc-proposal'));
    expect(await service().resolveAll(undefined)).toEqual({});
  });

  it('refuses, with every problem, an unknown document, a document of another kind, an unknown kind and a malformed reference', async () => {
    const problems = await service()
      .resolveAll({
        'npc-suggestion': { id: 'dongli-npc', version: '1999' },
        'cppcc-proposal': { id: 'dongli-npc', version: '2020.1' },
        'not-a-kind': { id: 'x', version: '1' },
      })
      .then(
        () => [],
        (err: unknown) => (err instanceof InvalidRequestError ? err.problems : [{ field: 'unexpected', problem: String(err) }]),
      );
    expect(problems).toEqual([
      { field: 'policies.not-a-kind', problem: `is not a kind; kinds are ${CASE_KINDS.join(', ')}` },
      { field: 'policies.npc-suggestion', problem: 'names no stored policy: dongli-npc version 1999 (see GET /api/policies)' },
      { field: 'policies.cppcc-proposal', problem: 'dongli-npc version 2020.1 is a npc-suggestion policy, not cppcc-proposal' },
    ]);
    await expect(service().resolveAll({ 'npc-suggestion': { id: 'x' } })).rejects.toBeInstanceOf(InvalidRequestError);
  });
});

describe('a cycle launched under a stored policy', () => {
  it('runs its cases by the stored document (with the cycle’s overrides on top), and refuses an unknown one starting nothing', async () => {
    await http().post('/api/policies').send(dongliPolicy('2020.launch')).expect(201);
    const cycle = {
      cycleId: 'stored-policy-2020', title: '东丽区 2020 年建议办理', assignedOn: '2020-09-25',
      policies: { 'npc-suggestion': { id: 'dongli-npc', version: '2020.launch' } },
      policyOverrides: { 'npc-suggestion': { deadlines: { reply: { amount: 2, unit: 'calendar-months', from: 'assignment' } } } },
      cases: [{ kind: 'npc-suggestion', session: '第十七届人大七次会议', number: '11', title: '关于……的建议', submitters: ['代表甲'], leadUnit: '区民政局' }],
    };
    const unknown = await http().post('/api/cycles')
      .send({ ...cycle, cycleId: 'stored-policy-missing', policies: { 'npc-suggestion': { id: 'dongli-npc', version: '9.9' } } })
      .expect(400);
    expect(unknown.body.problems).toEqual([{ field: 'policies.npc-suggestion', problem: expect.stringContaining('names no stored policy') }]);
    await http().get('/api/cases/stored-policy-missing.npc-suggestion.11').expect(404);

    await http().post('/api/cycles').send(cycle).expect(201);
    const view = await eventually(async () => {
      const res = await http().get('/api/cases/stored-policy-2020.npc-suggestion.11').expect(200);
      expect(res.body.deadlines.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(['sign', 'reply']));
      return res.body;
    });
    expect(view.policy).toEqual({ id: 'dongli-npc', version: '2020.launch+override' }); // the case says overrides changed it
    const due = (id: string) => view.deadlines.find((d: { id: string }) => d.id === id).due;
    // The stored 5 working days to sign for, from Fri 2020-09-25 over the National Day week: 2020-10-09.
    expect(due('sign')).toMatchObject({ dueOn: '2020-10-09', rule: { amount: 5, unit: 'working-days' } });
    // The cycle's override on top: 2 calendar months, 2020-11-25.
    expect(due('reply')).toMatchObject({ dueOn: '2020-11-25', rule: { amount: 2, unit: 'calendar-months' } });
  });
});
