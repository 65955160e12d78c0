import { Alert, App, Badge, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Steps, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError, download, get } from '../../api/client';
import type { CaseAlert, CaseDeadline, CaseResponse, CoUnitResponse, HistoryEntry, Me, SurveyLinks } from '../../api/types';
import { LIGHT_COLORS, lightOf } from '../../components/deadlines';
import { StepForm } from '../../components/StepForm';
import {
  actionLabel, alertKindLabel, caseNumberLabel, deadlineLabel, formatInstant, historyActionLabel, kindLabel, LABELS, lastDayBefore, recipientLabel, stageLabel, W,
} from '../../labels';
import { useSession } from '../../session';

/** The steps a case walks, in order, for the timeline. */
function chainOf(view: CaseResponse): string[] {
  if (view.kind === 'hotline-ticket') return ['sign', 'reply', 'survey'];
  return ['sign', 'work-plan', 'contact', 'draft-reply', ...(view.coUnits.length ? ['co-sign'] : []), 'sign-off', 'review', 'reply', 'visit', 'survey', 'publish'];
}

function Timeline({ view }: { view: CaseResponse }) {
  const chain = chainOf(view);
  const done = new Set(view.history.map((h) => h.action as string));
  const next = chain.findIndex((s) => !done.has(s));
  return (
    <Steps
      size="small"
      current={next < 0 ? chain.length : next}
      data-testid="case-timeline"
      items={[
        { title: W.historyAction.assign, status: 'finish', description: view.assignedOn },
        ...chain.map((step) => {
          const entry = [...view.history].reverse().find((h) => h.action === step);
          const isNext = view.allowedActions.includes(step as never) && !entry;
          return {
            title: actionLabel(step),
            status: entry ? ('finish' as const) : isNext ? ('process' as const) : ('wait' as const),
            description: entry ? formatInstant(entry.at).slice(0, 10) : undefined,
          };
        }),
      ]}
    />
  );
}

function alertText(a: CaseAlert): string {
  return `${alertKindLabel(a.kind)} → ${(a.recipients as string[]).map(recipientLabel).join('、')}（${(LABELS.alertStatus as Record<string, string>)[a.status] ?? a.status} ${formatInstant(a.sentAt ?? a.deliverAt)}）`;
}

function DeadlinesTable({ deadlines }: { deadlines: CaseDeadline[] }) {
  return (
    <Table<CaseDeadline>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={deadlines}
      data-testid="case-deadlines"
      columns={[
        {
          title: W.cases.deadline, dataIndex: 'id', width: 120,
          render: (id: string, d) => {
            const light = lightOf(d);
            return <span data-light={light ?? 'none'}>{light && <Badge color={LIGHT_COLORS[light]} />} {deadlineLabel(id)}</span>;
          },
        },
        { title: W.cases.dueOn, width: 110, render: (_, d) => <span>{d.due.dueOn}{d.due.provisional ? ' *' : ''}</span> },
        {
          title: W.cases.status, width: 110,
          render: (_, d) => {
            const light = lightOf(d);
            return (
              <Space direction="vertical" size={0}>
                <span>{(LABELS.deadlineStatus as Record<string, string>)[d.status] ?? d.status}{d.suspended ? W.cases.suspended : ''}</span>
                {light && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{W.light[light]}</Typography.Text>}
              </Space>
            );
          },
        },
        { title: W.cases.explanation, render: (_, d) => <Typography.Text style={{ fontSize: 12 }}>{d.due.explanation}</Typography.Text> },
        {
          title: W.cases.alerts, width: 300,
          render: (_, d) => (
            <Space direction="vertical" size={0}>
              {(d.alerts ?? []).map((a) => <Typography.Text key={a.alertId} style={{ fontSize: 12 }} type={a.status === 'sent' ? undefined : 'secondary'}>{alertText(a)}</Typography.Text>)}
            </Space>
          ),
        },
      ]}
    />
  );
}

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${(W.field as Record<string, string>)[k] ?? k}：${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('；');
}

function HistoryTable({ history }: { history: HistoryEntry[] }) {
  return (
    <Table<HistoryEntry>
      size="small"
      rowKey="seq"
      pagination={false}
      dataSource={[...history].reverse()}
      data-testid="case-history"
      columns={[
        { title: W.cases.historyAt, dataIndex: 'at', width: 140, render: formatInstant },
        { title: W.cases.historyAction, dataIndex: 'action', width: 110, render: historyActionLabel },
        { title: W.cases.historyActor, dataIndex: 'actor', width: 180 },
        { title: W.cases.historyDetails, dataIndex: 'details', render: (d: Record<string, unknown>) => <Typography.Text style={{ fontSize: 12 }}>{detailsText(d)}</Typography.Text> },
      ]}
    />
  );
}

function ReplyPanel({ view }: { view: CaseResponse }) {
  const items = [
    view.workPlan && { key: 'plan', label: W.cases.workPlan, children: `${view.workPlan.summary}（${view.workPlan.responsible}，${view.workPlan.plannedCompletionOn}）` },
    ...view.contacts.map((c, i) => ({ key: `contact-${i}`, label: actionLabel('contact'), children: `${LABELS.contactMethod[c.method]} ${c.contactedOn} ${c.note ?? ''}` })),
    view.draft && {
      key: 'draft', label: W.cases.draft,
      children: <div style={{ whiteSpace: 'pre-wrap' }}>{`${view.draft.classification} ${(LABELS.classification as Record<string, string>)[view.draft.classification] ?? ''}\n${view.draft.text}\n${W.field.contactPerson}：${view.draft.contactPerson} ${view.draft.contactPhone}`}</div>,
    },
    view.signOff && { key: 'signoff', label: actionLabel('sign-off'), children: `${view.signOff.by} ${formatInstant(view.signOff.at)} ${view.signOff.note ?? ''}` },
    ...(view.reviews ?? []).map((r, i) => ({ key: `review-${i}`, label: actionLabel('review'), children: `${LABELS.reviewDecision[r.decision]} ${r.by} ${formatInstant(r.at)} ${r.note ?? ''}` })),
    view.reply && { key: 'reply', label: W.cases.reply, children: `${formatInstant(view.reply.repliedAt)} → ${(view.reply.repliedTo ?? []).join('、')}` },
    view.visit && { key: 'visit', label: actionLabel('visit'), children: `${view.visit.visitedOn} ${LABELS.contactMethod[view.visit.method]} ${view.visit.participants.join('、')}` },
    ...view.surveys.map((s, i) => ({ key: `survey-${i}`, label: actionLabel('survey'), children: `${s.submitter}：${(LABELS.surveyAnswer as Record<string, string>)[s.result]}` })),
    view.publication && { key: 'pub', label: actionLabel('publish'), children: view.publication.public ? W.public.published : `${W.public.notPublished} ${view.publication.reason ?? ''}` },
  ].filter(Boolean) as { key: string; label: string; children: React.ReactNode }[];
  return items.length ? <Descriptions size="small" column={1} bordered items={items} /> : <Empty description={W.common.none} />;
}

/** Who may download the letter as sent (GET /api/cases/{id}/letter.docx): the office, supervisors, the lead unit (or its OA), the platform. */
function mayDownloadLetter(me: Me, view: CaseResponse): boolean {
  if (view.kind === 'hotline-ticket' || !view.reply) return false;
  if (me.role === 'office' || me.role === 'supervisor') return true;
  if (me.role === 'integrator') return !me.unit || me.unit === view.leadUnit;
  return (me.role === 'unit-handler' || me.role === 'unit-leader') && me.unit === view.leadUnit;
}

function LetterButton({ caseId }: { caseId: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const fetchLetter = async () => {
    setBusy(true);
    try {
      await download(`/api/cases/${encodeURIComponent(caseId)}/letter.docx`, undefined, `${caseId}.docx`);
      message.success(W.letter.downloaded);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return <Button size="small" loading={busy} onClick={() => void fetchLetter()} data-testid="download-letter">{W.letter.download}</Button>;
}

/** The office's signed links, one per submitter for the current round, to send them (SMS, WeChat). */
/** `answers` (the case's survey records): read the links again when one is added, so 是否已评价 stays true to the case. */
function SurveyLinksPanel({ caseId, answers }: { caseId: string; answers: number }) {
  const [links, setLinks] = useState<SurveyLinks>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    get<SurveyLinks>(`/api/cases/${encodeURIComponent(caseId)}/survey-links`)
      .then((l) => { setLinks(l); setError(undefined); })
      .catch((err: unknown) => setError(err instanceof ApiError && err.error === 'SurveyNotOpen' ? W.surveyLinks.notOpen : err instanceof Error ? err.message : String(err)));
  }, [caseId, answers]);
  if (error) return <Alert type="info" showIcon title={error} />;
  if (!links) return <Spin tip={W.common.loading}><div style={{ height: 80 }} /></Spin>;
  const L = W.surveyLinks;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{L.intro}</Typography.Text>
      <Table<SurveyLinks['links'][number]>
        size="small"
        rowKey="token"
        pagination={false}
        dataSource={links.links}
        data-testid="survey-links"
        columns={[
          { title: L.submitter, dataIndex: 'submitter', width: 110, render: (name: string, l) => <span>{name}{l.lead ? <Tag style={{ marginLeft: 4 }}>{L.lead}</Tag> : null}</span> },
          { title: L.link, dataIndex: 'url', render: (url: string) => <Typography.Text copyable={{ text: url }} style={{ fontSize: 12, wordBreak: 'break-all' }} data-testid="survey-link">{url}</Typography.Text> },
          { title: L.expiresAt, dataIndex: 'expiresAt', width: 110, render: lastDayBefore },
          { title: L.answered, dataIndex: 'answered', width: 90, render: (answered: boolean) => <span data-testid="survey-link-answered">{answered ? W.common.yes : W.common.no}</span> },
        ]}
      />
    </Space>
  );
}

function CoUnits({ view, coUnits, canAct, onDone }: {
  view: CaseResponse; coUnits: Record<string, CoUnitResponse | string>; canAct: (unit: string) => boolean; onDone: () => void;
}) {
  const { me } = useSession();
  if (!view.coUnits.length) return <Empty description={W.cases.noCoUnits} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="case-co-units">
      {view.coUnits.map((unit) => {
        const part = coUnits[unit];
        const opinion = view.coOpinions?.find((o) => o.unit === unit);
        const signed = view.coSigns?.filter((c) => c.unit === unit).at(-1);
        return (
          <Card key={unit} size="small" title={unit}>
            {typeof part === 'string' || !part ? <Typography.Text type="secondary">{part ?? W.common.loading}</Typography.Text> : (
              <>
                <Descriptions size="small" column={2} items={[
                  { key: 'stage', label: W.cases.coUnitStage, children: (W.cases.coUnitStages as Record<string, string>)[part.stage] ?? part.stage },
                  { key: 'cosign', label: actionLabel('co-sign'), children: signed ? formatInstant(signed.at) : W.common.none },
                  { key: 'opinion', label: W.cases.coUnitOpinion, span: 2, children: opinion?.opinion ?? part.opinion?.opinion ?? W.common.none },
                ]} />
                {me && canAct(unit) && part.allowedActions.map((action) => (
                  <Card key={action} size="small" type="inner" title={(LABELS.coUnitAction as Record<string, string>)[action]} style={{ marginTop: 8 }}>
                    <StepForm caseView={view} me={me} action={action} coUnit={unit} onDone={onDone} />
                  </Card>
                ))}
              </>
            )}
          </Card>
        );
      })}
    </Space>
  );
}

export default function CasePage() {
  const { caseId = '' } = useParams();
  const { me } = useSession();
  const [view, setView] = useState<CaseResponse>();
  const [error, setError] = useState<string>();
  const [coUnits, setCoUnits] = useState<Record<string, CoUnitResponse | string>>({});
  const [tab, setTab] = useState<string>();

  const load = useCallback(async () => {
    try {
      const v = await get<CaseResponse>(`/api/cases/${encodeURIComponent(caseId)}`);
      setView(v);
      setError(undefined);
      const parts = await Promise.all(v.coUnits.map(async (unit) => {
        try {
          return [unit, await get<CoUnitResponse>(`/api/cases/${encodeURIComponent(caseId)}/co-units/${encodeURIComponent(unit)}`)] as const;
        } catch (err) {
          return [unit, err instanceof ApiError ? err.message : String(err)] as const;
        }
      }));
      setCoUnits(Object.fromEntries(parts));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? W.cases.notFound : err instanceof Error ? err.message : String(err));
    }
  }, [caseId]);

  useEffect(() => {
    void load();
    // The case moves on by others' hands (the leader's sign-off, the supervisor's review): read it again now and then.
    const timer = setInterval(() => { if (document.visibilityState === 'visible') void load(); }, 10_000);
    return () => clearInterval(timer);
  }, [load]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!view || !me) return <Spin tip={W.common.loading}><div style={{ height: 200 }} /></Spin>;

  const actions = view.yourActions ?? [];
  const canActForCoUnit = (unit: string) => me.role === 'office' || (me.role === 'integrator' && !me.unit) || me.unit === unit;
  const openDeadlines = view.deadlines.filter((d) => lightOf(d));
  const activeTab = tab && actions.includes(tab) ? tab : actions[0];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small">
        <Space wrap align="center" style={{ marginBottom: 8 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-title">{view.title}</Typography.Title>
          <Tag color="blue" data-testid="case-stage">{view.stageLabel ?? stageLabel(view.stage)}</Tag>
          {view.overdue && <Tag color="red">{W.common.overdue}</Tag>}
          {view.keySupervised && <Tag color="volcano">{W.common.keySupervised}</Tag>}
          {view.needsAttention && <Tag color="orange">{W.common.needsAttention}</Tag>}
          {view.closedAs && <Tag>{(LABELS.closedAs as Record<string, string>)[view.closedAs]}</Tag>}
          <Typography.Text type="secondary">{(W.executionStatus as Record<string, string>)[view.executionStatus] ?? view.executionStatus}</Typography.Text>
          <Button size="small" onClick={() => void load()} data-testid="case-refresh">{W.common.refresh}</Button>
          {mayDownloadLetter(me, view) && <LetterButton caseId={view.caseId} />}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{W.cases.autoRefresh}</Typography.Text>
        </Space>
        <Descriptions size="small" column={4} items={[
          { key: 'no', label: W.common.number, children: caseNumberLabel(view) },
          { key: 'kind', label: W.common.kind, children: kindLabel(view.kind) },
          { key: 'cycle', label: W.common.cycle, children: view.cycleTitle ?? view.cycleId },
          { key: 'assigned', label: W.launch.assignedOn, children: view.assignedOn },
          { key: 'lead', label: W.common.leadUnit, children: view.leadUnit },
          { key: 'co', label: W.common.coUnits, children: view.coUnits.join('、') || W.common.none },
          { key: 'sub', label: W.common.submitters, span: 2, children: view.submitters.join('、') },
        ]} />
        <div style={{ marginTop: 12 }}><Timeline view={view} /></div>
      </Card>
      <Row gutter={16}>
        <Col span={15}>
          <Card size="small">
            <Tabs
              items={[
                { key: 'deadlines', label: `${W.cases.deadlines}（${openDeadlines.length}）`, children: <DeadlinesTable deadlines={view.deadlines} /> },
                { key: 'history', label: W.cases.history, children: <HistoryTable history={view.history} /> },
                { key: 'co', label: `${W.cases.coUnits}（${view.coUnits.length}）`, children: <CoUnits view={view} coUnits={coUnits} canAct={canActForCoUnit} onDone={() => void load()} /> },
                { key: 'reply', label: W.cases.reply, children: <ReplyPanel view={view} /> },
                ...(me.role === 'office' && view.surveyWindows?.some((w) => w.round === (view.round ?? 1))
                  ? [{ key: 'survey-links', label: <span data-testid="survey-links-tab">{W.surveyLinks.tab}</span>, children: <SurveyLinksPanel caseId={view.caseId} answers={view.surveys.length} /> }]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col span={9}>
          <Card size="small" title={W.cases.yourActions} data-testid="your-actions">
            {actions.length === 0 ? <Empty description={W.cases.noActions} /> : (
              <Tabs
                size="small"
                activeKey={activeTab}
                onChange={setTab}
                items={actions.map((action) => ({
                  key: action,
                  label: <span data-testid={`action-tab-${action}`}>{actionLabel(action)}</span>,
                  children: <StepForm key={`${action}-${view.stage}`} caseView={view} me={me} action={action} onDone={(after) => { if ('yourActions' in after) setView(after as CaseResponse); void load(); }} />,
                }))}
              />
            )}
          </Card>
          {view.coUnits.some(canActForCoUnit) && me.unit && view.coUnits.includes(me.unit) && (
            <Alert style={{ marginTop: 12 }} type="info" showIcon title={`${W.cases.coUnits}：${me.unit}`} description={<CoUnits view={{ ...view, coUnits: [me.unit] }} coUnits={coUnits} canAct={canActForCoUnit} onDone={() => void load()} />} />
          )}
        </Col>
      </Row>
    </Space>
  );
}
