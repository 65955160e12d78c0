/**
 * Authorisation over real HTTP: every route × every kind of caller × own/other unit, each cell
 * asserted; then keys, 401s, actors from keys, the public routes, rate limiting and headers.
 *
 * The expected outcomes are this file's own (MATRIX), written from docs/procedure.md, "Who does what", not read
 * from apps/api/src/auth/permissions.ts; and the app may have no route this table does not list.
 */
import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { ApiKeysService } from '../apps/api/src/auth/api-keys.service';
import { Role } from '../apps/api/src/auth/roles';
import { DatabaseService } from '../libs/db';
import { presetFor } from '../libs/policy';
import { HANDLING_PATH, steps } from './support/fixtures';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';

jest.setTimeout(600_000);

const e2e = useTestSystem('authz');

const LEAD = '区民政局';
const CO = '区财政局';
const OTHER = '区教育局';
const CYCLE = 'authz-cycle';
/** Lead 区民政局, co-unit 区财政局; stays at `assigned` through the matrix. */
const CASE_A = `${CYCLE}.npc-suggestion.1`;
/** Lead 区民政局, no co-unit: handled to the end by keys in the later tests. */
const CASE_B = `${CYCLE}.npc-suggestion.2`;
/** Lead 区财政局: for the public tests (a reply not published as public). */
const CASE_C = `${CYCLE}.npc-suggestion.3`;
const JURISDICTION = '天津市东丽区';

const caseRow = (number: string, leadUnit: string, coUnits: string[]) => ({
  kind: 'npc-suggestion', session: '第十七届人大七次会议', number, title: `第${number}号建议`,
  submitters: [`第${number}号建议领衔代表`], leadUnit, coUnits, keySupervised: false, closedSession: false,
});
// Assigned today (the default), so the return window and every early step are open: a request
// that wrongly passed the guard would change the case.
const cycle = {
  cycleId: CYCLE, title: '授权测试', jurisdiction: JURISDICTION,
  cases: [caseRow('1', LEAD, [CO]), caseRow('2', LEAD, []), caseRow('3', CO, [])],
};

// ---- who calls -----------------------------------------------------------------------------

/** Columns of the matrix, in order. */
const AUDIENCES = ['anon', 'public', 'office', 'supervisor', 'platform', 'int@L', 'int@C', 'int@O', 'hdl@L', 'hdl@C', 'hdl@O', 'ldr@L', 'ldr@C', 'ldr@O'] as const;
type Audience = (typeof AUDIENCES)[number];

type KeyRole = 'public' | 'supervisor' | 'integrator' | 'unit-handler' | 'unit-leader';
const AUDIENCE_KEYS: Record<Exclude<Audience, 'anon' | 'office'>, { role: KeyRole; unit?: string; name: string }> = {
  public: { role: 'public', name: '政务公开网' },
  supervisor: { role: 'supervisor', name: '督查室' },
  platform: { role: 'integrator', name: '代表履职平台' },
  'int@L': { role: 'integrator', unit: LEAD, name: 'OA' },
  'int@C': { role: 'integrator', unit: CO, name: 'OA' },
  'int@O': { role: 'integrator', unit: OTHER, name: 'OA' },
  'hdl@L': { role: 'unit-handler', unit: LEAD, name: '张三' },
  'hdl@C': { role: 'unit-handler', unit: CO, name: '钱七' },
  'hdl@O': { role: 'unit-handler', unit: OTHER, name: '孙八' },
  'ldr@L': { role: 'unit-leader', unit: LEAD, name: '李局长' },
  'ldr@C': { role: 'unit-leader', unit: CO, name: '周局长' },
  'ldr@O': { role: 'unit-leader', unit: OTHER, name: '吴局长' },
};
const unitOf = (aud: Audience): string | undefined => (aud === 'anon' || aud === 'office' ? undefined : AUDIENCE_KEYS[aud].unit);

const keys = {} as Record<Exclude<Audience, 'anon'>, string>;
const client = (aud: Audience) => (aud === 'anon' ? e2e.anonymous() : e2e.as(keys[aud]));

// ---- the matrix ----------------------------------------------------------------------------

/** The request passes the guard and the handler (or its validation) answers this status. */
const Y = 'Y';
type Cell = typeof Y | 401 | 403 | 404;
/** [route, status of an allowed probe, one cell per AUDIENCES column]. */
type Row = [string, number, ...Cell[]];

// Allowed POST/PUT/PATCH requests carry a body with an unknown field: validation (which runs
// after the guard) refuses it with 400 and nothing changes. Refused ones carry a valid body.
//                                                             anon  pub   off  sup  plat  i@L  i@C  i@O  h@L  h@C  h@O  l@L  l@C  l@O
const MATRIX: Row[] = [
  ['GET /health',                                        200,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  // Prometheus metrics: no API key (BANLI_METRICS_TOKEN, unset here, guards it when set: test/observability.e2e-spec.ts).
  ['GET /metrics',                                       200,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/public/cases',                              200,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/public/cases/:caseId',                      200,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  // The published letter (case A has none: 404 LetterNotFound) and the survey page of a signed link (the probe's token is not one: 401 SurveyLinkInvalid).
  ['GET /api/public/cases/:caseId/letter.docx',          404,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/survey/:token',                             401,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['POST /api/survey/:token',                            400,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  // Swagger UI and the OpenAPI document: served before any guard, to everyone.
  ['GET /api/docs',                                      200,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/docs/',                                     200,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/docs/index.html',                           200,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/docs/LICENSE',                              404,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/docs/swagger-ui-init.js',                   200,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/docs/docs/swagger-ui-init.js',              200,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/docs-json',                                 200,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/docs-yaml',                                 200,   Y,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],

  ['POST /api/keys',                                     400, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /api/keys',                                      200, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['DELETE /api/keys/:id',                               404, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['POST /api/cycles',                                   400, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['POST /api/cycles/:cycleId/cases',                    400, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /api/cycles/template.xlsx',                      200, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /api/cycles/template.csv',                       200, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /api/launches/:launchId',                        404, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['POST /api/read-model/reindex',                       400, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /api/read-model/reindex/:reindexId',             404, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],

  // Reading cases: everyone with a key but the public; a unit sees its own cases only.
  ['GET /api/cases',                                     200, 401,  403,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/cases/:caseId',                             200, 401,  403,    Y,   Y,   Y,    Y,   Y, 404,   Y,   Y, 404,   Y,   Y, 404],
  ['GET /api/cases/:caseId/co-units/:unit',              200, 401,  403,    Y,   Y,   Y,    Y,   Y, 404,   Y,   Y, 404,   Y,   Y, 404],
  // The letter as sent (contact phone included): the office, supervisors, the platform, the lead unit; not its co-units (case A is not replied: 409).
  ['GET /api/cases/:caseId/letter.docx',                 409, 401,  403,    Y,   Y,   Y,    Y, 403, 404,   Y, 403, 404,   Y, 403, 404],
  // Survey links for the submitters: the office hands them out (case A is not replied: 409).
  ['GET /api/cases/:caseId/survey-links',                409, 401,  403,    Y, 403, 403,  403, 403, 404, 403, 403, 404, 403, 403, 404],

  // The lead unit's steps: its handler, its leader, an integrator for it or the platform; the office.
  ['POST /api/cases/:caseId/sign',                       400, 401,  403,    Y, 403,   Y,    Y, 403, 404,   Y, 403, 404,   Y, 403, 404],
  ['POST /api/cases/:caseId/return',                     400, 401,  403,    Y, 403,   Y,    Y, 403, 404,   Y, 403, 404,   Y, 403, 404],
  ['POST /api/cases/:caseId/work-plan',                  400, 401,  403,    Y, 403,   Y,    Y, 403, 404,   Y, 403, 404,   Y, 403, 404],
  ['POST /api/cases/:caseId/contact',                    400, 401,  403,    Y, 403,   Y,    Y, 403, 404,   Y, 403, 404,   Y, 403, 404],
  ['POST /api/cases/:caseId/draft-reply',                400, 401,  403,    Y, 403,   Y,    Y, 403, 404,   Y, 403, 404,   Y, 403, 404],
  ['POST /api/cases/:caseId/reply',                      400, 401,  403,    Y, 403,   Y,    Y, 403, 404,   Y, 403, 404,   Y, 403, 404],
  ['POST /api/cases/:caseId/visit',                      400, 401,  403,    Y, 403,   Y,    Y, 403, 404,   Y, 403, 404,   Y, 403, 404],
  ['POST /api/cases/:caseId/extension-request',          400, 401,  403,    Y, 403,   Y,    Y, 403, 404,   Y, 403, 404,   Y, 403, 404],
  ['POST /api/cases/:caseId/publish',                    400, 401,  403,    Y, 403,   Y,    Y, 403, 404,   Y, 403, 404,   Y, 403, 404],
  ['POST /api/cases/:caseId/follow-up',                  400, 401,  403,    Y, 403,   Y,    Y, 403, 404,   Y, 403, 404,   Y, 403, 404],
  // 审签: the unit's leader, not its handler.
  ['POST /api/cases/:caseId/sign-off',                   400, 401,  403,    Y, 403,   Y,    Y, 403, 404, 403, 403, 404,   Y, 403, 404],

  // A co-unit's steps, as itself only (`:unit` is the caller's own unit; the co-unit's for keys without one).
  ['POST /api/cases/:caseId/co-units/:unit/sign',        400, 401,  403,    Y, 403,   Y,  403,   Y, 404, 403,   Y, 404, 403,   Y, 404],
  ['POST /api/cases/:caseId/co-units/:unit/opinion',     400, 401,  403,    Y, 403,   Y,  403,   Y, 404, 403,   Y, 404, 403,   Y, 404],
  ['POST /api/cases/:caseId/co-sign',                    400, 401,  403,    Y, 403,   Y,  403,   Y, 404, 403,   Y, 404, 403,   Y, 404],

  // 督办审核: the supervisor (and the office).
  ['POST /api/cases/:caseId/review',                     400, 401,  403,    Y,   Y, 403,  403, 403, 404, 403, 403, 404, 403, 403, 404],
  // A deputy's answer: the office from paper, or the deputies' platform; never a unit.
  ['POST /api/cases/:caseId/survey',                     400, 401,  403,    Y, 403,   Y,  403, 403, 404, 403, 403, 404, 403, 403, 404],

  // The office's decisions.
  ['POST /api/cases/:caseId/extension-decision',         400, 401,  403,    Y, 403, 403,  403, 403, 404, 403, 403, 404, 403, 403, 404],
  ['POST /api/cases/:caseId/return-decision',            400, 401,  403,    Y, 403, 403,  403, 403, 404, 403, 403, 404, 403, 403, 404],
  ['POST /api/cases/:caseId/stop-clock',                 400, 401,  403,    Y, 403, 403,  403, 403, 404, 403, 403, 404, 403, 403, 404],
  ['POST /api/cases/:caseId/restart-clock',              400, 401,  403,    Y, 403, 403,  403, 403, 404, 403, 403, 404, 403, 403, 404],
  ['POST /api/cases/:caseId/withdraw',                   400, 401,  403,    Y, 403, 403,  403, 403, 404, 403, 403, 404, 403, 403, 404],
  ['POST /api/cases/:caseId/consult',                    400, 401,  403,    Y, 403, 403,  403, 403, 404, 403, 403, 404, 403, 403, 404],
  ['POST /api/cases/:caseId/merge',                      400, 401,  403,    Y, 403, 403,  403, 403, 404, 403, 403, 404, 403, 403, 404],
  ['POST /api/cases/:caseId/restart-co-unit',            400, 401,  403,    Y, 403, 403,  403, 403, 404, 403, 403, 404, 403, 403, 404],
  ['POST /api/cases/:caseId/retry',                      400, 401,  403,    Y, 403, 403,  403, 403, 404, 403, 403, 404, 403, 403, 404],

  // Calendars: read by every key; edited by the office.
  ['GET /api/calendars',                                 200, 401,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/calendars/:jurisdiction',                   404, 401,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/calendars/:jurisdiction/versions',          404, 401,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/calendars/:jurisdiction/versions/:version', 404, 401,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/calendars/:jurisdiction/days',              400, 401,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/calendars/:jurisdiction/due-date',          400, 401,    Y,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['PUT /api/calendars/:jurisdiction',                   400, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['PATCH /api/calendars/:jurisdiction',                 400, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],

  // Alerts: the office and supervisors read all; a unit (or its OA) those about itself. The alert
  // probed is about the lead unit (区民政局). The stream is probed with a bad filter (400), as it never ends.
  ['GET /api/alerts',                                    200, 401,  403,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/alerts/stream',                             400, 401,  403,    Y,   Y,   Y,    Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y,   Y],
  ['GET /api/alerts/:alertId',                           200, 401,  403,    Y,   Y,   Y,    Y, 404, 404,   Y, 404, 404,   Y, 404, 404],
  ['POST /api/alerts/:alertId/ack',                      400, 401,  403,    Y,   Y,   Y,    Y, 404, 404,   Y, 404, 404,   Y, 404, 404],
  ['GET /api/alerts/:alertId/deliveries',                200, 401,  403,    Y,   Y, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],

  // Alert subscriptions: the office's.
  ['POST /api/subscriptions',                            400, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /api/subscriptions',                             200, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['DELETE /api/subscriptions/:id',                      404, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],

  // Stored policies: the office's.
  ['POST /api/policies',                                 400, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /api/policies',                                  200, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /api/policies/:id/versions/:version',            404, 401,  403,    Y, 403, 403,  403, 403, 403, 403, 403, 403, 403, 403, 403],
];

/** A body each refused step would be accepted with (at `assigned`, many would apply): proof that nothing leaked. */
const VALID_BODIES: Record<string, unknown> = {
  'POST /api/keys': { name: '越权', role: 'office' },
  'POST /api/read-model/reindex': {},
  'POST /api/cycles': { ...cycle, cycleId: 'authz-leaked', cases: [caseRow('9', LEAD, [])] },
  'POST /api/cycles/:cycleId/cases': { cases: [caseRow('8', LEAD, [])] },
  'POST /api/cases/:caseId/sign': {},
  'POST /api/cases/:caseId/return': { reason: '不属于本单位职责' },
  'POST /api/cases/:caseId/work-plan': steps.workPlan,
  'POST /api/cases/:caseId/contact': steps.contact,
  'POST /api/cases/:caseId/draft-reply': steps.draft,
  'POST /api/cases/:caseId/reply': steps.reply,
  'POST /api/cases/:caseId/visit': steps.visit,
  'POST /api/cases/:caseId/extension-request': { deadline: 'sign', newDueOn: '2099-01-05', reason: '需要时间' },
  'POST /api/cases/:caseId/publish': steps.publish,
  'POST /api/cases/:caseId/follow-up': { report: '已落实', reportedOn: '2026-01-05' },
  'POST /api/cases/:caseId/sign-off': steps.signOff,
  'POST /api/cases/:caseId/co-units/:unit/sign': {},
  'POST /api/cases/:caseId/co-units/:unit/opinion': { opinion: '同意' },
  'POST /api/cases/:caseId/co-sign': { unit: CO },
  'POST /api/cases/:caseId/review': steps.review,
  'POST /api/cases/:caseId/survey': steps.survey,
  'POST /api/cases/:caseId/extension-decision': { approve: true },
  'POST /api/cases/:caseId/return-decision': { decision: 'reject' },
  'POST /api/cases/:caseId/stop-clock': { reason: '待上级答复' },
  'POST /api/cases/:caseId/restart-clock': {},
  'POST /api/cases/:caseId/withdraw': { reason: '越权撤案' },
  'POST /api/cases/:caseId/consult': { summary: '面商', consultedOn: '2026-01-05' },
  'POST /api/cases/:caseId/merge': { cases: [CASE_B], reason: '并案' },
  'POST /api/cases/:caseId/restart-co-unit': { unit: CO },
  'POST /api/cases/:caseId/retry': {},
  'PUT /api/calendars/:jurisdiction': { days: [{ date: '2026-12-31', working: false }], note: '越权' },
  'PATCH /api/calendars/:jurisdiction': { days: [{ date: '2026-12-31', working: false }], note: '越权' },
  'POST /api/policies': { ...presetFor('npc-suggestion'), id: 'authz-leaked', version: '1' },
  'POST /api/alerts/:alertId/ack': {},
  'POST /api/subscriptions': { name: '越权', channel: 'webhook', target: 'https://example.org/hook' },
};
/** Queries sent with GET probes: a bad filter where a good one would never end. */
const PROBE_QUERIES: Record<string, Record<string, string>> = {
  'GET /api/alerts/stream': { kind: 'no-such-kind' },
};

/** An emitted alert about the lead unit's sign-for on case A (as the alert-delivery workflow stores them). */
const ALERT_ID = `${CASE_A}/sign/r1/reminder`;
const PROBE = { probeField: 'refused by validation, after the guard' };

let spareKeyId = '';
let subscriptionId = '';
const NO_SUCH_KEY = '00000000-0000-4000-8000-000000000000';

/** The URL of a route for one caller: its own unit where the route names one. */
function urlOf(route: string, aud: Audience, allowed: boolean): string {
  const [method, pattern] = route.split(' ');
  const params: Record<string, string> = {
    caseId: CASE_A,
    // A co-unit step is sent by a unit key as itself; a read names the co-unit.
    unit: method === 'POST' ? (unitOf(aud) ?? CO) : CO,
    id: pattern.startsWith('/api/keys') ? (allowed ? NO_SUCH_KEY : spareKeyId)
      : pattern.startsWith('/api/subscriptions') ? (allowed ? NO_SUCH_KEY : subscriptionId) : 'npc-suggestion',
    alertId: ALERT_ID,
    cycleId: CYCLE,
    launchId: NO_SUCH_KEY,
    jurisdiction: JURISDICTION,
    version: pattern.startsWith('/api/policies') ? 'no-such-version' : '1',
    token: 'not-a-signed-token',
  };
  return pattern.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(params[name]));
}

/** What a refused request must not have changed, read with the office key. */
async function snapshot(route: string): Promise<unknown> {
  const office = () => e2e.http();
  const [, pattern] = route.split(' ');
  if (pattern.startsWith('/api/cases/:caseId')) {
    const c = (await office().get(`/api/cases/${CASE_A}`).expect(200)).body;
    const co = await office().get(`/api/cases/${CASE_A}/co-units/${encodeURIComponent(CO)}`);
    const b = (await office().get(`/api/cases/${CASE_B}`).expect(200)).body;
    return { stage: c.stage, history: c.history.length, co: [co.status, co.body.stage, co.body.history?.length], b: b.history.length };
  }
  if (pattern.startsWith('/api/keys')) return (await office().get('/api/keys').expect(200)).body.keys.map((k: { id: string; status: string }) => `${k.id}:${k.status}`);
  if (pattern.startsWith('/api/cycles')) {
    return [(await office().get('/api/cases/authz-leaked.npc-suggestion.9')).status, (await office().get(`/api/cases/${CYCLE}.npc-suggestion.8`)).status];
  }
  if (pattern.startsWith('/api/calendars')) return (await office().get('/api/calendars').expect(200)).body;
  if (pattern.startsWith('/api/policies')) return (await office().get('/api/policies').expect(200)).body;
  if (pattern.startsWith('/api/subscriptions')) return (await office().get('/api/subscriptions').expect(200)).body;
  if (pattern.startsWith('/api/alerts')) return (await office().get(`/api/alerts/${encodeURIComponent(ALERT_ID)}`).expect(200)).body.acknowledged;
  return null;
}

/** One cell: Y when the request passed the guard and got the probe's answer, else its status. */
async function outcomeOf(route: string, probeStatus: number, aud: Audience, expected: Cell): Promise<string | number> {
  const [method] = route.split(' ');
  const allowed = expected === Y;
  const writes = method !== 'GET';
  const before = writes && !allowed ? await snapshot(route) : undefined;
  const req = client(aud)[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](urlOf(route, aud, allowed));
  const res: Response = writes ? await req.send((allowed ? PROBE : VALID_BODIES[route] ?? PROBE) as object) : await req.query(PROBE_QUERIES[route] ?? {});

  if (res.status === probeStatus && allowed) {
    // The probe's 400 comes from validation, which runs only after the guard let it through.
    if (probeStatus === 400 && writes) {
      expect(res.body).toMatchObject({ error: 'ValidationFailed' });
      expect(JSON.stringify(res.body.problems)).toContain('probeField');
    }
    if (probeStatus === 404) expect(res.body.error).not.toMatch(/^(CaseNotFound|AlertNotFound)$/);
    // A handler's 401 (a survey link it refused), not the guard's.
    if (probeStatus === 401) expect(res.body.error).not.toBe('Unauthorized');
    return Y;
  }
  if ([401, 403, 404].includes(res.status)) {
    expect(res.body).toEqual({ statusCode: res.status, error: expect.any(String), message: expect.any(String) });
    if (res.status === 401) expect(res.headers['www-authenticate']).toBe('Bearer realm="banli"');
    // As for no such case (or alert): nothing revealed.
    if (res.status === 404) expect(res.body.error).toBe(route.includes(':alertId') ? 'AlertNotFound' : 'CaseNotFound');
    if (before !== undefined) {
      const after = await snapshot(route);
      if (JSON.stringify(after) !== JSON.stringify(before)) return `${res.status} but changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`;
    }
    return res.status;
  }
  return `answered ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
}

/** Every route the app answers, as `METHOD /path/:param`, from the Express router. */
function appRoutes(): string[] {
  const express = e2e.system.api.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  return express.router.stack
    .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : []))
    .filter((route) => !route.startsWith('HEAD ') && !route.startsWith('OPTIONS '));
}

beforeAll(async () => {
  keys.office = e2e.system.officeKey;
  for (const [aud, key] of Object.entries(AUDIENCE_KEYS)) {
    keys[aud as keyof typeof AUDIENCE_KEYS] = await e2e.system.createKey(key);
  }
  const spare = await e2e.system.api.get(ApiKeysService).create({ name: '备用', role: Role.UnitHandler, unit: OTHER });
  spareKeyId = spare.id;
  await e2e.http().post('/api/cycles').send(cycle).expect(201);
  await e2e.system.api.get(DatabaseService).db.insertInto('alerts').values({
    alert_id: ALERT_ID, case_id: CASE_A, deadline_id: 'sign', kind: 'reminder', rung_id: 'r1', unit: LEAD,
    recipients: JSON.stringify(['handler']), title: '【提醒】第1号建议签收即将到期', body: JSON.stringify({}), deliver_at: new Date(),
    acknowledged_at: null, acknowledged_by: null,
  }).execute();
  subscriptionId = (await e2e.http().post('/api/subscriptions').send({ name: '督查室', channel: 'webhook', target: 'https://example.org/hook' }).expect(201)).body.id;
  // The co-unit's part starts with the case.
  await eventually(async () => {
    await e2e.http().get(`/api/cases/${CASE_A}/co-units/${encodeURIComponent(CO)}`).expect(200);
  });
}, HOOK_TIMEOUT.setup);

describe('the authorisation matrix', () => {
  it('has a row for every route of the app, and none for a route it does not have', async () => {
    const routes = appRoutes();
    const listed = MATRIX.map(([route]) => route);
    expect({ notInTheTable: routes.filter((r) => !listed.includes(r)).sort(), notInTheApp: listed.filter((r) => !routes.includes(r)).sort() })
      .toEqual({ notInTheTable: [], notInTheApp: [] });
    // The OpenAPI document describes no route the router does not have.
    const doc = (await e2e.anonymous().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(documented.filter((r) => !listed.includes(r))).toEqual([]);
  });

  it('has one cell per caller in every row', () => {
    for (const row of MATRIX) expect([row[0], row.length - 2]).toEqual([row[0], AUDIENCES.length]);
  });

  it.each(MATRIX.map((row) => [row[0], row] as const))('%s', async (_route, row) => {
    const [route, probeStatus, ...cells] = row;
    const expected: Record<string, string | number> = {};
    const actual: Record<string, string | number> = {};
    for (const [i, aud] of AUDIENCES.entries()) {
      expected[aud] = cells[i];
      actual[aud] = await outcomeOf(route, probeStatus, aud, cells[i]);
    }
    expect(actual).toEqual(expected);
  });

  it('left case A as it was launched: every refused and every probing request changed nothing', async () => {
    const view = (await e2e.http().get(`/api/cases/${CASE_A}`).expect(200)).body;
    expect(view.stage).toBe('assigned');
    expect(view.history.map((h: { action: string }) => h.action)).toEqual(['assign']);
    await e2e.http().get('/api/cases/authz-leaked.npc-suggestion.9').expect(404);
    await e2e.http().get(`/api/cases/${CYCLE}.npc-suggestion.8`).expect(404);
  });
});

describe('a unit key is held to its own unit and cases', () => {
  it('lists only the cases of its own unit, whatever unit it asks for', async () => {
    const ids = async (aud: Audience, query: Record<string, string>) =>
      (await client(aud).get('/api/cases').query({ cycleId: CYCLE, ...query }).expect(200)).body.cases.map((c: { caseId: string }) => c.caseId);
    await eventually(async () => expect(await ids('office', {})).toEqual([CASE_A, CASE_B, CASE_C]));
    expect(await ids('supervisor', {})).toEqual([CASE_A, CASE_B, CASE_C]);
    expect(await ids('hdl@L', {})).toEqual([CASE_A, CASE_B]);
    expect(await ids('hdl@C', { unit: LEAD })).toEqual([CASE_A, CASE_C]);
    expect(await ids('int@C', {})).toEqual([CASE_A, CASE_C]);
    expect(await ids('ldr@O', { unit: CO })).toEqual([]);
  });

  it('reads only the alerts about its own unit, whatever unit it asks for', async () => {
    const alertIds = async (aud: Audience, query: Record<string, string>) =>
      (await client(aud).get('/api/alerts').query({ caseId: CASE_A, ...query }).expect(200)).body.alerts.map((a: { alertId: string }) => a.alertId);
    expect(await alertIds('supervisor', {})).toEqual([ALERT_ID]);
    expect(await alertIds('hdl@L', {})).toEqual([ALERT_ID]);
    expect(await alertIds('hdl@C', { unit: LEAD })).toEqual([]);
    expect(await alertIds('int@O', {})).toEqual([]);
  });

  it('acts as a co-unit only under its own name', async () => {
    const before = (await e2e.http().get(`/api/cases/${CASE_A}/co-units/${encodeURIComponent(CO)}`).expect(200)).body.history.length;
    const asLead = await e2e.as(keys['hdl@L']).post(`/api/cases/${CASE_A}/co-units/${encodeURIComponent(CO)}/sign`).send({}).expect(403);
    expect(asLead.body.message).toContain(LEAD);
    // The co-sign body names a unit: a unit key's is replaced by its own.
    const coSign = await e2e.as(keys['hdl@C']).post(`/api/cases/${CASE_A}/co-sign`).send({ unit: LEAD }).expect(409);
    expect(coSign.body.error).toBe('StepNotAllowed');
    const after = (await e2e.http().get(`/api/cases/${CASE_A}/co-units/${encodeURIComponent(CO)}`).expect(200)).body.history.length;
    expect(after).toBe(before);
  });

  it('answers 404 for a case that does not exist, as for another unit’s case', async () => {
    const none = await e2e.as(keys['hdl@L']).get(`/api/cases/${CYCLE}.npc-suggestion.404`).expect(404);
    const other = await e2e.as(keys['hdl@O']).get(`/api/cases/${CASE_A}`).expect(404);
    expect(none.body.error).toBe(other.body.error);
  });
});

describe('API keys', () => {
  it('shows a key once, at creation, and stores only its SHA-256', async () => {
    const created = await e2e.http().post('/api/keys').send({ name: '郑九', role: 'unit-handler', unit: LEAD, expiresAt: '2099-01-01T00:00:00+08:00' }).expect(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^banli_[A-Za-z0-9_-]{32}$/);
    expect(created.body).toMatchObject({ prefix: key.slice(0, 14), name: '郑九', role: 'unit-handler', roleLabel: '承办单位经办人', unit: LEAD, status: 'active', expiresAt: '2098-12-31T16:00:00.000Z' });

    const listed = await e2e.http().get('/api/keys').expect(200);
    const sha = createHash('sha256').update(key).digest('hex');
    const text = JSON.stringify(listed.body);
    expect(text).not.toContain(key);
    expect(text).not.toContain(sha);
    const mine = listed.body.keys.find((k: { id: string }) => k.id === created.body.id);
    expect(Object.keys(mine).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'role', 'roleLabel', 'status', 'unit']);

    const row = await e2e.system.api.get(DatabaseService).db.selectFrom('api_keys').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(row.hash).toBe(sha);
    expect(Object.values(row).map(String)).not.toContain(key);
    await e2e.as(key).get(`/api/cases/${CASE_B}`).expect(200);
  });

  it('refuses a key without the unit its role needs, with a unit its role cannot have, or expiring in the past', async () => {
    const noUnit = await e2e.http().post('/api/keys').send({ name: 'x', role: 'unit-leader' }).expect(400);
    expect(noUnit.body.problems).toEqual([{ field: 'unit', problem: 'is required for role unit-leader' }]);
    const withUnit = await e2e.http().post('/api/keys').send({ name: 'x', role: 'supervisor', unit: LEAD }).expect(400);
    expect(withUnit.body.problems.map((p: { field: string }) => p.field)).toEqual(['unit']);
    const past = await e2e.http().post('/api/keys').send({ name: 'x', role: 'office', expiresAt: '2020-01-01T00:00:00Z' }).expect(400);
    expect(past.body.problems).toEqual([{ field: 'expiresAt', problem: 'must be in the future' }]);
    const badRole = await e2e.http().post('/api/keys').send({ name: 'x', role: 'root' }).expect(400);
    expect(badRole.body.problems.map((p: { field: string }) => p.field)).toEqual(['role']);
  });

  it('revokes a key at once; revoking again changes nothing; an unknown id is 404', async () => {
    const key = await e2e.system.createKey({ role: 'supervisor', name: '待吊销' });
    await e2e.as(key).get('/api/cases').expect(200);
    const id = (await e2e.http().get('/api/keys').expect(200)).body.keys.find((k: { name: string }) => k.name === '待吊销').id;
    const revoked = await e2e.http().delete(`/api/keys/${id}`).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    const refused = await e2e.as(key).get('/api/cases').expect(401);
    expect(refused.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'the API key has been revoked' });
    const again = await e2e.http().delete(`/api/keys/${id}`).expect(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const unknown = await e2e.http().delete(`/api/keys/${NO_SUCH_KEY}`).expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'KeyNotFound' });
  });

  it('refuses an expired key', async () => {
    const key = await e2e.system.createKey({ role: 'supervisor', name: '将过期', expiresAt: '2099-01-01T00:00:00Z' });
    await e2e.as(key).get('/api/cases').expect(200);
    // Time passes: the expiry is now behind us.
    const db = e2e.system.api.get(DatabaseService).db;
    await db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1000) }).where('name', '=', '将过期').execute();
    const refused = await e2e.as(key).get('/api/cases').expect(401);
    expect(refused.body.message).toBe('the API key has expired');
    const listed = (await e2e.http().get('/api/keys').expect(200)).body.keys.find((k: { name: string }) => k.name === '将过期');
    expect(listed.status).toBe('expired');
  });

  it('will not revoke the last active office key', async () => {
    const offices = (await e2e.http().get('/api/keys').expect(200)).body.keys.filter((k: { role: string; status: string }) => k.role === 'office' && k.status === 'active');
    expect(offices).toHaveLength(1);
    const res = await e2e.http().delete(`/api/keys/${offices[0].id}`).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'LastOfficeKey' });
    await e2e.http().get('/api/keys').expect(200);
  });
});

describe('401: no key, or one that does not open anything', () => {
  const shape = { statusCode: 401, error: 'Unauthorized', message: expect.any(String) };
  it.each([
    ['no key', {}, 'an API key is required: send Authorization: Bearer <key>'],
    ['another scheme', { Authorization: 'Basic b2ZmaWNlOmtleQ==' }, 'the Authorization header must be "Bearer <API key>"'],
    ['an empty bearer', { Authorization: 'Bearer ' }, 'the Authorization header must be "Bearer <API key>"'],
    ['not a banli key', { Authorization: 'Bearer hunter2' }, 'not an API key (banli_…)'],
    ['an unknown key', { Authorization: `Bearer banli_${'A'.repeat(32)}` }, 'unknown API key'],
    ['an unknown X-API-Key', { 'X-API-Key': `banli_${'B'.repeat(32)}` }, 'unknown API key'],
  ])('%s', async (_name, headers, message) => {
    const res = await e2e.anonymous().post(`/api/cases/${CASE_B}/withdraw`).set(headers as Record<string, string>).send({ reason: '无权撤案' }).expect(401);
    expect(res.body).toEqual({ ...shape, message });
    expect(res.headers['www-authenticate']).toBe('Bearer realm="banli"');
  });

  it('accepts the key as X-API-Key, and refuses two different keys at once', async () => {
    await e2e.anonymous().get(`/api/cases/${CASE_B}`).set('X-API-Key', keys.office).expect(200);
    const both = await e2e.anonymous().get(`/api/cases/${CASE_B}`).set('Authorization', `Bearer ${keys.office}`).set('X-API-Key', keys.supervisor).expect(401);
    expect(both.body.message).toBe('Authorization and X-API-Key name different keys');
  });

  it('refuses a bad key even on the open routes, rather than reading it as no key', async () => {
    await e2e.anonymous().get('/api/public/cases').expect(200);
    await e2e.anonymous().get('/api/public/cases').set('Authorization', 'Bearer banli_nope').expect(401);
  });
});

describe('the actor in a step’s history comes from the key, not the body', () => {
  const history = async (caseId: string) => (await e2e.http().get(`/api/cases/${caseId}`).expect(200)).body.history as { action: string; actor: string }[];

  it('records unit keys as unit/name, other keys by name, whatever the body says; the office’s name for whom it entered a step is kept beside its own', async () => {
    const by: Record<string, Audience> = { sign: 'hdl@L', 'work-plan': 'int@L', contact: 'hdl@L', 'draft-reply': 'hdl@L', 'sign-off': 'ldr@L', review: 'supervisor', reply: 'platform', visit: 'hdl@L' };
    for (const [path, body] of HANDLING_PATH) {
      await client(by[path]).post(`/api/cases/${CASE_B}/${path}`).send({ ...body, actor: '冒名者' }).expect(200);
    }
    await client('platform').post(`/api/cases/${CASE_B}/survey`).send({ ...steps.survey, actor: '冒名者' }).expect(200);
    await e2e.http().post(`/api/cases/${CASE_B}/publish`).send({ ...steps.publish, actor: '区政府办 公开科' }).expect(200);
    expect((await history(CASE_B)).map((h) => `${h.action}:${h.actor}`)).toEqual([
      'assign:office',
      'sign:区民政局/张三', 'work-plan:区民政局/OA', 'contact:区民政局/张三', 'draft-reply:区民政局/张三',
      'sign-off:区民政局/李局长', 'review:督查室', 'reply:代表履职平台', 'visit:区民政局/张三',
      'survey:代表履职平台', 'publish:e2e office（代录：区政府办 公开科）',
    ]);
  });
});

describe('an acknowledgement is recorded as the key’s', () => {
  it('acknowledges an alert of its unit as unit/name, whatever the body says', async () => {
    const res = await client('hdl@L').post(`/api/alerts/${encodeURIComponent(ALERT_ID)}/ack`).send({ actor: '冒名者' }).expect(200);
    expect(res.body.acknowledged).toEqual({ at: expect.any(String), by: '区民政局/张三' });
  });
});

describe('the public routes', () => {
  const privateText = ['王五', '022-12345678', '领衔代表', 'history', 'deadlines', 'submitters'];

  it('list which unit handles what, and nothing about submitters, deadlines or history', async () => {
    const res = await e2e.anonymous().get('/api/public/cases').query({ cycleId: CYCLE }).expect(200);
    expect(res.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([CASE_A, CASE_B, CASE_C]);
    expect(res.body.cases[0]).toEqual({
      caseId: CASE_A, cycleId: CYCLE, kind: 'npc-suggestion', session: '第十七届人大七次会议', number: '1', title: '第1号建议',
      leadUnit: LEAD, coUnits: [CO], stage: 'assigned', stageLabel: '已交办',
    });
    for (const text of privateText) expect(JSON.stringify(res.body)).not.toContain(text);
    const overdue = await e2e.anonymous().get('/api/public/cases').query({ overdue: 'true' }).expect(400);
    expect(overdue.body.problems[0].field).toBe('overdue');
  });

  it('show a reply published as public, never its contact person or phone', async () => {
    await eventually(async () => {
      const res = await e2e.anonymous().get(`/api/public/cases/${CASE_B}`).expect(200);
      expect(res.body).toEqual({
        caseId: CASE_B, cycleId: CYCLE, kind: 'npc-suggestion', session: '第十七届人大七次会议', number: '2', title: '第2号建议',
        leadUnit: LEAD, coUnits: [], stage: expect.any(String), stageLabel: expect.any(String),
        publication: { publishedAt: expect.any(String), redacted: false },
        reply: { text: steps.draft.text, repliedAt: expect.any(String) },
      });
      for (const text of privateText) expect(JSON.stringify(res.body)).not.toContain(text);
    });
  });

  it('show no reply before it is published, nor one marked not public', async () => {
    // Case C is 区财政局's: its leader does the unit's steps, the supervisor reviews.
    for (const [path, body] of HANDLING_PATH.filter(([path]) => path !== 'visit')) {
      await client(path === 'review' ? 'supervisor' : 'ldr@C').post(`/api/cases/${CASE_C}/${path}`).send(body).expect(200);
    }
    const replied = await e2e.anonymous().get(`/api/public/cases/${CASE_C}`).expect(200);
    expect(replied.body.stage).toBe('replied');
    expect(replied.body).not.toHaveProperty('reply');
    expect(replied.body).not.toHaveProperty('publication');
    await client('hdl@C').post(`/api/cases/${CASE_C}/publish`).send({ public: false, reason: '涉及个人隐私，不宜公开' }).expect(200);
    const notPublic = await e2e.anonymous().get(`/api/public/cases/${CASE_C}`).expect(200);
    expect(notPublic.body).not.toHaveProperty('reply');
    expect(JSON.stringify(notPublic.body)).not.toContain(steps.draft.text);
  });

  it('show no text of a reply published redacted, the text of one published whole, and the contact phone of neither', async () => {
    const PUBLIC_CYCLE = 'authz-public';
    await e2e.http().post('/api/cycles').send({ ...cycle, cycleId: PUBLIC_CYCLE, cases: [caseRow('1', LEAD, []), caseRow('2', LEAD, [])] }).expect(201);
    const texts = { '1': '答复原文：涉及第三方个人信息，公开时须删节……', '2': steps.draft.text };
    for (const [number, redacted] of [['1', true], ['2', false]] as const) {
      const caseId = `${PUBLIC_CYCLE}.npc-suggestion.${number}`;
      for (const [path, body] of HANDLING_PATH) {
        await e2e.http().post(`/api/cases/${caseId}/${path}`).send(path === 'draft-reply' ? { ...body, text: texts[number] } : body).expect(200);
      }
      await e2e.http().post(`/api/cases/${caseId}/publish`).send({ public: true, redacted }).expect(200);
    }

    const redacted = (await e2e.anonymous().get(`/api/public/cases/${PUBLIC_CYCLE}.npc-suggestion.1`).expect(200)).body;
    expect(redacted.publication).toEqual({ publishedAt: expect.any(String), redacted: true });
    expect(redacted).not.toHaveProperty('reply');
    expect(JSON.stringify(redacted)).not.toContain(texts['1']);

    const whole = (await e2e.anonymous().get(`/api/public/cases/${PUBLIC_CYCLE}.npc-suggestion.2`).expect(200)).body;
    expect(whole.publication).toEqual({ publishedAt: expect.any(String), redacted: false });
    expect(whole.reply).toEqual({ text: texts['2'], repliedAt: expect.any(String) });

    for (const view of [redacted, whole]) {
      expect(JSON.stringify(view)).not.toContain(steps.draft.contactPhone);
      expect(JSON.stringify(view)).not.toContain(steps.draft.contactPerson);
    }
  });

  it('answers 404 for no such case', async () => {
    const res = await e2e.anonymous().get(`/api/public/cases/${CYCLE}.npc-suggestion.404`).expect(404);
    expect(res.body.error).toBe('CaseNotFound');
  });
});

describe('security headers', () => {
  it('sends helmet’s headers on API answers', async () => {
    const res = await e2e.http().get(`/api/cases/${CASE_B}`).expect(200);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'content-security-policy': expect.stringContaining("script-src 'self'"),
    });
    expect(res.headers).not.toHaveProperty('x-powered-by');
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('keeps Swagger UI working under the CSP: no inline script, and every script and style it loads is served', async () => {
    const page = await e2e.anonymous().get('/api/docs').expect(200);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inline] of scripts) {
      expect(attrs).toMatch(/src=/);
      expect(inline.trim()).toBe('');
    }
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      const url = new URL(asset, 'http://x/api/docs').pathname;
      const res = await e2e.anonymous().get(url).expect(200);
      expect(res.headers['content-type']).toMatch(/javascript|css/);
    }
  });
});

describe('rate limiting', () => {
  afterEach(() => {
    e2e.system.env.BANLI_RATE_LIMIT = 1_000_000;
  });

  it('answers 429 in the one error shape once a key has used its budget; other keys keep theirs', async () => {
    const key = await e2e.system.createKey({ role: 'supervisor', name: '限流' });
    e2e.system.env.BANLI_RATE_LIMIT = 3;
    for (let i = 0; i < 3; i++) await e2e.as(key).get(`/api/cases/${CASE_B}`).expect(200);
    const res = await e2e.as(key).get(`/api/cases/${CASE_B}`).expect(429);
    expect(res.body).toEqual({ statusCode: 429, error: 'TooManyRequests', message: expect.stringContaining('too many requests') });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const other = await e2e.system.createKey({ role: 'supervisor', name: '不限流' });
    await e2e.as(other).get(`/api/cases/${CASE_B}`).expect(200);
  });

  it('counts requests without a key per address, in a sliding window', async () => {
    e2e.system.env.BANLI_RATE_LIMIT = 2;
    // Earlier tests may have spent some of this window's anonymous budget: the third is over it at the latest.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await e2e.anonymous().get('/api/public/cases')).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    await e2e.anonymous().get('/health').expect(200); // health is never throttled
    // A higher limit lets the next request through at once: over-limit requests were not counted, nothing is held blocked.
    e2e.system.env.BANLI_RATE_LIMIT = 1_000_000;
    await e2e.anonymous().get('/api/public/cases').expect(200);
  });
});
