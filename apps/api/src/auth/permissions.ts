import { CASE_ACTIONS, CO_UNIT_ACTIONS, Party, STEPS } from '../../../../libs/contract';
import { Role } from './roles';

/**
 * How a role may use a route, for keys that act for one unit (unit handlers and leaders, a
 * unit's integrator). Keys without a unit (office, supervisor, the deputies' platform) are not
 * confined to cases: for them every access but `platform` means every case.
 *
 * - `all`: no confinement (on case routes only given to roles without a unit).
 * - `involved`: cases the key's unit leads or co-handles.
 * - `lead`: cases the key's unit leads (the lead unit's steps).
 * - `co-unit`: cases the key's unit co-handles, and only as that co-unit: the route's `:unit`
 *   (or, without one, the body's `unit`, which is set to the key's unit) must be the key's unit.
 * - `own-units`: lists; the `unit` filter is forced to the key's unit.
 * - `own-alert`: alert routes; the alert must be about the key's unit.
 * - `platform`: keys without a unit only (the deputies' platform recording a deputy's answer;
 *   a unit never records the survey of its own handling).
 */
export type Access = 'all' | 'involved' | 'lead' | 'co-unit' | 'own-units' | 'own-alert' | 'platform';

export interface RouteRule {
  /** Open without a key (and to every valid key): health and the public read-only routes. */
  open?: true;
  roles: Partial<Record<Role, Access>>;
  /** The body's `actor` is set from the key (every POST under /api/cases/:caseId/ is so anyway). */
  actor?: true;
}

/** A route as Express names it: `POST /api/cases/:caseId/sign`. */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

const open: RouteRule = { open: true, roles: {} };
const officeOnly: RouteRule = { roles: { [Role.Office]: 'all' } };
/** Everyone with a key but the public. */
const readers: RouteRule['roles'] = {
  [Role.Office]: 'all',
  [Role.Supervisor]: 'all',
  [Role.UnitHandler]: 'involved',
  [Role.UnitLeader]: 'involved',
  [Role.Integrator]: 'involved',
};
/** Every key, the public's too. */
const everyKey: RouteRule['roles'] = {
  [Role.Office]: 'all',
  [Role.Supervisor]: 'all',
  [Role.UnitHandler]: 'all',
  [Role.UnitLeader]: 'all',
  [Role.Integrator]: 'all',
  [Role.Public]: 'all',
};
/** Alerts: the office and supervisors all; units (and their integrators) theirs, by `access`. */
function alertReaders(access: 'own-units' | 'own-alert'): RouteRule['roles'] {
  return {
    [Role.Office]: 'all',
    [Role.Supervisor]: 'all',
    [Role.UnitHandler]: access,
    [Role.UnitLeader]: access,
    [Role.Integrator]: access,
  };
}
/** A lead unit's step: its handler, its leader, an integrator on its behalf; the office too. */
const leadStep: RouteRule = {
  roles: { [Role.Office]: 'all', [Role.UnitHandler]: 'lead', [Role.UnitLeader]: 'lead', [Role.Integrator]: 'lead' },
};
/** A co-unit's step, done by that co-unit (or an integrator on its behalf) or the office. */
const coUnitStep: RouteRule = {
  roles: { [Role.Office]: 'all', [Role.UnitHandler]: 'co-unit', [Role.UnitLeader]: 'co-unit', [Role.Integrator]: 'co-unit' },
};

/** Who performs each party's steps (the office may do every step: it enters what others hand in on paper). */
const BY_PARTY: Record<Party, RouteRule> = {
  lead: leadStep,
  /** 审签: the unit's leader (or its OA), not its handler. */
  'lead-leader': { roles: { [Role.Office]: 'all', [Role.UnitLeader]: 'lead', [Role.Integrator]: 'lead' } },
  'co-unit': coUnitStep,
  /** 督办审核: the supervisor (the office reviews too). */
  supervisor: { roles: { [Role.Office]: 'all', [Role.Supervisor]: 'all' } },
  /** A deputy's answer: entered by the office from paper, or sent by the deputies' platform. */
  submitter: { roles: { [Role.Office]: 'all', [Role.Integrator]: 'platform' } },
  office: officeOnly,
};

/** The rows of the step routes, one per case action and one per co-unit action. */
function stepRules(): Partial<Record<RouteKey, RouteRule>> {
  return Object.fromEntries([
    ...CASE_ACTIONS.map((action) => [`POST /api/cases/:caseId/${action}`, BY_PARTY[STEPS[action].action.party]]),
    ...CO_UNIT_ACTIONS.map((action) => [`POST /api/cases/:caseId/co-units/:unit/${action}`, coUnitStep]),
  ]);
}

/**
 * Who may call each route. One row per route, keyed by the route's method and path pattern
 * (`req.route.path`); a route without a row is the office's only. The office may do every step:
 * it enters what units and deputies hand in on paper (代录).
 */
export const PERMISSIONS: Partial<Record<RouteKey, RouteRule>> = {
  'GET /health': open,
  // Prometheus metrics: no API key. Its own BANLI_METRICS_TOKEN, checked before this guard
  // (apps/api/src/metrics/metrics-token.middleware.ts), protects it when set.
  'GET /metrics': open,
  'GET /api/public/cases': open,
  'GET /api/public/cases/:caseId': open,
  // The published reply letter (no contact person, no phone), and the survey page of a signed link.
  'GET /api/public/cases/:caseId/letter.docx': open,
  'GET /api/survey/:token': open,
  'POST /api/survey/:token': open,

  'POST /api/keys': officeOnly,
  'GET /api/keys': officeOnly,
  'DELETE /api/keys/:id': officeOnly,

  'POST /api/cycles': officeOnly,
  'POST /api/cycles/:cycleId/cases': officeOnly,
  'GET /api/cycles/template.xlsx': officeOnly,
  'GET /api/cycles/template.csv': officeOnly,
  'GET /api/launches/:launchId': officeOnly,
  'GET /api/cases': {
    roles: {
      [Role.Office]: 'all',
      [Role.Supervisor]: 'all',
      [Role.UnitHandler]: 'own-units',
      [Role.UnitLeader]: 'own-units',
      [Role.Integrator]: 'own-units',
    },
  },
  'GET /api/cases/:caseId': { roles: readers },

  // Every step of the step table, by its party (libs/contract/steps.ts), and the co-units' own.
  ...stepRules(),
  'POST /api/cases/:caseId/co-units/:unit/co-sign': coUnitStep,
  'GET /api/cases/:caseId/co-units/:unit': { roles: readers },
  /** The reply letter as sent (contact phone included): the office, supervisors, the lead unit (or its OA), the platform. */
  'GET /api/cases/:caseId/letter.docx': {
    roles: { [Role.Office]: 'all', [Role.Supervisor]: 'all', [Role.UnitHandler]: 'lead', [Role.UnitLeader]: 'lead', [Role.Integrator]: 'lead' },
  },
  /** Signed survey links, one per submitter: the office hands them out. */
  'GET /api/cases/:caseId/survey-links': officeOnly,

  // Working-day calendars: anyone with a key reads them (due dates are public rules); the office edits them.
  'GET /api/calendars': { roles: everyKey },
  'GET /api/calendars/:jurisdiction': { roles: everyKey },
  'GET /api/calendars/:jurisdiction/versions': { roles: everyKey },
  'GET /api/calendars/:jurisdiction/versions/:version': { roles: everyKey },
  'GET /api/calendars/:jurisdiction/days': { roles: everyKey },
  'GET /api/calendars/:jurisdiction/due-date': { roles: everyKey },
  'PUT /api/calendars/:jurisdiction': officeOnly,
  'PATCH /api/calendars/:jurisdiction': officeOnly,

  // The alert feed: the office and supervisors read every alert, a unit those about itself.
  'GET /api/alerts': { roles: alertReaders('own-units') },
  'GET /api/alerts/stream': { roles: alertReaders('own-units') },
  'GET /api/alerts/:alertId': { roles: alertReaders('own-alert') },
  'POST /api/alerts/:alertId/ack': { roles: alertReaders('own-alert'), actor: true },
  /** Delivery attempts name the subscriptions' addresses: the office's and the supervisors' only. */
  'GET /api/alerts/:alertId/deliveries': { roles: { [Role.Office]: 'all', [Role.Supervisor]: 'all' } },

  // Alert subscriptions (webhooks, email): the office's.
  'POST /api/subscriptions': officeOnly,
  'GET /api/subscriptions': officeOnly,
  'DELETE /api/subscriptions/:id': officeOnly,

  // Stored policies: the office's.
  'POST /api/policies': officeOnly,
  'GET /api/policies': officeOnly,
  'GET /api/policies/:id/versions/:version': officeOnly,
};

/** The rule of a route; routes without a row are the office's only. */
export function ruleOf(method: string, path: string): RouteRule {
  return PERMISSIONS[`${method.toUpperCase()} ${path}` as RouteKey] ?? officeOnly;
}

/** Routes that act on one case: the case's lead and co-units decide who may. */
export function isCaseRoute(path: string): boolean {
  return path.startsWith('/api/cases/:caseId');
}

/** Routes about one alert: a unit key sees only its own unit's. */
export function isAlertRoute(path: string): boolean {
  return path.startsWith('/api/alerts/:alertId');
}

/** Routes that record who acted (case steps, acknowledgements): the actor comes from the key. */
export function recordsActor(method: string, path: string): boolean {
  return (method.toUpperCase() === 'POST' && path.startsWith('/api/cases/:caseId/')) || ruleOf(method, path).actor === true;
}
