/**
 * Cases started under the full procedure before v9 (CasePatch.FullProcedure): every step the
 * policy requires, co-unit opinions as child workflows, deadlines counted from assignment, the
 * session's close or the previous step, publication and follow-up after closing. Kept as they ran
 * (a failed co-unit fails the case; due dates are computed one after another): retire it when no
 * v8 case remains (docs/architecture.md, "Versions and patches").
 */
import { condition, startChild, upsertSearchAttributes } from '@temporalio/workflow';
import type { DeadlineRule, IsoDate } from '../../../libs/calendar';
import { CaseAction, CaseDeadline, CaseSearch, coUnitWorkflowId, DeadlineId } from '../../../libs/contract';
import type { PolicyDeadline } from '../../../libs/policy/policy.types';
import { legacyActivities } from '../activities';
import { CHAIN_STEPS } from '../allowed-actions';
import type { CaseFile } from '../case-file';
import { coUnitWorkflow } from '../co-unit.workflow';
import { recordCoOpinion } from '../co-opinions';
import { track } from '../deadline-tracking';
import type { Change } from './changes';
import { preV9Host } from './pre-v9-host';
import { surveyRounds } from './survey-rounds';

export async function fullProcedureV8(file: CaseFile, startedAt: Date, change: Change): Promise<void> {
  const { policy } = file.input;
  const host = preV9Host(file, startedAt, file.input.jurisdiction);
  const due = (rule: DeadlineRule, from: IsoDate) => legacyActivities.computeDueDate(rule, from, file.input.jurisdiction);
  const tracks = (d: CaseDeadline) => track(host, d);

  // Steps counted from assignment (or the session's close) open now; the reply's last.
  const steps = CHAIN_STEPS.filter((step) => step !== 'reply' && file.requires(step)).filter((step) => {
    const from = policy.steps[step]?.deadline?.from;
    return from === 'assignment' || from === 'session-close' || (step === 'sign' && from === 'previous-step');
  });
  const rules: [DeadlineId, CaseAction, PolicyDeadline][] = [
    ...steps.map((step): [DeadlineId, CaseAction, PolicyDeadline] => [step, step, policy.steps[step].deadline!]),
    ['reply', 'reply', file.replyRule()],
  ];
  const dues = await Promise.all(rules.map(([, , rule]) => due(rule, file.startOf(rule))));
  const deadlines = rules.map(([id, step], i) => file.openDeadline(id, step, dues[i]));
  const reply = deadlines.find((d) => d.id === 'reply')!;
  upsertSearchAttributes([{ key: CaseSearch.replyDue, value: new Date(reply.due.dueAt) }]);
  if (file.requires('return') && policy.returns?.window) {
    file.requests.push({ kind: 'return-window', rule: policy.returns.window, from: file.startOf(policy.returns.window) });
  }

  const tracked = deadlines.flatMap(tracks);
  if (file.requires('co-opinion')) tracked.push(...file.input.coUnits.map((unit) => coUnit(file, unit, change)));
  await Promise.all([...tracked, dueDates(file, due, tracks), surveyRounds(file, { change, due, track: tracks }), condition(() => file.finished())]);
}

/** Computes the due dates steps ask for (a deadline to open or move) as they come, one at a time. */
async function dueDates(
  file: CaseFile,
  due: (rule: DeadlineRule, from: IsoDate) => Promise<CaseDeadline['due']>,
  tracks: (d: CaseDeadline) => Promise<void>[],
): Promise<void> {
  const tracked: Promise<void>[] = [];
  for (;;) {
    await condition(() => file.requests.length > 0 || file.finished());
    if (file.finished()) break;
    const request = file.requests.shift()!;
    const computed = await due(request.rule, request.from);
    const opened = file.applyDeadlineRequest(request, computed);
    if (opened) tracked.push(...tracks(opened));
    if (request.kind === 'move' && request.id === 'reply') {
      upsertSearchAttributes([{ key: CaseSearch.replyDue, value: new Date(computed.dueAt) }]);
    }
  }
  await Promise.all(tracked);
}

/** 协办: the co-unit's own workflow; its opinion is recorded when it ends. */
async function coUnit(file: CaseFile, unit: string, change: Change): Promise<void> {
  const { caseId, kind, session, number, title, keySupervised, assignedOn, jurisdiction, policy } = file.input;
  const child = await startChild(coUnitWorkflow, {
    workflowId: coUnitWorkflowId(caseId, unit),
    args: [{ caseId, unit, kind, session, number, title, keySupervised, assignedOn, policy, ...(jurisdiction ? { jurisdiction } : {}) }],
  });
  const opinion = await Promise.race([child.result(), condition(() => file.isClosed()).then(() => undefined)]);
  if (opinion) change(() => recordCoOpinion(file, opinion, new Date()));
}
