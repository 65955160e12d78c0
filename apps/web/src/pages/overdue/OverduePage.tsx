import { Alert as AntAlert, AutoComplete, Badge, Button, Card, Col, Empty, Form, Input, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get } from '../../api/client';
import type { Alert, CaseList, CaseResponse, CaseSummary } from '../../api/types';
import { DeadlineTag } from '../../components/DeadlineTag';
import { escalationOf, type Escalation } from '../../components/deadlines';
import { useAlertStream } from '../../components/useAlertStream';
import { useCycles } from '../../components/useCycles';
import { alertKindLabel, deadlineLabel, fill, formatInstant, LABELS, recipientLabel, W } from '../../labels';
import { useSession } from '../../session';

/** Overdue cases read in full (their deadlines and alerts) to rank them by working days overdue. */
const DETAIL_LIMIT = 200;
const SUMMARY_PAGE = 500;
const SUMMARY_LIMIT = 5000;
const CONCURRENCY = 4;

interface Row extends CaseSummary {
  view?: CaseResponse;
  escalation?: Escalation;
}

interface Filter { cycleId?: string; unit?: string; keySupervised?: string }

/**
 * 逾期与督办: every overdue case, most working days overdue first, with the rung of the
 * escalation ladder it reached and who was told, and each case's open deadlines lit green,
 * yellow or red. The alert stream keeps it current: a case that falls overdue appears at once.
 */
export default function OverduePage() {
  const { me } = useSession();
  const cycles = useCycles();
  const [filter, setFilter] = useState<Filter>({});
  const [summaries, setSummaries] = useState<CaseSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [details, setDetails] = useState<Record<string, CaseResponse>>({});
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const [live, setLive] = useState<Alert[]>([]);
  const cache = useRef<Record<string, CaseResponse>>({});
  const generation = useRef(0);

  const loadDetail = useCallback(async (caseId: string, fresh = false) => {
    if (!fresh && cache.current[caseId]) return;
    try {
      const view = await get<CaseResponse>(`/api/cases/${encodeURIComponent(caseId)}`);
      cache.current[caseId] = view;
      setDetails((d) => ({ ...d, [caseId]: view }));
    } catch {
      /* shown without its detail */
    }
  }, []);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const all: CaseSummary[] = [];
      let found = 0;
      for (let offset = 0; offset < SUMMARY_LIMIT; offset += SUMMARY_PAGE) {
        const page = await get<CaseList>('/api/cases', { ...filter, overdue: 'true', limit: SUMMARY_PAGE, offset });
        all.push(...page.cases);
        found = page.total;
        if (all.length >= page.total || page.cases.length === 0) break;
      }
      if (mine !== generation.current) return;
      setSummaries(all);
      setTotal(found);
      setError(undefined);
      const queue = all.slice(0, DETAIL_LIMIT).map((c) => c.caseId).filter((id) => !cache.current[id]);
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) await loadDetail(id);
      }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [filter, loadDetail]);

  useEffect(() => { void load(); }, [load]);

  // Live: every new alert is listed; one about a deadline refreshes that case and the list, at most
  // once a second however many arrive (the read model may record the case as overdue a moment after
  // the alert: the list is read again until the case is in it, a few times at most).
  const pending = useRef<Map<string, number>>(new Map());
  const reloadTimer = useRef<number | undefined>(undefined);
  const scheduleReload = useCallback(() => {
    if (reloadTimer.current !== undefined) return;
    reloadTimer.current = window.setTimeout(async () => {
      await load();
      for (const id of [...pending.current.keys()]) await loadDetail(id, true);
      reloadTimer.current = undefined;
      const listed = new Set(summariesRef.current.map((c) => c.caseId));
      for (const [id, tries] of pending.current) {
        if (listed.has(id) || cache.current[id]?.overdue === false || tries >= 8) pending.current.delete(id);
        else pending.current.set(id, tries + 1);
      }
      if (pending.current.size > 0) scheduleReload();
    }, 1000);
  }, [load, loadDetail]);
  const summariesRef = useRef<CaseSummary[]>([]);
  summariesRef.current = summaries;
  useEffect(() => () => window.clearTimeout(reloadTimer.current), []);

  const connected = useAlertStream((alert) => {
    setLive((l) => [alert, ...l].slice(0, 50));
    if (alert.kind === 'attention') return;
    delete cache.current[alert.caseId];
    if (alert.kind !== 'reminder') pending.current.set(alert.caseId, pending.current.get(alert.caseId) ?? 0);
    scheduleReload();
  }, { unit: me?.unit ?? undefined });

  const rows: Row[] = useMemo(() => {
    const withDetail = summaries.map((s) => {
      const view = details[s.caseId];
      return { ...s, view, escalation: view ? escalationOf(view.deadlines) : undefined };
    });
    return withDetail.sort((a, b) => {
      if (a.escalation && b.escalation) return b.escalation.daysOverdue - a.escalation.daysOverdue || a.caseId.localeCompare(b.caseId);
      if (a.escalation) return -1;
      if (b.escalation) return 1;
      return a.caseId.localeCompare(b.caseId);
    });
  }, [summaries, details]);

  const detailed = rows.filter((r) => r.view).length;
  const expected = Math.min(summaries.length, DETAIL_LIMIT);

  return (
    <Row gutter={16}>
      <Col span={17}>
        <Card size="small" title={W.overdue.title} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{W.light.legend}</Typography.Text>}>
          <Form layout="inline" onFinish={(v: Filter) => setFilter(v)} style={{ marginBottom: 12 }}>
            <Form.Item name="cycleId" label={W.common.cycle}>
              <AutoComplete style={{ width: 180 }} allowClear placeholder={W.common.cyclePlaceholder} options={cycles.map((c) => ({ value: c }))} />
            </Form.Item>
            {!me?.unit && <Form.Item name="unit" label={W.common.unit}><Input allowClear style={{ width: 130 }} /></Form.Item>}
            <Form.Item name="keySupervised" label={W.common.keySupervised}>
              <Select allowClear style={{ width: 80 }} options={[{ value: 'true', label: W.common.yes }, { value: 'false', label: W.common.no }]} />
            </Form.Item>
            <Button type="primary" htmlType="submit">{W.common.search}</Button>
            <Button style={{ marginLeft: 8 }} onClick={() => { cache.current = {}; setDetails({}); void load(); }}>{W.common.refresh}</Button>
          </Form>
          {error && <AntAlert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
          {detailed < expected && <Typography.Text type="secondary">{fill(W.overdue.computing, { done: detailed, total: expected })}</Typography.Text>}
          {total > DETAIL_LIMIT && <AntAlert type="info" showIcon style={{ marginBottom: 8 }} title={fill(W.overdue.tooMany, { total, limit: DETAIL_LIMIT })} />}
          <Table<Row>
            size="small"
            rowKey="caseId"
            loading={loading && rows.length === 0}
            dataSource={rows}
            data-testid="overdue-table"
            locale={{ emptyText: <Empty description={W.overdue.noOverdue} /> }}
            pagination={{ pageSize: 20, showTotal: (t) => fill(W.common.total, { total: t }), showSizeChanger: false }}
            columns={[
              {
                title: W.overdue.daysOverdue, width: 90, align: 'center',
                render: (_, r) => r.escalation ? <Typography.Text strong type="danger" data-testid="days-overdue">{r.escalation.daysOverdue}</Typography.Text> : '…',
              },
              { title: W.common.number, dataIndex: 'number', width: 70, render: (n: string, r) => `${LABELS.kindShort[r.kind]}${n}` },
              { title: W.common.title, dataIndex: 'title', render: (t: string, r) => <Link to={`/cases/${encodeURIComponent(r.caseId)}`}>{t}</Link> },
              { title: W.common.leadUnit, dataIndex: 'leadUnit', width: 100 },
              {
                title: W.overdue.overdueDeadline, width: 120,
                render: (_, r) => r.escalation?.deadline ? `${deadlineLabel(r.escalation.deadline.id)} ${r.escalation.deadline.due.dueOn}` : '',
              },
              { title: W.overdue.rung, width: 80, render: (_, r) => r.escalation?.rung ? <Tag color="red">{alertKindLabel(r.escalation.rung)}</Tag> : '' },
              { title: W.overdue.told, width: 150, render: (_, r) => r.escalation?.told.map(recipientLabel).join('、') },
              {
                title: W.overdue.openDeadlines, width: 210,
                render: (_, r) => r.view?.deadlines.map((d) => <DeadlineTag key={d.id} deadline={d} />),
              },
            ]}
          />
        </Card>
      </Col>
      <Col span={7}>
        <Card
          size="small"
          title={<Space>{W.overdue.live}<Badge status={connected ? 'success' : 'error'} text={connected ? W.overdue.liveConnected : W.overdue.liveDisconnected} data-testid="stream-status" data-connected={connected} /></Space>}
        >
          <List
            size="small"
            dataSource={live}
            data-testid="live-alerts"
            locale={{ emptyText: W.overdue.liveEmpty }}
            renderItem={(a) => (
              <List.Item>
                <List.Item.Meta
                  title={<Link to={`/cases/${encodeURIComponent(a.caseId)}`}>{a.title}</Link>}
                  description={`${formatInstant(a.emittedAt)} · ${a.recipientLabels.join('、')}`}
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
