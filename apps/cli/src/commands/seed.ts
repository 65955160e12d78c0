import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiClient, ApiAnswer, failureOf } from '../api-client';
import { DEMO_KEYS, demoCycles, type DemoCycle, type Move } from '../demo/demo-cycles';
import { CliFailure, CliIo } from '../io';
import { LABELS } from '../../../../libs/i18n/labels';
import { say, T } from '../text';

interface CaseView {
  caseId: string;
  stage: string;
  history: { action: string }[];
  surveys: { submitter: string }[];
  /** The co-units that may co-sign the current draft now (their opinion has reached the case). */
  coSigners?: string[];
}

interface CoUnitView {
  stage: string;
}

interface SurveyLinks {
  links: { submitter: string; token: string; answered: boolean }[];
}

interface LaunchAnswer {
  cases?: { caseId: string; number: string }[];
  launchId?: string;
}

export interface SeedOptions {
  /** Append the demo keys created to this file (they are shown once). */
  keysFile?: string;
  /** How long to wait for a case's survey window to open, and the pace of the waits. */
  pollInterval?: number;
}

/** What the seed left: each cycle's cases by stage, and the keys it created. */
export interface SeedReport {
  cycles: { cycleId: string; title: string; stages: Record<string, string> }[];
  keys: { role: string; unit?: string; name: string; key: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * banli seed: the demo, through the API with the office's key — the Dongli 2020 cycle handled to its
 * end, a 2021 cycle in progress with overdue and late cases, and keys for a unit's handler and
 * leader and a supervisor. Safe to run again: launches are idempotent and a move already made (in
 * the case's history) is not made twice.
 */
export async function seed(api: ApiClient, io: CliIo, options: SeedOptions = {}, now = new Date()): Promise<SeedReport> {
  const report: SeedReport = { cycles: [], keys: [] };
  for (const cycle of demoCycles(now)) {
    io.stderr.write(`${say(T.seedCycle, { cycleId: cycle.launch.cycleId, title: cycle.launch.title, total: cycle.launch.cases.length })}\n`);
    const caseIds = await launchCycle(api, cycle, options.pollInterval ?? 500);
    const stages: Record<string, string> = {};
    for (const c of cycle.launch.cases) {
      const caseId = caseIds.get(c.number)!;
      stages[caseId] = await play(api, caseId, cycle.plans[c.number] ?? [], options.pollInterval ?? 500);
    }
    report.cycles.push({ cycleId: cycle.launch.cycleId, title: cycle.launch.title, stages });
  }
  report.keys = await createKeys(api, io, options.keysFile);
  io.stdout.write(`${render(report)}\n`);
  return report;
}

async function launchCycle(api: ApiClient, cycle: DemoCycle, pollMs: number): Promise<Map<string, string>> {
  const answer = await api.postJson<LaunchAnswer>('/api/cycles', cycle.launch);
  if (answer.status !== 201 && answer.status !== 202) throw failureOf(answer);
  if (answer.status === 202) {
    const location = answer.headers.get('location') ?? `/api/launches/${answer.body.launchId}`;
    for (;;) {
      const progress = await api.get<{ status: string; error?: string }>(location);
      if (progress.status !== 200) throw failureOf(progress);
      if (progress.body.status === 'completed') break;
      if (progress.body.status === 'failed') throw new CliFailure(say(T.launchFailed, { started: '?', total: cycle.launch.cases.length, error: progress.body.error ?? '' }));
      await sleep(pollMs);
    }
  }
  // Case ids as the API names them: cycle.kind.number.
  return new Map(cycle.launch.cases.map((c) => [c.number, `${cycle.launch.cycleId}.${c.kind}.${c.number}`]));
}

async function caseOf(api: ApiClient, caseId: string): Promise<CaseView> {
  const answer = await api.get<CaseView>(`/api/cases/${encodeURIComponent(caseId)}`);
  if (answer.status !== 200) throw failureOf(answer);
  return answer.body;
}

/** Makes the moves not made yet; answers the case's stage after them. */
async function play(api: ApiClient, caseId: string, moves: Move[], pollMs: number): Promise<string> {
  const path = `/api/cases/${encodeURIComponent(caseId)}`;
  let view = await caseOf(api, caseId);
  for (const move of moves) {
    let answer: ApiAnswer | undefined;
    if ('step' in move) {
      if (move.step === 'co-sign' ? coSigned(view, move.body.unit as string) : view.history.some((h) => h.action === move.step)) continue;
      if (move.step === 'co-sign') view = await opinionReached(api, caseId, move.body.unit as string, pollMs);
      answer = await api.postJson(`${path}/${move.step}`, move.body);
    } else if ('coUnit' in move) {
      const coPath = `${path}/co-units/${encodeURIComponent(move.coUnit)}`;
      const part = await api.get<CoUnitView>(coPath);
      if (part.status !== 200) throw failureOf(part);
      const done = move.coStep === 'sign' ? part.body.stage !== 'assigned' : part.body.stage === 'opinion-given';
      if (done) continue;
      answer = await api.postJson(`${coPath}/${move.coStep}`, move.body);
    } else {
      const { submitter, result, attitude } = move.linkSurvey;
      if (view.surveys.some((s) => s.submitter === submitter)) continue;
      const token = await linkOf(api, caseId, submitter, pollMs);
      // The submitter's own answer: no key, the link is the credential.
      answer = await new ApiClient(api.base).postJson(`/api/survey/${token}`, { result, attitude });
    }
    if (answer.status !== 200) throw failureOf(answer);
    view = await caseOf(api, caseId);
  }
  return view.stage;
}

/**
 * A co-unit's opinion is its own workflow's step; the case hears of it a moment later. Waits until
 * the case offers the unit the co-sign (as an integrator would, rather than be refused with a 409).
 */
async function opinionReached(api: ApiClient, caseId: string, unit: string, pollMs: number): Promise<CaseView> {
  for (let attempt = 0; ; attempt++) {
    const view = await caseOf(api, caseId);
    if (view.coSigners?.includes(unit) || attempt >= 120) return view;
    await sleep(pollMs);
  }
}

function coSigned(view: CaseView, unit: string): boolean {
  return view.history.some((h) => h.action === 'co-sign' && JSON.stringify(h).includes(unit));
}

/** The submitter's link, once the round's survey window is open (computed a moment after the reply). */
async function linkOf(api: ApiClient, caseId: string, submitter: string, pollMs: number): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const answer = await api.get<SurveyLinks>(`/api/cases/${encodeURIComponent(caseId)}/survey-links`);
    if (answer.status === 200) {
      const link = answer.body.links.find((l) => l.submitter === submitter);
      if (!link) throw new CliFailure(`${caseId}: no survey link for ${submitter}`);
      return link.token;
    }
    if (answer.status !== 409 || attempt >= 120) throw failureOf(answer);
    await sleep(pollMs);
  }
}

/** The demo's keys, created once (a key with the same role, unit and name is left as it is). */
async function createKeys(api: ApiClient, io: CliIo, keysFile: string | undefined): Promise<SeedReport['keys']> {
  const existing = await api.get<{ keys: { role: string; unit: string | null; name: string; status: 'active' | 'expired' | 'revoked' }[] }>('/api/keys');
  if (existing.status !== 200) throw failureOf(existing);
  const created: SeedReport['keys'] = [];
  for (const wanted of DEMO_KEYS) {
    const unit = 'unit' in wanted ? wanted.unit : undefined;
    const have = existing.body.keys.some((k) => k.role === wanted.role && (k.unit ?? undefined) === unit && k.name === wanted.name && k.status === 'active');
    if (have) continue;
    const answer = await api.postJson<{ key: string }>('/api/keys', wanted);
    if (answer.status !== 201) throw failureOf(answer);
    created.push({ role: wanted.role, ...(unit ? { unit } : {}), name: wanted.name, key: answer.body.key });
  }
  if (keysFile && created.length > 0) {
    appendFileSync(resolve(io.cwd, keysFile), created.map((k) => `${k.role}\t${k.unit ?? ''}\t${k.name}\t${k.key}\n`).join(''));
  }
  return created;
}

function render(report: SeedReport): string {
  const lines: string[] = [];
  for (const cycle of report.cycles) {
    const counts = new Map<string, number>();
    for (const stage of Object.values(cycle.stages)) counts.set(stage, (counts.get(stage) ?? 0) + 1);
    const byStage = [...counts].map(([stage, n]) => `${(LABELS.stage as Record<string, string>)[stage] ?? stage} ${n}`).join('，');
    lines.push(say(T.seedDone, { cycleId: cycle.cycleId, title: cycle.title, total: Object.keys(cycle.stages).length, stages: byStage }));
  }
  if (report.keys.length > 0) {
    lines.push(T.seedKeys);
    for (const k of report.keys) lines.push(`  ${k.unit ? `${k.unit} ` : ''}${k.name}（${k.role}）：${k.key}`);
  } else {
    lines.push(T.seedKeysExist);
  }
  return lines.join('\n');
}
