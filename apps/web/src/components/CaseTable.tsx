import { AutoComplete, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get } from '../api/client';
import type { CaseList, CaseSummary } from '../api/types';
import { fill, formatInstant, kindLabel, LABELS, stageLabel, W } from '../labels';
import { useSession } from '../session';
import { useCycles } from './useCycles';

export interface CaseFilter {
  cycleId?: string;
  unit?: string;
  stage?: string;
  kind?: string;
  overdue?: string;
  keySupervised?: string;
  needsAttention?: string;
  q?: string;
}

/**
 * The case list, paged and filtered by the server (GET /api/cases with limit, offset and total):
 * usable with a cycle of 10,000 cases. A unit key's list is its own unit's whatever it asks.
 */
export function CaseTable({ fixed = {}, pageSize: initialPageSize = 20, title }: { fixed?: CaseFilter; pageSize?: number; title?: string }) {
  const { me } = useSession();
  const cycles = useCycles();
  const [form] = Form.useForm<CaseFilter>();
  const [filter, setFilter] = useState<CaseFilter>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const [data, setData] = useState<CaseList>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const fixedKey = JSON.stringify(fixed);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const query = { ...filter, ...(JSON.parse(fixedKey) as CaseFilter), limit: pageSize, offset: (page - 1) * pageSize };
      setData(await get<CaseList>('/api/cases', query));
      setError(undefined);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  }, [filter, fixedKey, page, pageSize]);

  useEffect(() => { void load(); }, [load]);

  const yesNo = [{ value: 'true', label: W.common.yes }, { value: 'false', label: W.common.no }];
  return (
    <Card size="small" title={title}>
      <Form form={form} layout="inline" onFinish={(values) => { setFilter(values); setPage(1); }} style={{ marginBottom: 12, rowGap: 8 }} data-testid="case-filter">
        {!fixed.cycleId && (
          <Form.Item name="cycleId" label={W.common.cycle}>
            <AutoComplete style={{ width: 180 }} allowClear placeholder={W.common.cyclePlaceholder} options={cycles.map((c) => ({ value: c }))} />
          </Form.Item>
        )}
        {!fixed.unit && !me?.unit && (
          <Form.Item name="unit" label={W.common.unit}><Input allowClear style={{ width: 130 }} placeholder={W.common.unitPlaceholder} /></Form.Item>
        )}
        <Form.Item name="stage" label={W.common.stage}>
          <Select allowClear style={{ width: 130 }} options={Object.entries(LABELS.stage).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="kind" label={W.common.kind}>
          <Select allowClear style={{ width: 130 }} options={Object.entries(LABELS.kind).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        {!fixed.overdue && <Form.Item name="overdue" label={W.common.overdue}><Select allowClear style={{ width: 70 }} options={yesNo} /></Form.Item>}
        <Form.Item name="keySupervised" label={W.common.keySupervised}><Select allowClear style={{ width: 70 }} options={yesNo} /></Form.Item>
        <Form.Item name="q" label={W.common.words}><Input allowClear style={{ width: 200 }} placeholder={W.common.wordsPlaceholder} /></Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">{W.common.search}</Button>
          <Button onClick={() => { form.resetFields(); setFilter({}); setPage(1); }}>{W.common.reset}</Button>
        </Space>
      </Form>
      {error && <Typography.Text type="danger">{W.common.error}：{error}</Typography.Text>}
      <Table<CaseSummary>
        size="small"
        rowKey="caseId"
        loading={loading}
        dataSource={data?.cases ?? []}
        data-testid="case-table"
        pagination={{
          current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100],
          showTotal: (total) => fill(W.common.total, { total }),
          onChange: (p, s) => { setPage(s !== pageSize ? 1 : p); setPageSize(s); },
        }}
        columns={[
          { title: W.common.number, dataIndex: 'number', width: 90, render: (n: string, c) => `${LABELS.kindShort[c.kind]}${n}` },
          { title: W.common.title, dataIndex: 'title', render: (t: string, c) => <Link to={`/cases/${encodeURIComponent(c.caseId)}`}>{t}</Link> },
          { title: W.common.kind, dataIndex: 'kind', width: 110, render: kindLabel },
          { title: W.common.leadUnit, dataIndex: 'leadUnit', width: 120 },
          { title: W.common.coUnits, dataIndex: 'coUnits', width: 130, render: (u: string[]) => u.join('、') },
          { title: W.common.stage, dataIndex: 'stage', width: 110, render: stageLabel },
          {
            title: '', width: 150,
            render: (_, c) => (
              <Space size={2} wrap>
                {c.overdue && <Tag color="red">{W.common.overdue}</Tag>}
                {c.keySupervised && <Tag color="volcano">{W.common.keySupervised}</Tag>}
                {c.needsAttention && <Tag color="orange">{W.common.needsAttention}</Tag>}
                {c.closedAs && <Tag>{(LABELS.closedAs as Record<string, string>)[c.closedAs]}</Tag>}
              </Space>
            ),
          },
          { title: W.common.replyDue, dataIndex: 'replyDueAt', width: 100, render: (at?: string) => formatInstant(at ? new Date(Date.parse(at) - 1).toISOString() : undefined).slice(0, 10) },
        ]}
      />
    </Card>
  );
}
