import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, saveBlob } from '../../api/client';
import { allCases } from '../../components/counts';
import { CyclePicker } from '../../components/CyclePicker';
import { fill, formatInstant, kindLabel, LABELS, stageLabel, W } from '../../labels';

/** A CSV cell: quoted, and one that Excel would read as a formula kept as text. */
function cell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * 统计与文书. Until the statistics API is there: the case list exported as CSV (the CLI's columns,
 * UTF-8 with BOM for Excel). Statistics, letters and the summary come with that API.
 */
export default function ReportsPage() {
  const { message } = App.useApp();
  const [cycleId, setCycleId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const exportCsv = async () => {
    setBusy(true);
    try {
      const cases = await allCases({ cycleId });
      const { yes, no } = LABELS.cli;
      const lines = [LABELS.cli.exportHeader.map(cell).join(','), ...cases.map((c) => [
        c.caseId, c.cycleId, kindLabel(c.kind), c.number, c.title, c.leadUnit, c.coUnits.join('、'), stageLabel(c.stage),
        c.overdue ? yes : no, c.keySupervised ? yes : no, c.replyDueAt ? formatInstant(new Date(Date.parse(c.replyDueAt) - 1).toISOString()).slice(0, 10) : '',
      ].map(cell).join(','))];
      saveBlob(new Blob(['\uFEFF', lines.join('\r\n'), '\r\n'], { type: 'text/csv;charset=utf-8' }), `${cycleId ?? 'cases'}.csv`);
      message.success(fill(W.reports.exported, { count: cases.length }));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={W.reports.waitingForStatistics} />
      <Card size="small" title={W.reports.title} extra={<CyclePicker value={cycleId} onChange={setCycleId} />}>
        <Typography.Title level={5}>{W.reports.exports}</Typography.Title>
        <Button type="primary" loading={busy} onClick={() => void exportCsv()} data-testid="export-csv">{W.reports.exportCsv}</Button>
      </Card>
    </Space>
  );
}
