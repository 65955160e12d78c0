/** Who an API key acts for (docs/procedure.md, "Who does what"). */
export enum Role {
  /** 交办方: launches cycles, decides returns and extensions, stops the clock, withdraws, manages keys. */
  Office = 'office',
  /** 承办单位经办人: a unit's steps on the cases it leads or co-handles. */
  UnitHandler = 'unit-handler',
  /** 承办单位负责人: what a handler does, plus the sign-off (审签). */
  UnitLeader = 'unit-leader',
  /** 督办部门: reads everything, decides reviews (督办审核). */
  Supervisor = 'supervisor',
  /** 代表履职平台, OA: signals unit steps on behalf of units; the platform records deputies' surveys. */
  Integrator = 'integrator',
  /** 公众: published replies and which unit handles what. */
  Public = 'public',
}

export const ROLES: readonly Role[] = Object.values(Role);

/** Roles whose keys act for one unit and must name it. */
export const UNIT_ROLES: readonly Role[] = [Role.UnitHandler, Role.UnitLeader];

/** Roles whose keys may name one unit (an integrator for one unit's OA) or none. */
export const OPTIONAL_UNIT_ROLES: readonly Role[] = [Role.Integrator];

/** Whoever a request is made by: a key, or nobody (`anonymous`, public routes only). */
export interface Principal {
  keyId: string;
  prefix: string;
  name: string;
  role: Role;
  /** The unit a unit key (or a unit's integrator key) acts for; its cases only. */
  unit: string | null;
}

/**
 * The actor recorded in a step's history: the unit and the key's name for a key that acts for a
 * unit (`区民政局/张三`), the key's name otherwise.
 */
export function actorOf(principal: Principal): string {
  return principal.unit ? `${principal.unit}/${principal.name}` : principal.name;
}
