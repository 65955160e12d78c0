/**
 * 逾期件 now: every deadline past due, with the working days it is overdue, the ladder's rung
 * reached (the highest alert sent: 提醒 < 催办 < 督办 < 通报) and everyone those alerts told.
 */
import { ALERT_TEXTS } from '../alerts/alert-texts';
import type { Recipient } from '../alerts/alert.types';
import { chinaDateOf } from '../calendar/iso-date';
import { caseNumberLabel, deadlineLabel, LABELS } from '../i18n/labels';
import type { CaseFacts, CoUnitFacts, DeadlineFact } from './case-facts';
import { type DayCounter, isOverdueNow, isWithdrawn } from './figures';
import type { OverdueDeadline } from './statistics.types';

const RUNG_ORDER = ['reminder', 'overdue', 'escalation', 'notice'] as const;
const RECIPIENT_ORDER = Object.keys(ALERT_TEXTS.recipient) as Recipient[];

export function overdueDeadlines(
  cases: readonly CaseFacts[],
  coUnits: readonly CoUnitFacts[],
  now: Date,
  calendar: DayCounter,
): OverdueDeadline[] {
  const today = chinaDateOf(now);
  const byId = new Map(cases.map((c) => [c.caseId, c]));
  const out: OverdueDeadline[] = [];
  const add = (c: CaseFacts, d: DeadlineFact, unit: string, role: OverdueDeadline['role']) => {
    const sent = d.sent ?? [];
    const rung = RUNG_ORDER.filter((k) => sent.some((a) => a.kind === k)).at(-1) ?? null;
    const told = RECIPIENT_ORDER.filter((r) => sent.some((a) => a.recipients.includes(r)));
    out.push({
      caseId: c.caseId,
      caseLabel: caseNumberLabel(c),
      title: c.title,
      kind: c.kind,
      keySupervised: c.keySupervised,
      unit,
      role,
      deadline: role === 'co-unit' ? `co-unit:${d.id}` : d.id,
      deadlineLabel: role === 'co-unit' ? LABELS.coUnitAction[d.id === 'sign' ? 'sign' : 'opinion'] : deadlineLabel(d.id),
      dueOn: d.dueOn,
      workingDaysOverdue: calendar.workingDaysBetween(d.dueOn, today),
      rung,
      rungLabel: rung ? ALERT_TEXTS.kind[rung] : null,
      told,
      toldLabels: told.map((r) => ALERT_TEXTS.recipient[r]),
    });
  };
  for (const c of cases) {
    if (isWithdrawn(c)) continue;
    for (const d of c.deadlines) if (isOverdueNow(d, now)) add(c, d, c.leadUnit, 'lead');
  }
  for (const p of coUnits) {
    const c = byId.get(p.caseId);
    if (!c || p.withdrawn || isWithdrawn(c)) continue;
    for (const d of p.deadlines) if (isOverdueNow(d, now)) add(c, d, p.unit, 'co-unit');
  }
  return out.sort((a, b) => b.workingDaysOverdue - a.workingDaysOverdue || a.caseId.localeCompare(b.caseId) || a.deadline.localeCompare(b.deadline));
}
