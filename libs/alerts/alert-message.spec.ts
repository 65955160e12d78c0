import type { AlertRow } from '../db';
import { alertEmail, webhookPayload } from './alert-message';

const row: AlertRow = {
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
} as unknown as AlertRow;

describe('what receivers get for an alert', () => {
  it('a webhook payload names the event type and carries the alert’s fields and Chinese text', () => {
    expect(webhookPayload(row)).toEqual({
      type: 'alert.overdue',
      timestamp: '2020-10-10T00:00:01.000Z',
      data: expect.objectContaining({
        alertId: row.alert_id,
        caseId: row.case_id,
        deadline: 'reply',
        deadlineLabel: '答复',
        dueOn: '2020-10-09',
        kind: 'overdue',
        kindLabel: '催办',
        recipients: ['unit-leader', 'supervisor'],
        recipientLabels: ['单位负责人', '督办部门'],
        unit: '区民政局',
        title: row.title,
        text: expect.stringContaining('现已逾期，请抓紧办理'),
      }),
    });
  });

  it('an email has the alert’s Chinese title as subject and its facts in labelled lines', () => {
    const mail = alertEmail(row);
    expect(mail.subject).toBe('【催办】第十七届人大七次会议第11号建议答复已逾期');
    expect(mail.text.split('\n')).toEqual(
      expect.arrayContaining([
        '案件：第十七届人大七次会议第11号建议《关于充分发挥社区老年日间中心作用的建议》',
        '承办单位：区民政局',
        '办理事项：答复',
        '截止日期：2020-10-09',
        '接收对象：单位负责人、督办部门',
        `提醒编号：${row.alert_id}`,
      ]),
    );
  });
});
