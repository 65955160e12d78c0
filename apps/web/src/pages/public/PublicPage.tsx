import { AutoComplete, Button, Card, Form, Input, Select, Table, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get } from '../../api/client';
import type { PublicCaseSummary } from '../../api/types';
import { fill, kindLabel, LABELS, W } from '../../labels';

interface Filter { cycleId?: string; unit?: string; kind?: string; number?: string; q?: string }

/**
 * 公开查询, without a key: which unit handles which case, and each published reply (its page).
 * The cycle, unit and kind are filtered by the API (GET /api/public/cases); the number and the
 * words of the title here, over the cases it answers (at most 5,000).
 */
export default function PublicPage() {
  const [filter, setFilter] = useState<Filter>({});
  const [cases, setCases] = useState<PublicCaseSummary[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const list = await get<{ cases: PublicCaseSummary[] }>('/api/public/cases', { cycleId: filter.cycleId, unit: filter.unit, kind: filter.kind, limit: 5000 }, { key: null });
      setCases(list.cases);
      setError(undefined);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  }, [filter.cycleId, filter.unit, filter.kind]);
  useEffect(() => { void load(); }, [load]);

  const shown = useMemo(() => {
    const words = (filter.q ?? '').trim().split(/\s+/).filter(Boolean);
    return cases.filter((c) => (!filter.number || c.number === filter.number.trim()) && words.every((w) => c.title.includes(w)));
  }, [cases, filter.number, filter.q]);
  const cycles = useMemo(() => [...new Set(cases.map((c) => c.cycleId))], [cases]);

  return (
    <Card size="small" title={W.public.title}>
      <Typography.Paragraph type="secondary">{W.public.intro}</Typography.Paragraph>
      <Form layout="inline" onFinish={(v: Filter) => setFilter(v)} style={{ marginBottom: 12, rowGap: 8 }} data-testid="public-filter">
        <Form.Item name="cycleId" label={W.common.cycle}><AutoComplete allowClear style={{ width: 170 }} options={cycles.map((c) => ({ value: c }))} /></Form.Item>
        <Form.Item name="kind" label={W.common.kind}>
          <Select allowClear style={{ width: 140 }} options={Object.entries(LABELS.kind).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="number" label={W.common.number}><Input allowClear style={{ width: 90 }} /></Form.Item>
        <Form.Item name="unit" label={W.common.unit}><Input allowClear style={{ width: 130 }} /></Form.Item>
        <Form.Item name="q" label={W.common.words}><Input allowClear style={{ width: 180 }} /></Form.Item>
        <Button type="primary" htmlType="submit">{W.common.search}</Button>
      </Form>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Table<PublicCaseSummary>
        size="small"
        rowKey="caseId"
        loading={loading}
        dataSource={shown}
        data-testid="public-table"
        pagination={{ pageSize: 20, showTotal: (total) => fill(W.common.total, { total }) }}
        columns={[
          { title: W.common.number, dataIndex: 'number', width: 80, render: (n: string, c) => `${LABELS.kindShort[c.kind]}${n}` },
          { title: W.common.title, dataIndex: 'title', render: (t: string, c) => <Link to={`/public/${encodeURIComponent(c.caseId)}`}>{t}</Link> },
          { title: W.common.kind, dataIndex: 'kind', width: 120, render: kindLabel },
          { title: W.common.leadUnit, dataIndex: 'leadUnit', width: 130 },
          { title: W.common.coUnits, dataIndex: 'coUnits', width: 140, render: (u: string[]) => u.join('、') },
          { title: W.common.stage, dataIndex: 'stageLabel', width: 120 },
        ]}
      />
    </Card>
  );
}
