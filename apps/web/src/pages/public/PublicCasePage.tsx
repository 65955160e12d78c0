import { Alert, Card, Descriptions, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, get } from '../../api/client';
import type { PublicCase } from '../../api/types';
import { caseNumberLabel, formatInstant, kindLabel, W } from '../../labels';

/** One case as the public sees it: who handles it and, once published, the reply. */
export default function PublicCasePage() {
  const { caseId = '' } = useParams();
  const [view, setView] = useState<PublicCase>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    get<PublicCase>(`/api/public/cases/${encodeURIComponent(caseId)}`, undefined, { key: null })
      .then(setView)
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
  }, [caseId]);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!view) return <Spin tip={W.common.loading}><div style={{ height: 200 }} /></Spin>;
  return (
    <Card size="small" title={view.title} extra={<Link to="/public">{W.public.back}</Link>} data-testid="public-case">
      <Descriptions size="small" column={2} items={[
        { key: 'no', label: W.common.number, children: caseNumberLabel(view) },
        { key: 'kind', label: W.common.kind, children: kindLabel(view.kind) },
        { key: 'lead', label: W.common.leadUnit, children: view.leadUnit },
        { key: 'co', label: W.common.coUnits, children: view.coUnits.join('、') || W.common.none },
        { key: 'stage', label: W.common.stage, children: view.stageLabel },
        ...(view.publication ? [{ key: 'pub', label: W.public.publishedAt, children: formatInstant(view.publication.publishedAt) }] : []),
      ]} />
      {view.reply ? (
        <Card type="inner" size="small" title={`${W.public.published}（${W.public.repliedAt}：${formatInstant(view.reply.repliedAt).slice(0, 10)}）`} style={{ marginTop: 12 }}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="public-reply">{view.reply.text}</Typography.Paragraph>
        </Card>
      ) : (
        <Alert style={{ marginTop: 12 }} type="info" title={view.publication?.redacted ? W.public.redacted : W.public.notPublished} />
      )}
    </Card>
  );
}
