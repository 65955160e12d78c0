import { ApplicationFailure } from '@temporalio/common';
import type { ScheduledAlert } from '../../libs/alerts';
import { computeDueDate, WorkingCalendar } from '../../libs/calendar';
import { dongliCase, steps } from '../../test/support/fixtures';
import { CaseFile } from './case-file';
import { CaseAction, CaseErrorType, CaseStage } from './case.definitions';

const at = (iso: string) => new Date(iso);
const newFile = () => new CaseFile(dongliCase({ assignedOn: '2020-09-25' }), at('2020-09-25T02:00:00Z'));
const replyDue = () => computeDueDate({ amount: 3, unit: 'calendar-months' }, '2020-09-25', WorkingCalendar.official());

function refusal(check: () => void): ApplicationFailure {
  try {
    check();
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }
  throw new Error('the step was not refused');
}

describe('CaseFile: the rules of a case, without Temporal', () => {
  it('starts assigned, with the assignment in its history and only sign-for allowed', () => {
    const file = newFile();
    expect(file.stage).toBe(CaseStage.Assigned);
    expect(file.allowedActions()).toEqual([CaseAction.Sign, CaseAction.Withdraw]);
    expect(file.state.history).toEqual([
      expect.objectContaining({ seq: 1, action: 'assign', actor: 'office', at: '2020-09-25T02:00:00.000Z' }),
    ]);
  });

  it('refuses a step out of order without changing anything', () => {
    const file = newFile();
    const before = JSON.stringify(file.state);
    const failure = refusal(() => file.checkReply(steps.reply));
    expect(failure.type).toBe(CaseErrorType.StepNotAllowed);
    expect(failure.details?.[0]).toEqual({ action: 'reply', stage: 'assigned', allowedActions: ['sign', 'withdraw'] });
    expect(JSON.stringify(file.state)).toBe(before);
  });

  it('names every bad field of a step at once', () => {
    const file = newFile();
    file.applySignFor({}, at('2020-09-26T01:00:00Z'));
    const failure = refusal(() => file.checkWorkPlan({ summary: ' ', responsible: '', plannedCompletionOn: '2020-02-30', actor: '' }));
    expect(failure.type).toBe(CaseErrorType.InvalidStepInput);
    expect((failure.details?.[0] as { problems: { field: string }[] }).problems.map((p) => p.field)).toEqual([
      'summary', 'responsible', 'plannedCompletionOn', 'actor',
    ]);
  });

  it('meets the reply deadline on time or late, by the instant the reply came in', () => {
    const onTime = newFile();
    const due = replyDue();
    const d1 = onTime.openDeadline('reply', CaseAction.Reply, due);
    onTime.applyReply(steps.reply, new Date(Date.parse(due.dueAt) - 1));
    expect(d1.status).toBe('met');

    const late = newFile();
    const d2 = late.openDeadline('reply', CaseAction.Reply, due);
    late.markOverdue(d2, at('2021-01-01T00:00:00Z'));
    expect(d2.overdueSince).toBe(due.dueAt);
    expect(late.state.overdue).toBe(true);
    late.applyReply(steps.reply, at('2021-01-02T00:00:00Z'));
    expect(d2.status).toBe('met-late');
    expect(late.state.overdue).toBe(false);
  });

  it('counts a reply given before the deadline was opened', () => {
    const file = newFile();
    file.applyReply(steps.reply, at('2020-10-01T00:00:00Z'));
    expect(file.openDeadline('reply', CaseAction.Reply, replyDue()).status).toBe('met');
  });

  it('skips alerts missed before the case started, except the latest, and cancels the rest when met', () => {
    const file = newFile();
    const deadline = file.openDeadline('reply', CaseAction.Reply, replyDue());
    const alert = (rungId: string, deliverAt: string) => ({ alertId: rungId, rungId, deliverAt, kind: 'reminder', recipients: ['unit-handler'], title: rungId }) as unknown as ScheduledAlert;
    const toSend = file.planAlerts(
      deadline,
      [alert('a', '2020-01-01T00:00:00Z'), alert('b', '2020-02-01T00:00:00Z'), alert('c', '2030-01-01T00:00:00Z')],
      at('2020-06-01T00:00:00Z'),
    );
    expect(deadline.alerts?.map((a) => `${a.rungId}:${a.status}`)).toEqual(['a:skipped', 'b:scheduled', 'c:scheduled']);
    expect(toSend.map((a) => a.rungId)).toEqual(['b', 'c']);
    file.markAlertSent(toSend[0], at('2020-06-01T00:00:01Z'));
    file.cancelAlerts(deadline);
    expect(deadline.alerts?.map((a) => a.status)).toEqual(['skipped', 'sent', 'cancelled']);
  });
});
