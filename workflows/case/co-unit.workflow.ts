/**
 * 协办: one co-unit's part of a case, as a child of the case workflow. The co-unit signs for the
 * case and sends its opinion to the lead unit, each under its own deadline and reminders; the
 * workflow ends with the opinion, which the case records.
 */
import { allHandlersFinished, ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { ScheduledAlert } from '../../libs/alerts';
import {
  CaseAlert,
  CaseDeadline,
  CaseErrorType,
  CoUnitAction,
  CoUnitInput,
  CoUnitOpinion,
  CoUnitOpinionInput,
  coUnitOpinionUpdate,
  coUnitSignUpdate,
  CoUnitState,
  CoUnitView,
  coUnitWorkflowId,
  FieldProblem,
  getCoUnitStateQuery,
  HistoryEntry,
  StepInput,
} from './case.definitions';
import { text } from './case-rules';
import { computeDueDate, DeadlineHost, runLadder, watchDeadline } from './deadline-tracking';

export async function coUnitWorkflow(input: CoUnitInput): Promise<CoUnitOpinion> {
  const file = new CoUnitFile(input, new Date());
  setHandler(getCoUnitStateQuery, () => file.view());
  setHandler(coUnitSignUpdate, (i) => file.applySign(i, new Date()), { validator: (i) => file.check(CoUnitAction.Sign, i) });
  setHandler(coUnitOpinionUpdate, (i) => file.applyOpinion(i, new Date()), { validator: (i) => file.check(CoUnitAction.Opinion, i) });

  const { policy, assignedOn } = input;
  const rules = [
    ...(policy.steps.sign?.required && policy.steps.sign.deadline ? [['sign', policy.steps.sign.deadline] as const] : []),
    ...(policy.steps['co-opinion']?.deadline ? [['co-opinion', policy.steps['co-opinion'].deadline] as const] : []),
  ];
  const dues = await Promise.all(rules.map(([, rule]) => computeDueDate(rule, assignedOn, input.jurisdiction)));
  const deadlines = rules.map(([id], i) => file.openDeadline(id, dues[i]));
  const host = file.host();
  await Promise.all([...deadlines.map((d) => runLadder(host, d)), ...deadlines.map((d) => watchDeadline(host, d)), condition(() => file.done())]);
  await condition(allHandlersFinished);
  return file.state.opinion!;
}

class CoUnitFile {
  readonly state: CoUnitState;

  constructor(readonly input: CoUnitInput, private readonly startedAt: Date) {
    this.state = { caseId: input.caseId, unit: input.unit, stage: 'assigned', deadlines: [], overdue: false, history: [] };
    this.record('assign', 'office', startedAt, { unit: input.unit });
  }

  done(): boolean {
    return this.state.stage === 'opinion-given';
  }

  allowedActions(): CoUnitAction[] {
    const signRequired = this.input.policy.steps.sign?.required ?? false;
    if (this.state.stage === 'assigned') return signRequired ? [CoUnitAction.Sign] : [CoUnitAction.Opinion];
    return this.state.stage === 'signed' ? [CoUnitAction.Opinion] : [];
  }

  view(): CoUnitView {
    return { ...(JSON.parse(JSON.stringify(this.state)) as CoUnitState), allowedActions: this.allowedActions() };
  }

  check(action: CoUnitAction, input: StepInput & { opinion?: string }): void {
    if (!this.allowedActions().includes(action)) {
      throw ApplicationFailure.create({
        type: CaseErrorType.StepNotAllowed,
        message: `${action} is not allowed at stage ${this.state.stage}`,
        nonRetryable: true,
        details: [{ action, stage: this.state.stage, allowedActions: this.allowedActions() }],
      });
    }
    const problems = [
      typeof input === 'object' && input !== null ? null : { field: '(body)', problem: 'must be an object' },
      action === CoUnitAction.Opinion ? text('opinion', input?.opinion) : null,
      input?.actor === undefined ? null : text('actor', input.actor),
    ].filter((p): p is FieldProblem => p !== null);
    if (problems.length > 0) {
      throw ApplicationFailure.create({
        type: CaseErrorType.InvalidStepInput,
        message: problems.map((p) => `${p.field} ${p.problem}`).join('; '),
        nonRetryable: true,
        details: [{ stage: this.state.stage, problems }],
      });
    }
  }

  applySign(input: StepInput, at: Date): CoUnitView {
    this.state.signedAt = at.toISOString();
    this.state.stage = 'signed';
    this.meet('sign', at);
    this.record('co-unit-sign', input.actor ?? this.input.unit, at, {});
    return this.view();
  }

  applyOpinion(input: CoUnitOpinionInput, at: Date): CoUnitView {
    const givenBy = input.actor ?? this.input.unit;
    this.state.opinion = {
      unit: this.input.unit, opinion: input.opinion, givenAt: at.toISOString(), givenBy,
      ...(this.state.signedAt ? { signedAt: this.state.signedAt } : {}),
    };
    this.state.stage = 'opinion-given';
    this.meet('sign', at);
    this.meet('co-opinion', at);
    this.record('co-opinion', givenBy, at, {});
    return this.view();
  }

  openDeadline(id: 'sign' | 'co-opinion', due: CaseDeadline['due']): CaseDeadline {
    const deadline: CaseDeadline = { id, step: id === 'sign' ? ('sign' as CaseDeadline['step']) : ('co-opinion' as CaseDeadline['step']), due, status: 'open' };
    this.state.deadlines.push(deadline);
    return deadline;
  }

  /** How the shared deadline tracking sees this co-unit (alert ids are scoped to it). */
  host(): DeadlineHost {
    const isMet = (d: CaseDeadline) => d.status === 'met' || d.status === 'met-late';
    return {
      subject: { ...this.input, caseId: coUnitWorkflowId(this.input.caseId, this.input.unit) },
      unit: () => this.input.unit,
      ...(this.input.jurisdiction ? { jurisdiction: this.input.jurisdiction } : {}),
      startedAt: this.startedAt,
      ended: () => this.done(),
      isMet,
      planAlerts: (d, plan, startedAt) => this.planAlerts(d, plan, startedAt),
      markAlertSent: (alert, at) => Object.assign(alert, { status: 'sent', sentAt: at.toISOString() }),
      cancelAlerts: (d) => d.alerts?.forEach((a) => a.status === 'scheduled' && (a.status = 'cancelled')),
      markOverdue: (d, at) => {
        d.status = 'overdue';
        d.overdueSince = d.due.dueAt;
        this.state.overdue = true;
        this.record('deadline-passed', 'system', at, { deadline: d.id, dueOn: d.due.dueOn });
      },
    };
  }

  private planAlerts(deadline: CaseDeadline, plan: ScheduledAlert[], startedAt: Date): CaseAlert[] {
    const missed = plan.filter((a) => Date.parse(a.deliverAt) < startedAt.getTime());
    deadline.alerts = plan.map((a) => ({
      alertId: a.alertId, kind: a.kind, rungId: a.rungId, recipients: a.recipients, deliverAt: a.deliverAt,
      heldForQuietHours: a.heldForQuietHours, title: a.title,
      status: missed.slice(0, -1).includes(a) ? ('skipped' as const) : ('scheduled' as const),
    }));
    return deadline.alerts.filter((a) => a.status === 'scheduled');
  }

  private meet(id: string, at: Date): void {
    for (const d of this.state.deadlines.filter((x) => x.id === id && x.status !== 'met' && x.status !== 'met-late')) {
      d.status = at.getTime() >= Date.parse(d.due.dueAt) ? 'met-late' : 'met';
      d.metAt = at.toISOString();
    }
    this.state.overdue = this.state.deadlines.some((d) => d.status === 'overdue');
  }

  private record(action: string, actor: string, at: Date, details: Record<string, unknown>): void {
    this.state.history.push({ seq: this.state.history.length + 1, action: action as HistoryEntry['action'], actor, at: at.toISOString(), details });
  }
}

