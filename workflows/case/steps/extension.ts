/** 延期: a unit asks to move one of its open deadlines to a later date; the office decides. */
import { addCalendarMonths } from '../../../libs/calendar/iso-date';
import { extendDueDate } from '../../../libs/calendar/due-date';
import type { CaseFile } from '../case-file';
import { pendingExtension } from '../allowed-actions';
import { Step, unless } from './step';

export const requestExtension: Step<'extension-request'> = {
  problems(file, input) {
    const deadline = openDeadline(file, input.deadline);
    if (!deadline) return [{ field: 'deadline', problem: `must be an open deadline: ${file.deadlines.open().map((d) => d.id).join(', ')}` }];
    const latest = deadline.id === 'reply' ? latestReplyExtension(file) : undefined;
    return [
      unless(input.newDueOn > deadline.due.dueOn, 'newDueOn', `must be after the current due date ${deadline.due.dueOn}`),
      unless(!latest || input.newDueOn <= latest, 'newDueOn',
        `must be on or before ${latest}: the reply may be extended by ${file.input.policy.extension?.maxReplyExtensionMonths} months at most`),
    ];
  },
  apply(file, input, at) {
    const deadline = openDeadline(file, input.deadline)!;
    const requestedBy = file.actor(input);
    (file.state.extensions ??= []).push({
      deadline: deadline.id, fromDueOn: deadline.due.dueOn, newDueOn: input.newDueOn, reason: input.reason,
      requestedBy, requestedAt: at.toISOString(), status: 'pending',
    });
    file.record('extension-request', requestedBy, at, { deadline: deadline.id, newDueOn: input.newDueOn });
  },
};

/** An approved extension moves the deadline (a new revision: its alerts are planned anew). */
export const decideExtension: Step<'extension-decision'> = {
  apply(file, input, at) {
    const request = pendingExtension(file)!;
    Object.assign(request, {
      status: input.approve ? 'approved' : 'rejected', decidedBy: input.actor ?? 'office', decidedAt: at.toISOString(),
      ...(input.note ? { note: input.note } : {}),
    });
    const deadline = file.deadlines.find(request.deadline);
    if (input.approve && deadline) file.deadlines.move(deadline, extendDueDate(deadline.due, request.newDueOn), at);
    file.record('extension-decision', request.decidedBy!, at, { deadline: request.deadline, approved: input.approve });
  },
};

/** The open deadline a request names (the reply's by default). */
function openDeadline(file: CaseFile, id: string | undefined) {
  return file.deadlines.open().find((d) => d.id === (id ?? 'reply'));
}

/** The latest date the reply may be extended to: its first due date plus the policy's maximum. */
function latestReplyExtension(file: CaseFile): string | undefined {
  const months = file.input.policy.extension?.maxReplyExtensionMonths;
  const first = file.state.extensions?.find((e) => e.deadline === 'reply')?.fromDueOn ?? file.deadlines.find('reply')?.due.dueOn;
  return months === undefined || !first ? undefined : addCalendarMonths(first, months).date;
}
