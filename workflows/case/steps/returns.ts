/**
 * 退回 and its decision: within the policy's window the lead unit may ask to return a case that is
 * not its own; the office rejects the return (驳回: the unit handles it) or reassigns the case
 * (调整). Either way sign-for counts again from the decision; on reassignment the reply deadline
 * restarts if the policy says so.
 */
import { chinaDateOf } from '../../../libs/calendar/iso-date';
import { CaseStage } from '../../../libs/contract';
import type { Step } from './step';
import { unless } from './step';

export const requestReturn: Step<'return'> = {
  refusal(file) {
    const window = file.state.returnWindow;
    const closed = file.stage === CaseStage.Assigned && window && file.requires('return') && file.now().getTime() >= Date.parse(window.dueAt);
    return closed
      ? `the return window closed on ${window.dueOn}: a case not returned in time is handled as assigned (逾期未提出退办申请的，不作调整)`
      : undefined;
  },
  apply(file, input, at) {
    (file.state.returns ??= []).push({ unit: file.state.leadUnit, reason: input.reason, requestedAt: at.toISOString() });
    for (const d of file.deadlines.open().filter((x) => x.id === 'sign')) file.deadlines.suspend(d);
    const rule = file.input.policy.returns?.decision;
    if (rule) file.requests.push({ kind: 'open', id: 'return-decision', step: 'return-decision', rule, from: chinaDateOf(at), since: at });
    file.advance(CaseStage.ReturnRequested, 'return', file.actor(input), at, { reason: input.reason });
  },
};

export const decideReturn: Step<'return-decision'> = {
  problems(file, input) {
    if (input.decision !== 'reassign') return [];
    return [
      unless(input.newLeadUnit !== undefined, 'newLeadUnit', 'must be a non-empty string'),
      unless(input.newLeadUnit !== file.state.leadUnit, 'newLeadUnit', 'must be another unit than the one returning the case'),
      unless(input.newLeadUnit === undefined || !file.input.coUnits.includes(input.newLeadUnit), 'newLeadUnit', 'is a co-unit of this case'),
    ];
  },
  apply(file, input, at) {
    const request = file.state.returns!.at(-1)!;
    const by = input.actor ?? 'office';
    const reassign = input.decision === 'reassign' ? input.newLeadUnit : undefined;
    Object.assign(request, {
      decision: input.decision, decidedAt: at.toISOString(), decidedBy: by,
      ...(reassign ? { newLeadUnit: reassign } : {}),
      ...(input.note ? { note: input.note } : {}),
    });
    // v8 left the office's decision deadline open after the decision (its ladder went on); v9 meets it.
    if (file.procedure.engine) file.deadlines.meet('return-decision', at);
    const from = chinaDateOf(at);
    const { policy } = file.input;
    const signRule = policy.steps?.sign?.deadline;
    if (reassign) {
      file.state.leadUnit = reassign;
      if (signRule) file.requests.push({ kind: 'move', id: 'sign', rule: signRule, from, note: `调整至${reassign}，自${from}起重新计算` });
      if (policy.returns?.onReassign === 'restart-reply-deadline') {
        file.requests.push({ kind: 'move', id: 'reply', rule: file.replyRule(), from, note: `调整承办单位，答复期限自${from}起重新计算` });
      }
      if (policy.returns?.window) file.requests.push({ kind: 'return-window', rule: policy.returns.window, from });
    } else if (signRule) {
      file.requests.push({ kind: 'move', id: 'sign', rule: signRule, from, note: `退回申请被驳回，自${from}起重新计算` });
    }
    file.advance(CaseStage.Assigned, 'return-decision', by, at, { decision: input.decision, ...(reassign ? { from: request.unit, to: reassign } : {}) });
  },
};
