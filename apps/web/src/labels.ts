/** Every word the dashboard shows comes from the one label table (libs/i18n/labels.ts, its `web` section and the rest). */
import { ALERT_TEXTS } from '../../../libs/alerts/alert-texts';
import { caseNumberLabel, deadlineLabel, LABELS } from '../../../libs/i18n/labels';

export { ALERT_TEXTS, caseNumberLabel, deadlineLabel, LABELS };
export const W = LABELS.web;

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

function lookup(table: Record<string, string>, key: string | undefined | null): string {
  if (key === undefined || key === null) return '';
  return table[key] ?? key;
}

export const stageLabel = (stage: string): string => lookup(LABELS.stage, stage);
export const actionLabel = (action: string): string =>
  lookup(LABELS.action as Record<string, string>, action) || action;
export const historyActionLabel = (action: string): string =>
  (LABELS.action as Record<string, string>)[action] ?? (W.historyAction as Record<string, string>)[action] ?? action;
export const kindLabel = (kind: string): string => lookup(LABELS.kind, kind);
export const alertKindLabel = (kind: string): string => lookup(ALERT_TEXTS.kind, kind);
export const recipientLabel = (r: string): string => lookup(ALERT_TEXTS.recipient, r);
export const roleLabel = (role: string): string => lookup(LABELS.role, role);

/** An instant as people in China read it: 2020-06-15 09:30. */
export function formatInstant(iso: string | undefined | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Today's date in China (deadlines are civil dates there). */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The last day before an exclusive end instant (a deadline's dueAt, a link's expiry): 2020-06-15. */
export function lastDayBefore(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : formatInstant(new Date(t - 1).toISOString()).slice(0, 10);
}
