import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ApiClient, ApiErrorBody, failureOf } from '../api-client';
import { CliFailure, CliIo } from '../io';
import { progressFor } from '../progress';
import { say, T } from '../text';

export interface LaunchOptions {
  cycle: string;
  title?: string;
  assignedOn?: string;
  jurisdiction?: string;
  sessionClosedOn?: string;
  policyOverrides?: string;
  /** Add the sheet's cases to a launched cycle instead of launching it. */
  add?: boolean;
  pollInterval: number;
}

interface LaunchView {
  launchId: string;
  cycleId: string;
  status: 'running' | 'completed' | 'failed';
  total: number;
  started: number;
  error?: string;
}

const TYPES: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv',
};

/** banli launch <file>: uploads the sheet, then follows the launch with a progress bar until it ends. */
export async function launch(api: ApiClient, io: CliIo, file: string, options: LaunchOptions): Promise<void> {
  if (!options.add && !options.title) throw new CliFailure(say(T.titleRequired), 2);
  const path = resolve(io.cwd, file);
  const bytes = await readFile(path).catch((err: NodeJS.ErrnoException) => {
    throw new CliFailure(say(T.fileUnreadable, { file, reason: err.code ?? err.message }));
  });
  const name = basename(path);
  const form = new FormData();
  const fields: [string, string | undefined][] = options.add
    ? [['assignedOn', options.assignedOn]]
    : [
        ['cycleId', options.cycle],
        ['title', options.title],
        ['jurisdiction', options.jurisdiction],
        ['assignedOn', options.assignedOn],
        ['sessionClosedOn', options.sessionClosedOn],
        ['policyOverrides', options.policyOverrides ? await readFile(resolve(io.cwd, options.policyOverrides), 'utf8') : undefined],
      ];
  for (const [key, value] of fields) if (value !== undefined) form.set(key, value);
  form.set('file', new Blob([bytes], { type: TYPES[name.slice(name.lastIndexOf('.')).toLowerCase()] ?? 'application/octet-stream' }), name);

  const endpoint = options.add ? `/api/cycles/${encodeURIComponent(options.cycle)}/cases` : '/api/cycles';
  const answer = await api.postForm<LaunchView & { cases: unknown[] }>(endpoint, form);
  if (answer.status === 400) throw refused(answer.body as unknown as ApiErrorBody);
  if (answer.status === 201) {
    io.stdout.write(`${say(T.launchCompleted, { cycleId: options.cycle, total: answer.body.cases.length })}\n`);
    return;
  }
  if (answer.status !== 202) throw failureOf(answer);

  const location = answer.headers.get('location') ?? `/api/launches/${answer.body.launchId}`;
  io.stderr.write(`${say(T.launchStarted, { cycleId: answer.body.cycleId, total: answer.body.total, location })}\n`);
  const final = await follow(api, io, location, answer.body, options.pollInterval);
  if (final.status === 'failed') {
    throw new CliFailure(say(T.launchFailed, { started: final.started, total: final.total, error: final.error ?? '' }));
  }
  io.stdout.write(`${say(T.launchCompleted, { cycleId: final.cycleId, total: final.total })}\n`);
}

/** Polls the launch resource, drawing its progress, until it is no longer running. */
async function follow(api: ApiClient, io: CliIo, location: string, first: LaunchView, intervalMs: number): Promise<LaunchView> {
  const progress = progressFor(io, intervalMs);
  let view = first;
  try {
    for (;;) {
      progress.update(view.started, view.total);
      if (view.status !== 'running') return view;
      await new Promise((r) => setTimeout(r, intervalMs));
      const answer = await api.get<LaunchView>(location);
      if (answer.status !== 200) throw failureOf(answer);
      view = answer.body;
    }
  } finally {
    progress.stop();
  }
}

/** The row-by-row report of a refused sheet: 第7行 主办单位：缺少主办单位 / missing lead unit. */
function refused(body: ApiErrorBody): CliFailure {
  const lines = (body.problems ?? []).map((p) => {
    if (p.row !== undefined) return `  ${say(T.row, { row: p.row })} ${p.column ?? ''}：${p.problem}`;
    return `  ${p.field === 'file' ? T.fileField : p.field}：${p.problem}`;
  });
  return new CliFailure([T.launchRefused, ...lines].join('\n'));
}
