import { Injectable } from '@nestjs/common';
import { CycleRepository } from '../../../../libs/db';
import { DEFAULT_DOCUMENTS, presetFor, type CaseKind, type DocumentsRule, type HandlingPolicy } from '../../../../libs/policy';

/**
 * The policy a case runs under, as its cycle recorded it at launch (`cycles.policies`, per kind);
 * the kind's preset for a cycle launched before cycles were recorded.
 */
@Injectable()
export class CasePolicies {
  constructor(private readonly cycles: CycleRepository) {}

  async of(c: { cycleId: string; kind: CaseKind }): Promise<HandlingPolicy> {
    const row = await this.cycles.findById(c.cycleId);
    const recorded = (row?.policies as Partial<Record<CaseKind, HandlingPolicy>> | undefined)?.[c.kind];
    return recorded ?? presetFor(c.kind);
  }

  /** `documents`, or the default for a policy written before the section existed. */
  async documents(c: { cycleId: string; kind: CaseKind }): Promise<DocumentsRule> {
    return (await this.of(c)).documents ?? { ...DEFAULT_DOCUMENTS };
  }
}
