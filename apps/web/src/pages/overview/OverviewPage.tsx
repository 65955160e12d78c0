import { Alert, Card, Col, Row, Space, Spin, Statistic } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import { Chart } from '../../components/Chart';
import { countCases } from '../../components/counts';
import { CyclePicker } from '../../components/CyclePicker';
import { LABELS, W } from '../../labels';

/** The stages in the order a case meets them. */
const STAGES = Object.keys(LABELS.stage) as (keyof typeof LABELS.stage)[];
const ORDER: (keyof typeof LABELS.stage)[] = [
  'assigned', 'return-requested', 'signed', 'planned', 'contacted', 'drafted', 'revision', 'co-signed', 'signed-off', 'reviewed',
  'replied', 'visited', 'rehandling', 'consultation', 'closed',
];

interface Counts { total: number; overdue: number; keySupervised: number; attention: number; stages: Record<string, number> }

/**
 * 总览: where the cycle stands, step by step, counted by the server (the case list's totals); the
 * on-time and satisfaction rates come with the statistics API.
 */
export default function OverviewPage() {
  const [cycleId, setCycleId] = useState<string>();
  const [counts, setCounts] = useState<Counts>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    setCounts(undefined);
    (async () => {
      const base = { cycleId };
      const [total, overdue, keySupervised, attention, ...perStage] = await Promise.all([
        countCases(base), countCases({ ...base, overdue: 'true' }), countCases({ ...base, keySupervised: 'true' }), countCases({ ...base, needsAttention: 'true' }),
        ...STAGES.map((stage) => countCases({ ...base, stage })),
      ]);
      if (!cancelled) setCounts({ total, overdue, keySupervised, attention, stages: Object.fromEntries(STAGES.map((s, i) => [s, perStage[i]])) });
    })().catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
    return () => { cancelled = true; };
  }, [cycleId]);

  const stages = ORDER.filter((s) => (counts?.stages[s] ?? 0) > 0 || !['return-requested', 'revision', 'rehandling', 'consultation'].includes(s));
  const progress = useMemo(() => ({
    tooltip: { trigger: 'axis' as const },
    grid: { left: 40, right: 16, top: 24, bottom: 60 },
    xAxis: { type: 'category' as const, data: stages.map((s) => LABELS.stage[s]), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: [{ name: W.overview.stageCount, type: 'bar' as const, data: stages.map((s) => counts?.stages[s] ?? 0), itemStyle: { color: '#b71c1c' }, label: { show: true, position: 'top' as const } }],
  }), [counts, stages]);
  const overduePie = useMemo(() => ({
    tooltip: { trigger: 'item' as const },
    series: [{
      type: 'pie' as const, radius: ['45%', '70%'],
      data: [
        { name: W.common.overdue, value: counts?.overdue ?? 0, itemStyle: { color: '#cf1322' } },
        { name: W.light.green, value: Math.max(0, (counts?.total ?? 0) - (counts?.overdue ?? 0)), itemStyle: { color: '#389e0d' } },
      ],
    }],
  }), [counts]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={W.overview.title} extra={<CyclePicker value={cycleId} onChange={setCycleId} />}>
        {error && <Alert type="error" showIcon title={error} />}
        {!counts ? <Spin /> : (
          <Row gutter={16} data-testid="overview-figures">
            <Col span={4}><Statistic title={W.overview.totalCount} value={counts.total} /></Col>
            <Col span={4}><Statistic title={W.overview.closedCount} value={counts.stages.closed ?? 0} /></Col>
            <Col span={4}><Statistic title={W.overview.overdueCount} value={counts.overdue} valueStyle={{ color: '#cf1322' }} /></Col>
            <Col span={4}><Statistic title={W.overview.keySupervisedCount} value={counts.keySupervised} /></Col>
            <Col span={4}><Statistic title={W.overview.attentionCount} value={counts.attention} /></Col>
          </Row>
        )}
      </Card>
      <Row gutter={16}>
        <Col span={16}><Card size="small" title={W.overview.progress}><Chart option={progress} testId="progress-chart" /></Card></Col>
        <Col span={8}><Card size="small" title={`${W.common.overdue} / ${W.overview.totalCount}`}><Chart option={overduePie} testId="overdue-chart" /></Card></Col>
      </Row>
      <Alert type="info" showIcon title={`${W.overview.onTime}、${W.overview.satisfaction}`} description={W.overview.waitingForStatistics} />
    </Space>
  );
}
