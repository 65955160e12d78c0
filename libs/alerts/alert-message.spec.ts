import { OVERDUE_ALERT_ROW } from '../../test/support/alert-rows';
import { alertEmail, webhookPayload } from './alert-message';

const row = OVERDUE_ALERT_ROW;

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
