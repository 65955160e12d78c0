/**
 * Every text an alert shows, Chinese first, in one table. Code builds sentences from it and
 * never carries Chinese string literals of its own.
 */
import type { AlertKind, AlertSubject, Recipient, RungKind } from './alert.types';

export const ALERT_TEXTS = {
  kind: {
    reminder: '提醒',
    overdue: '催办',
    escalation: '督办',
    notice: '通报',
    attention: '需处理',
  },
  recipient: {
    'unit-handler': '承办人',
    'unit-leader': '单位负责人',
    supervisor: '督办部门',
    'supervising-office-head': '督查室负责人',
    office: '交办单位',
    'leading-leader': '领衔督办领导',
  },
  /** What the alert asks of its readers, by kind. */
  request: {
    reminder: '请按期办理',
    overdue: '请抓紧办理',
    escalation: '请督促办理',
    notice: '拟予通报',
    attention: '请及时处理',
  },
  /** Where the deadline stands when the rung fires, by the sign of its offset. */
  status: {
    before: (workingDays: number) => `距期限还有${workingDays}个工作日`,
    due: '现已逾期',
    after: (workingDays: number) => `已逾期${workingDays}个工作日`,
  },
  titleStatus: {
    before: (dueOn: string) => `将于${dueOn}到期`,
    due: '已逾期',
    after: (workingDays: number) => `已逾期${workingDays}个工作日`,
  },
  /** A case that needs the office: what failed, by task. */
  attention: {
    coUnit: (unit: string) => `协办单位${unit}的协办流程已中断（失败或被终止）`,
    'due-date': (step: string) => `${step}期限无法计算`,
    'plan-alerts': (step: string) => `${step}期限的提醒无法安排`,
    'emit-alert': (step: string) => `${step}期限的提醒无法发出`,
    'arm-alert': (step: string) => `${step}期限的提醒无法预置`,
    'disarm-alert': (step: string) => `${step}期限已预置的提醒无法撤回`,
    project: (_step: string) => '案件状态无法写入统计库',
    titleTail: '办理流程需要处理',
    coUnitRequest: '请核实后重新启动协办',
    retryRequest: '请核实原因（如工作日历）后重试',
    errorNote: (error: string) => `（系统信息：${error}）`,
  },
  recipientSeparator: '、',
  bracket: (label: string) => `【${label}】`,
  bookTitle: (title: string) => (title.startsWith('《') && title.endsWith('》') ? title : `《${title}》`),
  deadlineOf: (stepLabel: string, dueOn: string) => `的${stepLabel}期限为${dueOn}`,
  addressee: (unit: string) => `${unit}：`,
  clauseSeparator: '，',
  sentenceEnd: '。',
} as const;

export type TextSubject = Pick<AlertSubject, 'dueOn' | 'unit' | 'caseTitle' | 'caseNumberLabel' | 'stepLabel'>;

export function kindLabel(kind: AlertKind): string {
  return ALERT_TEXTS.kind[kind];
}

export function recipientLabel(recipient: Recipient): string {
  return ALERT_TEXTS.recipient[recipient];
}

/** e.g. '单位负责人、督办部门、领衔督办领导'. */
export function recipientNames(recipients: readonly Recipient[]): string {
  return recipients.map(recipientLabel).join(ALERT_TEXTS.recipientSeparator);
}

/**
 * Title and body of one alert, e.g. body
 * '【催办】区民政局：第十七届人大七次会议第11号建议《关于……的建议》的答复期限为2020-10-09，现已逾期，请抓紧办理。'
 */
export function alertTexts(
  subject: TextSubject,
  kind: RungKind,
  offsetWorkingDays: number,
): { title: string; body: string } {
  const t = ALERT_TEXTS;
  const n = Math.abs(offsetWorkingDays);
  const status = offsetWorkingDays < 0 ? t.status.before(n) : offsetWorkingDays === 0 ? t.status.due : t.status.after(n);
  const titleStatus =
    offsetWorkingDays < 0
      ? t.titleStatus.before(subject.dueOn)
      : offsetWorkingDays === 0
        ? t.titleStatus.due
        : t.titleStatus.after(n);
  const tag = t.bracket(kindLabel(kind));
  const title = `${tag}${subject.caseNumberLabel}${subject.stepLabel}${titleStatus}`;
  const body =
    `${tag}${t.addressee(subject.unit)}${subject.caseNumberLabel}${t.bookTitle(subject.caseTitle)}` +
    `${t.deadlineOf(subject.stepLabel, subject.dueOn)}${t.clauseSeparator}${status}` +
    `${t.clauseSeparator}${t.request[kind]}${t.sentenceEnd}`;
  return { title, body };
}

/** What failed, for an attention alert: a co-unit's part, or a task about one of the case's deadlines. */
export type AttentionCause = { coUnit: string } | { task: 'due-date' | 'plan-alerts' | 'emit-alert' | 'arm-alert' | 'disarm-alert' | 'project'; stepLabel: string };

/**
 * Title and body of an attention alert to the office, e.g. body
 * '【需处理】交办单位：第十七届人大七次会议第11号建议《关于……的建议》：协办单位区司法局的协办流程已中断（失败或被终止），请核实后重新启动协办。'
 */
export function attentionTexts(
  subject: Pick<TextSubject, 'caseNumberLabel' | 'caseTitle'>,
  cause: AttentionCause,
  error: string,
): { title: string; body: string } {
  const t = ALERT_TEXTS;
  const tag = t.bracket(t.kind.attention);
  const what = 'coUnit' in cause ? t.attention.coUnit(cause.coUnit) : t.attention[cause.task](cause.stepLabel);
  const request = 'coUnit' in cause ? t.attention.coUnitRequest : t.attention.retryRequest;
  const title = `${tag}${subject.caseNumberLabel}${t.attention.titleTail}`;
  const body = `${tag}${t.addressee(t.recipient.office)}${subject.caseNumberLabel}${t.bookTitle(subject.caseTitle)}：${what}` +
    `${t.clauseSeparator}${request}${t.sentenceEnd}${t.attention.errorNote(error)}`;
  return { title, body };
}
