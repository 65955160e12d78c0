import { Alert, Card, Col, Descriptions, Empty, Row, Space, Spin, Statistic, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import type { CycleStatistics, Figures } from '../../api/types';
import { Chart } from '../../components/Chart';
import { countCases } from '../../components/counts';
import { CyclePicker } from '../../components/CyclePicker';
import { percent, RateText, useCycleParam, useCycleStatistics } from '../../components/statistics';
import { fill, LABELS, W } from '../../labels';

const S = W.statistics;

/** The cycle's results from the statistics API: the rates with what each rests on, the survey answers, A/B/C. */
function Results({ figures }: { figures: Figures }) {
  const final = figures.satisfaction.final;
  const pie = useMemo(() => ({
    tooltip: { trigger: 'item' as const },
    legend: { bottom: 0 },
    series: [{
      type: 'pie' as const, radius: ['40%', '65%'], center: ['50%', '42%'],
      data: [
        { name: S.satisfied, value: final.satisfied, itemStyle: { color: '#389e0d' } },
        { name: S.basicallySatisfied, value: final.basicallySatisfied, itemStyle: { color: '#95de64' } },
        { name: S.dissatisfied, value: final.dissatisfied, itemStyle: { color: '#cf1322' } },
        { name: S.noResponse, value: final.noResponse, itemStyle: { color: '#bfbfbf' } },
      ],
    }],
  }), [final]);
  const rates = [
    { key: 'reply', title: S.replyRate, rate: figures.replyRate },
    { key: 'on-time', title: S.onTimeRate, rate: figures.onTimeRate },
    { key: 'meeting', title: S.meetingRate, rate: figures.meetingRate },
    { key: 'satisfaction', title: S.satisfactionRate, rate: final.rate, people: true },
  ];
  return (
    <Row gutter={16}>
      <Col span={16}>
        <Row gutter={16} data-testid="overview-rates">
          {rates.map((r) => (
            <Col span={6} key={r.key} data-testid={`rate-${r.key}`}>
              <Statistic title={r.title} value={percent(r.rate)} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {fill(r.people ? S.restsOnPeople : S.restsOn, { numerator: r.rate.numerator, denominator: r.rate.denominator })}
              </Typography.Text>
            </Col>
          ))}
        </Row>
        <Descriptions size="small" column={1} style={{ marginTop: 12 }} items={[
          { key: 'on-time', label: S.onTimeRate, children: fill(S.onTime, { met: figures.onTime.met, extended: figures.onTime.metWithExtension, late: figures.onTime.late, overdue: figures.onTime.overdue, notYetDue: figures.onTime.notYetDue }) },
          { key: 'first', label: S.firstRoundRate, children: <RateText rate={figures.satisfaction.firstRound.rate} people /> },
          { key: 'split', label: S.satisfactionRate, children: fill(S.answersSplit, { own: figures.satisfaction.submitterGiven.answered, proxy: figures.satisfaction.proxyEntered.answered }) },
          { key: 'class', label: S.classification, children: figures.classification.levels.map((l) => `${l.code} ${l.label} ${l.count}件（${percent(l.share)}）`).join('；') || S.none },
          { key: 'promises', label: S.commitmentRate, children: <RateText rate={figures.commitments.rate} /> },
        ]} />
      </Col>
      <Col span={8}>
        <Typography.Text strong>{S.satisfaction}</Typography.Text>
        {final.answered + final.noResponse === 0
          ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={S.noAnswers} />
          : <Chart option={pie} height={220} testId="satisfaction-chart" />}
      </Col>
    </Row>
  );
}

/** The stages in the order a case meets them. */
const STAGES = Object.keys(LABELS.stage) as (keyof typeof LABELS.stage)[];
const ORDER: (keyof typeof LABELS.stage)[] = [
  'assigned', 'return-requested', 'signed', 'planned', 'contacted', 'drafted', 'revision', 'co-signed', 'signed-off', 'reviewed',
  'replied', 'visited', 'rehandling', 'consultation', 'closed',
];

interface Counts { total: number; overdue: number; keySupervised: number; attention: number; stages: Record<string, number> }

/**
 * 总览: where the cycle stands, step by step, counted by the server (the case list's totals); for a
 * chosen cycle, its results from the statistics API (rates with what they rest on, the survey split).
 */
export default function OverviewPage() {
  const [cycleId, setCycleId] = useCycleParam();
  const statistics = useCycleStatistics<CycleStatistics>(cycleId, 'statistics');
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
      {!cycleId ? <Alert type="info" showIcon title={S.chooseCycle} data-testid="choose-cycle" /> : (
        <Card size="small" title={S.results} extra={statistics.data && <Typography.Text type="secondary">{fill(S.asOf, { asOf: statistics.data.asOf })}</Typography.Text>}>
          {statistics.error && <Alert type="error" showIcon title={statistics.error} />}
          {statistics.loading && <Spin />}
          {statistics.data && <Results figures={statistics.data.figures} />}
        </Card>
      )}
    </Space>
  );
}
