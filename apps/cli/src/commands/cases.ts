import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LABELS } from '../../../../libs/i18n/labels';
import { chinaDateOf } from '../../../../libs/calendar/iso-date';
import { ApiClient, failureOf } from '../api-client';
import { CliFailure, CliIo } from '../io';
import { say, T, table } from '../text';

/** A case as GET /api/cases lists it. */
export interface CaseSummary {
  caseId: string;
  cycleId: string;
  kind: keyof typeof LABELS.kind;
  number: string;
  title: string;
  leadUnit: string;
  coUnits: string[];
  stage: keyof typeof LABELS.stage;
  overdue: boolean;
  keySupervised: boolean;
  replyDueAt?: string;
}

/** The most cases one listing returns (the API's limit). */
const LIST_LIMIT = '5000';

async function listCases(api: ApiClient, query: Record<string, string | undefined>): Promise<CaseSummary[]> {
  const answer = await api.get<{ count: number; cases: CaseSummary[] }>('/api/cases', { ...query, limit: LIST_LIMIT });
  if (answer.status !== 200) throw failureOf(answer);
  return answer.body.cases;
}

const stageLabel = (c: CaseSummary): string => LABELS.stage[c.stage] ?? c.stage;
/** The reply's due day: `replyDueAt` is the instant it becomes overdue, the end of that day in China. */
const dueOn = (c: CaseSummary): string => (c.replyDueAt ? chinaDateOf(new Date(Date.parse(c.replyDueAt) - 1)) : '');
const yesNo = (value: boolean): string => (value ? T.yes : T.no);

/** banli overdue [--unit …]: the overdue cases, as a table (or JSON). */
export async function overdue(api: ApiClient, io: CliIo, options: { unit?: string; json?: boolean }): Promise<void> {
  const cases = await listCases(api, { overdue: 'true', unit: options.unit });
  if (options.json) {
    io.stdout.write(`${JSON.stringify(cases, null, 2)}\n`);
    return;
  }
  if (cases.length === 0) {
    io.stdout.write(`${T.noOverdue}\n`);
    return;
  }
  const rows = cases.map((c) => [c.caseId, c.leadUnit, stageLabel(c), dueOn(c), c.title]);
  io.stdout.write(`${say(T.overdueCount, { count: cases.length })}\n${table([[...T.overdueHeader], ...rows])}\n`);
}

/** banli export [--cycle …] [--format csv|json] [--output file]: every case, for a spreadsheet or a script. */
export async function exportCases(api: ApiClient, io: CliIo, options: { cycle?: string; format: string; output?: string }): Promise<void> {
  if (options.format !== 'csv' && options.format !== 'json') throw new CliFailure(say(T.badFormat, { format: options.format }), 2);
  const cases = await listCases(api, { cycleId: options.cycle });
  const text = options.format === 'json' ? `${JSON.stringify(cases, null, 2)}\n` : toCsv(cases);
  if (options.output) await writeFile(resolve(io.cwd, options.output), text, 'utf8');
  else io.stdout.write(text);
  io.stderr.write(`${say(T.exported, { count: cases.length })}\n`);
}

/** UTF-8 with a byte-order mark and CRLF, so Excel opens it as it is. */
function toCsv(cases: CaseSummary[]): string {
  const rows = cases.map((c) => [
    c.caseId, c.cycleId, LABELS.kindShort[c.kind] ?? c.kind, c.number, c.title, c.leadUnit, c.coUnits.join('、'),
    stageLabel(c), yesNo(c.overdue), yesNo(c.keySupervised), dueOn(c),
  ]);
  const cell = (value: string) => {
    // A cell Excel would take for a formula is written as text (OWASP's CSV-injection advice).
    const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return `\ufeff${[[...T.exportHeader], ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
