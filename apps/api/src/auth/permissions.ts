import { CASE_ACTIONS, CO_UNIT_ACTIONS, Party, STEPS } from '../../../../libs/contract';
import { Role } from './roles';

/**
 * How a role may use a route, for keys that act for one unit (unit handlers and leaders, a
 * unit's integrator). Keys without a unit (office, supervisor, the deputies' platform) are not
 * confined to cases: for them every access means every case.
 *
 * - `all`: no confinement (on case routes only given to roles without a unit).
 * - `involved`: cases the key's unit leads or co-handles.
 * - `lead`: cases the key's unit leads (the lead unit's steps).
 * - `co-unit`: cases the key's unit co-handles, and only as that co-unit: the route's `:unit`
 *   (or, without one, the body's `unit`, which is set to the key's unit) must be the key's unit.
 * - `own-units`: lists; the `unit` filter is forced to the key's unit.
 * - `own-alert`: alert routes; the alert must be about the key's unit.
 */
export type Access = 'all' | 'involved' | 'lead' | 'co-unit' | 'own-units' | 'own-alert';

export interface RouteRule {
  /** Open without a key (and to every valid key): health and the public read-only routes. */
  open?: true;
  /** By role; an integrator here is a unit's OA (an integrator key with a unit). */
  roles: Partial<Record<Role, Access>>;
  /**
   * The deputies' platform (代表履职平台: an integrator key without a unit): what it may do here;
   * left out, nothing. Least privilege: it reads cases (deputies follow the handling of their
   * suggestions) and records a deputy's survey answer — no unit's step, no alert, nothing else.
   */
  platform?: 'all';
  /** The body's `actor` is set from the key (every POST under /api/cases/:caseId/ is so anyway). */
  actor?: true;
}

/** A route as Express names it: `POST /api/cases/:caseId/sign`. */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

const open: RouteRule = { open: true, roles: {} };
const officeOnly: RouteRule = { roles: { [Role.Office]: 'all' } };
/** Everyone with a key but the public (the platform too: deputies follow their suggestions' handling). */
const readers: RouteRule = {
  roles: {
    [Role.Office]: 'all',
    [Role.Supervisor]: 'all',
    [Role.UnitHandler]: 'involved',
    [Role.UnitLeader]: 'involved',
    [Role.Integrator]: 'involved',
  },
  platform: 'all',
};
/** Every key, the public's too. */
const everyKey: RouteRule = {
  roles: {
    [Role.Office]: 'all',
    [Role.Supervisor]: 'all',
    [Role.UnitHandler]: 'all',
    [Role.UnitLeader]: 'all',
    [Role.Integrator]: 'all',
    [Role.Public]: 'all',
  },
  platform: 'all',
};
/** Alerts: the office and supervisors all; units (and their OA integrators) theirs, by `access`; not the platform. */
function alertReaders(access: 'own-units' | 'own-alert'): RouteRule['roles'] {
  return {
    [Role.Office]: 'all',
    [Role.Supervisor]: 'all',
    [Role.UnitHandler]: access,
    [Role.UnitLeader]: access,
    [Role.Integrator]: access,
  };
}
/** Statistics: the office and supervisors every unit; a unit's keys (its OA's too) its own unit's rows only. */
const statisticsReaders: RouteRule = {
  roles: {
    [Role.Office]: 'all',
    [Role.Supervisor]: 'all',
    [Role.UnitHandler]: 'own-units',
    [Role.UnitLeader]: 'own-units',
    [Role.Integrator]: 'own-units',
  },
};
/** A lead unit's step: its handler, its leader, its OA (an integrator key of that unit); the office too. */
const leadStep: RouteRule = {
  roles: { [Role.Office]: 'all', [Role.UnitHandler]: 'lead', [Role.UnitLeader]: 'lead', [Role.Integrator]: 'lead' },
};
/** A co-unit's step, done by that co-unit (or its OA) or the office. */
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
  /**
   * A deputy's answer: entered by the office from paper, or sent by the deputies' platform; never
   * by a unit or its OA (a unit never records the survey of its own handling).
   */
  submitter: { roles: { [Role.Office]: 'all' }, platform: 'all' },
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
  /** Who the calling key is (the dashboard shows only what its role and unit may see). */
  'GET /api/me': everyKey,

  'POST /api/cycles': officeOnly,
  'POST /api/cycles/:cycleId/cases': officeOnly,
  'POST /api/cycles/:cycleId/changes': officeOnly,
  'GET /api/cycles/template.xlsx': officeOnly,
  'GET /api/cycles/template.csv': officeOnly,
  'GET /api/launches/:launchId': officeOnly,
  // A cycle's statistics, exports and handling summary: a unit's key gets its own unit (the `unit` filter is forced).
  'GET /api/cycles/:cycleId/statistics': statisticsReaders,
  'GET /api/cycles/:cycleId/units': statisticsReaders,
  'GET /api/cycles/:cycleId/scores': statisticsReaders,
  'GET /api/cycles/:cycleId/statistics.xlsx': statisticsReaders,
  'GET /api/cycles/:cycleId/statistics.csv': statisticsReaders,
  'GET /api/cycles/:cycleId/summary.docx': statisticsReaders,
  'GET /api/cycles/:cycleId/summary.md': statisticsReaders,
  'GET /api/cases': {
    roles: {
      [Role.Office]: 'all',
      [Role.Supervisor]: 'all',
      [Role.UnitHandler]: 'own-units',
      [Role.UnitLeader]: 'own-units',
      [Role.Integrator]: 'own-units',
    },
    platform: 'all',
  },
  'GET /api/cases/:caseId': readers,

  // Every step of the step table, by its party (libs/contract/steps.ts), and the co-units' own.
  ...stepRules(),
  'POST /api/cases/:caseId/co-units/:unit/co-sign': coUnitStep,
  'GET /api/cases/:caseId/co-units/:unit': readers,
  /** The reply letter as sent (contact phone included): the office, supervisors, the lead unit (or its OA), the platform. */
  'GET /api/cases/:caseId/letter.docx': {
    roles: { [Role.Office]: 'all', [Role.Supervisor]: 'all', [Role.UnitHandler]: 'lead', [Role.UnitLeader]: 'lead', [Role.Integrator]: 'lead' },
    platform: 'all',
  },
  /** Signed survey links, one per submitter: the office hands them out. */
  'GET /api/cases/:caseId/survey-links': officeOnly,

  // Working-day calendars: anyone with a key reads them (due dates are public rules); the office edits them.
  'GET /api/calendars': everyKey,
  'GET /api/calendars/:jurisdiction': everyKey,
  'GET /api/calendars/:jurisdiction/versions': everyKey,
  'GET /api/calendars/:jurisdiction/versions/:version': everyKey,
  'GET /api/calendars/:jurisdiction/days': everyKey,
  'GET /api/calendars/:jurisdiction/due-date': everyKey,
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

/**
 * What a key may do on a route: its role's access, or for the deputies' platform (an integrator
 * key without a unit) the route's `platform` access. Undefined: nothing.
 */
export function accessOf(rule: RouteRule, principal: { role: Role; unit: string | null }): Access | undefined {
  if (principal.role === Role.Integrator && principal.unit === null) return rule.platform;
  return rule.roles[principal.role];
}

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
