/**
 * Cases from v9 on: the full procedure, with nothing lost and nothing silent.
 * - Every due date is computed on its own and its deadline opens as soon as it comes; one that
 *   cannot be computed holds up no other (requests for the same deadline stay in order).
 * - An activity that fails for good raises attention (state, search attribute, an alert to the
 *   office) and waits for the office's retry instead of stalling the case.
 * - Co-units are supervised: a failed or terminated co-unit leaves the case running and needing
 *   attention until the office restarts it; withdrawal cancels them and the clock reaches them.
 * - Search attributes are written from the state after every change (search-attributes.ts).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  ChildWorkflowHandle,
  condition,
  log,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { DeadlineRule, DueDate, IsoDate } from '../../../libs/calendar';
import {
  AttentionAlertRequest,
  AttentionItem,
  CaseDeadline,
  cancelCoUnitSignal,
  coUnitClockSignal,
  coUnitWorkflowId,
} from '../../../libs/contract';
import { armingOf, engineActivities, projecting } from '../activities';
import { CHAIN_STEPS, runningClockStop } from '../allowed-actions';
import type { CaseFile, DeadlineRequest } from '../case-file';
import { coUnitWorkflow } from '../co-unit.workflow';
import { recordCoOpinion } from '../co-opinions';
import { track } from '../deadline-tracking';
import type { DeadlineHost } from '../tracking-host';
import type { Change } from './changes';
import { surveyRounds } from './survey-rounds';

type Run = DeadlineHost<CaseDeadline>['run'];
type CoUnitHandle = ChildWorkflowHandle<typeof coUnitWorkflow>;

export async function engineDriver(file: CaseFile, startedAt: Date, change: Change): Promise<void> {
  const run = guarded(file, change);
  const host = engineHost(file, startedAt, change, run);
  const due = (rule: DeadlineRule, from: IsoDate, deadline: string) =>
    run({ task: 'due-date', deadline }, () => host.activities.computeDueDate(rule, from, file.input.jurisdiction));
  const tracks = (d: CaseDeadline) => track(host, d);
  const children = new Map<string, CoUnitHandle>();

  file.requests.push(...initialRequests(file, startedAt));
  let ended = false;
  const projection = file.procedure.projects ? project(file, run, () => ended) : Promise.resolve();
  const coUnits = file.requires('co-opinion') ? file.input.coUnits.map((unit) => superviseCoUnit(file, unit, change, children)) : [];
  await Promise.all([
    serveRequests(file, change, due, tracks),
    ...coUnits,
    deliverMail(file, children),
    surveyRounds(file, { change, due, track: tracks }),
    condition(() => file.finished()),
  ]);
  ended = true;
  await projection;
}

/**
 * v10: keeps the read model up to date. Whenever the case has changed since it was last projected,
 * the projection activity reads it by query and stores it (several changes in a row are projected
 * once). When everything else has ended, the last state is projected before the workflow completes.
 */
async function project(file: CaseFile, run: Run, ended: () => boolean): Promise<void> {
  let projected = -1;
  for (;;) {
    await condition(() => file.state.revision !== projected || ended());
    const revision = file.state.revision ?? 0;
    if (revision === projected) return;
    const done = await run({ task: 'project', deadline: 'case' }, () => projecting.projectCase({ caseId: file.input.caseId, revision }));
    if (done === undefined) return;
    // The activity reads the case when it runs: it may have projected later changes too.
    projected = Math.max(revision, done.revision);
  }
}

/** The deadlines counted from assignment or the session's close, the reply's last, and the return window. */
function initialRequests(file: CaseFile, since: Date): DeadlineRequest[] {
  const { policy } = file.input;
  const steps = CHAIN_STEPS.filter((step) => step !== 'reply' && file.requires(step)).filter((step) => {
    const from = policy.steps[step]?.deadline?.from;
    return from === 'assignment' || from === 'session-close' || (step === 'sign' && from === 'previous-step');
  });
  const open = (id: (typeof steps)[number] | 'reply', rule: DeadlineRequest['rule'] & { from?: string }): DeadlineRequest =>
    ({ kind: 'open', id, step: id, rule, from: file.startOf(rule), since });
  return [
    ...steps.map((step) => open(step, policy.steps[step].deadline!)),
    open('reply', file.replyRule()),
    ...(file.requires('return') && policy.returns?.window
      ? [{ kind: 'return-window' as const, rule: policy.returns.window, from: file.startOf(policy.returns.window) }]
      : []),
  ];
}

/**
 * Serves the due dates steps ask for, each as soon as it is asked: computed, applied (a deadline
 * opens or moves, the window is set) and, when opened, tracked.
 */
async function serveRequests(
  file: CaseFile,
  change: Change,
  due: (rule: DeadlineRule, from: IsoDate, what: string) => Promise<DueDate | undefined>,
  tracks: (d: CaseDeadline) => Promise<void>[],
): Promise<void> {
  const chains = new Map<string, Promise<void>>();
  const running: Promise<void>[] = [];
  const serve = async (request: DeadlineRequest, what: string): Promise<void> => {
    const computed = await due(request.rule, request.from, what);
    if (!computed) return;
    const opened = change(() => file.applyDeadlineRequest(request, computed));
    if (opened) running.push(...tracks(opened));
  };
  for (;;) {
    await condition(() => file.requests.length > 0 || file.finished());
    const request = file.requests.shift();
    if (!request) break;
    const what = request.kind === 'return-window' ? 'return' : request.id;
    const served = (chains.get(what) ?? Promise.resolve()).then(() => serve(request, what));
    chains.set(what, served);
    running.push(served);
  }
  await Promise.all(running);
}

/**
 * 协办: the co-unit's own workflow, started at once; its opinion is recorded when it ends. If it
 * fails or is terminated, the case needs attention until the office restarts it.
 */
async function superviseCoUnit(file: CaseFile, unit: string, change: Change, children: Map<string, CoUnitHandle>): Promise<void> {
  const { caseId, kind, session, number, title, keySupervised, assignedOn, jurisdiction, policy } = file.input;
  for (let attempt = 1; ; attempt++) {
    let error: string;
    try {
      const child = await startChild(coUnitWorkflow, {
        workflowId: coUnitWorkflowId(caseId, unit),
        args: [{ caseId, unit, kind, session, number, title, keySupervised, assignedOn, policy, version: file.procedure.version, ...(jurisdiction ? { jurisdiction } : {}) }],
      });
      children.set(unit, child);
      // What the case said before this co-unit's workflow ran: it must still hear it.
      const stop = runningClockStop(file);
      if (file.finished()) await child.signal(cancelCoUnitSignal, { reason: 'the case ended', by: 'system' });
      else if (stop) await child.signal(coUnitClockSignal, { stop: { reason: stop.reason, by: stop.by } });
      const opinion = await child.result();
      if (opinion) change(() => recordCoOpinion(file, opinion, new Date()));
      return;
    } catch (err) {
      if (!(err instanceof ChildWorkflowFailure) && !(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      error = messageOf(err);
    } finally {
      children.delete(unit);
    }
    if (file.finished()) return;
    const item = await raise(file, change, { id: `co-unit:${unit}#${attempt}`, kind: 'co-unit-failed', unit, what: `co-unit ${unit}`, error }, { coUnit: unit });
    if (!(await resolved(file, change, item))) return;
  }
}

/** Sends the co-units what the case tells them (withdrawal, the clock); when the case ends, cancels those still running. */
async function deliverMail(file: CaseFile, children: Map<string, CoUnitHandle>): Promise<void> {
  for (;;) {
    await condition(() => file.coUnitMail.length > 0 || file.finished());
    const mail = file.coUnitMail.shift() ?? { cancel: { reason: 'the case ended', by: 'system' } };
    const send = (child: CoUnitHandle) => ('cancel' in mail ? child.signal(cancelCoUnitSignal, mail.cancel) : child.signal(coUnitClockSignal, mail.clock));
    // A child that ended meanwhile cannot be signalled: nothing is owed to it.
    await Promise.all([...children.values()].map((child) => send(child).catch(() => undefined)));
    if (file.finished() && file.coUnitMail.length === 0) return;
  }
}

/**
 * Runs an activity; if it fails for good (a permanent error, not retried), the case needs
 * attention and waits for the office's retry. Undefined when the case finished first.
 */
function guarded(file: CaseFile, change: Change): Run {
  let failures = 0;
  return async (task, call) => {
    for (;;) {
      try {
        return await call();
      } catch (err) {
        // A local activity (v11) that fails for good is reported as its ApplicationFailure itself.
        if (!(err instanceof ActivityFailure) && !(err instanceof ApplicationFailure)) throw err;
        const what = `${task.task} of ${task.deadline}`;
        const item = await raise(file, change, { id: `task#${++failures}`, kind: 'activity-failed', ...task, what, error: messageOf(err) }, task);
        if (!(await resolved(file, change, item))) return undefined;
      }
    }
  };
}

/** Waits for the office to act on `item`; false when the case finished first (the item is closed with it). */
async function resolved(file: CaseFile, change: Change, item: AttentionItem): Promise<boolean> {
  await condition(() => item.resolvedAt !== undefined || file.finished());
  if (item.resolvedAt === undefined) change(() => file.resolveAttention(item, 'case-ended', 'system', new Date()));
  return item.resolution === 'restarted' || item.resolution === 'retried';
}

/** Marks the case as needing attention and tells the office (an alert; if even that fails, a log line). */
async function raise(file: CaseFile, change: Change, item: Omit<AttentionItem, 'since'>, cause: AttentionAlertRequest['cause']): Promise<AttentionItem> {
  const raised = change(() => file.raiseAttention(item, new Date()));
  const { caseId, kind, session, number, title, policy, jurisdiction } = file.input;
  try {
    await engineActivities(file.procedure.localPlanning).emitAttentionAlert({
      caseId, kind, session, number, title, unit: item.unit ?? file.state.leadUnit, attentionId: item.id, cause, error: item.error,
      ...(policy.quietHours ? { quietHours: policy.quietHours } : {}),
      ...(jurisdiction ? { jurisdiction } : {}),
    });
  } catch (err) {
    log.error('could not tell the office that the case needs attention', { caseId, attention: item.id, error: messageOf(err) });
  }
  return raised;
}

/** How the deadline tracking sees a v9 case: one alert per rung per breach, every change through `change`. */
function engineHost(file: CaseFile, startedAt: Date, change: Change, run: Run): DeadlineHost<CaseDeadline> {
  return {
    subject: file.input,
    unit: () => file.state.leadUnit,
    ...(file.input.jurisdiction ? { jurisdiction: file.input.jurisdiction } : {}),
    startedAt,
    activities: engineActivities(file.procedure.localPlanning),
    ...armingOf(file.procedure),
    breachAlerts: true,
    run,
    ended: (d) => file.deadlineEnded(d),
    isMet: (d) => file.deadlines.isMet(d),
    planAlerts: (d, plan) => change(() => file.deadlines.planBreaches(d, plan, file.input.caseId, file.procedure.breachesByDeadline)),
    markAlertSent: (alert, at) => change(() => file.deadlines.markAlertSent(alert, at)),
    cancelAlerts: (d) => change(() => file.deadlines.cancelAlerts(d)),
    markOverdue: (d, at) => change(() => file.deadlines.markOverdue(d, at)),
  };
}

function messageOf(err: unknown): string {
  if (err instanceof ActivityFailure || err instanceof ChildWorkflowFailure) return err.cause?.message ?? err.message;
  return err instanceof Error ? err.message : String(err);
}
