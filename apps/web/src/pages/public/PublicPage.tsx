import { AutoComplete, Button, Card, Checkbox, Form, Input, Select, Table, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get } from '../../api/client';
import type { PublicCaseSummary } from '../../api/types';
import { fill, kindLabel, LABELS, W } from '../../labels';

interface Filter { cycleId?: string; session?: string; unit?: string; kind?: string; number?: string; q?: string; published?: boolean }

const PAGE_SIZE = 20;

/**
 * 公开查询, without a key: which unit handles which case, and each published reply (its page).
 * Every filter and the paging are the API's (GET /api/public/cases): cycle, session, number, unit,
 * kind, words of the title or of a reply published in full, published replies only.
 */
export default function PublicPage() {
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const [list, setList] = useState<{ total: number; cases: PublicCaseSummary[] }>({ total: 0, cases: [] });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const answer = await get<{ total: number; cases: PublicCaseSummary[] }>('/api/public/cases', {
        cycleId: filter.cycleId?.trim(), session: filter.session?.trim(), unit: filter.unit?.trim(), kind: filter.kind,
        number: filter.number?.trim(), q: filter.q?.trim(), published: filter.published ? 'true' : undefined,
        limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE,
      }, { key: null });
      setList(answer);
      setError(undefined);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  }, [filter, page]);
  useEffect(() => { void load(); }, [load]);

  const cycles = useMemo(() => [...new Set(list.cases.map((c) => c.cycleId))], [list]);
  const sessions = useMemo(() => [...new Set(list.cases.map((c) => c.session).filter(Boolean))], [list]);

  return (
    <Card size="small" title={W.public.title}>
      <Typography.Paragraph type="secondary">{W.public.intro}</Typography.Paragraph>
      <Form layout="inline" onFinish={(v: Filter) => { setFilter(v); setPage(1); }} style={{ marginBottom: 12, rowGap: 8 }} data-testid="public-filter">
        <Form.Item name="cycleId" label={W.common.cycle}><AutoComplete allowClear style={{ width: 170 }} options={cycles.map((c) => ({ value: c }))} /></Form.Item>
        <Form.Item name="session" label={W.common.session}><AutoComplete allowClear style={{ width: 200 }} options={sessions.map((c) => ({ value: c }))} /></Form.Item>
        <Form.Item name="kind" label={W.common.kind}>
          <Select allowClear style={{ width: 140 }} options={Object.entries(LABELS.kind).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="number" label={W.common.number}><Input allowClear style={{ width: 90 }} /></Form.Item>
        <Form.Item name="unit" label={W.common.unit}><Input allowClear style={{ width: 130 }} /></Form.Item>
        <Form.Item name="q" label={W.common.words}><Input allowClear style={{ width: 180 }} placeholder={W.public.wordsPlaceholder} /></Form.Item>
        <Form.Item name="published" valuePropName="checked"><Checkbox>{W.public.onlyPublished}</Checkbox></Form.Item>
        <Button type="primary" htmlType="submit">{W.common.search}</Button>
      </Form>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Table<PublicCaseSummary>
        size="small"
        rowKey="caseId"
        loading={loading}
        dataSource={list.cases}
        data-testid="public-table"
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.total, showSizeChanger: false, onChange: setPage, showTotal: (total) => fill(W.common.total, { total }) }}
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
