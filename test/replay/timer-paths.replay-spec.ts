import '../support/quiet-runtime';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { ReplayWorkerOptions, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKFLOWS_PATH } from '../../apps/worker/src/case-worker';
import { ARMED_EMIT_GRACE_MS } from '../../libs/contract/alert-arming';

/**
 * The code that runs when a timer fires (alert rungs, deadline watches, survey windows,
 * re-handling and follow-up deadlines, co-unit deadlines) is only protected by replay if recorded
 * histories contain fired timers: test/replay/record-timers.ts records them. This suite reads
 * those histories to check they cover every path, and proves that replay fails on changed code.
 */
jest.setTimeout(300_000);

const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const RUNGS = ['reminder', 'overdue', 'escalation', 'notice'];

type HistoryEvent = { eventId: string; eventType: string; eventTime: string } & Record<string, any>;

const cache = new Map<string, HistoryEvent[]>();
function eventsOf(name: string): HistoryEvent[] {
  if (!cache.has(name)) cache.set(name, JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')).events);
  return cache.get(name)!;
}

const is = (e: HistoryEvent, type: string) => e.eventType === `EVENT_TYPE_${type}`;
const decode = (payload: { data?: string }) => JSON.parse(Buffer.from(payload.data ?? '', 'base64').toString('utf8'));
const firedTimers = (name: string) => eventsOf(name).filter((e) => is(e, 'TIMER_FIRED'));

/** The events that woke the workflow task which issued the command at `index` (since the task before it), latest first. */
function wakingEvents(events: HistoryEvent[], index: number): HistoryEvent[] {
  let i = index;
  while (i >= 0 && !is(events[i], 'WORKFLOW_TASK_COMPLETED')) i--;
  const woken: HistoryEvent[] = [];
  for (let j = i - 1; j >= 0 && !is(events[j], 'WORKFLOW_TASK_COMPLETED'); j--) woken.push(events[j]);
  return woken;
}

/** Their types ('TIMER_FIRED', …). */
const wokenBy = (events: HistoryEvent[], index: number): string[] => wakingEvents(events, index).map((e) => e.eventType.replace('EVENT_TYPE_', ''));

interface EmittedAlert {
  alertId: string;
  caseId: string;
  kind: string;
  deadlineId: string;
  /** A timer fired in what woke the workflow task that emitted it. */
  onTimer: boolean;
  /** Index of its ActivityTaskScheduled event. */
  index: number;
  /** When it was due to go out (its plan's delivery time, after quiet hours). */
  deliverAt: string;
}

/** Alerts the workflow emitted (emitAlert scheduled and completed), decoded from the activity input. */
function emittedAlerts(name: string): EmittedAlert[] {
  const events = eventsOf(name);
  const completed = new Set(events.filter((e) => is(e, 'ACTIVITY_TASK_COMPLETED')).map((e) => e.activityTaskCompletedEventAttributes.scheduledEventId));
  return events.flatMap((e, index) => {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== 'emitAlert' || !completed.has(e.eventId)) return [];
    const { alertId, caseId, kind, deadlineId, deliverAt } = decode(scheduled.input.payloads[0]);
    return [{ alertId, caseId, kind, deadlineId, deliverAt, onTimer: wokenBy(events, index).includes('TIMER_FIRED'), index }];
  });
}

/** The workflow's result, from its completion event. */
function resultOf(name: string): any {
  const last = eventsOf(name).at(-1)!;
  expect(last.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  return decode(last.workflowExecutionCompletedEventAttributes.result.payloads[0]);
}

const kindsOnTimer = (name: string, deadline?: string) =>
  [...new Set(emittedAlerts(name).filter((a) => a.onTimer && (!deadline || a.deadlineId === deadline)).map((a) => a.kind))].sort();

/** Update names accepted, with the index of their acceptance event. */
function updates(name: string): { name: string; index: number }[] {
  return eventsOf(name).flatMap((e, index) =>
    is(e, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED') ? [{ name: e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest.input.name as string, index }] : [],
  );
}

/** Seconds in a proto3 JSON duration ('1234.500s'). */
const seconds = (duration: string) => Number(duration.replace(/s$/, ''));

describe.each(['v8', 'v9', 'v10', 'v11', 'v12', 'v13'])('%s: recorded histories in which timers fire', (v) => {
  const timerHistories = [
    `${v}-timers-ladder`, `${v}-timers-ladder-key`, `${v}-timers-survey-no-response`, `${v}-timers-rehandling`, `${v}-timers-follow-up`,
    `${v}-timers-co-unit`, `${v}-timers-co-unit.child`, `${v}-timers-clock-stopped-overdue`,
  ];

  it.each(timerHistories)('%s is recorded and a timer fires in it', (name) => {
    expect(files).toContain(`${name}.json`);
    expect(firedTimers(name).length).toBeGreaterThan(0);
  });

  it('together emit every rung kind from a fired timer, and fire a survey window', () => {
    const kinds = new Set(timerHistories.flatMap((name) => kindsOnTimer(name)));
    expect([...kinds].sort()).toEqual([...RUNGS].sort());
    const windows = timerHistories.filter((name) => surveyWindowFired(name));
    expect(windows).toContain(`${v}-timers-survey-no-response`);
  });

  it('ladder: every rung of the reply deadline, ordinary and key-supervised, is emitted when its timer fires', () => {
    for (const name of [`${v}-timers-ladder`, `${v}-timers-ladder-key`]) {
      const reply = emittedAlerts(name).filter((a) => a.deadlineId === 'reply');
      expect(reply.map((a) => a.kind)).toEqual(RUNGS);
      expect(reply.every((a) => a.onTimer)).toBe(true);
      for (const deadline of ['sign', 'work-plan', 'contact']) {
        expect(kindsOnTimer(name, deadline)).toEqual(expect.arrayContaining(['escalation', 'notice', 'overdue']));
      }
      const result = resultOf(name);
      expect(result.finished).toBe(true);
      expect(result.deadlines.filter((d: { id: string }) => ['sign', 'reply'].includes(d.id)).map((d: { status: string }) => d.status)).toEqual(['met-late', 'met-late']);
    }
    expect(resultOf(`${v}-timers-ladder-key`).keySupervised).toBe(true);
  });

  /** The survey window's timer fired at the window's end (its duration ends on the recorded due instant). */
  function surveyWindowFired(name: string): boolean {
    const events = eventsOf(name);
    const last = events.at(-1)!;
    if (!is(last, 'WORKFLOW_EXECUTION_COMPLETED')) return false;
    const windows: { due: { dueAt: string } }[] = decode(last.workflowExecutionCompletedEventAttributes.result.payloads[0]).surveyWindows ?? [];
    return firedTimers(name).some((fired) => {
      const started = events.find((e) => e.eventId === fired.timerFiredEventAttributes.startedEventId)!;
      const endsAt = Date.parse(started.eventTime) + seconds(started.timerStartedEventAttributes.startToFireTimeout) * 1000;
      return windows.some((w) => Math.abs(Date.parse(w.due.dueAt) - endsAt) < 2_000);
    });
  }

  it('survey-no-response: the 15-working-day window ends on its timer; the case closes on no response', () => {
    expect(surveyWindowFired(`${v}-timers-survey-no-response`)).toBe(true);
    const result = resultOf(`${v}-timers-survey-no-response`);
    expect(result.surveyWindows[0].due.rule).toMatchObject({ amount: 15, unit: 'working-days' });
    expect(result).toMatchObject({ stage: 'closed', closedAs: 'no-response', finished: true });
    expect(result.surveys).toEqual([expect.objectContaining({ result: 'no-response', recordedBy: 'system', round: 1 })]);
  });

  it('rehandling: both re-handling deadlines open and their ladders fire; the case ends in consultation', () => {
    const name = `${v}-timers-rehandling`;
    expect(kindsOnTimer(name, 'rehandle-1')).toEqual(['overdue', 'reminder']);
    expect(kindsOnTimer(name, 'rehandle-2')).toEqual(['reminder']);
    const result = resultOf(name);
    expect(result.deadlines.filter((d: { id: string }) => d.id.startsWith('rehandle-')).map((d: { id: string; status: string }) => `${d.id}:${d.status}`))
      .toEqual(['rehandle-1:met-late', 'rehandle-2:met']);
    expect(result.surveys.map((s: { round: number; result: string }) => `${s.round}:${s.result}`)).toEqual(['1:dissatisfied', '2:dissatisfied', '3:dissatisfied']);
    expect(result).toMatchObject({ closedAs: 'dissatisfied', consultation: expect.objectContaining({ consultedOn: '2020-12-01' }) });
    expect(updates(name).filter((u) => u.name === 'submitReply')).toHaveLength(3);
  });

  it('follow-up: the 6-month follow-up deadline of a B-class reply passes with its whole ladder before the report', () => {
    const name = `${v}-timers-follow-up`;
    expect(kindsOnTimer(name, 'follow-up')).toEqual([...RUNGS].sort());
    const result = resultOf(name);
    expect(result.reply.classification).toBe('B');
    expect(result.deadlines.find((d: { id: string }) => d.id === 'follow-up')).toMatchObject({ status: 'met-late', due: { rule: { amount: 6, unit: 'calendar-months' } } });
    const lastAlert = Math.max(...emittedAlerts(name).map((a) => a.index));
    expect(updates(name).find((u) => u.name === 'followUp')!.index).toBeGreaterThan(lastAlert);
  });

  it('co-unit: the co-unit’s own sign and opinion deadlines fire their ladders before it acts, and the lead records its opinion', () => {
    const child = `${v}-timers-co-unit.child`;
    expect(eventsOf(child)[0].workflowExecutionStartedEventAttributes.workflowType.name).toBe('coUnitWorkflow');
    expect(kindsOnTimer(child, 'co-opinion')).toEqual([...RUNGS].sort());
    expect(kindsOnTimer(child, 'sign')).toEqual(expect.arrayContaining(['escalation', 'notice', 'overdue']));
    expect([...new Set(emittedAlerts(child).map((a) => a.caseId))]).toEqual([`${v}-timers-co-unit/co/区司法局`]);
    expect(resultOf(child)).toMatchObject({ unit: '区司法局', opinion: '同意主办单位意见' });

    const lead = `${v}-timers-co-unit`;
    expect(eventsOf(lead).some((e) => is(e, 'CHILD_WORKFLOW_EXECUTION_COMPLETED'))).toBe(true);
    expect(kindsOnTimer(lead, 'work-plan')).toEqual([...RUNGS].sort());
    expect(resultOf(lead)).toMatchObject({ finished: true, coOpinions: [expect.objectContaining({ unit: '区司法局' })] });
  });

  it('clock-stopped-overdue: overdue and escalated, stopped and restarted; the moved deadlines’ timers fire after the restart', () => {
    const name = `${v}-timers-clock-stopped-overdue`;
    const events = eventsOf(name);
    const stop = updates(name).find((u) => u.name === 'stopClock')!;
    const restart = updates(name).find((u) => u.name === 'restartClock')!;
    expect(stop.index).toBeLessThan(restart.index);
    const alerts = emittedAlerts(name);
    const before = alerts.filter((a) => a.index < stop.index && a.onTimer && a.deadlineId === 'sign').map((a) => a.kind);
    expect(before).toEqual(expect.arrayContaining(['overdue', 'escalation']));
    const after = alerts.filter((a) => a.index > restart.index && a.onTimer);
    if (v === 'v8') {
      // Before v9 a moved deadline planned every rung again, under its new revision.
      expect(after.every((a) => a.alertId.includes('/r3/'))).toBe(true);
    } else {
      // From v9 a rung is sent once per breach: nothing sent before the stop is sent again after it.
      const sentBefore = alerts.filter((a) => a.index < stop.index).map((a) => a.alertId);
      expect(after.filter((a) => sentBefore.includes(a.alertId))).toEqual([]);
      expect(after.every((a) => a.alertId.includes('/r1/'))).toBe(true);
    }
    expect(after.map((a) => a.kind)).toEqual(expect.arrayContaining(['reminder', 'overdue', 'notice']));
    expect(events.slice(restart.index).filter((e) => is(e, 'TIMER_FIRED')).length).toBeGreaterThan(after.length);
    const result = resultOf(name);
    expect(result.clockStops[0].days).toBeGreaterThanOrEqual(5);
    expect(result.deadlines.find((d: { id: string }) => d.id === 'work-plan')).toMatchObject({ revision: 3, status: 'met-late' });
  });

  it('alert-delivery: a receiver failing twice is retried with backoff and the third attempt delivers', () => {
    const name = `${v}-timers-alert-delivery`;
    const events = eventsOf(name);
    expect(events[0].workflowExecutionStartedEventAttributes.workflowType.name).toBe('alertDeliveryWorkflow');
    const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverAlert')!;
    expect(scheduled.activityTaskScheduledEventAttributes.retryPolicy).toMatchObject({ initialInterval: '0.200s', backoffCoefficient: 2 });
    const started = events.find((e) => e.activityTaskStartedEventAttributes?.scheduledEventId === scheduled.eventId)!;
    expect(started.activityTaskStartedEventAttributes.attempt).toBe(3);
    // 200 ms then 400 ms of backoff between the three attempts
    expect(Date.parse(started.eventTime) - Date.parse(scheduled.eventTime)).toBeGreaterThanOrEqual(600);
    expect(resultOf(name).outcomes).toEqual([expect.objectContaining({ channel: 'webhook', status: 'delivered', attempt: 3 })]);
  });
});

/** The alerts armAlert armed (v12), from its local activity markers (the answer names the alert). */
function armedAlerts(name: string): { alertId: string; index: number }[] {
  return eventsOf(name).flatMap((e, index) => {
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    if (decode(marker.details.data.payloads[0]).activity_type !== 'armAlert') return [];
    return [{ alertId: decode(marker.details.result.payloads[0]).alertId as string, index }];
  });
}

/** When the timers that fired in what woke the workflow task issuing the command at `index` were due (epoch ms). */
function firedTimersDue(events: HistoryEvent[], index: number): number[] {
  return wakingEvents(events, index).filter((e) => is(e, 'TIMER_FIRED')).map((fired) => {
    const started = events.find((e) => e.eventId === fired.timerFiredEventAttributes.startedEventId)!;
    return Date.parse(started.eventTime) + seconds(started.timerStartedEventAttributes.startToFireTimeout) * 1000;
  });
}

describe.each([
  ['v12', 0],
  ['v13', ARMED_EMIT_GRACE_MS],
])('%s: alerts armed ahead for the dispatcher', (v, graceMs) => {
  const ladders = [`${v}-timers-ladder`, `${v}-timers-ladder-key`, `${v}-timers-follow-up`, `${v}-timers-co-unit.child`];

  it(`emits each alert it armed on a timer due ${graceMs} ms after the alert's instant`, () => {
    for (const name of ladders) {
      const armed = new Set(armedAlerts(name).map((a) => a.alertId));
      const onTimer = emittedAlerts(name).filter((a) => a.onTimer && armed.has(a.alertId));
      expect(onTimer.length).toBeGreaterThan(0);
      for (const alert of onTimer) {
        // The timer's due instant is worked out from the workflow task's clock: within a second of the aim.
        const woke = firedTimersDue(eventsOf(name), alert.index).map((due) => Math.round((due - Date.parse(alert.deliverAt)) / 1_000) * 1_000);
        expect({ alertId: alert.alertId, timerAfterInstant: woke }).toEqual({ alertId: alert.alertId, timerAfterInstant: expect.arrayContaining([graceMs]) });
      }
    }
  });

  it('arms each alert that a ladder emits on its timer before emitting it', () => {
    for (const name of ladders) {
      const armed = armedAlerts(name);
      const onTimer = emittedAlerts(name).filter((a) => a.onTimer);
      expect(onTimer.length).toBeGreaterThan(0);
      for (const alert of onTimer) {
        const arming = armed.find((a) => a.alertId === alert.alertId);
        expect({ alertId: alert.alertId, armedBeforeEmit: arming !== undefined && arming.index < alert.index }).toEqual({ alertId: alert.alertId, armedBeforeEmit: true });
      }
    }
  });

});

it('arms nothing before v12', () => {
  for (const name of ['timers-ladder', 'timers-ladder-key', 'timers-follow-up', 'timers-co-unit.child']) expect(armedAlerts(`v11-${name}`)).toEqual([]);
});

describe('replay fails on changed workflow code', () => {
  async function replay(options: ReplayWorkerOptions, names: string[]): Promise<Map<string, Error | undefined>> {
    const histories = names.map((name) => ({
      workflowId: name,
      history: historyFromJSON(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'))),
    }));
    const results = new Map<string, Error | undefined>();
    for await (const result of Worker.runReplayHistories(options, histories)) {
      results.set(result.workflowId, result.error);
    }
    expect([...results.keys()].sort()).toEqual([...names].sort());
    return results;
  }

  it('a reordered workflow (a sleep before the real code) fails to replay every timer history with a nondeterminism error', async () => {
    const names = files.filter((f) => /^v\d+-timers-/.test(f)).map((f) => f.replace(/\.json$/, ''));
    expect(names.length).toBeGreaterThanOrEqual(18);
    const results = await replay({ workflowsPath: require.resolve('./reordered/workflows') }, names);
    for (const name of names) {
      const error = results.get(name);
      expect({ name, error: error?.constructor.name }).toEqual({ name, error: 'DeterminismViolationError' });
      expect(error).toBeInstanceOf(DeterminismViolationError);
      expect(error!.message).toMatch(/nondetermin/i);
    }
  });

  it('a change only after a fired timer fails exactly the histories in which a timer fires; the others still replay', async () => {
    const names = files.map((f) => f.replace(/\.json$/, ''));
    const results = await replay(
      { workflowsPath: WORKFLOWS_PATH, interceptors: { workflowModules: [require.resolve('./reordered/after-timer-interceptors')] } },
      names,
    );
    const withFiredTimers = names.filter((name) => firedTimers(name).length > 0).sort();
    const failed = names.filter((name) => results.get(name) !== undefined).sort();
    expect(failed).toEqual(withFiredTimers);
    const timerScenarios = names.filter((name) => /^v\d+-timers-/.test(name) && !name.endsWith('-alert-delivery'));
    expect(timerScenarios.length).toBeGreaterThanOrEqual(16);
    expect(withFiredTimers).toEqual(expect.arrayContaining(timerScenarios));
    for (const name of failed) expect(results.get(name)).toBeInstanceOf(DeterminismViolationError);
  });
});
