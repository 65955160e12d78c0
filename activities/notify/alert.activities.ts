import { log } from '@temporalio/activity';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { alertId, applyQuietHours, attentionTexts, LadderRung, QuietHours, scheduleAlerts, ScheduledAlert } from '../../libs/alerts';
import type { WorkingCalendar } from '../../libs/calendar';
import type { JurisdictionCalendars } from '../../libs/calendar/jurisdiction-calendars';
import type { Db } from '../../libs/db';
import { type ArmedAlertContent, ArmedAlertRepository } from '../../libs/db/repositories';
import {
  ALERT_DELIVERY_WORKFLOW_TYPE,
  alertDeliveryWorkflowId,
  AttentionAlertRequest,
  DeliveryRetry,
  DisarmOutcome,
} from '../../libs/contract';
import type { AlertContext } from '../../libs/alerts/stored-alert';
import { storeAlert } from '../delivery/alert-store';
import { type AlertDeliverer, FIRST_ATTEMPTS_BOUND_MS } from '../delivery/delivery.activities';
import { caseNumberLabel, deadlineLabel } from '../../libs/i18n';
import type { CaseKind } from '../../libs/policy';
import { type ActivityMetrics, NO_ACTIVITY_METRICS } from '../../libs/telemetry/activity-metrics';
import { AlertLog, EmittedAlert } from './alert-log';

export interface AlertActivityDeps {
  calendar: WorkingCalendar;
  /** Offices' stored calendar versions: a request naming a jurisdiction is planned on its latest one. */
  calendars?: Pick<JurisdictionCalendars, 'current'>;
  alertLog: AlertLog;
  /** The time alerts are planned at; tests fix it. */
  now?: () => Date;
  /** Stores each emitted alert and starts its delivery; without it alerts are only logged. */
  delivery?: AlertDeliveryStart;
  /** Counts the alerts emitted, by kind. */
  metrics?: ActivityMetrics;
}

/** What emitAlert needs to hand an alert over to delivery. */
export interface AlertDeliveryStart {
  db: Db;
  /** Starts the delivery workflow (on the worker's own task queue). */
  client: Client;
  taskQueue: string;
  /** The delivery retry policy's timings (tests shorten them); left out: the 26-hour default. */
  retry?: Partial<DeliveryRetry>;
  /**
   * Makes the first attempt to each matched subscription at once, from emitAlert: the workflow
   * is started only for what that leaves undelivered. Left out: every attempt is the workflow's.
   */
  deliverer?: AlertDeliverer;
  /** How long emitAlert waits for its first attempts (tests shorten it); left out: FIRST_ATTEMPTS_BOUND_MS. */
  firstAttemptsBoundMs?: number;
}

/** A planned alert, with what receivers are told about its deadline; emitAlert gets it back whole. */
export type PlannedAlert = ScheduledAlert & AlertContext & { past?: boolean };

/** An alert as the workflow hands it to emitAlert (and, v12, to armAlert ahead of its instant): what an armed row holds. */
export type AlertToEmit = ArmedAlertContent;

/**
 * What emitAlert did: `duplicate` when the alert log had it already (a retry); `sentAt` when the
 * armed-alert dispatcher had sent it at its instant (claimed it then), for a v13 ladder to record.
 */
export interface EmitOutcome {
  duplicate: boolean;
  sentAt?: string;
}

/** What the ladder needs to know of a case and one of its deadlines. */
export interface AlertPlanRequest {
  caseId: string;
  kind: CaseKind;
  session: string;
  number: string;
  title: string;
  unit: string;
  /** A case's DeadlineId, or a co-unit's ('sign', 'co-opinion'). */
  deadlineId: string;
  dueOn: string;
  dueAt: string;
  revision: number;
  ladder: LadderRung[];
  quietHours: QuietHours;
  /** The workflow's time when it asks: rungs before it are past (defaults to this worker's clock). */
  notBefore?: string;
  /** Working-day offsets and quiet hours follow this jurisdiction's calendar (else the official one). */
  jurisdiction?: string;
  /**
   * Return the rungs already behind too, flagged `past`, each to be delivered at the next moment
   * outside quiet hours (v9: the workflow decides which are still owed, one per rung per breach).
   */
  includePast?: boolean;
}

export function createAlertActivities({ calendar: official, calendars, alertLog, now = () => new Date(), delivery, metrics = NO_ACTIVITY_METRICS }: AlertActivityDeps) {
  // v12's armed alerts live beside the alert table: without delivery (no database) none is armed.
  const armedAlerts = delivery && new ArmedAlertRepository(delivery.db);

  /**
   * Emits one alert: writes it to the log, stores it in the alert table, makes the first attempt
   * to deliver it and starts its delivery workflow if a receiver did not take it. Emitting the
   * same alert id again (a retry) changes nothing and delivers nothing twice; a retry after a
   * partial failure finishes what is missing. An alert the dispatcher sent at its instant (v12,
   * armed) is found stored and delivered, so this sends nothing twice either, and says when it was
   * sent; one still armed is marked emitted, and no dispatcher sends it after this.
   */
  async function emitAlert(alert: AlertToEmit): Promise<EmitOutcome> {
    const emittedAt = new Date().toISOString();
    const outcome = alertLog.append({ ...alert, emittedAt });
    if (!outcome.duplicate) {
      log.info('alert emitted', { alertId: alert.alertId, kind: alert.kind, caseId: alert.caseId });
      metrics.alertEmitted(alert.kind);
    }
    if (delivery && armedAlerts) {
      // Armed (v12): the emit and the dispatcher's claim are the same move out of `armed`, so only
      // one of them makes the first attempts. The dispatcher's: wait for them, then finish the rest.
      const { claimedAt } = await armedAlerts.moveOn(alert.alertId, 'emitted');
      await startDelivery(delivery, { ...alert, emittedAt }, claimedAt);
      if (claimedAt) return { ...outcome, sentAt: claimedAt.toISOString() };
    }
    return outcome;
  }

  return {
    emitAlert,

    /**
     * v12: arms the alert ahead of its instant — writes it whole to `armed_alerts`, for the
     * worker's dispatcher to send at that instant with no workflow task in between. Arming again
     * (a retry) changes nothing. Without delivery (no database) nothing is armed: the workflow's
     * own emitAlert at the instant is the only send, as before v12. `armed` says the alert is in
     * the table (armed now, or by an earlier try), not that this call inserted it. The answer
     * names the alert, so that a history's marker says which one was armed.
     */
    async armAlert(alert: AlertToEmit): Promise<{ alertId: string; armed: boolean }> {
      if (!armedAlerts) return { alertId: alert.alertId, armed: false };
      await armedAlerts.arm({ alertId: alert.alertId, caseId: alert.caseId, deliverAt: alert.deliverAt, alert });
      return { alertId: alert.alertId, armed: true };
    },

    /**
     * v12: the ladder stopped before the alert's instant (its deadline met, moved or ended), so
     * the dispatcher must not send it. If the dispatcher had claimed it already, it was sent: the
     * outcome says when, for the workflow to record.
     */
    async disarmAlert({ alertId }: { alertId: string }): Promise<DisarmOutcome> {
      if (!armedAlerts) return { sent: false };
      return armedAlerts.disarm(alertId);
    },

    /**
     * The alerts the deadline's ladder will still emit, with delivery times after quiet hours.
     * Rungs already past when planned (a case launched late) are dropped — a reminder before a
     * deadline the unit has only just received says nothing — except the latest overdue,
     * escalation or notice, which goes out at the next moment outside quiet hours. Each alert
     * carries the unit, due date and case name, which the workflow hands back to emitAlert.
     */
    async planAlerts(r: AlertPlanRequest): Promise<PlannedAlert[]> {
      const calendar = r.jurisdiction && calendars ? (await calendars.current(r.jurisdiction)).corrected.calendar : official;
      const subject = {
        caseId: r.caseId,
        deadlineId: r.deadlineId,
        dueOn: r.dueOn,
        dueAt: r.dueAt,
        revision: r.revision,
        unit: r.unit,
        caseTitle: r.title,
        caseNumberLabel: caseNumberLabel(r),
        stepLabel: deadlineLabel(r.deadlineId),
      };
      const context: AlertContext = { unit: r.unit, dueOn: r.dueOn, caseNumberLabel: subject.caseNumberLabel, caseTitle: r.title };
      const plan = scheduleAlerts(subject, r.ladder, r.quietHours, calendar).map((a) => ({ ...a, ...context }));
      const at = r.notBefore ? new Date(r.notBefore) : now();
      const future = plan.filter((a) => Date.parse(a.deliverAt) >= at.getTime());
      const { deliverAt, held } = applyQuietHours(at.toISOString(), r.quietHours, calendar);
      const late = (a: PlannedAlert): PlannedAlert => ({ ...a, deliverAt, heldForQuietHours: held, past: true });
      if (r.includePast) return plan.map((a) => (future.includes(a) ? a : late(a)));
      const latestLate = plan.filter((a) => !future.includes(a) && a.kind !== 'reminder').at(-1);
      return latestLate ? [{ ...latestLate, deliverAt, heldForQuietHours: held }, ...future] : future;
    },

    /**
     * Tells the office that a case needs it (a co-unit's part failed, or a task failed for good):
     * an alert of kind `attention` to the office, delivered like any other (quiet hours kept).
     */
    async emitAttentionAlert(r: AttentionAlertRequest): Promise<{ duplicate: boolean }> {
      const calendar = r.jurisdiction && calendars ? (await calendars.current(r.jurisdiction)).corrected.calendar : official;
      const label = caseNumberLabel(r);
      const cause = 'coUnit' in r.cause ? r.cause : { task: r.cause.task, stepLabel: deadlineLabel(r.cause.deadline) };
      const { title, body } = attentionTexts({ caseNumberLabel: label, caseTitle: r.title }, cause, r.error);
      const nominalAt = now().toISOString();
      const { deliverAt, held } = r.quietHours ? applyQuietHours(nominalAt, r.quietHours, calendar) : { deliverAt: nominalAt, held: false };
      return emitAlert({
        alertId: alertId({ caseId: r.caseId, deadlineId: 'attention', revision: 1 }, r.attentionId),
        kind: 'attention',
        rungId: 'attention',
        recipients: ['office'],
        nominalAt,
        deliverAt,
        heldForQuietHours: held,
        title,
        body,
        caseId: r.caseId,
        deadlineId: 'attention',
        unit: r.unit,
        caseNumberLabel: label,
        caseTitle: r.title,
      });
    },

  };
}

/**
 * Stores the alert (once), makes the first attempt to each matched subscription itself (the
 * path from a deadline to a receiver has no workflow task in it), and starts the delivery
 * workflow (once: already started is fine) for the retries of what is still undelivered.
 */
async function startDelivery(deps: AlertDeliveryStart, alert: EmittedAlert & Partial<AlertContext>, claimedAt?: Date): Promise<void> {
  await storeAlert(deps.db, alert);
  if (!deps.deliverer) return startDeliveryWorkflow(deps, alert.alertId);
  const boundMs = deps.firstAttemptsBoundMs ?? FIRST_ATTEMPTS_BOUND_MS;
  // The dispatcher claimed it (v12) and is making the first attempts: they are recorded before
  // this makes any of its own, or their bound passes (a dispatcher that died) — never both at once.
  if (claimedAt) await deps.deliverer.attemptsRecorded(alert.alertId, claimedAt.getTime() + boundMs);
  const first = await deps.deliverer.firstAttempts(alert.alertId, boundMs);
  if (first.settled && first.undelivered === 0) return;
  if (!first.settled) log.info('first delivery attempts still running at their bound: the workflow takes over', { alertId: alert.alertId });
  await startDeliveryWorkflow(deps, alert.alertId, 1);
}

async function startDeliveryWorkflow(deps: AlertDeliveryStart, alertId: string, attemptsMade?: number): Promise<void> {
  try {
    await deps.client.workflow.start(ALERT_DELIVERY_WORKFLOW_TYPE, {
      workflowId: alertDeliveryWorkflowId(alertId),
      taskQueue: deps.taskQueue,
      args: [{ alertId, ...(deps.retry ? { retry: deps.retry } : {}), ...(attemptsMade ? { attemptsMade } : {}) }],
      // Never a second delivery for the same alert, not even after the first one completed.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

export type AlertActivities = ReturnType<typeof createAlertActivities>;

/** The v12 ladder's arming activities (run as local activities: one row each). */
export type ArmingActivities = Pick<AlertActivities, 'armAlert' | 'disarmAlert'>;
