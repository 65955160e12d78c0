import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CaseNotFoundError, NotFoundError } from '../errors/api-errors';
import { AlertUnitsService } from './alert-units';
import { presentedKey } from './api-key';
import { ApiKeysService } from './api-keys.service';
import { NotPermittedError, UnauthenticatedError } from './auth-errors';
import { CaseParties, CasePartiesService } from './case-parties';
import { Access, accessOf, isAlertRoute, isCaseRoute, recordsActor, ruleOf } from './permissions';
import { actorOf, Principal, Role } from './roles';

/** A request after authentication: whoever made it, when a key was sent. */
export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Roles that enter steps on others' behalf (代录: the office types in a unit's paper record or a
 * deputy's paper survey): the actor is still the key's, with the body's name kept beside it.
 */
const ENTERS_FOR_OTHERS: readonly Role[] = [Role.Office];

/**
 * The one guard of every route (APP_GUARD): authenticates the key, applies the route's row of
 * PERMISSIONS, confines unit keys to their cases, and sets the actor of steps from the key.
 * Controllers carry no decorators for it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly keys: ApiKeysService,
    private readonly parties: CasePartiesService,
    private readonly alerts: AlertUnitsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const path = routePath(req);
    const rule = ruleOf(req.method, path);

    const presented = presentedKey(req.headers);
    if (presented.kind === 'none' && rule.open) return true;
    try {
      if (presented.kind === 'none') throw new UnauthenticatedError('an API key is required: send Authorization: Bearer <key>');
      if (presented.kind === 'malformed') throw new UnauthenticatedError(presented.problem);
      req.principal = await this.keys.authenticate(presented.key);
    } catch (err) {
      if (err instanceof UnauthenticatedError) res.setHeader('WWW-Authenticate', 'Bearer realm="banli"');
      throw err;
    }
    if (rule.open) return true;

    const principal = req.principal;
    const access = accessOf(rule, principal);
    let parties: CaseParties | undefined;
    if (isCaseRoute(path) && principal.unit !== null) {
      // A unit learns nothing of cases that are not its own, not even that they exist.
      const caseId = String(req.params.caseId);
      parties = await this.parties.of(caseId);
      if (!parties || (parties.leadUnit !== principal.unit && !parties.coUnits.includes(principal.unit))) {
        throw new CaseNotFoundError(caseId);
      }
    }
    if (isAlertRoute(path) && principal.unit !== null && access === 'own-alert') {
      const alertId = String(req.params.alertId);
      const alert = await this.alerts.of(alertId);
      if (!alert || alert.unit !== principal.unit) throw new NotFoundError('AlertNotFound', `no alert with id ${alertId}`);
    }
    if (access === undefined) {
      const who = principal.role === Role.Integrator && principal.unit === null ? 'the deputies’ platform (an integrator key without a unit)' : `${principal.role} keys`;
      throw new NotPermittedError(`${who} may not call ${req.method} ${path}`);
    }
    confine(access, principal, req, parties);

    if (recordsActor(req.method, path)) this.setActor(req, principal, path);
    return true;
  }

  /** The actor in the step's history is the key's, whatever the body says (the office's 代录 keeps the name beside it). */
  private setActor(req: AuthenticatedRequest, principal: Principal, path: string): void {
    if (req.body === undefined) req.body = {};
    const body = req.body as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return; // refused by validation
    const fields = body as Record<string, unknown>;
    const named = typeof fields.actor === 'string' && fields.actor.trim() !== '' ? fields.actor.trim() : undefined;
    fields.actor = named && ENTERS_FOR_OTHERS.includes(principal.role) ? `${actorOf(principal)}（代录：${named}）` : actorOf(principal);
    this.logger.log(
      `${req.method} ${path} ${String(req.params.caseId ?? req.params.alertId ?? '')} by key ${principal.prefix}… (${principal.role}` +
      `${principal.unit ? ` of ${principal.unit}` : ''}, ${principal.name}), actor ${String(fields.actor ?? '(default)')}`,
    );
  }
}

/** The route's pattern as Express matched it: `/api/cases/:caseId/sign`. */
function routePath(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? path : req.path;
}

/** Holds a unit key to what its access allows on this route (keys without a unit are not held). */
function confine(access: Access, principal: Principal, req: AuthenticatedRequest, parties: CaseParties | undefined): void {
  const unit = principal.unit;
  if (unit === null || access === 'all' || access === 'involved' || access === 'own-alert') return;
  if (access === 'own-units') {
    // Express reads req.query anew from the URL each time: shadow it with the confined copy.
    Object.defineProperty(req, 'query', { value: { ...req.query, unit }, writable: true, configurable: true, enumerable: true });
    return;
  }
  if (!parties) throw new NotPermittedError('this route is not about one case');
  if (access === 'lead') {
    if (parties.leadUnit !== unit) throw new NotPermittedError(`only the lead unit (not ${unit}) may do this`);
    return;
  }
  // co-unit: the route's :unit (or the body's unit, set to the key's) must be the key's own.
  const named = req.params.unit;
  if (named !== undefined && named !== unit) throw new NotPermittedError(`a key of ${unit} acts for ${unit} only`);
  if (named === undefined && typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body)) {
    (req.body as Record<string, unknown>).unit = unit;
  }
  if (!parties.coUnits.includes(unit)) throw new NotPermittedError(`${unit} is not a co-unit of this case`);
}
