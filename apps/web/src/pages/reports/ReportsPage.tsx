import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, download, saveBlob } from '../../api/client';
import { allCases } from '../../components/counts';
import { CyclePicker } from '../../components/CyclePicker';
import { useCycleParam } from '../../components/statistics';
import { fill, formatInstant, kindLabel, LABELS, stageLabel, W } from '../../labels';

const S = W.statistics;

/** The cycle's files from the statistics API, each saved under the Chinese name the API gives it. */
const FILES = [
  { id: 'statistics-xlsx', route: 'statistics.xlsx', label: S.xlsx },
  { id: 'statistics-csv', route: 'statistics.csv', label: S.csv },
  { id: 'summary-docx', route: 'summary.docx', label: S.summaryDocx },
  { id: 'summary-md', route: 'summary.md', label: S.summaryMd },
] as const;

/** A CSV cell: quoted, and one that Excel would read as a formula kept as text. */
function cell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * 统计与文书: for a cycle, the statistics workbook, the unit table as CSV and the handling summary
 * (.docx, Markdown) from the statistics API; for any selection, the case list as CSV (the CLI's
 * columns, UTF-8 with BOM for Excel). A case's reply letter is on the case's page.
 */
export default function ReportsPage() {
  const { message } = App.useApp();
  const [cycleId, setCycleId] = useCycleParam();
  const [busy, setBusy] = useState(false);
  const [fetching, setFetching] = useState<string>();
  const fetchFile = async (file: (typeof FILES)[number]) => {
    if (!cycleId) return;
    setFetching(file.id);
    try {
      await download(`/api/cycles/${encodeURIComponent(cycleId)}/${file.route}`, undefined, `${cycleId}-${file.route}`);
      message.success(`${S.downloaded}：${file.label}`);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setFetching(undefined);
    }
  };
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
      <Card size="small" title={W.reports.title} extra={<CyclePicker value={cycleId} onChange={setCycleId} />}>
        <Typography.Title level={5}>{S.downloads}</Typography.Title>
        {!cycleId ? <Alert type="info" showIcon title={S.chooseCycle} data-testid="choose-cycle" /> : (
          <Space wrap>
            {FILES.map((file) => (
              <Button key={file.id} type={file.id === 'summary-docx' ? 'primary' : 'default'} loading={fetching === file.id} onClick={() => void fetchFile(file)} data-testid={`download-${file.id}`}>{file.label}</Button>
            ))}
          </Space>
        )}
        <Typography.Title level={5} style={{ marginTop: 16 }}>{S.caseList}</Typography.Title>
        <Button loading={busy} onClick={() => void exportCsv()} data-testid="export-csv">{W.reports.exportCsv}</Button>
      </Card>
    </Space>
  );
}
