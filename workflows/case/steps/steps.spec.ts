/**
 * The steps' rules at their edges, without Temporal: a CaseFile on a clock the test sets, each
 * step checked by the workflow's own validator (`checkStep`) and applied by its module, and every
 * due date it asks for computed on the official calendar as the driver's activity would.
 *
 * The dates: a case assigned Fri 2020-09-25 (10:00 China time). Sign-for (3 working days) is due
 * Tue 2020-09-29 (Sun 09-27 was a make-up working day); the return window (5 working days) ends
 * Fri 2020-10-09, after the National Day week (10-01 to 10-08 off); the reply (3 calendar months)
 * is due Fri 2020-12-25.
 */
import { ApplicationFailure } from '@temporalio/common';
import { computeDueDate, WorkingCalendar } from '../../../libs/calendar';
import { CaseAction, CaseErrorType, CaseInput, CaseStage, StepInputOf } from '../../../libs/contract';
import { applyOverrides, presetFor } from '../../../libs/policy';
import { dongliCase, steps } from '../../../test/support/fixtures';
import { allowedActions } from '../allowed-actions';
import { CaseFile } from '../case-file';
import { checkStep } from '../case.workflow';
import { recordCoOpinion } from '../co-opinions';
import type { Procedure } from '../procedure';
import { daysBetween } from './clock';
import { STEP_MODULES } from './index';
import { recordNoResponse } from './survey';

const V9: Procedure = { version: 9, policySteps: true, surveyRounds: true, jurisdictionCalendars: true, engine: true, projects: false, localPlanning: false, armsAlerts: false, emitsArmedLater: false, breachesByDeadline: false };
const calendar = WorkingCalendar.official();
const ASSIGNED_AT = '2020-09-25T02:00:00.000Z';

/** A case on the office's desk: its file, and the clock its validator reads. */
class OpenCase {
  private instant = new Date(ASSIGNED_AT);
  readonly file: CaseFile;

  constructor(overrides: Partial<CaseInput> = {}) {
    this.file = new CaseFile(dongliCase({ assignedOn: '2020-09-25', ...overrides }), V9, new Date(ASSIGNED_AT), () => this.instant);
    const { policy, assignedOn } = this.file.input;
    const since = new Date(ASSIGNED_AT);
    // What the engine driver opens at assignment (drivers/engine.ts, initialRequests).
    this.file.requests.push(
      { kind: 'open', id: 'sign', step: 'sign', rule: policy.steps.sign.deadline!, from: assignedOn, since },
      { kind: 'open', id: 'reply', step: 'reply', rule: this.file.replyRule(), from: assignedOn, since },
      { kind: 'return-window', rule: policy.returns!.window, from: assignedOn },
    );
    this.serve();
  }

  /** Sets the clock. */
  at(iso: string): this {
    this.instant = new Date(iso);
    return this;
  }

  /** The validator alone, at `iso`: throws the refusal, or returns. */
  check<A extends CaseAction>(action: A, input: StepInputOf<A>, iso: string): void {
    this.at(iso);
    checkStep(this.file, action, input);
  }

  /** The step at `iso`, as the workflow runs it: checked, applied; then the due dates it asked for. */
  step<A extends CaseAction>(action: A, input: StepInputOf<A>, iso: string): CaseFile {
    this.check(action, input, iso);
    STEP_MODULES[action].apply(this.file, input, this.instant);
    this.serve();
    return this.file;
  }

  /** The refusal of the step at `iso`; fails the test if the step would have been allowed. */
  refusal<A extends CaseAction>(action: A, input: StepInputOf<A>, iso: string): ApplicationFailure {
    const before = JSON.stringify(this.file.state);
    try {
      this.check(action, input, iso);
    } catch (err) {
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect(JSON.stringify(this.file.state)).toBe(before);
      return err as ApplicationFailure;
    }
    throw new Error(`${action} was not refused`);
  }

  /** Due dates the steps asked for, computed as the activity does and applied in order. */
  serve(): void {
    for (let r = this.file.requests.shift(); r; r = this.file.requests.shift()) {
      this.file.applyDeadlineRequest(r, computeDueDate(r.rule, r.from, calendar));
    }
  }

  deadline(id: string) {
    const d = this.file.deadlines.find(id as never);
    expect(d).toBeDefined();
    return d!;
  }

  /** Each co-unit's opinion arrives (its workflow ended). */
  opinions(units: string[], iso: string): this {
    for (const unit of units) recordCoOpinion(this.file, { unit, opinion: '同意', givenAt: iso, givenBy: unit }, new Date(iso));
    return this;
  }

  /** Sign-for to the draft, a day apart from Mon 2020-09-28. */
  toDrafted(): this {
    this.step('sign', {}, '2020-09-28T02:00:00.000Z');
    this.step('work-plan', steps.workPlan, '2020-09-29T02:00:00.000Z');
    this.step('contact', steps.contact, '2020-09-30T02:00:00.000Z');
    this.step('draft-reply', steps.draft, '2020-10-09T02:00:00.000Z');
    return this;
  }

  /** … then sign-off, review, reply and the visit (a case without co-units). */
  toVisited(): this {
    this.toDrafted();
    this.step('sign-off', steps.signOff, '2020-10-10T02:00:00.000Z');
    this.step('review', steps.review, '2020-10-12T02:00:00.000Z');
    this.step('reply', steps.reply, '2020-10-13T02:00:00.000Z');
    this.step('visit', steps.visit, '2020-10-14T02:00:00.000Z');
    return this;
  }
}

const problemsOf = (failure: ApplicationFailure) => (failure.details?.[0] as { problems: { field: string; problem: string }[] }).problems;

describe('the due dates of a case assigned Fri 2020-09-25', () => {
  it('opens sign-for due Tue 2020-09-29, the return window to Fri 2020-10-09 and the reply due Fri 2020-12-25', () => {
    const c = new OpenCase();
    expect(c.deadline('sign').due).toMatchObject({ dueOn: '2020-09-29', dueAt: '2020-09-29T16:00:00.000Z' });
    expect(c.file.state.returnWindow).toMatchObject({ dueOn: '2020-10-09', dueAt: '2020-10-09T16:00:00.000Z' });
    expect(c.deadline('reply').due).toMatchObject({ dueOn: '2020-12-25', dueAt: '2020-12-25T16:00:00.000Z' });
  });
});

describe('退回: the return window', () => {
  it('allows the return 1 ms before the window ends (2020-10-09T15:59:59.999Z)', () => {
    const c = new OpenCase().at('2020-10-09T15:59:59.999Z');
    expect(allowedActions(c.file)).toContain('return');
    const returned = c.step('return', { reason: '该事项属区住建委职责' }, '2020-10-09T15:59:59.999Z');
    expect(returned.stage).toBe(CaseStage.ReturnRequested);
  });

  it('refuses it from the instant the window ends (2020-10-09T16:00:00.000Z), naming the window’s last day, 2020-10-09', () => {
    const c = new OpenCase().at('2020-10-09T16:00:00.000Z');
    expect(allowedActions(c.file)).not.toContain('return');
    const late = c.refusal('return', { reason: '该事项属区住建委职责' }, '2020-10-09T16:00:00.000Z');
    expect(late.type).toBe(CaseErrorType.StepNotAllowed);
    expect(late.message).toBe('the return window closed on 2020-10-09: a case not returned in time is handled as assigned (逾期未提出退办申请的，不作调整)');
    expect(late.details?.[0]).toEqual({ action: 'return', stage: 'assigned', allowedActions: ['sign', 'merge', 'extension-request', 'stop-clock', 'withdraw'] });
  });

  it('suspends sign-for while the office decides, and opens the decision deadline 7 calendar days from the request', () => {
    const c = new OpenCase();
    c.step('return', { reason: '该事项属区住建委职责' }, '2020-09-28T02:00:00.000Z');
    expect(c.deadline('sign')).toMatchObject({ suspended: true, revision: 2 });
    expect(c.deadline('return-decision').due).toMatchObject({ start: '2020-09-28', dueOn: '2020-10-09' }); // 10-05, a holiday, rolled to 10-09
  });

  it('refuses a second return by a unit whose return was rejected, though the window is open', () => {
    const c = new OpenCase();
    c.step('return', { reason: '不属于我单位职责' }, '2020-09-28T02:00:00.000Z');
    c.step('return-decision', { decision: 'reject', note: '属你单位职责' }, '2020-09-29T02:00:00.000Z');
    expect(allowedActions(c.at('2020-09-30T02:00:00.000Z').file)).not.toContain('return');
    expect(c.refusal('return', { reason: '再次申请' }, '2020-09-30T02:00:00.000Z').message).toBe('return is not allowed at stage assigned');
  });
});

describe('调整: reassignment and the reply deadline (policy.returns.onReassign)', () => {
  const policyThat = (onReassign: 'keep-reply-deadline' | 'restart-reply-deadline') =>
    applyOverrides(presetFor('npc-suggestion'), { returns: { onReassign } });

  /** Returned Mon 09-28; reassigned 2020-09-29T17:00Z, which is already Wed 2020-09-30 01:00 in China. */
  function reassigned(onReassign: 'keep-reply-deadline' | 'restart-reply-deadline') {
    const c = new OpenCase({ policy: policyThat(onReassign) });
    c.step('return', { reason: '该事项属区住建委职责' }, '2020-09-28T02:00:00.000Z');
    c.check('return-decision', { decision: 'reassign', newLeadUnit: '区住建委' }, '2020-09-29T17:00:00.000Z');
    STEP_MODULES['return-decision'].apply(c.file, { decision: 'reassign', newLeadUnit: '区住建委' }, new Date('2020-09-29T17:00:00.000Z'));
    return c;
  }

  it('restart-reply-deadline: asks to move the reply, counted again from the decision’s China date 2020-09-30, to Wed 2020-12-30', () => {
    const c = reassigned('restart-reply-deadline');
    const moves = c.file.requests.filter((r) => r.kind === 'move');
    expect(moves.map((r) => r.kind === 'move' && `${r.id}:${r.from}`)).toEqual(['sign:2020-09-30', 'reply:2020-09-30']);
    expect(moves[1]).toEqual({
      kind: 'move', id: 'reply', rule: c.file.replyRule(), from: '2020-09-30', note: '调整承办单位，答复期限自2020-09-30起重新计算',
    });
    c.serve();
    expect(c.deadline('reply')).toMatchObject({ revision: 2, status: 'open', due: { dueOn: '2020-12-30', dueAt: '2020-12-30T16:00:00.000Z', start: '2020-09-30' } });
    expect(c.deadline('reply').due.explanation.endsWith('；调整承办单位，答复期限自2020-09-30起重新计算')).toBe(true);
    // Sign-for counts again for the new unit: 3 working days after 09-30, over the National Day week, is Mon 2020-10-12.
    expect(c.deadline('sign')).toMatchObject({ revision: 3, suspended: false, due: { dueOn: '2020-10-12', start: '2020-09-30' } });
    expect(c.file.state.leadUnit).toBe('区住建委');
  });

  it('keep-reply-deadline: asks no move of the reply, which stays due 2020-12-25', () => {
    const c = reassigned('keep-reply-deadline');
    expect(c.file.requests.filter((r) => r.kind === 'move').map((r) => r.kind === 'move' && r.id)).toEqual(['sign']);
    c.serve();
    expect(c.deadline('reply').due.dueOn).toBe('2020-12-25');
    expect(c.deadline('reply').revision).toBeUndefined();
  });

  it('a rejected return never moves the reply, whatever the policy', () => {
    const c = new OpenCase({ policy: policyThat('restart-reply-deadline') });
    c.step('return', { reason: '不属于我单位职责' }, '2020-09-28T02:00:00.000Z');
    c.step('return-decision', { decision: 'reject' }, '2020-09-29T17:00:00.000Z');
    expect(c.deadline('reply').due.dueOn).toBe('2020-12-25');
    expect(c.deadline('sign').due.explanation.endsWith('；退回申请被驳回，自2020-09-30起重新计算')).toBe(true);
  });
});

describe('中止 and 恢复: the clock stands still for whole days of China’s calendar', () => {
  function stoppedAndRestarted(stopAt: string, restartAt: string) {
    const c = new OpenCase();
    c.step('sign', {}, '2020-09-28T02:00:00.000Z');
    c.step('stop-clock', { reason: '待市级部门答复' }, stopAt);
    expect(c.deadline('reply')).toMatchObject({ suspended: true, revision: 2 });
    c.step('restart-clock', { note: '已收到市级答复' }, restartAt);
    return c;
  }

  it('counts 1 day from 23:59 to 00:01 China time (2020-10-12T15:59Z to 2020-10-12T16:01Z): the reply moves from 2020-12-25 to 2020-12-26', () => {
    const c = stoppedAndRestarted('2020-10-12T15:59:00.000Z', '2020-10-12T16:01:00.000Z');
    expect(c.file.state.clockStops).toEqual([
      { since: '2020-10-12T15:59:00.000Z', reason: '待市级部门答复', by: 'office', until: '2020-10-12T16:01:00.000Z', days: 1 },
    ]);
    expect(c.deadline('reply')).toMatchObject({
      suspended: false, revision: 3, status: 'open', due: { dueOn: '2020-12-26', dueAt: '2020-12-26T16:00:00.000Z' },
    });
    expect(c.deadline('reply').due.explanation.endsWith('；中止1天，顺延至2020-12-26')).toBe(true);
    expect(c.deadline('sign')).toMatchObject({ status: 'met', due: { dueOn: '2020-09-29' } }); // met before: not moved
    expect(c.file.coUnitMail.at(-1)).toEqual({ clock: { restart: { days: 1 } } });
    expect(c.file.state.history.at(-1)).toMatchObject({ action: 'restart-clock', details: { days: 1, note: '已收到市级答复' } });
  });

  it('counts 0 days from 00:01 to 23:59 of one China day (2020-10-12T16:01Z to 2020-10-13T15:59Z): the reply stays due 2020-12-25', () => {
    const c = stoppedAndRestarted('2020-10-12T16:01:00.000Z', '2020-10-13T15:59:00.000Z');
    expect(c.file.state.clockStops?.[0].days).toBe(0);
    expect(c.deadline('reply').due).toMatchObject({ dueOn: '2020-12-25', dueAt: '2020-12-25T16:00:00.000Z' });
    expect(c.deadline('reply').due.explanation.endsWith('；中止0天，顺延至2020-12-25')).toBe(true);
  });

  it('counts calendar days across a month and a year: 2020-12-31 to 2021-01-02 is 2', () => {
    expect(daysBetween('2020-12-31', '2021-01-02')).toBe(2);
    expect(daysBetween('2020-02-28', '2020-03-01')).toBe(2); // 2020 is a leap year
  });

  it('refuses a restart while the clock runs, and a second stop while it stands still', () => {
    const c = new OpenCase();
    expect(c.refusal('restart-clock', {}, '2020-09-28T02:00:00.000Z').message).toBe('restart-clock is not allowed at stage assigned');
    c.step('stop-clock', { reason: '待市级部门答复' }, '2020-09-28T02:00:00.000Z');
    expect(c.refusal('stop-clock', { reason: '再次中止' }, '2020-09-29T02:00:00.000Z').message).toBe('stop-clock is not allowed at stage assigned');
  });
});

describe('会签: each co-unit co-signs each draft once', () => {
  const units = ['区司法局', '区财政局'];

  it('refuses a co-unit co-signing the same draft twice (409), and asks every co-unit to co-sign a new draft again', () => {
    const c = new OpenCase({ coUnits: units }).opinions(units, '2020-10-01T02:00:00.000Z').toDrafted();
    c.step('co-sign', { unit: '区司法局' }, '2020-10-09T03:00:00.000Z');
    expect(c.file.stage).toBe(CaseStage.Drafted);

    const twice = c.refusal('co-sign', { unit: '区司法局', edits: '再改一处' }, '2020-10-09T04:00:00.000Z');
    expect(twice.type).toBe(CaseErrorType.StepNotAllowed);
    expect(twice.message).toBe('区司法局 has already co-signed this draft');
    expect(twice.details?.[0]).toMatchObject({ action: 'co-sign', stage: 'drafted' });

    c.step('draft-reply', { ...steps.draft, text: '修改后的答复……' }, '2020-10-10T02:00:00.000Z');
    expect(c.file.state.draft?.version).toBe(2);
    c.step('co-sign', { unit: '区司法局' }, '2020-10-10T03:00:00.000Z');
    expect(c.file.stage).toBe(CaseStage.Drafted); // 区财政局 has not co-signed draft 2
    c.step('co-sign', { unit: '区财政局' }, '2020-10-10T04:00:00.000Z');
    expect(c.file.stage).toBe(CaseStage.CoSigned);
    expect(c.file.state.coSigns?.map((s) => `${s.unit}:${s.draftVersion}`)).toEqual(['区司法局:1', '区司法局:2', '区财政局:2']);
  });

  it('refuses a co-sign before the co-unit’s opinion, naming it', () => {
    const c = new OpenCase({ coUnits: units }).opinions(['区财政局'], '2020-10-01T02:00:00.000Z').toDrafted();
    expect(c.refusal('co-sign', { unit: '区司法局' }, '2020-10-09T03:00:00.000Z').message).toBe('区司法局 has not given its co-unit opinion yet');
  });
});

describe('审签: sign-off waits for every co-unit opinion', () => {
  // Co-sign not required, the co-unit opinion required: sign-off comes right after the draft.
  const policy = () => applyOverrides(presetFor('npc-suggestion'), { steps: { 'co-sign': { required: false } } });

  it('refuses sign-off while an opinion is missing, naming whose, and takes it once the opinion is in', () => {
    const c = new OpenCase({ coUnits: ['区司法局', '区财政局'], policy: policy() }).opinions(['区司法局'], '2020-10-01T02:00:00.000Z').toDrafted();
    expect(allowedActions(c.at('2020-10-09T03:00:00.000Z').file)).not.toContain('sign-off');
    const waiting = c.refusal('sign-off', steps.signOff, '2020-10-09T03:00:00.000Z');
    expect(waiting.type).toBe(CaseErrorType.StepNotAllowed);
    expect(waiting.message).toBe('waiting for the co-unit opinions of 区财政局');
    expect(waiting.details?.[0]).toMatchObject({ action: 'sign-off', stage: 'drafted' });

    c.opinions(['区财政局'], '2020-10-09T04:00:00.000Z');
    expect(allowedActions(c.file)).toContain('sign-off');
    expect(c.step('sign-off', steps.signOff, '2020-10-09T05:00:00.000Z').stage).toBe(CaseStage.SignedOff);
  });

  it('names every co-unit whose opinion is missing', () => {
    const c = new OpenCase({ coUnits: ['区司法局', '区财政局'], policy: policy() }).toDrafted();
    expect(c.refusal('sign-off', {}, '2020-10-09T03:00:00.000Z').message).toBe('waiting for the co-unit opinions of 区司法局, 区财政局');
  });
});

describe('满意度测评: the survey window ends with answers missing', () => {
  const submitters = ['领衔代表甲', '联名代表乙'];
  const END = new Date('2020-11-04T16:00:00.000Z');
  const answers = (file: CaseFile) => file.state.surveys.map((s) => `${s.submitter}:${s.result}:${s.recordedBy}`);

  it('records nobody’s answer as no-response by default, and closes the case as no-response', () => {
    const c = new OpenCase({ submitters }).toVisited();
    recordNoResponse(c.file, END);
    expect(answers(c.file)).toEqual(['领衔代表甲:no-response:system', '联名代表乙:no-response:system']);
    expect(c.file.state).toMatchObject({ stage: CaseStage.Closed, closedAs: 'no-response', closedAt: END.toISOString() });
    expect(c.file.state.history.at(-1)).toMatchObject({ action: 'no-response', details: { submitters, recordedAs: 'no-response' } });
  });

  it('by default closes as satisfied when someone answered satisfied, the missing answer still recorded as no-response', () => {
    const c = new OpenCase({ submitters }).toVisited();
    c.step('survey', { submitter: '领衔代表甲', result: 'satisfied' }, '2020-10-20T02:00:00.000Z');
    recordNoResponse(c.file, END);
    expect(answers(c.file)).toEqual(['领衔代表甲:satisfied:领衔代表甲', '联名代表乙:no-response:system']);
    expect(c.file.state.closedAs).toBe('satisfied');
  });

  it('under noResponse: satisfied records the missing answers as satisfied and closes the case as satisfied', () => {
    const policy = applyOverrides(presetFor('npc-suggestion'), { survey: { noResponse: 'satisfied' } });
    const c = new OpenCase({ submitters, policy }).toVisited();
    recordNoResponse(c.file, END);
    expect(answers(c.file)).toEqual(['领衔代表甲:satisfied:system', '联名代表乙:satisfied:system']);
    expect(c.file.state).toMatchObject({ stage: CaseStage.Closed, closedAs: 'satisfied' });
    expect(c.file.state.history.at(-1)).toMatchObject({ action: 'no-response', details: { recordedAs: 'satisfied' } });
  });
});

describe('延期: extending a deadline', () => {
  it('extends sign-for (not the reply) to the date approved: due 2020-10-12, extended from 2020-09-29; the reply stays', () => {
    const c = new OpenCase();
    c.step('extension-request', { deadline: 'sign', newDueOn: '2020-10-12', reason: '国庆假期，待单位负责人返岗' }, '2020-09-28T02:00:00.000Z');
    expect(c.file.state.extensions).toEqual([expect.objectContaining({ deadline: 'sign', fromDueOn: '2020-09-29', newDueOn: '2020-10-12', status: 'pending' })]);
    c.step('extension-decision', { approve: true }, '2020-09-28T03:00:00.000Z');
    expect(c.deadline('sign')).toMatchObject({
      revision: 2, status: 'open', due: { dueOn: '2020-10-12', dueAt: '2020-10-12T16:00:00.000Z', extendedFrom: '2020-09-29' },
    });
    expect(c.deadline('sign').due.explanation.endsWith('；经批准延期至2020-10-12')).toBe(true);
    expect(c.deadline('reply').due).toMatchObject({ dueOn: '2020-12-25' });
    expect(c.deadline('reply').due).not.toHaveProperty('extendedFrom');
    expect(c.deadline('reply').revision).toBeUndefined();
  });

  it('lets the reply be extended to its last allowed date, 3 months after 2020-12-25 (2021-03-25), and not a day later', () => {
    const c = new OpenCase();
    c.check('extension-request', { newDueOn: '2021-03-25', reason: '需待市级部门出台配套政策' }, '2020-12-01T02:00:00.000Z');
    const late = c.refusal('extension-request', { newDueOn: '2021-03-26', reason: '需待市级部门出台配套政策' }, '2020-12-01T02:00:00.000Z');
    expect(late.type).toBe(CaseErrorType.InvalidStepInput);
    expect(problemsOf(late)).toEqual([
      { field: 'newDueOn', problem: 'must be on or before 2021-03-25: the reply may be extended by 3 months at most' },
    ]);
  });

  it('counts the cap from the reply’s first due date after an extension, not from the extended one', () => {
    const c = new OpenCase();
    c.step('extension-request', { newDueOn: '2021-01-15', reason: '需待市级部门出台配套政策' }, '2020-12-01T02:00:00.000Z');
    c.step('extension-decision', { approve: true }, '2020-12-02T02:00:00.000Z');
    expect(c.deadline('reply').due).toMatchObject({ dueOn: '2021-01-15', extendedFrom: '2020-12-25' });
    c.check('extension-request', { newDueOn: '2021-03-25', reason: '仍需等待' }, '2021-01-05T02:00:00.000Z');
    expect(problemsOf(c.refusal('extension-request', { newDueOn: '2021-03-26', reason: '仍需等待' }, '2021-01-05T02:00:00.000Z'))[0].problem)
      .toBe('must be on or before 2021-03-25: the reply may be extended by 3 months at most');
  });

  it('refuses a date that is not after the current due date, and a deadline that is not open', () => {
    const c = new OpenCase();
    expect(problemsOf(c.refusal('extension-request', { newDueOn: '2020-12-25', reason: '待上级政策' }, '2020-12-01T02:00:00.000Z'))).toEqual([
      { field: 'newDueOn', problem: 'must be after the current due date 2020-12-25' },
    ]);
    c.check('extension-request', { newDueOn: '2020-12-26', reason: '待上级政策' }, '2020-12-01T02:00:00.000Z');
    expect(problemsOf(c.refusal('extension-request', { deadline: 'visit', newDueOn: '2021-01-10', reason: '待上级政策' }, '2020-12-01T02:00:00.000Z'))).toEqual([
      { field: 'deadline', problem: 'must be an open deadline: sign, reply' },
    ]);
  });
});

describe('并案: merging', () => {
  const self = 'dongli-mca-2020.npc-suggestion.11';

  it('refuses a merge that names the case itself (400)', () => {
    const c = new OpenCase();
    expect(c.file.input.caseId).toBe(self);
    const failure = c.refusal('merge', { cases: ['dongli-mca-2020.npc-suggestion.12', self], reason: '内容相近' }, '2020-09-28T02:00:00.000Z');
    expect(failure.type).toBe(CaseErrorType.InvalidStepInput);
    expect(problemsOf(failure)).toEqual([{ field: 'cases', problem: 'must not include this case' }]);
  });

  it('links the others, each once', () => {
    const c = new OpenCase();
    c.step('merge', { cases: ['dongli-mca-2020.npc-suggestion.12'], reason: '内容相近' }, '2020-09-28T02:00:00.000Z');
    c.step('merge', { cases: ['dongli-mca-2020.npc-suggestion.12', 'dongli-mca-2020.npc-suggestion.43'], reason: '内容相近' }, '2020-09-29T02:00:00.000Z');
    expect(c.file.state.mergedWith).toEqual(['dongli-mca-2020.npc-suggestion.12', 'dongli-mca-2020.npc-suggestion.43']);
  });

  it('refuses a merge once the case is replied (409)', () => {
    const c = new OpenCase().toVisited();
    const failure = c.refusal('merge', { cases: ['dongli-mca-2020.npc-suggestion.12'], reason: '内容相近' }, '2020-10-15T02:00:00.000Z');
    expect(failure.type).toBe(CaseErrorType.StepNotAllowed);
    expect(failure.message).toBe('merge is not allowed at stage visited');
  });
});
