import type { AlertRow } from '../../libs/db';
import type { ArmedAlertContent } from '../../libs/db/repositories';

/** A stored overdue alert of the Dongli case No. 11, as the alerts table holds it. */
export const OVERDUE_ALERT_ROW: AlertRow = {
  alert_id: 'dongli-mca-2020.npc-suggestion.11/reply/r1/overdue',
  case_id: 'dongli-mca-2020.npc-suggestion.11',
  deadline_id: 'reply',
  kind: 'overdue',
  rung_id: 'overdue',
  unit: '区民政局',
  recipients: ['unit-leader', 'supervisor'],
  title: '【催办】第十七届人大七次会议第11号建议答复已逾期',
  body: {
    text: '【催办】区民政局：第十七届人大七次会议第11号建议《关于充分发挥社区老年日间中心作用的建议》的答复期限为2020-10-09，现已逾期，请抓紧办理。',
    dueOn: '2020-10-09',
    caseNumberLabel: '第十七届人大七次会议第11号建议',
    caseTitle: '关于充分发挥社区老年日间中心作用的建议',
    nominalAt: '2020-10-09T16:00:00.000Z',
    heldForQuietHours: true,
    emittedAt: '2020-10-10T00:00:00.000Z',
  },
  deliver_at: new Date('2020-10-10T00:00:00.000Z'),
  emitted_at: new Date('2020-10-10T00:00:01.000Z'),
  acknowledged_at: null,
  acknowledged_by: null,
};

let armedSeq = 0;

/** An overdue alert like the one above, of a case of its own, due `inMs` from now, as a v12 ladder arms it. */
export function armedAlertDue(inMs: number, caseId = `armed-case-${++armedSeq}`): ArmedAlertContent {
  const deliverAt = new Date(Date.now() + inMs).toISOString();
  const body = OVERDUE_ALERT_ROW.body as { text: string; dueOn: string; caseNumberLabel: string; caseTitle: string };
  return {
    alertId: `${caseId}/reply/r1/overdue`,
    kind: 'overdue',
    rungId: 'overdue',
    recipients: ['unit-leader', 'supervisor'],
    nominalAt: deliverAt,
    deliverAt,
    heldForQuietHours: false,
    title: OVERDUE_ALERT_ROW.title,
    body: body.text,
    caseId,
    deadlineId: 'reply',
    unit: '区民政局',
    dueOn: body.dueOn,
    caseNumberLabel: body.caseNumberLabel,
    caseTitle: body.caseTitle,
  };
}
