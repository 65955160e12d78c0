import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, get } from '../api/client';
import type { Rate } from '../api/types';
import { fill, W } from '../labels';

const S = W.statistics;

/** The cycle a statistics page shows, kept in the address (`?cycle=`), so that a link opens the same figures. */
export function useCycleParam(): [string | undefined, (cycleId: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const cycleId = params.get('cycle') ?? undefined;
  const set = (next: string | undefined) => setParams((p) => {
    const copy = new URLSearchParams(p);
    if (next) copy.set('cycle', next);
    else copy.delete('cycle');
    return copy;
  }, { replace: true });
  return [cycleId, set];
}

/** A rate as people read it: 95.5%, or — when there is nothing to count. */
export function percent(rate: Rate): string {
  return rate.rate === null ? S.none : `${Math.round(rate.rate * 1000) / 10}%`;
}

/** A rate with what it rests on: 100% (6/6件). */
export function RateText({ rate, people = false, testId }: { rate: Rate; people?: boolean; testId?: string }) {
  return (
    <span data-testid={testId}>
      {percent(rate)}
      <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
        {fill(people ? S.restsOnPeople : S.restsOn, { numerator: rate.numerator, denominator: rate.denominator })}
      </Typography.Text>
    </span>
  );
}

/** One of the cycle's statistics routes (statistics, units), read again when the cycle changes; none without a cycle. */
export function useCycleStatistics<T>(cycleId: string | undefined, route: 'statistics' | 'units'): { data?: T; error?: string; loading: boolean } {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: false });
  useEffect(() => {
    if (!cycleId) {
      setState({ loading: false });
      return;
    }
    let cancelled = false;
    setState({ loading: true });
    get<T>(`/api/cycles/${encodeURIComponent(cycleId)}/${route}`)
      .then((data) => { if (!cancelled) setState({ data, loading: false }); })
      .catch((err: unknown) => { if (!cancelled) setState({ error: err instanceof ApiError ? err.message : String(err), loading: false }); });
    return () => { cancelled = true; };
  }, [cycleId, route]);
  return state;
}
