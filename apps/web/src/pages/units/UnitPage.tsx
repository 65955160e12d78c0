import { Card, Col, Row, Space, Statistic } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { CaseTable } from '../../components/CaseTable';
import { countCases } from '../../components/counts';
import { W } from '../../labels';
import { useSession } from '../../session';

/** A unit's own page, for its handlers: its figures and its cases (a unit key sees its own unit's whatever the address says). */
export default function UnitPage() {
  const { unit: param = '' } = useParams();
  const { me } = useSession();
  const unit = me?.unit ?? param;
  const [counts, setCounts] = useState<{ total: number; overdue: number; closed: number; assigned: number }>();
  useEffect(() => {
    void Promise.all([
      countCases({ unit }), countCases({ unit, overdue: 'true' }), countCases({ unit, stage: 'closed' }), countCases({ unit, stage: 'assigned' }),
    ]).then(([total, overdue, closed, assigned]) => setCounts({ total, overdue, closed, assigned })).catch(() => undefined);
  }, [unit]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={`${unit} · ${W.units.unitPage}`}>
        <Row gutter={16} data-testid="unit-figures">
          <Col span={6}><Statistic title={W.units.cases} value={counts?.total ?? '-'} /></Col>
          <Col span={6}><Statistic title={`${W.historyAction.assign}（${W.cases.yourActions}：${W.units.todo}）`} value={counts?.assigned ?? '-'} /></Col>
          <Col span={6}><Statistic title={W.units.overdueCases} value={counts?.overdue ?? '-'} valueStyle={{ color: '#cf1322' }} /></Col>
          <Col span={6}><Statistic title={W.units.closedCases} value={counts?.closed ?? '-'} /></Col>
        </Row>
      </Card>
      <CaseTable fixed={{ unit }} title={W.cases.list} />
    </Space>
  );
}
