import type { Client } from '@temporalio/client';
import { CASE_WORKFLOW_TYPE, CaseSearch, CaseStage } from '../../../../libs/contract';

/** Running cases: how many stand at each stage, how many are overdue, how many need the office. */
export interface CaseCountsSnapshot {
  byStage: Map<CaseStage, number>;
  overdue: number;
  needingAttention: number;
  /** When Temporal answered them (ms since the epoch). */
  at: number;
}

/** How long one snapshot serves scrapes: Prometheus may scrape often, Temporal is asked at most this often. */
export const CASE_COUNTS_TTL_MS = 15_000;

/**
 * The case gauges, from Temporal visibility (the search attributes the case workflow keeps). Its
 * count accepts GROUP BY for ExecutionStatus only, so it is one count per stage, all at once,
 * kept for CASE_COUNTS_TTL_MS; scrapes meanwhile (or while the counts are on their way) share it.
 */
export class CaseCounts {
  private cached?: { at: number; snapshot: Promise<CaseCountsSnapshot> };

  constructor(
    private readonly client: Client,
    private readonly ttlMs = CASE_COUNTS_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  current(): Promise<CaseCountsSnapshot> {
    const at = this.now();
    if (this.cached && at - this.cached.at < this.ttlMs) return this.cached.snapshot;
    const snapshot = this.fetch();
    this.cached = { at, snapshot };
    // A failure is not kept: the next scrape asks again.
    snapshot.catch(() => {
      if (this.cached?.snapshot === snapshot) this.cached = undefined;
    });
    return snapshot;
  }

  private async fetch(): Promise<CaseCountsSnapshot> {
    const running = `WorkflowType = "${CASE_WORKFLOW_TYPE}" AND ExecutionStatus = "Running"`;
    const count = async (clause: string) => (await this.client.workflow.count(`${running} AND ${clause}`)).count;
    const stages = Object.values(CaseStage);
    const [overdue, needingAttention, ...perStage] = await Promise.all([
      count(`${CaseSearch.overdue.name} = true`),
      count(`${CaseSearch.needsAttention.name} = true`),
      ...stages.map((stage) => count(`${CaseSearch.stage.name} = "${stage}"`)),
    ]);
    return { byStage: new Map(stages.map((stage, i) => [stage, perStage[i]])), overdue, needingAttention, at: this.now() };
  }
}
