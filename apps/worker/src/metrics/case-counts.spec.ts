import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { CaseStage } from '../../../../libs/contract';
import { CaseCounts } from './case-counts';
import { WorkerMetrics } from './worker-metrics';

/** A client whose visibility count answers from a table of queries, and records what it was asked. */
function fakeClient(answer: (query: string) => number | Promise<number>) {
  const asked: string[] = [];
  const client = {
    workflow: {
      count: async (query: string) => {
        asked.push(query);
        return { count: await answer(query), groups: [] };
      },
    },
  } as unknown as Client;
  return { client, asked };
}

const running = 'WorkflowType = "caseWorkflow" AND ExecutionStatus = "Running"';

describe('CaseCounts', () => {
  it('asks one count per stage, and the overdue and attention counts, of running cases only', async () => {
    const { client, asked } = fakeClient((q) => (q.endsWith('BanliStage = "signed"') ? 3 : q.endsWith('BanliOverdue = true') ? 2 : q.endsWith('BanliNeedsAttention = true') ? 1 : 0));
    const snapshot = await new CaseCounts(client).current();
    expect(asked).toHaveLength(Object.values(CaseStage).length + 2);
    expect(asked.every((q) => q.startsWith(`${running} AND `))).toBe(true);
    expect(snapshot.byStage.get(CaseStage.Signed)).toBe(3);
    expect(snapshot.byStage.get(CaseStage.Assigned)).toBe(0);
    expect([snapshot.overdue, snapshot.needingAttention]).toEqual([2, 1]);
  });

  it('serves one snapshot for its time to live, then asks again; concurrent scrapes share one', async () => {
    let now = 1_000_000;
    const { client, asked } = fakeClient(() => 1);
    const counts = new CaseCounts(client, 15_000, () => now);
    const perFetch = Object.values(CaseStage).length + 2;
    const [a, b] = await Promise.all([counts.current(), counts.current()]);
    expect(a).toBe(b);
    expect(asked).toHaveLength(perFetch);
    now += 14_999;
    await counts.current();
    expect(asked).toHaveLength(perFetch);
    now += 1;
    await counts.current();
    expect(asked).toHaveLength(2 * perFetch);
  });

  it('does not keep a failure: the next scrape asks again', async () => {
    let fail = true;
    const { client, asked } = fakeClient(() => {
      if (fail) throw new Error('Temporal is down');
      return 4;
    });
    const counts = new CaseCounts(client);
    await expect(counts.current()).rejects.toThrow('Temporal is down');
    fail = false;
    const before = asked.length;
    expect((await counts.current()).overdue).toBe(4);
    expect(asked.length).toBeGreaterThan(before);
  });
});

describe('WorkerMetrics case gauges', () => {
  it('read the counts on scrape, and keep the last ones (counting the failure) when Temporal does not answer', async () => {
    let down = false;
    const { client } = fakeClient((q) => {
      if (down) throw new Error('unavailable');
      return q.endsWith('BanliStage = "assigned"') ? 6 : q.endsWith('BanliOverdue = true') ? 5 : 0;
    });
    const metrics = new WorkerMetrics();
    metrics.watchCases(client);
    const first = await metrics.registry.metrics();
    expect(first).toContain('banli_open_cases{stage="assigned"} 6');
    expect(first).toContain('banli_overdue_cases 5');
    expect(first).toContain('banli_case_counts_failures_total 0');

    down = true;
    (metrics as unknown as { caseCounts: CaseCounts }).caseCounts = new CaseCounts(client); // past the cache
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const second = await metrics.registry.metrics();
    expect(second).toContain('banli_open_cases{stage="assigned"} 6');
    expect(second).toContain('banli_case_counts_failures_total 1');
    expect(warned).toHaveBeenCalledWith(expect.stringContaining('could not count cases in Temporal: unavailable'));
    warned.mockRestore();
  });
});
