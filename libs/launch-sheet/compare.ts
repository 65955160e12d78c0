import { LABELS } from '../i18n/labels';
import type { CaseKind } from '../policy';
import { columnLabel, type SheetColumn } from './columns';
import type { LaunchCase } from './launch-case';
import { fillLabel } from './messages';

/**
 * What a launch did with each of its cases: started it (`created`); found it existing with the
 * same content (`unchanged`) or with other content (`changed`: left as it is, the differences
 * recorded); or found it existing but could not compare it (`existing`: started, yet not in the
 * read model).
 */
export const LAUNCH_OUTCOMES = ['created', 'unchanged', 'changed', 'existing'] as const;
export type LaunchOutcome = (typeof LAUNCH_OUTCOMES)[number];

/** A case as it exists (its read-model view): what a launched row is compared with. */
export interface ExistingCase {
  kind: string;
  session: string;
  number: string;
  title: string;
  submitters: string[];
  leadUnit: string;
  coUnits: string[];
  keySupervised: boolean;
  /** Absent in views of cases from before these fields: read as 否. */
  closedSession?: boolean;
  complex?: boolean;
}

export type DifferenceValue = string | string[] | boolean;

/** One field where a launched row differs from the case that exists: from what the case has, to what the launch says. */
export interface CaseDifference {
  /** The sheet column's API name (submitters are compared as leadSubmitter and coSigners). */
  field: SheetColumn;
  /** The column's header in the template (主办单位). */
  column: string;
  from: DifferenceValue;
  to: DifferenceValue;
}

/**
 * Where a launched case differs from the case that exists with its id, field by field in the
 * template's column order. Lists whose order carries no meaning (co-signers, co-units) are
 * compared as sets; the lead submitter is the first submitter.
 */
export function compareCase(launched: LaunchCase, existing: ExistingCase): CaseDifference[] {
  const differences: CaseDifference[] = [];
  const add = (field: SheetColumn, from: DifferenceValue, to: DifferenceValue) => differences.push({ field, column: columnLabel(field), from, to });
  const text = (field: SheetColumn, from: string, to: string) => {
    if (from !== to) add(field, from, to);
  };
  const set = (field: SheetColumn, from: string[], to: string[]) => {
    if (!sameSet(from, to)) add(field, from, to);
  };
  const flag = (field: SheetColumn, from: boolean | undefined, to: boolean) => {
    if ((from ?? false) !== to) add(field, from ?? false, to);
  };
  text('kind', existing.kind, launched.kind);
  text('session', existing.session, launched.session);
  text('number', existing.number, launched.number);
  text('title', existing.title, launched.title);
  text('leadSubmitter', existing.submitters[0] ?? '', launched.submitters[0] ?? '');
  set('coSigners', existing.submitters.slice(1), launched.submitters.slice(1));
  text('leadUnit', existing.leadUnit, launched.leadUnit);
  set('coUnits', existing.coUnits, launched.coUnits);
  flag('keySupervised', existing.keySupervised, launched.keySupervised);
  flag('closedSession', existing.closedSession, launched.closedSession);
  flag('complex', existing.complex, launched.complex);
  return differences;
}

function sameSet(a: string[], b: string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((v, i) => v === right[i]);
}

/** A value as an office reads it: 是/否, a list joined with 、 (（无） when empty), a kind by its Chinese name. */
export function describeValue(value: DifferenceValue, field?: SheetColumn): string {
  if (typeof value === 'boolean') return value ? LABELS.launchSheet.yes : LABELS.launchSheet.no;
  if (Array.isArray(value)) return value.length === 0 ? LABELS.launchSheet.none : value.join('、');
  if (field === 'kind' && value in LABELS.kindShort) return LABELS.kindShort[value as CaseKind];
  return value;
}

/** A difference as one problem of a report: 与已交办的件不同：区民政局 → 区教育局 … */
export function differenceProblem(d: CaseDifference): string {
  return fillLabel('differs', { from: describeValue(d.from, d.field), to: describeValue(d.to, d.field) });
}
