import { Alert, Button, Card, Descriptions, Form, Radio, Result, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError, get, post } from '../../api/client';
import type { SurveyPage as Survey } from '../../api/types';
import { fill, formatInstant, LABELS, lastDayBefore, W } from '../../labels';

const S = W.survey;

/** The API's refusals are Chinese first ("中文 / English"): the submitter reads the Chinese. */
function chineseOf(message: string): string {
  return message.split(' / ')[0];
}

function reasonOf(err: unknown): string {
  return err instanceof ApiError && err.status < 500 && err.status !== 429 ? chineseOf(err.message) : S.unavailable;
}

type Answer = Record<'result' | 'attitude', string | undefined>;

/**
 * 满意度测评 by the deputy or member themself, from the link the office sent them: no key (the signed
 * token is the credential), sized for a phone. Shows the reply and the questions, takes the answer
 * once, then shows it recorded; a link that is bad, expired, superseded or used says so in Chinese.
 */
export default function SurveyPage() {
  const { token = '' } = useParams();
  const [survey, setSurvey] = useState<Survey>();
  const [refusal, setRefusal] = useState<string>();
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string>();

  const path = `/api/survey/${encodeURIComponent(token)}`;
  const load = useCallback(async () => {
    try {
      setSurvey(await get<Survey>(path, undefined, { key: null }));
      setRefusal(undefined);
    } catch (err) {
      setRefusal(reasonOf(err));
    }
  }, [path]);

  useEffect(() => { void load(); }, [load]);

  const send = async (answer: Answer) => {
    setSending(true);
    setSendError(undefined);
    try {
      setSurvey(await post<Survey>(path, answer, { key: null }));
    } catch (err) {
      setSendError(reasonOf(err));
      // Answered meanwhile (another tap, the office's paper entry) or closed: show the page as it is now.
      if (err instanceof ApiError && (err.status === 409 || err.status === 410)) await load().catch(() => undefined);
    } finally {
      setSending(false);
    }
  };

  let body;
  if (refusal && !survey) {
    body = <Result status="warning" title={S.refusedTitle} subTitle={<span data-testid="survey-refused">{refusal}</span>} />;
  } else if (!survey) {
    body = <Spin tip={W.common.loading}><div style={{ height: 200 }} /></Spin>;
  } else {
    body = (
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Typography.Paragraph strong style={{ marginBottom: 4 }}>{fill(S.greeting, { submitter: survey.submitter, role: (LABELS.letter.role as Record<string, string>)[survey.kind] ?? '' })}</Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{fill(S.intro, { unit: survey.unit, caseNumberLabel: survey.caseNumberLabel })}</Typography.Paragraph>
          <Descriptions size="small" column={1} items={[
            { key: 'title', label: S.caseTitle, children: <span data-testid="survey-case-title">{survey.title}</span> },
            { key: 'unit', label: S.unit, children: survey.unit },
            { key: 'replied', label: S.repliedOn, children: survey.reply.repliedOn },
            { key: 'expires', label: S.expiresAt, children: lastDayBefore(survey.expiresAt) },
            ...(survey.round > 1 ? [{ key: 'round', label: '', children: fill(S.round, { round: survey.round }) }] : []),
          ]} />
        </Card>
        <Card size="small" title={S.reply}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="survey-reply">{survey.reply.text}</Typography.Paragraph>
        </Card>
        {survey.answer ? (
          <Card size="small" title={S.yourAnswer} data-testid="survey-recorded">
            {survey.answer.result !== 'no-response' && <Alert type="success" showIcon title={S.recorded} style={{ marginBottom: 8 }} />}
            <Descriptions size="small" column={1} items={[
              { key: 'result', label: survey.questions.find((q) => q.id === 'result')?.label ?? 'result', children: <span data-testid="survey-answer-result">{survey.answer.resultLabel}</span> },
              ...(survey.answer.attitudeLabel ? [{ key: 'attitude', label: survey.questions.find((q) => q.id === 'attitude')?.label ?? 'attitude', children: survey.answer.attitudeLabel }] : []),
              { key: 'at', label: S.recordedAt, children: formatInstant(survey.answer.recordedAt) },
            ]} />
            {survey.notice && survey.answer.result === 'no-response' && <Alert type="warning" showIcon title={chineseOf(survey.notice)} />}
            {sendError && <Alert type="warning" showIcon title={sendError} data-testid="survey-send-error" style={{ marginTop: 8 }} />}
          </Card>
        ) : survey.open ? (
          <Card size="small" title={S.title}>
            <Form<Answer> layout="vertical" onFinish={(values) => void send(values)} disabled={sending} data-testid="survey-form">
              {survey.questions.map((q) => (
                <Form.Item key={q.id} name={q.id} label={q.label} rules={[{ required: true, message: S.choose }]} data-testid={`survey-question-${q.id}`}>
                  <Radio.Group optionType="button" buttonStyle="solid" size="large" style={{ display: 'flex' }}>
                    {q.options.map((o) => <Radio.Button key={o.value} value={o.value} style={{ flex: 1, textAlign: 'center' }}>{o.label}</Radio.Button>)}
                  </Radio.Group>
                </Form.Item>
              ))}
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{S.confirmOnce}</Typography.Paragraph>
              {sendError && <Alert type="error" showIcon title={sendError} data-testid="survey-send-error" style={{ marginBottom: 12 }} />}
              <Button type="primary" htmlType="submit" block size="large" loading={sending} data-testid="survey-submit">{S.submit}</Button>
            </Form>
          </Card>
        ) : (
          <Alert type="warning" showIcon title={chineseOf(survey.notice ?? S.unavailable)} data-testid="survey-notice" />
        )}
      </Space>
    );
  }

  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 12 }} data-testid="survey-page">
      <Typography.Title level={4} style={{ textAlign: 'center', color: '#b71c1c', margin: '8px 0 16px' }}>{S.title}</Typography.Title>
      {body}
    </div>
  );
}
