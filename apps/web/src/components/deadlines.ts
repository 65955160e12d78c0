import { WorkingCalendar } from '../../../../libs/calendar/working-calendar';
import type { CaseAlert, CaseDeadline } from '../api/types';
import { todayInChina } from '../labels';

export type Light = 'green' | 'yellow' | 'red' | 'grey';

/**
 * An open deadline's light: red once overdue, yellow once its reminder is due (sent, or its time
 * passed), green before; grey while the clock is stopped. Met deadlines have none.
 */
export function lightOf(d: Pick<CaseDeadline, 'status' | 'suspended' | 'due' | 'alerts'>, now = Date.now()): Light | undefined {
  if (d.status === 'met' || d.status === 'met-late') return undefined;
  if (d.suspended) return 'grey';
  if (d.status === 'overdue' || now >= Date.parse(d.due.dueAt)) return 'red';
  const reminded = (d.alerts ?? []).some((a) => a.kind === 'reminder' && (a.status === 'sent' || Date.parse(a.deliverAt) <= now));
  return reminded ? 'yellow' : 'green';
}

export const LIGHT_COLORS: Record<Light, string> = { green: '#389e0d', yellow: '#d4b106', red: '#cf1322', grey: '#8c8c8c' };

/**
 * Working days past a due date, on the official calendar: the days in (dueOn, today]. (A
 * jurisdiction's own corrections are not applied here; the API's due dates already carry them.)
 */
export function workingDaysOverdue(dueOn: string, today = todayInChina()): number {
  if (today <= dueOn) return 0;
  try {
    return WorkingCalendar.official().workingDaysBetween(dueOn, today);
  } catch {
    return 0;
  }
}

const RUNG_ORDER = ['reminder', 'overdue', 'escalation', 'notice'];

/** Where an overdue case stands: its most overdue deadline, the highest rung sent, and everyone told. */
export interface Escalation {
  deadline?: CaseDeadline;
  daysOverdue: number;
  rung?: string;
  told: string[];
  sent: CaseAlert[];
}

export function escalationOf(deadlines: CaseDeadline[], today = todayInChina()): Escalation {
  const overdue = deadlines.filter((d) => d.status === 'overdue' && !d.suspended).sort((a, b) => a.due.dueOn.localeCompare(b.due.dueOn));
  const deadline = overdue[0];
  const sent = overdue.flatMap((d) => (d.alerts ?? []).filter((a) => a.status === 'sent' && a.kind !== 'reminder'));
  const rung = sent.map((a) => a.kind).sort((a, b) => RUNG_ORDER.indexOf(b) - RUNG_ORDER.indexOf(a))[0];
  const told = [...new Set(sent.flatMap((a) => a.recipients as string[]))];
  return { deadline, daysOverdue: deadline ? workingDaysOverdue(deadline.due.dueOn, today) : 0, rung, told, sent };
}
