/**
 * The rules of a case without Temporal: a CaseFile on the test's clock, its steps checked by the
 * workflow's validator (`checkStep`) and applied by their modules. Ported from the CaseFile spec
 * before the engine (git show 5f7e961^:workflows/case/case-file.spec.ts) onto the step modules;
 * its alert-planning case is in deadline-ledger.spec.ts.
 */
import { ApplicationFailure } from '@temporalio/common';
import { computeDueDate, WorkingCalendar } from '../../libs/calendar';
import { CaseAction, CaseErrorType, CaseStage, StepInputOf } from '../../libs/contract';
import { dongliCase, steps } from '../../test/support/fixtures';
import { CaseFile } from './case-file';
import { checkStep } from './case.workflow';
import type { Procedure } from './procedure';
import { STEP_MODULES } from './steps';

const V9: Procedure = { version: 9, policySteps: true, surveyRounds: true, jurisdictionCalendars: true, engine: true, projects: false, localPlanning: false, armsAlerts: false, emitsArmedLater: false, breachesByDeadline: false };
const at = (iso: string) => new Date(iso);
/** 3 calendar months after Fri 2020-09-25: Fri 2020-12-25, overdue from 2020-12-25T16:00:00.000Z. */
const replyDue = () => computeDueDate({ amount: 3, unit: 'calendar-months' }, '2020-09-25', WorkingCalendar.official());

function newFile() {
  const clock = { now: at('2020-09-25T02:00:00Z') };
  const file = new CaseFile(dongliCase({ assignedOn: '2020-09-25' }), V9, at('2020-09-25T02:00:00Z'), () => clock.now);
  const perform = <A extends CaseAction>(action: A, input: StepInputOf<A>, iso: string) => {
    clock.now = at(iso);
    checkStep(file, action, input);
    STEP_MODULES[action].apply(file, input, clock.now);
  };
  /** Sign-for to the review, a day apart from Mon 2020-09-28. */
  const toReviewed = () => {
    perform('sign', {}, '2020-09-28T02:00:00Z');
    perform('work-plan', steps.workPlan, '2020-09-29T02:00:00Z');
    perform('contact', steps.contact, '2020-09-30T02:00:00Z');
    perform('draft-reply', steps.draft, '2020-10-09T02:00:00Z');
    perform('sign-off', steps.signOff, '2020-10-10T02:00:00Z');
    perform('review', steps.review, '2020-10-12T02:00:00Z');
  };
  return { file, perform, toReviewed };
}

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
  it('starts assigned, with the assignment in its history and sign-for allowed (before any due date has come)', () => {
    const { file } = newFile();
    expect(file.stage).toBe(CaseStage.Assigned);
    expect(file.view().allowedActions).toEqual(['sign', 'merge', 'withdraw']);
    expect(file.state.history).toEqual([
      expect.objectContaining({ seq: 1, action: 'assign', actor: 'office', at: '2020-09-25T02:00:00.000Z', details: expect.objectContaining({ assignedOn: '2020-09-25' }) }),
    ]);
    expect(file.state).toMatchObject({ version: 9, procedure: 2, attention: [], overdue: false });
  });

  it('refuses a step out of order without changing anything', () => {
    const { file } = newFile();
    const before = JSON.stringify(file.state);
    const failure = refusal(() => checkStep(file, 'reply', steps.reply));
    expect(failure.type).toBe(CaseErrorType.StepNotAllowed);
    expect(failure.message).toBe('reply is not allowed at stage assigned');
    expect(failure.details?.[0]).toEqual({ action: 'reply', stage: 'assigned', allowedActions: ['sign', 'merge', 'withdraw'] });
    expect(JSON.stringify(file.state)).toBe(before);
  });

  it('names every bad field of a step at once', () => {
    const { file, perform } = newFile();
    perform('sign', {}, '2020-09-26T01:00:00Z');
    const failure = refusal(() => checkStep(file, 'work-plan', { summary: ' ', responsible: '', plannedCompletionOn: '2020-02-30', actor: '' }));
    expect(failure.type).toBe(CaseErrorType.InvalidStepInput);
    expect((failure.details?.[0] as { problems: { field: string }[] }).problems.map((p) => p.field)).toEqual([
      'summary', 'responsible', 'plannedCompletionOn', 'actor',
    ]);
  });

  it('meets the reply deadline on time 1 ms before its dueAt (2020-12-25T16:00:00.000Z)', () => {
    const { file, perform, toReviewed } = newFile();
    const due = replyDue();
    expect(due).toMatchObject({ dueOn: '2020-12-25', dueAt: '2020-12-25T16:00:00.000Z' });
    const reply = file.openDeadline('reply', 'reply', due);
    toReviewed();
    perform('reply', steps.reply, '2020-12-25T15:59:59.999Z');
    expect(reply.status).toBe('met');
  });

  it('meets it late from its dueAt on: overdue since then, met late by the reply', () => {
    const { file, perform, toReviewed } = newFile();
    const reply = file.openDeadline('reply', 'reply', replyDue());
    toReviewed();
    file.deadlines.markOverdue(reply, at('2021-01-01T00:00:00Z'));
    expect(reply.overdueSince).toBe('2020-12-25T16:00:00.000Z');
    expect(file.state.overdue).toBe(true);
    perform('reply', steps.reply, '2021-01-02T00:00:00Z');
    expect(reply).toMatchObject({ status: 'met-late', metAt: '2021-01-02T00:00:00.000Z' });
    expect(file.state.overdue).toBe(false);
  });

  it('counts a reply given before the deadline was opened, unless it came before the deadline’s start (a re-handling round)', () => {
    const { file, perform, toReviewed } = newFile();
    toReviewed();
    perform('reply', steps.reply, '2020-10-13T00:00:00Z');
    expect(file.openDeadline('reply', 'reply', replyDue()).status).toBe('met');
    expect(file.openDeadline('rehandle-1', 'reply', replyDue(), at('2020-10-13T00:00:00.001Z')).status).toBe('open');
  });
});
