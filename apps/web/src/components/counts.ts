import { get } from '../api/client';
import type { CaseList, CaseSummary } from '../api/types';

/** How many cases match: one request of one case, its `total` (the server counts). */
export async function countCases(query: Record<string, string | undefined>): Promise<number> {
  return (await get<CaseList>('/api/cases', { ...query, limit: 1 })).total;
}

/** Every case matching `query`, page after page (5,000 a page, the API's largest). */
export async function allCases(query: Record<string, string | undefined>, onProgress?: (done: number, total: number) => void): Promise<CaseSummary[]> {
  const all: CaseSummary[] = [];
  for (let offset = 0; ; offset += 5000) {
    const page = await get<CaseList>('/api/cases', { ...query, limit: 5000, offset });
    all.push(...page.cases);
    onProgress?.(all.length, page.total);
    if (all.length >= page.total || page.cases.length === 0) return all;
  }
}
