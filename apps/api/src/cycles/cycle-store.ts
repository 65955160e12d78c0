import { Injectable } from '@nestjs/common';
import { CycleRepository, type CycleRow } from '../../../../libs/db';
import type { CaseKind, HandlingPolicy } from '../../../../libs/policy';
import { ConflictError } from '../errors/api-errors';
import type { CycleContext } from './case-input';
import type { PolicyOverrides } from './dto/launch-cycle.dto';

/** What a launch says about its cycle (besides its cases). */
export interface CycleDefinition {
  cycleId: string;
  title: string;
  jurisdiction?: string;
  sessionClosedOn?: string;
  policyOverrides?: PolicyOverrides;
}

/** Launched cycles (the `cycles` table): written at a cycle's first launch, read when cases are added to it. */
@Injectable()
export class CycleStore {
  constructor(private readonly cycles: CycleRepository) {}

  /**
   * The cycle as its first launch defined it, recorded now if this is that launch. A launch again
   * must repeat the cycle's title, jurisdiction, session close and policy overrides: cases already
   * started keep them, so a different value is refused (ConflictError) rather than half applied.
   */
  async record(cycle: CycleDefinition, policies: Record<CaseKind, HandlingPolicy>): Promise<CycleContext> {
    const row = await this.cycles.insertOnce({
      id: cycle.cycleId,
      title: cycle.title,
      jurisdiction: cycle.jurisdiction ?? null,
      sessionClosedOn: cycle.sessionClosedOn ?? null,
      policies,
      policyOverrides: cycle.policyOverrides ?? null,
    });
    throwIfConflicting(row, cycle);
    return contextOf(row);
  }

  /**
   * The cycle as a launch of it would run (as stored, or as this launch defines it if it is the
   * first), recording nothing: the same refusal as `record` for a cycle launched with other values.
   */
  async check(cycle: CycleDefinition, policies: Record<CaseKind, HandlingPolicy>): Promise<CycleContext> {
    const row = await this.cycles.findById(cycle.cycleId);
    if (!row) {
      return {
        cycleId: cycle.cycleId,
        title: cycle.title,
        ...(cycle.jurisdiction ? { jurisdiction: cycle.jurisdiction } : {}),
        ...(cycle.sessionClosedOn ? { sessionClosedOn: cycle.sessionClosedOn } : {}),
        policies,
      };
    }
    throwIfConflicting(row, cycle);
    return contextOf(row);
  }

  async find(cycleId: string): Promise<CycleContext | undefined> {
    const row = await this.cycles.findById(cycleId);
    return row ? contextOf(row) : undefined;
  }
}

function throwIfConflicting(row: CycleRow, cycle: CycleDefinition): void {
  const differing = differences(row, cycle);
  if (differing.length > 0) {
    throw new ConflictError(
      'CycleConflict',
      `cycle ${cycle.cycleId} was launched with another ${differing.join(', ')}; launching it again must repeat them ` +
        `(add cases with POST /api/cycles/${cycle.cycleId}/cases)`,
    );
  }
}

function contextOf(row: CycleRow): CycleContext {
  return {
    cycleId: row.id,
    title: row.title,
    ...(row.jurisdiction !== null ? { jurisdiction: row.jurisdiction } : {}),
    ...(row.session_closed_on !== null ? { sessionClosedOn: row.session_closed_on } : {}),
    policies: row.policies as Record<CaseKind, HandlingPolicy>,
  };
}

function differences(row: CycleRow, cycle: CycleDefinition): string[] {
  const fields: [string, unknown, unknown][] = [
    ['title', row.title, cycle.title],
    ['jurisdiction', row.jurisdiction, cycle.jurisdiction ?? null],
    ['sessionClosedOn', row.session_closed_on, cycle.sessionClosedOn ?? null],
    ['policyOverrides', row.policy_overrides ?? {}, cycle.policyOverrides ?? {}],
  ];
  return fields.filter(([, stored, sent]) => canonical(stored) !== canonical(sent)).map(([name]) => name);
}

/** JSON with object keys sorted, so equal documents compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
