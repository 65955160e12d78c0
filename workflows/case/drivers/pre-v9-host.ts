/** How the deadline tracking sees a case before v9 (v1–v8): written once for the legacy and v8 drivers. */
import { upsertSearchAttributes } from '@temporalio/workflow';
import { CaseDeadline, CaseSearch } from '../../../libs/contract';
import { legacyActivities } from '../activities';
import type { CaseFile } from '../case-file';
import type { DeadlineHost } from '../tracking-host';

/**
 * Alerts about the lead unit, planned by deadline revision; an overdue deadline is written to the
 * search attributes at once. `jurisdiction`: v8 counts the ladder on the case's calendar, older
 * cases on the official one.
 */
export function preV9Host(file: CaseFile, startedAt: Date, jurisdiction?: string): DeadlineHost<CaseDeadline> {
  return {
    subject: file.input,
    unit: () => file.state.leadUnit,
    ...(jurisdiction ? { jurisdiction } : {}),
    startedAt,
    activities: legacyActivities,
    run: (_what, call) => call(),
    ended: (d) => file.deadlineEnded(d),
    isMet: (d) => file.deadlines.isMet(d),
    planAlerts: (d, plan, at) => file.deadlines.planAlerts(d, plan, at),
    markAlertSent: (alert, at) => file.deadlines.markAlertSent(alert, at),
    cancelAlerts: (d) => file.deadlines.cancelAlerts(d),
    markOverdue: (d, at) => {
      file.deadlines.markOverdue(d, at);
      upsertSearchAttributes([{ key: CaseSearch.overdue, value: true }]);
    },
  };
}
