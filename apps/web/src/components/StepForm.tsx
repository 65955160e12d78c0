import { Alert, App, Button, DatePicker, Form, Input, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Field } from '../../../../libs/contract/fields';
import { CO_UNIT_STEPS, STEPS } from '../../../../libs/contract/steps';
import { ApiError, idempotencyKey, post } from '../api/client';
import type { CaseResponse, CoUnitResponse, Me } from '../api/types';
import { actionLabel, deadlineLabel, fill, LABELS, stageLabel, W } from '../labels';

type Fields = Readonly<Record<string, Field>>;

/** The words of a field's label: the step's own, else the field's. */
function fieldLabel(step: string, name: string, coUnit: boolean): string {
  if (coUnit) return (W.coUnitField as Record<string, string>)[name] ?? name;
  const byStep = (W.fieldByStep as Record<string, Record<string, string> | undefined>)[step];
  return byStep?.[name] ?? (W.field as Record<string, string>)[name] ?? name;
}

/** Labels of an enum's values, by field and step. */
function enumLabels(step: string, name: string): Record<string, string> {
  if (name === 'method') return LABELS.contactMethod;
  if (name === 'result' || name === 'attitude') return LABELS.surveyAnswer;
  if (name === 'decision') return step === 'review' ? LABELS.reviewDecision : LABELS.returnDecision;
  return {};
}

const isClassification = (name: string) => name === 'classification';

interface Props {
  caseView: CaseResponse;
  me: Me;
  action: string;
  /** A co-unit's own step (co-units/{unit}/{action}) instead of the case's. */
  coUnit?: string;
  onDone: (after: CaseResponse | CoUnitResponse) => void;
}

/**
 * The form of one step, made from the step table's fields (libs/contract/steps.ts). Nothing is
 * checked here: the API validates, and each of its problems is shown beside the field it
 * concerns; a refusal (409, 403) is shown above the button with the stage the case is at.
 */
export function StepForm({ caseView, me, action, coUnit, onDone }: Props) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const fields: Fields = coUnit
    ? (CO_UNIT_STEPS as unknown as Record<string, { fields: Fields }>)[action].fields
    : ((STEPS as unknown as Record<string, { action: { fields: Fields } }>)[action]?.action.fields ?? {});
  const names = Object.keys(fields);
  const formName = coUnit ? `co-unit-${action}` : `step-${action}`;
  const title = coUnit ? (LABELS.coUnitAction as Record<string, string>)[action] : actionLabel(action);

  const initialValues: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    if (field.kind === 'boolean') initialValues[name] = name === 'public' || name === 'approve';
    if (action === 'co-sign' && name === 'unit' && me.unit) initialValues.unit = me.unit;
  }

  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    setRefusal(undefined);
    const body: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined || value === null || value === '') continue;
      if (Array.isArray(value) && value.length === 0) continue;
      body[name] = typeof (value as Dayjs).format === 'function' ? (value as Dayjs).format('YYYY-MM-DD') : value;
    }
    const path = coUnit
      ? `/api/cases/${encodeURIComponent(caseView.caseId)}/co-units/${encodeURIComponent(coUnit)}/${action}`
      : `/api/cases/${encodeURIComponent(caseView.caseId)}/${action}`;
    try {
      const after = await post<CaseResponse | CoUnitResponse>(path, body, { headers: { 'idempotency-key': idempotencyKey() } });
      message.success(fill(W.cases.submitted, { action: title }));
      form.resetFields();
      onDone(after);
    } catch (err) {
      if (!(err instanceof ApiError)) {
        setRefusal(String(err));
      } else if (err.problems.length > 0) {
        const known = err.problems.filter((p) => names.includes(p.field.split('.')[0]));
        const rest = err.problems.filter((p) => !known.includes(p));
        form.setFields(names.map((name) => ({
          name,
          errors: known.filter((p) => p.field.split('.')[0] === name).map((p) => p.problem),
        })));
        setRefusal(rest.length ? rest.map((p) => `${p.field}：${p.problem}`).join('；') : W.cases.checkFields);
      } else {
        const where = err.stage ? `（${W.common.stage}：${stageLabel(err.stage)}）` : '';
        setRefusal(`${err.message}${where}`);
      }
    } finally {
      setBusy(false);
    }
  };

  const input = (name: string, field: Field) => {
    const id = `${formName}_${name}`;
    if (action === 'extension-request' && name === 'deadline') {
      const open = caseView.deadlines.filter((d) => d.status === 'open' || d.status === 'overdue');
      return <Select allowClear options={open.map((d) => ({ value: d.id, label: `${deadlineLabel(d.id)}（${d.due.dueOn}）` }))} />;
    }
    if ((action === 'co-sign' || action === 'restart-co-unit') && name === 'unit') {
      return <Select disabled={!!me.unit} options={caseView.coUnits.map((u) => ({ value: u, label: u }))} />;
    }
    if (action === 'survey' && name === 'submitter') {
      return <Select allowClear options={caseView.submitters.map((s) => ({ value: s, label: s }))} />;
    }
    if (isClassification(name)) {
      return <Select allowClear={!!field.optional} options={Object.entries(LABELS.classification).map(([value, label]) => ({ value, label: `${value} ${label}` }))} />;
    }
    switch (field.kind) {
      case 'date':
        return <DatePicker id={id} format="YYYY-MM-DD" style={{ width: '100%' }} />;
      case 'enum': {
        const labels = enumLabels(action, name);
        return <Select allowClear={!!field.optional} options={field.values.map((v) => ({ value: v, label: labels[v] ?? v }))} />;
      }
      case 'boolean':
        return <Switch checkedChildren={W.common.yes} unCheckedChildren={W.common.no} />;
      case 'list':
        return <Select mode="tags" tokenSeparators={['、', '，', ',', '；', ';']} open={false} />;
      default:
        return field.max > 200
          ? <Input.TextArea autoSize={{ minRows: field.max > 5000 ? 4 : 2, maxRows: 12 }} />
          : <Input />;
    }
  };

  return (
    <Form form={form} name={formName} layout="vertical" onFinish={submit} initialValues={initialValues} data-testid={formName} requiredMark={false}>
      {Object.entries(fields).map(([name, field]) => (
        <Form.Item
          key={name}
          name={name}
          label={fieldLabel(action, name, !!coUnit)}
          valuePropName={field.kind === 'boolean' ? 'checked' : 'value'}
          data-field={name}
        >
          {input(name, field)}
        </Form.Item>
      ))}
      {me.role === 'office' && !coUnit && (
        <Form.Item name="actor" label={W.cases.proxyActor} extra={W.cases.proxyActorHint} data-field="actor">
          <Input />
        </Form.Item>
      )}
      {refusal && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={W.cases.refused} description={refusal} data-testid="step-refusal" />}
      <Button type="primary" htmlType="submit" loading={busy} data-testid={`${formName}-submit`}>
        {W.cases.submit}：{title}
      </Button>
    </Form>
  );
}
