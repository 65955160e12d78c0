import { Alert, Card, Progress, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import type { CaseSummary, UnitStatistics, UnitTable } from '../../api/types';
import { Chart } from '../../components/Chart';
import { allCases } from '../../components/counts';
import { CyclePicker } from '../../components/CyclePicker';
import { RateText, useCycleParam, useCycleStatistics } from '../../components/statistics';
import { fill, W } from '../../labels';

const S = W.statistics;
const unitLink = (u: string) => <Link to={`/units/${encodeURIComponent(u)}`}>{u}</Link>;

/** A cycle's unit table from the statistics API: each rate with what it rests on, the score and the rank. */
function StatisticsTable({ table }: { table: UnitTable }) {
  const total: UnitStatistics = {
    unit: S.total, rank: null, ranked: false, score: null, assessedCases: 0, figures: table.total,
    coHandled: { cases: 0, opinionGiven: 0, opinionOnTimeRate: { numerator: 0, denominator: 0, rate: null }, overdueNow: 0, score: null, assessedCases: 0 },
  };
  const chart = {
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 30, bottom: 70 },
    xAxis: { type: 'category' as const, data: table.units.slice(0, 15).map((u) => u.unit), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value' as const, max: 100 },
    series: [
      { name: S.onTimeRate, type: 'bar' as const, data: table.units.slice(0, 15).map((u) => (u.figures.onTimeRate.rate === null ? null : Math.round(u.figures.onTimeRate.rate * 100))), itemStyle: { color: '#1677ff' } },
      { name: S.satisfactionRate, type: 'bar' as const, data: table.units.slice(0, 15).map((u) => (u.figures.satisfaction.final.rate.rate === null ? null : Math.round(u.figures.satisfaction.final.rate.rate * 100))), itemStyle: { color: '#389e0d' } },
      { name: S.score, type: 'line' as const, data: table.units.slice(0, 15).map((u) => u.score), itemStyle: { color: '#b71c1c' } },
    ],
  };
  return (
    <>
      <Chart option={chart} height={240} testId="units-chart" />
      <Table<UnitStatistics>
        size="small"
        rowKey="unit"
        dataSource={[...table.units, total]}
        data-testid="units-table"
        pagination={false}
        scroll={{ x: 1100 }}
        columns={[
          { title: S.rank, width: 70, render: (_, u) => (u.unit === S.total ? '' : u.ranked ? <span data-testid="unit-rank">{u.rank}</span> : <Tag>{S.unranked}</Tag>) },
          { title: W.common.unit, dataIndex: 'unit', width: 140, render: (u: string) => (u === S.total ? <strong>{u}</strong> : unitLink(u)) },
          { title: S.cases, width: 80, render: (_, u) => u.figures.cases },
          { title: S.replyRate, width: 120, render: (_, u) => <RateText rate={u.figures.replyRate} /> },
          { title: S.onTimeRate, width: 120, render: (_, u) => <RateText rate={u.figures.onTimeRate} testId="unit-on-time" /> },
          { title: S.meetingRate, width: 120, render: (_, u) => <RateText rate={u.figures.meetingRate} /> },
          { title: S.satisfactionRate, width: 130, render: (_, u) => <RateText rate={u.figures.satisfaction.final.rate} people /> },
          { title: S.overdueNow, width: 80, render: (_, u) => u.figures.overdueNow.cases },
          { title: S.coHandled, width: 80, render: (_, u) => (u.unit === S.total ? '' : u.coHandled.cases) },
          { title: S.score, width: 90, render: (_, u) => <span data-testid="unit-score">{u.score ?? S.none}</span> },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fill(S.unrankedHint, { min: table.minimumCasesToRank })}</Typography.Text>
    </>
  );
}

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
 * 承办单位: a row per unit. For a cycle, the statistics API's unit table (rates, score, rank); across
 * every cycle, what the case list gives: cases led and co-handled, overdue, replied and closed.
 */
export default function UnitsPage() {
  const [cycleId, setCycleId] = useCycleParam();
  const statistics = useCycleStatistics<UnitTable>(cycleId, 'units');
  const [cases, setCases] = useState<CaseSummary[]>();
  const [progress, setProgress] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setCases(undefined);
    if (cycleId) return; // a cycle's table comes from the statistics API
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
      {!cycleId && <Alert type="info" showIcon title={S.chooseCycle} data-testid="choose-cycle" />}
      {(error ?? statistics.error) && <Alert type="error" showIcon title={error ?? statistics.error} />}
      <Card
        size="small"
        title={W.units.title}
        extra={<Space>{statistics.data && <Typography.Text type="secondary">{fill(S.asOf, { asOf: statistics.data.asOf })}</Typography.Text>}<CyclePicker value={cycleId} onChange={setCycleId} /></Space>}
        loading={statistics.loading}
      >
        {cycleId ? statistics.data && <StatisticsTable table={statistics.data} /> : <>
        <Chart option={chart} height={240} testId="units-chart" />
        <Table<UnitRow>
          size="small"
          rowKey="unit"
          loading={!cases && !error ? { tip: progress } : false}
          dataSource={rows}
          data-testid="units-table"
          pagination={{ pageSize: 20, showTotal: (total) => fill(W.common.total, { total }) }}
          columns={[
            { title: W.common.unit, dataIndex: 'unit', render: unitLink },
            { title: W.units.leadCases, dataIndex: 'lead', width: 90, sorter: (a, b) => a.lead - b.lead },
            { title: W.units.coCases, dataIndex: 'co', width: 90, sorter: (a, b) => a.co - b.co },
            { title: W.units.overdueCases, dataIndex: 'overdue', width: 90, sorter: (a, b) => a.overdue - b.overdue },
            { title: W.units.closedCases, dataIndex: 'closed', width: 90 },
            { title: W.units.onTimeRate.replace('按期', ''), width: 160, render: (_, r) => <Progress size="small" percent={rate(r.replied, r.lead)} /> },
          ]}
        />
        </>}
      </Card>
    </Space>
  );
}
