import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { describeValue, type CaseDifference } from '../../../../libs/launch-sheet/compare';
import { ApiAnswer, ApiClient, ApiErrorBody, failureOf, problemLine } from '../api-client';
import { CliFailure, CliIo } from '../io';
import { progressFor } from '../progress';
import { flat, say, T } from '../text';

export interface LaunchOptions {
  cycle: string;
  title?: string;
  assignedOn?: string;
  jurisdiction?: string;
  sessionClosedOn?: string;
  policyOverrides?: string;
  /** Add the sheet's cases to a launched cycle instead of launching it. */
  add?: boolean;
  /** Only say what the launch would do (?dryRun=true). */
  dryRun?: boolean;
  /** Launch even when rows differ from cases that exist: start the new, leave those (?keepExisting=true). */
  keepExisting?: boolean;
  /** Apply the sheet's differences to the cases launched (POST /api/cycles/{id}/changes) instead of launching. */
  applyChanges?: boolean;
  pollInterval: number;
}

/** Where a case of a launch came from: its sheet row, or its place in a JSON launch. */
interface Place {
  caseId: string;
  row?: number;
  index?: number;
}

/** What a launch did (or, previewed, would do) with its cases. */
interface Outcomes {
  created?: number;
  unchanged?: number;
  changed?: (Place & { differences: CaseDifference[] })[];
  notCompared?: Place[];
}

interface LaunchView extends Outcomes {
  launchId: string;
  cycleId: string;
  status: 'running' | 'completed' | 'failed';
  total: number;
  started: number;
  error?: string;
  skippedRows?: number[];
}

interface Preview extends Outcomes {
  dryRun: true;
  cycleId: string;
  total: number;
  skippedRows?: number[];
}

const TYPES: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv',
};

/**
 * banli launch <file>: uploads the sheet, then follows the launch with a progress bar until it
 * ends, and says what it did: cases started, found unchanged, found with other content (each
 * difference; a launch changes no case that exists). --dry-run says it without launching.
 */
export async function launch(api: ApiClient, io: CliIo, file: string, options: LaunchOptions): Promise<void> {
  if (options.applyChanges) return applyChanges(api, io, file, options);
  if (!options.add && !options.title) throw new CliFailure(say(T.titleRequired), 2);
  const { name, blob } = await sheetFile(io, file);
  const overrides = options.policyOverrides
    ? await readFile(resolve(io.cwd, options.policyOverrides), 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new CliFailure(say(T.policyOverridesUnreadable, { file: options.policyOverrides!, reason: err.code ?? err.message }));
      })
    : undefined;
  const form = new FormData();
  const fields: [string, string | undefined][] = options.add
    ? [['assignedOn', options.assignedOn]]
    : [
        ['cycleId', options.cycle],
        ['title', options.title],
        ['jurisdiction', options.jurisdiction],
        ['assignedOn', options.assignedOn],
        ['sessionClosedOn', options.sessionClosedOn],
        ['policyOverrides', overrides],
      ];
  for (const [key, value] of fields) if (value !== undefined) form.set(key, value);
  form.set('file', blob, name);

  const query = new URLSearchParams();
  if (options.dryRun) query.set('dryRun', 'true');
  if (options.keepExisting) query.set('keepExisting', 'true');
  const endpoint = `${options.add ? `/api/cycles/${encodeURIComponent(options.cycle)}/cases` : '/api/cycles'}${query.size > 0 ? `?${query}` : ''}`;
  const answer = await api.postForm<LaunchView & Preview & { cases: unknown[] }>(endpoint, form);
  const error = answer.body as unknown as ApiErrorBody;
  if (answer.status === 400 && error.problems) throw refused(error);
  if (answer.status === 409 && error.error === 'CasesDiffer') throw differ(error);
  if (answer.status === 200 && answer.body.dryRun) {
    printPreview(io, answer.body);
    return;
  }
  if (answer.status === 201) {
    const view = await read(api, answer.headers.get('location') ?? '');
    io.stdout.write(report(view ?? { ...answer.body, cycleId: options.cycle, total: answer.body.cases.length }));
    return;
  }
  if (answer.status !== 202) throw failureOf(answer);

  const location = answer.headers.get('location') ?? `/api/launches/${answer.body.launchId}`;
  io.stderr.write(`${say(T.launchStarted, { cycleId: answer.body.cycleId, total: answer.body.total, location })}\n`);
  if (answer.body.skippedRows && answer.body.skippedRows.length > 0) io.stderr.write(`${skipped(answer.body.skippedRows)}\n`);
  const final = await follow(api, io, location, answer.body, options.pollInterval);
  if (final.status === 'failed') {
    throw new CliFailure(say(T.launchFailed, { started: final.started, total: final.total, error: final.error ?? '' }));
  }
  io.stdout.write(report(final));
}

/** The sheet as the form's `file`, typed by its extension. */
async function sheetFile(io: CliIo, file: string): Promise<{ name: string; blob: Blob }> {
  const path = resolve(io.cwd, file);
  const bytes = await readFile(path).catch((err: NodeJS.ErrnoException) => {
    throw new CliFailure(say(T.fileUnreadable, { file, reason: err.code ?? err.message }));
  });
  const name = basename(path);
  return { name, blob: new Blob([bytes], { type: TYPES[name.slice(name.lastIndexOf('.')).toLowerCase()] ?? 'application/octet-stream' }) };
}

/** What applying a sheet's differences did (or, previewed, would do) with each case that differs. */
interface ChangesView {
  dryRun: boolean;
  cycleId: string;
  total: number;
  unchanged: number;
  applied: number;
  applicable: number;
  refused: number;
  notApplicable: number;
  cases: (Place & { changes: (CaseDifference & { result: keyof typeof T.changes.result; reason?: string })[] })[];
  notLaunched: Place[];
  notCompared: Place[];
  skippedRows?: number[];
}

/**
 * banli launch <file> --apply-changes: the sheet's differences from the cases launched applied
 * through the cases' own steps (--dry-run: what would be), one line per difference with its result.
 */
async function applyChanges(api: ApiClient, io: CliIo, file: string, options: LaunchOptions): Promise<void> {
  const cycleFields = [options.title, options.jurisdiction, options.assignedOn, options.sessionClosedOn, options.policyOverrides];
  if (options.add || options.keepExisting || cycleFields.some((v) => v !== undefined)) throw new CliFailure(T.changes.alone, 2);
  const { name, blob } = await sheetFile(io, file);
  const form = new FormData();
  form.set('file', blob, name);
  const answer = await api.postForm<ChangesView>(`/api/cycles/${encodeURIComponent(options.cycle)}/changes${options.dryRun ? '?dryRun=true' : ''}`, form);
  const error = answer.body as unknown as ApiErrorBody;
  if (answer.status === 400 && error.problems) throw refused(error);
  if (answer.status !== 200) throw failureOf(answer);
  const view = answer.body;
  if (view.skippedRows && view.skippedRows.length > 0) io.stderr.write(`${skipped(view.skippedRows)}\n`);
  const c = T.changes;
  const parts = [
    view.dryRun ? say(c.applicable, { count: view.applicable }) : say(c.applied, { count: view.applied }),
    ...(view.refused > 0 ? [say(c.refused, { count: view.refused })] : []),
    ...(view.notApplicable > 0 ? [say(c.notApplicable, { count: view.notApplicable })] : []),
    ...(view.unchanged > 0 ? [say(c.unchanged, { count: view.unchanged })] : []),
    ...(view.notLaunched.length > 0 ? [say(c.notLaunched, { count: view.notLaunched.length })] : []),
  ];
  const lines = [say(view.dryRun ? c.preview : c.done, { cycleId: view.cycleId, total: view.total, summary: view.cases.length > 0 ? parts.join('，') : c.none })];
  for (const changed of view.cases) {
    for (const d of changed.changes) {
      const result = say(c.result[d.result], { reason: flat(d.reason ?? '') });
      lines.push(`  ${say(c.line, { where: where(changed), caseId: changed.caseId, column: d.column, from: describeValue(d.from, d.field), to: describeValue(d.to, d.field), result })}`);
    }
  }
  if (view.notLaunched.length > 0) {
    lines.push(say(c.notLaunchedHeader, { count: view.notLaunched.length }));
    for (const p of view.notLaunched) lines.push(`  ${where(p)} ${p.caseId}`);
  }
  if (view.notCompared.length > 0) {
    lines.push(say(c.notComparedHeader, { count: view.notCompared.length }));
    for (const p of view.notCompared) lines.push(`  ${where(p)} ${p.caseId}`);
  }
  io.stdout.write(lines.map((l) => `${l}\n`).join(''));
}

/** Polls the launch resource, drawing its progress, until it is no longer running (waiting as told when throttled). */
async function follow(api: ApiClient, io: CliIo, location: string, first: LaunchView, intervalMs: number): Promise<LaunchView> {
  const progress = progressFor(io, intervalMs);
  let view = first;
  let wait = intervalMs;
  try {
    for (;;) {
      progress.update(view.started, view.total);
      if (view.status !== 'running') return view;
      await new Promise((r) => setTimeout(r, wait));
      const answer = await api.get<LaunchView>(location);
      if (answer.status === 429) {
        wait = Math.max(intervalMs, Number(answer.headers.get('retry-after') ?? 1) * 1000);
        continue;
      }
      if (answer.status !== 200) throw failureOf(answer);
      wait = intervalMs;
      view = answer.body;
    }
  } finally {
    progress.stop();
  }
}

/** The launch resource, or undefined if it cannot be read (the launch itself went well). */
async function read(api: ApiClient, location: string): Promise<LaunchView | undefined> {
  if (!location) return undefined;
  const answer: ApiAnswer<LaunchView> = await api.get<LaunchView>(location);
  return answer.status === 200 ? answer.body : undefined;
}

/** 交办完成：… 共312件：新启动310件，已存在且内容相同2件 — then each case found with other content, or not comparable. */
function report(view: Pick<LaunchView, 'cycleId' | 'total'> & Outcomes): string {
  const summary = view.created === undefined ? say(T.outcome.created, { count: view.total }) : summaryOf(view, T.outcome);
  return `${say(T.launchCompleted, { cycleId: view.cycleId, total: view.total, summary })}\n${details(view)}`;
}

function printPreview(io: CliIo, preview: Preview): void {
  if (preview.skippedRows && preview.skippedRows.length > 0) io.stderr.write(`${skipped(preview.skippedRows)}\n`);
  io.stdout.write(`${say(T.preview, { cycleId: preview.cycleId, total: preview.total, summary: summaryOf(preview, T.previewOutcome) })}\n${details(preview)}`);
}

function summaryOf(o: Outcomes, texts: typeof T.outcome | typeof T.previewOutcome): string {
  const parts = [say(texts.created, { count: o.created ?? 0 })];
  if ((o.unchanged ?? 0) > 0) parts.push(say(texts.unchanged, { count: o.unchanged! }));
  if ((o.changed ?? []).length > 0) parts.push(say(texts.changed, { count: o.changed!.length }));
  if ((o.notCompared ?? []).length > 0) parts.push(say(texts.notCompared, { count: o.notCompared!.length }));
  return parts.join('，');
}

/** Each case with other content (one line per difference), then those not comparable. */
function details(o: Outcomes): string {
  const lines: string[] = [];
  const changed = o.changed ?? [];
  if (changed.length > 0) {
    lines.push(say(T.changedHeader, { count: changed.length }));
    for (const c of changed) {
      for (const d of c.differences) {
        lines.push(`  ${say(T.difference, { where: where(c), caseId: c.caseId, column: d.column, from: describeValue(d.from, d.field), to: describeValue(d.to, d.field) })}`);
      }
    }
    lines.push(T.howToChange);
  }
  const notCompared = o.notCompared ?? [];
  if (notCompared.length > 0) {
    lines.push(say(T.notComparedHeader, { count: notCompared.length }));
    for (const c of notCompared) lines.push(`  ${where(c)} ${c.caseId}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}

function where(p: Place): string {
  return p.row !== undefined ? say(T.row, { row: p.row }) : say(T.position, { index: (p.index ?? 0) + 1 });
}

/** 已略过3行空行、标题或表尾说明（第4、286–298、300行）. */
function skipped(rows: number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    ranges.push(j > i ? `${rows[i]}–${rows[j]}` : String(rows[i]));
    i = j + 1;
  }
  return say(T.skippedRows, { count: rows.length, rows: ranges.join('、') });
}

/** The row-by-row report of a refused sheet: 第7行 主办单位：缺少主办单位 / missing lead unit. */
function refused(body: ApiErrorBody): CliFailure {
  return new CliFailure([T.launchRefused, ...(body.problems ?? []).map((p) => `  ${problemLine(p)}`)].join('\n'));
}

/** Rows that differ from the cases they name: each difference on its row, and what the office may do. */
function differ(body: ApiErrorBody): CliFailure {
  const problems = body.problems ?? [];
  const cases = new Set(problems.map((p) => (p.row !== undefined ? `row:${p.row}` : p.field.split('.').slice(0, 2).join('.'))));
  return new CliFailure([say(T.casesDiffer, { count: cases.size }), ...problems.map((p) => `  ${problemLine(p)}`), T.casesDifferHint, T.howToChange].join('\n'));
}
