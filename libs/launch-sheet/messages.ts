import { LABELS } from '../i18n/labels';

type ProblemKey = keyof (typeof LABELS)['launchSheet']['problem'];

/** A problem text from the label table with its {placeholders} filled in. */
export function fillLabel(key: ProblemKey, values: Record<string, string | number> = {}): string {
  return fill(LABELS.launchSheet.problem[key], values);
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
