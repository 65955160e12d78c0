import { log } from '@temporalio/activity';
import { applyQuietHours, LadderRung, QuietHours, scheduleAlerts, ScheduledAlert } from '../../libs/alerts';
import type { WorkingCalendar } from '../../libs/calendar';
import { LABELS } from '../../libs/i18n';
import type { CaseKind } from '../../libs/policy';
import type { DeadlineId } from '../../workflows/case/case.definitions';
import { AlertLog, EmittedAlert } from './alert-log';

export interface AlertActivityDeps {
  calendar: WorkingCalendar;
  alertLog: AlertLog;
  /** The time alerts are planned at; tests fix it. */
  now?: () => Date;
}

/** What the ladder needs to know of a case and one of its deadlines. */
export interface AlertPlanRequest {
  caseId: string;
  kind: CaseKind;
  session: string;
  number: string;
  title: string;
  unit: string;
  deadlineId: DeadlineId;
  dueOn: string;
  dueAt: string;
  revision: number;
  ladder: LadderRung[];
  quietHours: QuietHours;
  /** The workflow's time when it asks: rungs before it are past (defaults to this worker's clock). */
  notBefore?: string;
}

export function createAlertActivities({ calendar, alertLog, now = () => new Date() }: AlertActivityDeps) {
  return {
    /**
     * The alerts the deadline's ladder will still emit, with delivery times after quiet hours.
     * Rungs already past when planned (a case launched late) are dropped — a reminder before a
     * deadline the unit has only just received says nothing — except the latest overdue,
     * escalation or notice, which goes out at the next moment outside quiet hours.
     */
    async planAlerts(r: AlertPlanRequest): Promise<ScheduledAlert[]> {
      const subject = {
        caseId: r.caseId,
        deadlineId: r.deadlineId,
        dueOn: r.dueOn,
        dueAt: r.dueAt,
        revision: r.revision,
        unit: r.unit,
        caseTitle: r.title,
        caseNumberLabel: `${r.session}第${r.number}号${LABELS.kindShort[r.kind]}`,
        stepLabel: LABELS.deadline[r.deadlineId.startsWith('rehandle-') ? 'rehandle' : (r.deadlineId as keyof typeof LABELS.deadline)],
      };
      const plan = scheduleAlerts(subject, r.ladder, r.quietHours, calendar);
      const at = r.notBefore ? new Date(r.notBefore) : now();
      const future = plan.filter((a) => Date.parse(a.deliverAt) >= at.getTime());
      const latestLate = plan.filter((a) => !future.includes(a) && a.kind !== 'reminder').at(-1);
      if (!latestLate) return future;
      const { deliverAt, held } = applyQuietHours(at.toISOString(), r.quietHours, calendar);
      return [{ ...latestLate, deliverAt, heldForQuietHours: held }, ...future];
    },

    /** Emits one alert; emitting the same alert id again changes nothing. */
    async emitAlert(alert: Omit<EmittedAlert, 'emittedAt'>): Promise<{ duplicate: boolean }> {
      const outcome = alertLog.append({ ...alert, emittedAt: new Date().toISOString() });
      if (!outcome.duplicate) log.info('alert emitted', { alertId: alert.alertId, kind: alert.kind, caseId: alert.caseId });
      return outcome;
    },
  };
}

export type AlertActivities = ReturnType<typeof createAlertActivities>;
