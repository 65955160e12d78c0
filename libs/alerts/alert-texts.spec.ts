import { WorkingCalendar, endOfChinaDay } from '../calendar';
import { ALERT_TEXTS, recipientNames, scheduleAlerts } from './index';
import type { AlertSubject, LadderRung } from './index';

const cal = WorkingCalendar.official();
const quiet = { start: '20:00', end: '08:00', workingDaysOnly: true };
const ladder: LadderRung[] = [
  { id: 'remind', kind: 'reminder', offsetWorkingDays: -3, recipients: ['unit-handler'] },
  { id: 'overdue', kind: 'overdue', offsetWorkingDays: 0, recipients: ['unit-leader', 'supervisor'] },
  { id: 'escalate', kind: 'escalation', offsetWorkingDays: 3, recipients: ['supervising-office-head'] },
  { id: 'notice', kind: 'notice', offsetWorkingDays: 10, recipients: ['office'] },
];
const subject: AlertSubject = {
  caseId: 'npc-17-7-11',
  deadlineId: 'reply',
  dueOn: '2020-10-09',
  dueAt: endOfChinaDay('2020-10-09'),
  revision: 1,
  unit: '区民政局',
  caseTitle: '关于……的建议',
  caseNumberLabel: '第十七届人大七次会议第11号建议',
  stepLabel: '答复',
};
const alerts = Object.fromEntries(scheduleAlerts(subject, ladder, quiet, cal).map((a) => [a.rungId, a]));

describe('alert texts (Chinese, from one table)', () => {
  it('the overdue alert reads as an office would write it', () => {
    expect(alerts.overdue.title).toBe('【催办】第十七届人大七次会议第11号建议答复已逾期');
    expect(alerts.overdue.body).toBe(
      '【催办】区民政局：第十七届人大七次会议第11号建议《关于……的建议》的答复期限为2020-10-09，现已逾期，请抓紧办理。',
    );
  });

  it('the reminder counts the working days left, escalation and notice the days overdue', () => {
    expect(alerts.remind.title).toBe('【提醒】第十七届人大七次会议第11号建议答复将于2020-10-09到期');
    expect(alerts.remind.body).toBe(
      '【提醒】区民政局：第十七届人大七次会议第11号建议《关于……的建议》的答复期限为2020-10-09，距期限还有3个工作日，请按期办理。',
    );
    expect(alerts.escalate.title).toBe('【督办】第十七届人大七次会议第11号建议答复已逾期3个工作日');
    expect(alerts.escalate.body).toContain('已逾期3个工作日，请督促办理。');
    expect(alerts.notice.body).toMatch(/^【通报】.*已逾期10个工作日，拟予通报。$/);
  });

  it('every text names the unit, the case label, the step and the due date', () => {
    for (const a of Object.values(alerts)) {
      expect(a.body).toContain('区民政局');
      expect(a.body).toContain('第十七届人大七次会议第11号建议');
      expect(a.body).toContain('答复期限为2020-10-09');
      expect(a.title).toContain('第十七届人大七次会议第11号建议');
    }
  });

  it('a co-unit deadline uses its own unit and step label; a title already in 《》 is not wrapped twice', () => {
    const [a] = scheduleAlerts(
      { ...subject, deadlineId: 'co-opinion:区司法局', unit: '区司法局', stepLabel: '协办意见', caseTitle: '《关于……的建议》' },
      [ladder[1]],
      quiet,
      cal,
    );
    expect(a.body).toBe(
      '【催办】区司法局：第十七届人大七次会议第11号建议《关于……的建议》的协办意见期限为2020-10-09，现已逾期，请抓紧办理。',
    );
  });

  it('kinds and recipients have Chinese names', () => {
    expect(ALERT_TEXTS.kind).toEqual({ reminder: '提醒', overdue: '催办', escalation: '督办', notice: '通报', attention: '需处理' });
    expect(recipientNames(['unit-handler', 'unit-leader', 'supervisor', 'supervising-office-head', 'office', 'leading-leader'])).toBe(
      '承办人、单位负责人、督办部门、督查室负责人、交办单位、领衔督办领导',
    );
  });
});
