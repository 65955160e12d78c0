/**
 * What a receiver gets for one alert: the webhook payload (JSON) and the email (Chinese subject
 * and text). Built from the stored alert; every Chinese word comes from the label tables.
 * Not exported from ./index (workflow code imports that): import it by its path.
 */
import type { AlertRow } from '../db';
import { isoInstant } from '../db/timestamps';
import { LABELS } from '../i18n';
import { ALERT_TEXTS, kindLabel, recipientLabel, recipientNames } from './alert-texts';
import type { AlertKind, Recipient } from './alert.types';
import { bodyOf } from './stored-alert';

/** The `data` of a webhook payload, and of each alert the API lists. */
export interface AlertData {
  alertId: string;
  caseId: string;
  /** The deadline's id ('reply', 'sign', 'rehandle-1', …) and its Chinese name. */
  deadline: string;
  deadlineLabel: string;
  dueOn: string | null;
  kind: AlertKind;
  kindLabel: string;
  rungId: string;
  recipients: Recipient[];
  recipientLabels: string[];
  unit: string | null;
  caseNumberLabel: string | null;
  caseTitle: string | null;
  /** Chinese, e.g. '【催办】第十七届人大七次会议第11号建议答复已逾期'. */
  title: string;
  /** Chinese, the alert's full sentence. */
  text: string;
  deliverAt: string;
  emittedAt: string;
}

/** A Standard Webhooks payload: `type`, `timestamp`, `data`. */
export interface AlertWebhookPayload {
  type: `alert.${AlertKind}`;
  timestamp: string;
  data: AlertData;
}

export function deadlineLabel(deadlineId: string): string {
  const key = deadlineId.startsWith('rehandle-') ? 'rehandle' : deadlineId.split(':')[0];
  return (LABELS.deadline as Record<string, string>)[key] ?? deadlineId;
}

export function alertData(row: AlertRow): AlertData {
  const body = bodyOf(row);
  const kind = row.kind as AlertKind;
  const recipients = row.recipients as Recipient[];
  return {
    alertId: row.alert_id,
    caseId: row.case_id,
    deadline: row.deadline_id,
    deadlineLabel: deadlineLabel(row.deadline_id),
    dueOn: body.dueOn,
    kind,
    kindLabel: kindLabel(kind),
    rungId: row.rung_id,
    recipients,
    recipientLabels: recipients.map(recipientLabel),
    unit: row.unit,
    caseNumberLabel: body.caseNumberLabel,
    caseTitle: body.caseTitle,
    title: row.title,
    text: body.text,
    deliverAt: isoInstant(row.deliver_at),
    emittedAt: isoInstant(row.emitted_at),
  };
}

export function webhookPayload(row: AlertRow): AlertWebhookPayload {
  const data = alertData(row);
  return { type: `alert.${data.kind}`, timestamp: data.emittedAt, data };
}

export interface AlertEmail {
  subject: string;
  text: string;
}

/** The alert's title as subject; its sentence, then one labelled line a fact, then the footer. */
export function alertEmail(row: AlertRow): AlertEmail {
  const d = alertData(row);
  const { field, separator, emailFooter } = LABELS.alertDelivery;
  const line = (label: string, value: string) => `${label}${separator}${value}`;
  const caseName = d.caseNumberLabel
    ? `${d.caseNumberLabel}${d.caseTitle ? ALERT_TEXTS.bookTitle(d.caseTitle) : ''}`
    : d.caseId;
  const lines = [
    d.text,
    '',
    line(field.case, caseName),
    ...(d.unit ? [line(field.unit, d.unit)] : []),
    line(field.deadline, d.deadlineLabel),
    ...(d.dueOn ? [line(field.dueOn, d.dueOn)] : []),
    line(field.kind, d.kindLabel),
    line(field.recipients, recipientNames(d.recipients)),
    line(field.alertId, d.alertId),
    '',
    emailFooter,
  ];
  return { subject: d.title, text: lines.join('\n') };
}
