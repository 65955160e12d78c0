import { Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { BanliEnv } from '../../../../libs/config';
import { CASE_WORKFLOW_TYPE, CaseSearch } from '../../../../libs/contract';
import { MAX_CASE_ID_LENGTH } from '../cases/cases.service';
import { TemporalTimeoutError } from '../errors/api-errors';

/** The units a case concerns: its lead unit and its co-units. */
export interface CaseParties {
  leadUnit: string;
  coUnits: string[];
}

/**
 * Reads a case's units from its search attributes (BanliLeadUnit, BanliCoUnits), which the
 * workflow keeps current (a reassigned case names its new lead). `undefined` for no such case.
 */
@Injectable()
export class CasePartiesService {
  constructor(private readonly client: Client, private readonly env: BanliEnv) {}

  async of(caseId: string): Promise<CaseParties | undefined> {
    if (caseId.length === 0 || caseId.length > MAX_CASE_ID_LENGTH) return undefined; // no case has such an id
    try {
      const description = await this.client.withDeadline(Date.now() + this.env.TEMPORAL_CALL_TIMEOUT_MS, () =>
        this.client.workflow.getHandle(caseId).describe(),
      );
      if (description.type !== CASE_WORKFLOW_TYPE) return undefined;
      const sa = description.typedSearchAttributes;
      return {
        leadUnit: sa.get(CaseSearch.leadUnit) ?? '',
        coUnits: (sa.get(CaseSearch.coUnits) ?? []).filter((unit) => unit !== ''),
      };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      if (isDeadlineExceeded(err)) {
        throw new TemporalTimeoutError('Temporal did not answer in time; retry the request');
      }
      throw err;
    }
  }
}

/** gRPC DEADLINE_EXCEEDED anywhere in the error's causes. */
function isDeadlineExceeded(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === 4) return true;
  }
  return false;
}
