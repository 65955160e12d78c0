/**
 * 协办: one co-unit's part of a case, as a child of the case workflow. The co-unit signs for the
 * case and sends its opinion to the lead unit, each under its own deadline and reminders; the
 * workflow ends with the opinion, which the case records — or, from v9, with nothing when the case
 * cancels it (withdrawal).
 */
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import {
  cancelCoUnitSignal,
  CO_UNIT_ACTIONS,
  CoUnitAction,
  CoUnitDeadline,
  coUnitClockSignal,
  CoUnitInput,
  CoUnitInputOf,
  CoUnitOpinion,
  coUnitStepUpdate,
  coUnitWorkflowId,
  getCoUnitStateQuery,
} from '../../libs/contract';
import { armingOf, engineActivities, legacyActivities, projecting } from './activities';
import { CoUnitFile } from './co-unit-file';
import { coUnitProcedure } from './procedure';
import { runLadder, track, watchDeadline } from './deadline-tracking';
import type { DeadlineHost } from './tracking-host';

export async function coUnitWorkflow(input: CoUnitInput): Promise<CoUnitOpinion | undefined> {
  const file = new CoUnitFile(input, new Date());
  const procedure = coUnitProcedure(input.version);
  const { engine } = procedure;
  setHandler(getCoUnitStateQuery, () => file.view());
  for (const action of CO_UNIT_ACTIONS) register(file, action);
  if (engine) {
    setHandler(cancelCoUnitSignal, (by) => file.cancel(by, new Date()));
    setHandler(coUnitClockSignal, (clock) => file.clock(clock, new Date()));
  }

  const { policy, assignedOn, jurisdiction } = input;
  const rules = [
    ...(policy.steps.sign?.required && policy.steps.sign.deadline ? [['sign', policy.steps.sign.deadline] as const] : []),
    ...(policy.steps['co-opinion']?.deadline ? [['co-opinion', policy.steps['co-opinion'].deadline] as const] : []),
  ];
  const host = coUnitHost(file, procedure);
  if (engine) {
    // v9: each deadline opens as its due date comes; a due date that fails for good fails this part (the case then needs attention).
    let ended = false;
    const projection = file.state.revision === undefined ? Promise.resolve() : project(file, () => ended);
    const opened = rules.map(async ([id, rule]) => Promise.all(track(host, file.openDeadline(id, await host.activities.computeDueDate(rule, assignedOn, jurisdiction)))));
    await Promise.all([...opened, condition(() => file.done())]);
    ended = true;
    await projection;
  } else {
    const dues = await Promise.all(rules.map(([, rule]) => legacyActivities.computeDueDate(rule, assignedOn, jurisdiction)));
    const deadlines = rules.map(([id], i) => file.openDeadline(id, dues[i]));
    await Promise.all([...deadlines.map((d) => runLadder(host, d)), ...deadlines.map((d) => watchDeadline(host, d)), condition(() => file.done())]);
  }
  await condition(allHandlersFinished);
  return file.state.opinion;
}

/** v10: the part is projected into the read model after its changes, and once more at its end. */
async function project(file: CoUnitFile, ended: () => boolean): Promise<void> {
  let projected = -1;
  for (;;) {
    await condition(() => file.state.revision !== projected || ended());
    const revision = file.state.revision ?? 0;
    if (revision === projected) return;
    const done = await projecting.projectCoUnit({ caseId: file.input.caseId, unit: file.input.unit, revision });
    projected = Math.max(revision, done.revision);
  }
}

function register<A extends CoUnitAction>(file: CoUnitFile, action: A): void {
  const changes: { [K in CoUnitAction]: (input: CoUnitInputOf<K>, at: Date) => void } = {
    sign: (i, at) => file.sign(i, at),
    opinion: (i, at) => file.opinion(i, at),
  };
  const apply = changes[action];
  setHandler(
    coUnitStepUpdate(action),
    (input) => {
      apply(input, new Date());
      return file.result(action);
    },
    { validator: (input) => file.check(action, input) },
  );
}

/** How the shared deadline tracking sees this co-unit (alert ids are scoped to it). */
function coUnitHost(file: CoUnitFile, procedure: ReturnType<typeof coUnitProcedure>): DeadlineHost<CoUnitDeadline> {
  const { engine, localPlanning } = procedure;
  const caseId = coUnitWorkflowId(file.input.caseId, file.input.unit);
  return {
    subject: { ...file.input, caseId },
    unit: () => file.input.unit,
    ...(file.input.jurisdiction ? { jurisdiction: file.input.jurisdiction } : {}),
    startedAt: file.startedAt,
    activities: engine ? engineActivities(localPlanning) : legacyActivities,
    ...armingOf(procedure),
    breachAlerts: engine,
    run: (_what, call) => call(),
    ended: () => file.done(),
    isMet: (d) => file.deadlines.isMet(d),
    planAlerts: (d, plan, startedAt) => {
      file.touch();
      return engine ? file.deadlines.planBreaches(d, plan, caseId, procedure.breachesByDeadline) : file.deadlines.planAlerts(d, plan, startedAt);
    },
    markAlertSent: (alert, at) => {
      file.touch();
      file.deadlines.markAlertSent(alert, at);
    },
    cancelAlerts: (d) => {
      file.touch();
      file.deadlines.cancelAlerts(d);
    },
    markOverdue: (d, at) => file.deadlines.markOverdue(d, at),
  };
}
