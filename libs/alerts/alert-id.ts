/**
 * The id receivers dedupe an alert on. Pure and import-free: the case workflow names alerts
 * with it (one per rung per breach), the ladder's planner too.
 */
import type { AlertSubject } from './alert.types';

/** Escapes the id separator so that no two (caseId, deadlineId, rungId) triples share an id. */
function idPart(s: string): string {
  return s.replace(/%/g, '%25').replace(/\//g, '%2F');
}

export function assertNonEmpty(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new RangeError(`Invalid ${what}: ${JSON.stringify(value)} must be a non-empty string`);
  }
}

export function assertRevision(revision: unknown): asserts revision is number {
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 0) {
    throw new RangeError(`Invalid deadline revision: ${String(revision)} must be an integer >= 0`);
  }
}

/**
 * The id receivers dedupe on: `${caseId}/${deadlineId}/r${revision}/${rungId}` ('/' and '%' in a
 * part are percent-escaped). The same rung of the same deadline revision always gets the same
 * id. Cases before v9 number by the deadline's revision (a moved deadline gets new ids); from v9
 * the number is the rung's breach (one alert per rung per continuous breach).
 */
export function alertId(subject: Pick<AlertSubject, 'caseId' | 'deadlineId' | 'revision'>, rungId: string): string {
  assertNonEmpty(subject.caseId, 'caseId');
  assertNonEmpty(subject.deadlineId, 'deadlineId');
  assertRevision(subject.revision);
  assertNonEmpty(rungId, 'rung id');
  return `${idPart(subject.caseId)}/${idPart(subject.deadlineId)}/r${subject.revision}/${idPart(rungId)}`;
}

