/**
 * The edge (issue 10, §6): what hand probes found answering 500, or accepted when it should not
 * be — NUL bytes in paths, queries and bodies, `[[]]` as a case, JSON nested 10,000 deep, control
 * characters in a person's text, webhooks into the API's own network — each refused with a 4xx
 * that changes nothing; the OpenAPI document saying what the server does; co-sign offered only
 * to a co-unit whose opinion is in.
 */
import { dongli } from './support/fixtures';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';

jest.setTimeout(300_000);

const e2e = useTestSystem('edge');
const { http } = e2e;

/** Today in China, as the API dates an assignment without `assignedOn`. */
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const CYCLE = { ...dongli, cycleId: 'edge-2024', assignedOn: '2024-02-08' };
const CASE = 'edge-2024.cppcc-proposal.50'; // co-unit 区司法局
const LEAD = '区民政局';
const CO_A = '区司法局';
const CO_B = '区财政局';
/** Assigned today, two co-units: walked to the draft for co-sign. */
const COSIGN_CYCLE = {
  cycleId: 'edge-cosign', title: '会签', jurisdiction: '天津市东丽区',
  cases: [
    { kind: 'npc-suggestion', session: '第十七届人大七次会议', number: '1', title: '会签测试', submitters: ['领衔代表'], leadUnit: LEAD, coUnits: [CO_A, CO_B] },
    { kind: 'npc-suggestion', session: '第十七届人大七次会议', number: '2', title: '退回测试', submitters: ['领衔代表'], leadUnit: LEAD, coUnits: [] },
  ],
};
const COSIGN_CASE = 'edge-cosign.npc-suggestion.1';
/** Assigned today, so its return window is open. */
const RETURN_CASE = 'edge-cosign.npc-suggestion.2';

interface Operation { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string; body: boolean; responses: Record<string, unknown>; parameters: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[] }
let doc: { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown>; parameters?: Operation['parameters'] }>>; components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> } };
let operations: Operation[] = [];

/** Path parameters filled as a caller would: real where something exists. */
const PARAMS: Record<string, string> = {
  caseId: CASE, unit: encodeURIComponent(CO_A), cycleId: 'edge-2024', jurisdiction: encodeURIComponent('天津市东丽区'),
  alertId: 'no-such-alert', id: 'no-such-id', version: '1', launchId: 'no-such-launch', reindexId: 'no-such', token: 'not-a-token',
};
const fill = (path: string, override: Record<string, string> = {}) => path.replace(/\{(\w+)\}/g, (_m, name: string) => override[name] ?? PARAMS[name] ?? 'x');

/** What the office could see change. */
async function snapshot(): Promise<string> {
  const [kase, keys, subscriptions, policies, calendars] = await Promise.all([
    http().get(`/api/cases/${CASE}`).expect(200),
    http().get('/api/keys').expect(200),
    http().get('/api/subscriptions').expect(200),
    http().get('/api/policies').expect(200),
    http().get('/api/calendars').expect(200),
  ]);
  return JSON.stringify({ history: kase.body.history.length, stage: kase.body.stage, keys: keys.body.count, subscriptions: subscriptions.body.count, policies: policies.body.length, calendars: calendars.body });
}

beforeAll(async () => {
  await http().post('/api/cycles').send(CYCLE).expect(201);
  await http().post('/api/cycles').send(COSIGN_CYCLE).expect(201);
  await eventually(async () => {
    await http().get(`/api/cases/${CASE}/co-units/${PARAMS.unit}`).expect(200);
  });
  doc = (await http().get('/api/docs-json').expect(200)).body;
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method as Operation['method'], path, body: op.requestBody !== undefined, responses: op.responses, parameters: op.parameters ?? [] })),
  );
}, HOOK_TIMEOUT.setup);

describe('NUL bytes are refused with 400 on every route, before anything is read or written', () => {
  it('in a path parameter, a query and a JSON string, on every operation of the document', async () => {
    const before = await snapshot();
    const answers: string[] = [];
    for (const op of operations) {
      const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const urls = [
        ...params.map((p) => fill(op.path, { [p]: `a%00b` })),
        `${fill(op.path)}?${encodeURIComponent(op.parameters.find((p) => p.in === 'query')?.name ?? 'q')}=%00`,
      ];
      for (const url of urls) {
        const res = await http()[op.method](url);
        answers.push(`${op.method.toUpperCase()} ${url} ${res.status} ${res.body?.error ?? ''}`);
      }
      if (op.body) {
        const res = await http()[op.method](fill(op.path)).set('Content-Type', 'application/json').send('{"name":"a\\u0000b","reason":"x"}');
        answers.push(`${op.method.toUpperCase()} ${op.path} (body) ${res.status} ${res.body?.error ?? ''}`);
      }
    }
    expect(answers.filter((a) => !/ 400 ValidationFailed$/.test(a))).toEqual([]);
    expect(answers.length).toBeGreaterThan(operations.length);
    expect(await snapshot()).toBe(before);
  });

  it('answers the public case list a NUL in its cycle filter at once, with the field named and no key needed', async () => {
    const res = await e2e.anonymous().get('/api/public/cases?cycleId=%00').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'ValidationFailed', problems: [{ field: 'query.cycleId', problem: expect.stringContaining('NUL') }] });
  });

  it('refuses a malformed escape or a lone surrogate in a path as it does a NUL', async () => {
    for (const path of [`/api/cases/%E0%A4%A`, `/api/cases/%ED%A0%80`, `/api/cases?unit=%ED%A0%80`]) {
      const res = await http().get(path);
      expect([path, res.status, res.body.error]).toEqual([path, 400, 'ValidationFailed']);
    }
  });
});

describe('a launch whose case is not an object', () => {
  it.each([
    ['POST /api/cycles', '/api/cycles', { ...CYCLE, cycleId: 'edge-bad-shape' }],
    ['POST /api/cycles/{cycleId}/cases', '/api/cycles/edge-2024/cases', {}],
  ])('%s with cases [[]] answers 400 saying each case must be an object', async (_name, url, rest) => {
    for (const cases of [[[]], [null], [1], ['case']]) {
      const res = await http().post(url).send({ ...rest, cases }).expect(400);
      expect(res.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'cases', problem: expect.stringContaining('each case must be an object') })]));
    }
    await http().get('/api/cases/edge-bad-shape.npc-suggestion.11').expect(404);
  });
});

describe('JSON nested 10,000 deep', () => {
  const deep = (n: number) => `{"cases":${'['.repeat(n)}${']'.repeat(n)},"reason":"x"}`;

  it('is refused with 400 before it is parsed, on every route that takes a body', async () => {
    expect(deep(10_000).length).toBeGreaterThan(20_000);
    const before = await snapshot();
    for (const op of operations.filter((o) => o.body)) {
      const res = await http()[op.method](fill(op.path)).set('Content-Type', 'application/json').send(deep(10_000));
      expect([op.path, res.status, JSON.stringify(res.body)]).toEqual([op.path, 400, expect.stringContaining('nests deeper than 32 levels')]);
    }
    expect(await snapshot()).toBe(before);
  });

  it('is refused as deep in a form field of a sheet upload, and in a YAML policy', async () => {
    const field = `{"npc-suggestion":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const upload = await http().post('/api/cycles').field('cycleId', 'edge-deep').field('title', 't').field('policyOverrides', field)
      .attach('file', Buffer.from('x'), { filename: 'cases.csv', contentType: 'text/csv' });
    expect(upload.status).toBe(400);
    const yaml = await http().post('/api/policies').set('Content-Type', 'application/yaml').send(`a: ${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(yaml.status).toBe(400);
  });

  it('nesting within the limit is read as usual (the limit refuses depth, not size)', async () => {
    const res = await http().post('/api/cycles').set('Content-Type', 'application/json').send(`{"cycleId":"edge-ok","title":"t","cases":${'['.repeat(20)}${']'.repeat(20)}}`);
    expect(res.status).toBe(400);
    expect(res.body.message).not.toContain('nests deeper');
  });
});

describe('control characters in a person’s text', () => {
  it.each([
    ['a return’s reason', `/api/cases/${CASE}/return`, { reason: '原因\u0001' }, 'reason'],
    ['a step’s actor', `/api/cases/${CASE}/return`, { reason: '不属于本单位职责', actor: '张三\u0012' }, 'actor'],
    ['an actor over two lines', `/api/cases/${CASE}/return`, { reason: '不属于本单位职责', actor: '张三\n李四' }, 'actor'],
    ['a co-unit’s opinion', `/api/cases/${CASE}/co-units/${encodeURIComponent(CO_A)}/opinion`, { opinion: '同意\u001b[31m' }, 'opinion'],
    ['a session', '/api/cycles', { ...CYCLE, cycleId: 'edge-session', cases: [{ ...CYCLE.cases[0], session: '第十七届\u0001' }] }, 'cases.0.session'],
    ['a subscription’s name', '/api/subscriptions', { name: '督查室\u0007', channel: 'email', target: 'duban@example.org' }, 'name'],
    ['an acknowledgement’s actor', `/api/alerts/no-such-alert/ack`, { actor: '李四\u0000' }, 'actor'],
  ])('%s is refused with 400 naming the field', async (_name, url, body, field) => {
    const before = await snapshot();
    const res = await http().post(url).send(body).expect(400);
    expect(res.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field, problem: expect.stringMatching(/control characters|NUL/) })]));
    expect(await snapshot()).toBe(before);
  });

  it('keeps line breaks and tabs where text runs over several lines (a reason), and records them as sent', async () => {
    const reason = '第一，不属于本单位职责；\n第二，\t建议改由区住建委承办。';
    await eventually(async () => {
      await http().get(`/api/cases/${RETURN_CASE}`).expect(200);
    });
    await http().post(`/api/cases/${RETURN_CASE}/return`).send({ reason }).expect(200);
    const view = (await http().get(`/api/cases/${RETURN_CASE}`).expect(200)).body;
    expect(JSON.stringify(view)).toContain(JSON.stringify(reason).slice(1, -1));
  });

  it('declares the rule in the document: one-line fields and multi-line texts each with their pattern', async () => {
    const ret = doc.components.schemas.ReturnDto.properties!;
    expect(ret.reason).toMatchObject({ maxLength: 2000, pattern: expect.stringContaining('\\u000e-\\u001f') });
    expect(ret.actor).toMatchObject({ maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
    expect(new RegExp(ret.reason.pattern as string).test('a\nb')).toBe(true);
    expect(new RegExp(ret.actor.pattern as string).test('a\nb')).toBe(false);
  });
});

describe('webhook targets', () => {
  afterEach(() => {
    e2e.system.env.BANLI_WEBHOOK_ALLOW_HOSTS = 'loopback';
  });

  it.each([
    ['loopback', 'http://127.0.0.1:3000/api/keys'],
    ['loopback IPv6', 'http://[::1]:3000/hook'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/hook'],
    ['the cloud metadata service (link-local)', 'http://169.254.169.254/latest/meta-data/'],
    ['a private network', 'https://10.1.2.3/hook'],
    ['a private network (192.168)', 'https://192.168.0.10/hook'],
    ['the unspecified address', 'http://0.0.0.0:8080/hook'],
    ['a name that resolves to loopback', 'http://localhost:3000/hook'],
  ])('refuses %s unless the operator allows it', async (_name, target) => {
    e2e.system.env.BANLI_WEBHOOK_ALLOW_HOSTS = '';
    const before = (await http().get('/api/subscriptions').expect(200)).body.count;
    const res = await http().post('/api/subscriptions').send({ name: '内网', channel: 'webhook', target }).expect(400);
    expect(res.body.problems).toEqual([{ field: 'target', problem: expect.stringContaining('BANLI_WEBHOOK_ALLOW_HOSTS') }]);
    expect((await http().get('/api/subscriptions').expect(200)).body.count).toBe(before);
  });

  it('accepts an internal host the operator lists, by name or network', async () => {
    e2e.system.env.BANLI_WEBHOOK_ALLOW_HOSTS = 'localhost,10.20.0.0/16';
    const byName = await http().post('/api/subscriptions').send({ name: '内网', channel: 'webhook', target: 'http://localhost:3000/hook' }).expect(201);
    const byNetwork = await http().post('/api/subscriptions').send({ name: '内网', channel: 'webhook', target: 'http://10.20.3.4/hook' }).expect(201);
    await http().post('/api/subscriptions').send({ name: '内网', channel: 'webhook', target: 'http://10.21.3.4/hook' }).expect(400);
    for (const id of [byName.body.id, byNetwork.body.id]) await http().delete(`/api/subscriptions/${id}`).expect(204);
  });

  it('accepts a public address', async () => {
    e2e.system.env.BANLI_WEBHOOK_ALLOW_HOSTS = '';
    const res = await http().post('/api/subscriptions').send({ name: '督查室', channel: 'webhook', target: 'https://93.184.215.14/hook' }).expect(201);
    await http().delete(`/api/subscriptions/${res.body.id}`).expect(204);
  });
});

describe('the OpenAPI document agrees with the server', () => {
  it('documents GET /api/cases/{caseId}’s 200 with the case’s schema, and its path parameter’s limits', () => {
    const get = doc.paths['/api/cases/{caseId}'].get;
    expect(get.responses['200']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/CaseDto' } } } });
    expect(get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'caseId', in: 'path', schema: expect.objectContaining({ maxLength: 200 }) })]));
  });

  it('declares Idempotency-Key optional, with the form the server enforces', async () => {
    const header = doc.paths['/api/cases/{caseId}/sign'].post.parameters!.find((p) => p.name === 'Idempotency-Key')!;
    expect(header).toMatchObject({ in: 'header', required: false, schema: { maxLength: 200, pattern: '^[\\x21-\\x7e]+$' } });
    const bad = await http().post(`/api/cases/${CASE}/sign`).set('Idempotency-Key', 'a b').send({}).expect(400);
    expect(bad.body.error).toBe('ValidationFailed');
    // Optional: a step without one is applied.
    await http().post(`/api/cases/${CASE}/sign`).send({}).expect(200);
  });

  it('documents 400, 429 and 500 on every operation, 413 where a body is read, 503 where Temporal or the database is asked, and 401 on the open routes', () => {
    const missing: string[] = [];
    for (const op of operations) {
      const want = ['400', '429', '500', '401', ...(op.body ? ['413'] : []), ...(/^\/(health|metrics)$|template\./.test(op.path) ? [] : ['503'])];
      for (const code of want) if (!op.responses[code]) missing.push(`${op.method} ${op.path} ${code}`);
    }
    expect(missing).toEqual([]);
    expect(doc.paths['/api/public/cases'].get.responses['401']).toMatchObject({ description: expect.stringContaining('not valid') });
  });

  it('answers a bad key on a public route with the documented 401, and an oversized body with the documented 413', async () => {
    await e2e.anonymous().get('/api/public/cases').set('Authorization', 'Bearer banli_nope').expect(401);
    const big = await http().post('/api/cycles').set('Content-Type', 'application/json').send(`{"title":"${'x'.repeat(1_100_000)}"}`).expect(413);
    expect(big.body).toMatchObject({ statusCode: 413, error: expect.any(String), message: expect.any(String) });
  });

  it('puts the limits the server enforces into the schemas', () => {
    const launch = doc.components.schemas.LaunchCycleDto.properties!;
    expect(launch.cases).toMatchObject({ minItems: 1, maxItems: expect.any(Number) });
    expect(launch.cycleId).toMatchObject({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' });
    const kase = doc.components.schemas.LaunchCaseDto.properties!;
    expect(kase.session).toMatchObject({ minLength: 1, maxLength: expect.any(Number), pattern: expect.any(String) });
    expect(kase.submitters).toMatchObject({ minItems: 1, maxItems: expect.any(Number), items: expect.objectContaining({ maxLength: expect.any(Number) }) });
    const sub = doc.components.schemas.CreateSubscriptionDto.properties!;
    expect(sub.target).toMatchObject({ maxLength: 2000, description: expect.stringContaining('BANLI_WEBHOOK_ALLOW_HOSTS') });
  });
});

describe('co-sign is offered only to a co-unit whose opinion is in', () => {
  const keys: Record<string, string> = {};
  const view = async (key?: string) => (await (key ? e2e.as(key) : http()).get(`/api/cases/${COSIGN_CASE}`).expect(200)).body;

  beforeAll(async () => {
    keys.a = await e2e.system.createKey({ role: 'unit-handler', unit: CO_A, name: '甲' });
    keys.b = await e2e.system.createKey({ role: 'unit-handler', unit: CO_B, name: '乙' });
    await eventually(async () => {
      for (const unit of [CO_A, CO_B]) await http().get(`/api/cases/${COSIGN_CASE}/co-units/${encodeURIComponent(unit)}`).expect(200);
    });
    const bodies: Record<string, object> = {
      sign: {},
      'work-plan': { summary: '分管领导牵头', responsible: '社区建设科', plannedCompletionOn: TODAY },
      contact: { method: 'face-to-face', contactedOn: TODAY },
      'draft-reply': { text: '您提出的建议收悉，现答复如下：……', classification: 'A', contactPerson: '王五', contactPhone: '022-12345678' },
    };
    const done: string[] = [];
    while (!done.includes('draft-reply')) {
      const next = (await view()).allowedActions.find((a: string) => a in bodies && !done.includes(a));
      if (!next) throw new Error(`no step towards the draft: ${JSON.stringify((await view()).allowedActions)}`);
      await http().post(`/api/cases/${COSIGN_CASE}/${next}`).send(bodies[next]).expect(200);
      done.push(next);
    }
    expect((await view()).stage).toBe('drafted');
  }, HOOK_TIMEOUT.setup);

  it('is not offered before any opinion is in', async () => {
    const v = await view();
    expect(v.allowedActions).not.toContain('co-sign');
    expect((await view(keys.a)).yourActions).not.toContain('co-sign');
  });

  it('once one co-unit’s opinion is in: offered to that co-unit, not to the one still owing its opinion', async () => {
    const unitA = encodeURIComponent(CO_A);
    const part = (await http().get(`/api/cases/${COSIGN_CASE}/co-units/${unitA}`).expect(200)).body;
    if (part.allowedActions.includes('sign')) await e2e.as(keys.a).post(`/api/cases/${COSIGN_CASE}/co-units/${unitA}/sign`).send({}).expect(200);
    await e2e.as(keys.a).post(`/api/cases/${COSIGN_CASE}/co-units/${unitA}/opinion`).send({ opinion: '同意' }).expect(200);
    const office = await eventually(async () => {
      const v = await view();
      expect(v.allowedActions).toContain('co-sign');
      return v;
    });
    expect(office.coSigners).toEqual([CO_A]);
    expect((await view(keys.a)).yourActions).toContain('co-sign');
    expect((await view(keys.b)).yourActions).not.toContain('co-sign');
    // And what is not offered is what the server refuses.
    const refused = await e2e.as(keys.b).post(`/api/cases/${COSIGN_CASE}/co-sign`).send({ unit: CO_B }).expect(409);
    expect(refused.body.message).toContain('has not given its co-unit opinion yet');
    await e2e.as(keys.a).post(`/api/cases/${COSIGN_CASE}/co-sign`).send({ unit: CO_A }).expect(200);
    expect((await view(keys.a)).yourActions).not.toContain('co-sign'); // signed this draft already
  });
});
