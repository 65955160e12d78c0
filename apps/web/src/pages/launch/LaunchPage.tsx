import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Progress, Row, Space, Switch, Table, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, download, get, request, type Problem } from '../../api/client';
import type { Launch } from '../../api/types';
import { rememberCycle } from '../../components/useCycles';
import { fill, formatInstant, W } from '../../labels';

interface Fields {
  cycleId: string;
  title?: string;
  jurisdiction?: string;
  assignedOn?: Dayjs;
  sessionClosedOn?: Dayjs;
  add?: boolean;
}

/**
 * 发起办理: the assignment sheet uploaded with the cycle's fields. A refused sheet starts nothing
 * and its report is listed row by row; an accepted one is followed to the end (GET /api/launches/{id}).
 */
export default function LaunchPage() {
  const [form] = Form.useForm<Fields>();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string>();
  const [launch, setLaunch] = useState<Launch>();
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const follow = (launchId: string) => {
    const poll = async () => {
      try {
        const now = await get<Launch>(`/api/launches/${encodeURIComponent(launchId)}`);
        setLaunch(now);
        if (now.status === 'running') timer.current = window.setTimeout(() => void poll(), 1000);
      } catch (err) {
        setError(err instanceof ApiError ? err.message : String(err));
      }
    };
    void poll();
  };

  const submit = async (values: Fields) => {
    setBusy(true);
    setProblems([]);
    setError(undefined);
    setLaunch(undefined);
    const body = new FormData();
    const file = files[0]?.originFileObj;
    if (file) body.set('file', file, file.name);
    const date = (d?: Dayjs) => d?.format('YYYY-MM-DD');
    const fields: Record<string, string | undefined> = values.add
      ? { assignedOn: date(values.assignedOn) }
      : {
        cycleId: values.cycleId, title: values.title, jurisdiction: values.jurisdiction,
        assignedOn: date(values.assignedOn), sessionClosedOn: date(values.sessionClosedOn),
      };
    for (const [name, value] of Object.entries(fields)) if (value) body.set(name, value);
    const path = values.add ? `/api/cycles/${encodeURIComponent(values.cycleId ?? '')}/cases` : '/api/cycles';
    try {
      const { body: accepted } = await request<Launch>(path, { method: 'POST', body });
      rememberCycle(accepted.cycleId);
      message.success(W.launch.accepted);
      setLaunch(accepted);
      if (accepted.launchId) follow(accepted.launchId);
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) {
        setProblems(err.problems);
        form.setFields((['cycleId', 'title', 'jurisdiction', 'assignedOn', 'sessionClosedOn'] as const).map((name) => ({
          name, errors: err.problems.filter((p) => p.field === name).map((p) => p.problem),
        })));
      } else setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const sheetProblems = problems.filter((p) => p.field === 'file' || p.row !== undefined);
  const percent = launch && launch.total ? Math.round((launch.started / launch.total) * 100) : 0;
  return (
    <Row gutter={16}>
      <Col span={10}>
        <Card size="small" title={W.launch.title}>
          <Typography.Paragraph type="secondary">{W.launch.intro}</Typography.Paragraph>
          <Space style={{ marginBottom: 8 }}>
            <Button onClick={() => void download('/api/cycles/template.xlsx', undefined, 'template.xlsx')}>{W.launch.template}</Button>
            <Button onClick={() => void download('/api/cycles/template.csv', undefined, 'template.csv')}>{W.launch.templateCsv}</Button>
          </Space>
          <Form form={form} layout="vertical" onFinish={submit} name="launch" requiredMark={false} data-testid="launch-form">
            <Form.Item label={W.launch.file} required>
              <Upload
                accept=".xlsx,.csv"
                maxCount={1}
                fileList={files}
                beforeUpload={() => false}
                onChange={({ fileList }) => setFiles(fileList.slice(-1))}
              >
                <Button data-testid="choose-file">{W.launch.chooseFile}</Button>
              </Upload>
            </Form.Item>
            <Row gutter={12}>
              <Col span={14}><Form.Item name="cycleId" label={W.launch.cycleId} extra={W.launch.cycleIdHint}><Input /></Form.Item></Col>
              <Col span={10}><Form.Item name="add" label={W.launch.addToCycle} valuePropName="checked"><Switch /></Form.Item></Col>
            </Row>
            <Form.Item noStyle shouldUpdate={(a, b) => a.add !== b.add}>
              {({ getFieldValue }) => !getFieldValue('add') && (
                <>
                  <Form.Item name="title" label={W.launch.cycleTitle}><Input /></Form.Item>
                  <Row gutter={12}>
                    <Col span={12}><Form.Item name="jurisdiction" label={W.launch.jurisdiction}><Input /></Form.Item></Col>
                    <Col span={12}><Form.Item name="sessionClosedOn" label={W.launch.sessionClosedOn}><DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} /></Form.Item></Col>
                  </Row>
                </>
              )}
            </Form.Item>
            <Form.Item name="assignedOn" label={W.launch.assignedOn}><DatePicker format="YYYY-MM-DD" /></Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="launch-submit">{W.launch.submit}</Button>
          </Form>
        </Card>
      </Col>
      <Col span={14}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        {problems.length > 0 && (
          <Card size="small" title={W.launch.report} data-testid="launch-report">
            <Alert type="error" showIcon title={W.launch.refused} style={{ marginBottom: 12 }} />
            <Table<Problem>
              size="small"
              rowKey={(p) => `${p.field}-${p.row ?? ''}-${p.column ?? ''}-${p.problem}`}
              pagination={{ pageSize: 15 }}
              dataSource={sheetProblems.length ? sheetProblems : problems}
              columns={[
                { title: W.launch.row, dataIndex: 'row', width: 70, render: (row?: number) => row ?? W.launch.wholeFile },
                { title: W.launch.column, dataIndex: 'column', width: 110, render: (c: string | undefined, p) => c ?? p.field },
                { title: W.launch.problem, dataIndex: 'problem' },
              ]}
            />
          </Card>
        )}
        {launch && (
          <Card size="small" title={W.launch.progress} data-testid="launch-progress">
            <Progress percent={percent} status={launch.status === 'failed' ? 'exception' : launch.status === 'completed' ? 'success' : 'active'} />
            <Typography.Paragraph data-testid="launch-status" data-status={launch.status ?? 'completed'}>
              {launch.status === 'completed' || !launch.status
                ? fill(W.launch.completed, { cycleId: launch.cycleId, total: launch.total ?? 0 })
                : launch.status === 'failed'
                  ? fill(W.launch.failed, { error: launch.error ?? '' })
                  : fill(W.launch.started, { started: launch.started, total: launch.total })}
            </Typography.Paragraph>
            <Typography.Text type="secondary">{formatInstant(launch.createdAt)}{launch.finishedAt ? ` — ${formatInstant(launch.finishedAt)}` : ''}</Typography.Text>
            <div><Link to="/cases">{W.launch.viewCases}</Link></div>
          </Card>
        )}
      </Col>
    </Row>
  );
}
