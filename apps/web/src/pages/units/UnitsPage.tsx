import { Alert, Card, Progress, Space, Table } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import type { CaseSummary } from '../../api/types';
import { Chart } from '../../components/Chart';
import { allCases } from '../../components/counts';
import { CyclePicker } from '../../components/CyclePicker';
import { fill, W } from '../../labels';

interface UnitRow { unit: string; lead: number; co: number; overdue: number; replied: number; closed: number }

const REPLIED = new Set(['replied', 'visited', 'closed', 'rehandling', 'consultation']);

function perUnit(cases: CaseSummary[]): UnitRow[] {
  const rows = new Map<string, UnitRow>();
  const row = (unit: string) => rows.get(unit) ?? rows.set(unit, { unit, lead: 0, co: 0, overdue: 0, replied: 0, closed: 0 }).get(unit)!;
  for (const c of cases) {
    const lead = row(c.leadUnit);
    lead.lead++;
    if (c.overdue) lead.overdue++;
    if (REPLIED.has(c.stage)) lead.replied++;
    if (c.stage === 'closed') lead.closed++;
    for (const u of c.coUnits) row(u).co++;
  }
  return [...rows.values()].sort((a, b) => b.lead - a.lead || a.unit.localeCompare(b.unit));
}

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 100) : 0);

/**
 * 承办单位: a row per unit. Until the statistics API is there, what the case list gives: cases led
 * and co-handled, overdue, replied and closed, and the reply rate; the score comes with it.
 */
export default function UnitsPage() {
  const [cycleId, setCycleId] = useState<string>();
  const [cases, setCases] = useState<CaseSummary[]>();
  const [progress, setProgress] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setCases(undefined);
    allCases({ cycleId }, (done, total) => setProgress(`${done}/${total}`))
      .then(setCases)
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
  }, [cycleId]);
  const rows = useMemo(() => perUnit(cases ?? []), [cases]);
  const chart = useMemo(() => {
    const top = rows.slice(0, 15);
    return {
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 30, bottom: 70 },
      xAxis: { type: 'category' as const, data: top.map((r) => r.unit), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value' as const, minInterval: 1 },
      series: [
        { name: W.units.closedCases, type: 'bar' as const, stack: 'all', data: top.map((r) => r.closed), itemStyle: { color: '#389e0d' } },
        { name: W.common.overdue, type: 'bar' as const, stack: 'all', data: top.map((r) => r.overdue), itemStyle: { color: '#cf1322' } },
        { name: W.units.todo, type: 'bar' as const, stack: 'all', data: top.map((r) => r.lead - r.closed - r.overdue), itemStyle: { color: '#1677ff' } },
      ],
    };
  }, [rows]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={W.units.waitingForStatistics} />
      {error && <Alert type="error" showIcon title={error} />}
      <Card size="small" title={W.units.title} extra={<CyclePicker value={cycleId} onChange={setCycleId} />}>
        <Chart option={chart} height={240} testId="units-chart" />
        <Table<UnitRow>
          size="small"
          rowKey="unit"
          loading={!cases && !error ? { tip: progress } : false}
          dataSource={rows}
          data-testid="units-table"
          pagination={{ pageSize: 20, showTotal: (total) => fill(W.common.total, { total }) }}
          columns={[
            { title: W.common.unit, dataIndex: 'unit', render: (u: string) => <Link to={`/units/${encodeURIComponent(u)}`}>{u}</Link> },
            { title: W.units.leadCases, dataIndex: 'lead', width: 90, sorter: (a, b) => a.lead - b.lead },
            { title: W.units.coCases, dataIndex: 'co', width: 90, sorter: (a, b) => a.co - b.co },
            { title: W.units.overdueCases, dataIndex: 'overdue', width: 90, sorter: (a, b) => a.overdue - b.overdue },
            { title: W.units.closedCases, dataIndex: 'closed', width: 90 },
            { title: W.units.onTimeRate.replace('按期', ''), width: 160, render: (_, r) => <Progress size="small" percent={rate(r.replied, r.lead)} /> },
            { title: W.units.score, width: 90, render: () => W.common.notAvailable },
          ]}
        />
      </Card>
    </Space>
  );
}
