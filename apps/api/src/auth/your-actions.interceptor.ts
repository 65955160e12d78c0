import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from './auth.guard';
import { Access, accessOf, isCaseRoute, ruleOf } from './permissions';
import type { Principal } from './roles';

interface CaseLike {
  allowedActions: string[];
  leadUnit: string;
  coUnits: string[];
  /** While co-sign is allowed: the co-units that may co-sign now (their opinion in, the draft not yet signed). */
  coSigners?: string[];
}

/**
 * Next to a case's `allowedActions` (what the case allows now), `yourActions`: those the calling
 * key may perform itself, by the same permission table the guard applies. A unit's handler sees
 * its next step, not the office's withdraw; a supervisor sees review when review is due.
 */
@Injectable()
export class YourActionsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const path = (req.route as { path?: string } | undefined)?.path ?? '';
    const principal = req.principal;
    if (!principal || !isCaseRoute(path)) return next.handle();
    return next.handle().pipe(map((body: unknown) => (isCase(body) ? { ...body, yourActions: yourActions(body, principal) } : body)));
  }
}

export function yourActions(view: CaseLike, principal: Principal): string[] {
  return view.allowedActions.filter((action) => {
    const access = accessOf(ruleOf('POST', `/api/cases/:caseId/${action}`), principal);
    return access !== undefined && permits(access, principal.unit, view) && (action !== 'co-sign' || maySignNow(principal.unit, view));
  });
}

function permits(access: Access, unit: string | null, view: CaseLike): boolean {
  if (unit === null) return true;
  if (access === 'lead') return view.leadUnit === unit;
  if (access === 'co-unit') return view.coUnits.includes(unit);
  return true;
}

/**
 * Co-sign is offered to a co-unit only once its own opinion is in and it has not signed this
 * draft (the case allows co-sign as soon as one co-unit may); keys without a unit act for whoever may.
 */
function maySignNow(unit: string | null, view: CaseLike): boolean {
  if (view.coSigners === undefined) return true; // a case read before coSigners was computed
  return unit === null ? view.coSigners.length > 0 : view.coSigners.includes(unit);
}

function isCase(body: unknown): body is CaseLike {
  const b = body as Partial<CaseLike> | null;
  return !!b && Array.isArray(b.allowedActions) && typeof b.leadUnit === 'string' && Array.isArray(b.coUnits);
}
