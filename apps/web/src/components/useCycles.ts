import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { CaseList } from '../api/types';

const REMEMBERED = 'banli.cycles';

/** Cycles this browser launched, remembered for the cycle pickers. */
export function rememberCycle(cycleId: string): void {
  const known = new Set<string>(JSON.parse(localStorage.getItem(REMEMBERED) ?? '[]') as string[]);
  known.add(cycleId);
  localStorage.setItem(REMEMBERED, JSON.stringify([...known]));
}

/**
 * The cycles to pick from: those the first page of the case list names, and those launched from
 * this browser (the API has no list of cycles; any cycle id may also be typed).
 */
export function useCycles(): string[] {
  const [cycles, setCycles] = useState<string[]>(() => JSON.parse(localStorage.getItem(REMEMBERED) ?? '[]') as string[]);
  useEffect(() => {
    get<CaseList>('/api/cases', { limit: 500 })
      .then((list) => setCycles((known) => [...new Set([...known, ...list.cases.map((c) => c.cycleId)])].sort()))
      .catch(() => undefined);
  }, []);
  return cycles;
}
