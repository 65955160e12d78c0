/**
 * Malformed input, sent to every endpoint that takes a body: broken JSON, invalid UTF-8, wrong
 * types, unknown fields, a body that is not an object, an oversized body. Every request must get
 * a 4xx in the one error shape with a reason — never a 5xx — and change nothing.
 */
import { dongli } from './support/fixtures';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';

jest.setTimeout(300_000);

const e2e = useTestSystem('malformed-input');
const { http } = e2e;

const CYCLE = { ...dongli, cycleId: 'malformed-2024', assignedOn: '2024-02-08' };
const CASE = 'malformed-2024.cppcc-proposal.50'; // co-unit 区司法局

/** Path parameters as a caller would fill them: real where something exists, else plausible. */
const PARAMS: Record<string, string> = {
  caseId: CASE,
  unit: encodeURIComponent('区司法局'),
  cycleId: 'malformed-2024',
  jurisdiction: encodeURIComponent('天津市东丽区'),
  alertId: encodeURIComponent(`${CASE}/reply/r1/overdue`),
  id: 'no-such-id',
  version: '1',
};

type Method = 'post' | 'put' | 'patch' | 'delete';
interface Route { method: Method; path: string }

/** Everything the office could see change: the case, its co-unit, and the stored records. */
async function snapshot(): Promise<string> {
  const [kase, coUnit, keys, subscriptions, policies, calendars] = await Promise.all([
    http().get(`/api/cases/${CASE}`).expect(200),
    http().get(`/api/cases/${CASE}/co-units/${PARAMS.unit}`).expect(200),
    http().get('/api/keys').expect(200),
    http().get('/api/subscriptions').expect(200),
    http().get('/api/policies').expect(200),
    http().get('/api/calendars').expect(200),
  ]);
  const { history, stage, deadlines } = kase.body as { history: unknown[]; stage: string; deadlines: { id: string; revision?: number; status: string }[] };
  return JSON.stringify({
    history: history.length, stage, deadlines: deadlines.map((d) => [d.id, d.revision ?? 1, d.status]),
    coUnit: [coUnit.body.stage, coUnit.body.history.length],
    keys: keys.body.count, subscriptions: subscriptions.body.count, policies: policies.body.length, calendars: calendars.body,
  });
}

let routes: Route[] = [];

beforeAll(async () => {
  await http().post('/api/cycles').send(CYCLE).expect(201);
  await eventually(async () => {
    await http().get(`/api/cases/${CASE}/co-units/${PARAMS.unit}`).expect(200);
    const view = await http().get(`/api/cases/${CASE}`).expect(200);
    expect(view.body.deadlines.length).toBeGreaterThan(0);
  });
  const doc = (await http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    (Object.keys(ops) as string[])
      .filter((m): m is Method => ['post', 'put', 'patch', 'delete'].includes(m))
      .map((method) => ({ method, path: path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name] ?? 'x') })),
  );
}, HOOK_TIMEOUT.setup);

const MALFORMED: { name: string; contentType: string; body: string | Buffer }[] = [
  { name: 'broken JSON', contentType: 'application/json', body: '{"reason": "中止",' },
  // {"reason":"<0xff 0xfe>"}: read leniently (as U+FFFD), it would be a valid stop-clock or withdraw.
  { name: 'invalid UTF-8', contentType: 'application/json', body: Buffer.concat([Buffer.from('{"reason":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]) },
  { name: 'an array', contentType: 'application/json', body: '[1, 2, 3]' },
  { name: 'a bare string', contentType: 'application/json', body: '"approve"' },
  { name: 'wrong types and an unknown field', contentType: 'application/json', body: JSON.stringify({ reason: 42, approve: 'yes', newDueOn: 20200101, cases: 'x', unknownField: true }) },
  { name: 'null values', contentType: 'application/json', body: JSON.stringify({ reason: null, actor: null, text: null }) },
  { name: 'an oversized body', contentType: 'application/json', body: JSON.stringify({ reason: 'x'.repeat(2 * 1024 * 1024) }) },
];

describe('every endpoint that takes a body refuses malformed input with a 4xx and changes nothing', () => {
  it('lists the endpoints from the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toEqual(expect.arrayContaining([{ method: 'post', path: `/api/cases/${CASE}/sign` }]));
  });

  it.each(MALFORMED)('$name', async ({ contentType, body }) => {
    const before = await snapshot();
    const answers: string[] = [];
    for (const { method, path } of routes) {
      const res = await http()[method](path).set('Content-Type', contentType).send(body);
      const ok = res.status >= 400 && res.status < 500 && typeof res.body?.message === 'string' && res.body.message.length > 0
        && typeof res.body.error === 'string' && res.body.statusCode === res.status;
      if (!ok) answers.push(`${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    expect(answers).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('the OpenAPI document states the error contract for every operation', () => {
  it('gives every operation a summary, its error answers in the one ErrorBody shape, and keys where they are needed', async () => {
    const doc = (await http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { summary?: string; security?: unknown[]; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    expect(doc.components.schemas.ErrorBody.required).toEqual(['statusCode', 'error', 'message']);
    const gaps: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const name = `${method.toUpperCase()} ${path}`;
        if (!op.summary) gaps.push(`${name}: no summary`);
        const errors = Object.entries(op.responses).filter(([code]) => /^[45]/.test(code));
        for (const code of ['429', '500']) if (!op.responses[code]) gaps.push(`${name}: no ${code}`);
        for (const [code, response] of errors) {
          if (response.content?.['application/json']?.schema.$ref !== '#/components/schemas/ErrorBody') gaps.push(`${name}: ${code} not an ErrorBody`);
        }
        // Open to callers without an API key: health, metrics (its own token when set), the public routes, survey links.
        const open = /^\/(health$|metrics$|api\/public\/|api\/survey\/)/.test(path);
        if (open !== (op.security?.length === 0)) gaps.push(`${name}: security ${JSON.stringify(op.security)}`);
        if (!op.responses['401']) gaps.push(`${name}: no 401`);
      }
    }
    expect(gaps).toEqual([]);
  });
});
