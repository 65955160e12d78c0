/**
 * Cases started before the full procedure (v1–v7): the reply deadline (v1), its ladder (v2), the
 * deadlines of the other steps counted from assignment (v3), survey rounds (v4). Kept as they ran:
 * retire it when no such case remains (docs/architecture.md, "Versions and patches").
 */
import { condition, upsertSearchAttributes } from '@temporalio/workflow';
import type { DeadlineRule, IsoDate } from '../../../libs/calendar';
import { CaseDeadline, CaseSearch } from '../../../libs/contract';
import { legacyActivities } from '../activities';
import type { CaseFile } from '../case-file';
import { runLadder, watchDeadline } from '../deadline-tracking';
import { legacyLadders, legacyStepDeadlines } from '../procedure';
import type { Change } from './changes';
import { preV9Host } from './pre-v9-host';
import { surveyRounds } from './survey-rounds';

const STEP_DEADLINES = ['sign', 'work-plan', 'contact'] as const;

export async function legacyDriver(file: CaseFile, startedAt: Date, change: Change): Promise<void> {
  const host = preV9Host(file, startedAt);
  const due = (rule: DeadlineRule, from: IsoDate) => legacyActivities.computeDueDate(rule, from);
  const stepDeadlines = legacyStepDeadlines();
  const deadlines = stepDeadlines ? await openStepDeadlines(file, due) : [await openReplyDeadline(file, due)];
  const reply = deadlines.find((d) => d.id === 'reply')!;
  upsertSearchAttributes([{ key: CaseSearch.replyDue, value: new Date(reply.due.dueAt) }]);

  const laddersOn = legacyLadders();
  file.state.version = file.procedure.surveyRounds ? 4 : stepDeadlines ? 3 : laddersOn ? 2 : 1;
  // Order matters for replay: every ladder is started before any watch.
  const ladders = laddersOn ? deadlines.map((d) => runLadder(host, d)) : [];
  const watches = deadlines.map((d) => watchDeadline(host, d));
  const track = (d: CaseDeadline) => [...(laddersOn ? [runLadder(host, d)] : []), watchDeadline(host, d)];
  const closed = file.procedure.surveyRounds ? surveyRounds(file, { change, due, track }) : condition(() => file.isClosed());
  await Promise.all([...watches, ...ladders, closed]);
}

type Due = (rule: DeadlineRule, from: IsoDate) => Promise<CaseDeadline['due']>;

/** The reply deadline: 3 calendar months from assignment, 6 for complex cases, by default. */
async function openReplyDeadline(file: CaseFile, due: Due): Promise<CaseDeadline> {
  return file.openDeadline('reply', 'reply', await due(file.replyRule(), file.input.assignedOn));
}

/** A deadline for every required step the policy counts from assignment, the reply's last. */
async function openStepDeadlines(file: CaseFile, due: Due): Promise<CaseDeadline[]> {
  const { policy, assignedOn } = file.input;
  const steps = STEP_DEADLINES.filter((id) => {
    const step = policy.steps?.[id];
    return step?.required && step.deadline?.from === 'assignment';
  });
  const dues = await Promise.all(steps.map((id) => due(policy.steps[id].deadline!, assignedOn)));
  const opened = steps.map((id, i) => file.openDeadline(id, id, dues[i]));
  return [...opened, await openReplyDeadline(file, due)];
}
