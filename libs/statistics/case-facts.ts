/**
 * What the statistics read of a case: a slim extract of its read-model view (`case_views.view`),
 * made in SQL for a whole cycle (case-facts.source.ts) or here from a CaseView (tests, and the
 * definition the SQL must agree with: case-facts.source.spec.ts checks both on the same views).
 * No history beyond the first time of each step, no texts: 10,000 of these are a few megabytes.
 */
import type { CaseView, CoUnitView, DeadlineStatus } from '../contract';
import type { CaseKind } from '../policy';

/** The steps whose first time the statistics read from the history. */
export const TIMED_ACTIONS = ['sign', 'work-plan', 'contact', 'reply', 'visit', 'publish', 'follow-up'] as const;
export type TimedAction = (typeof TIMED_ACTIONS)[number];

/** A sent alert of a deadline's ladder: the rung reached and who was told. */
export interface SentAlertFact {
  kind: string;
  recipients: string[];
}

export interface DeadlineFact {
  id: string;
  status: DeadlineStatus;
  dueOn: string;
  dueAt: string;
  metAt?: string;
  suspended?: boolean;
  sent: SentAlertFact[];
}

export interface SurveyFact {
  submitter: string;
  result: 'satisfied' | 'basically-satisfied' | 'dissatisfied' | 'no-response';
  round: number;
  proxyEntry: boolean;
  /** 'system' when the survey window ended without an answer. */
  recordedBy: string;
  recordedAt: string;
}

export interface CaseFacts {
  caseId: string;
  cycleId: string;
  kind: CaseKind;
  session: string;
  number: string;
  title: string;
  leadUnit: string;
  coUnits: string[];
  keySupervised: boolean;
  stage: string;
  closedAs?: string;
  closedAt?: string;
  assignedOn: string;
  jurisdiction?: string;
  submitters: number;
  deadlines: DeadlineFact[];
  workPlan: boolean;
  contacts: { method: string }[];
  reply?: { classification?: string; round: number };
  visit?: { method: string };
  surveys: SurveyFact[];
  roundsSettled: number;
  round: number;
  reviews: { decision: string; remarked: boolean }[];
  returns: { decision?: string }[];
  extensions: { deadline: string; status: string }[];
  followUp?: { kept?: boolean };
  published: boolean;
  /** The first time each step was done (the history's `at`). */
  firstAt: Partial<Record<TimedAction, string>>;
}

/** A co-unit's part of a case, with the case's own filters. */
export interface CoUnitFacts {
  caseId: string;
  unit: string;
  kind: CaseKind;
  keySupervised: boolean;
  /** The case was withdrawn (the part is cancelled). */
  withdrawn: boolean;
  stage: string;
  deadlines: DeadlineFact[];
}

/** The facts of one case, from its view: the definition the SQL extract follows. */
export function caseFactsOf(view: CaseView): CaseFacts {
  const firstAt: Partial<Record<TimedAction, string>> = {};
  for (const h of [...view.history].sort((a, b) => a.seq - b.seq)) {
    const action = h.action as TimedAction;
    if ((TIMED_ACTIONS as readonly string[]).includes(action) && firstAt[action] === undefined) firstAt[action] = h.at;
  }
  return {
    caseId: view.caseId,
    cycleId: view.cycleId,
    kind: view.kind,
    session: view.session,
    number: view.number,
    title: view.title,
    leadUnit: view.leadUnit,
    coUnits: [...view.coUnits],
    keySupervised: view.keySupervised,
    stage: view.stage,
    ...(view.closedAs !== undefined ? { closedAs: view.closedAs } : {}),
    ...(view.closedAt !== undefined ? { closedAt: view.closedAt } : {}),
    assignedOn: view.assignedOn,
    ...(view.jurisdiction !== undefined ? { jurisdiction: view.jurisdiction } : {}),
    submitters: view.submitters.length,
    deadlines: view.deadlines.map(deadlineFactOf),
    workPlan: view.workPlan !== undefined,
    contacts: view.contacts.map((c) => ({ method: c.method })),
    ...(view.reply ? { reply: { ...(view.reply.classification !== undefined ? { classification: view.reply.classification } : {}), round: view.reply.round ?? 1 } } : {}),
    ...(view.visit ? { visit: { method: view.visit.method } } : {}),
    surveys: view.surveys.map((s) => ({
      submitter: s.submitter, result: s.result, round: s.round ?? 1, proxyEntry: s.proxyEntry, recordedBy: s.recordedBy, recordedAt: s.recordedAt,
    })),
    roundsSettled: view.roundsSettled ?? (view.stage === 'closed' && view.surveys.length > 0 ? 1 : 0),
    round: view.round ?? 1,
    reviews: (view.reviews ?? []).map((r) => ({ decision: r.decision, remarked: r.classificationChangedFrom !== undefined })),
    returns: (view.returns ?? []).map((r) => (r.decision !== undefined ? { decision: r.decision } : {})),
    extensions: (view.extensions ?? []).map((e) => ({ deadline: e.deadline, status: e.status })),
    ...(view.followUp ? { followUp: view.followUp.kept !== undefined ? { kept: view.followUp.kept } : {} } : {}),
    published: view.publication !== undefined,
    firstAt,
  };
}

/** A co-unit's facts from its view and the case it belongs to. */
export function coUnitFactsOf(view: CoUnitView, of: Pick<CaseFacts, 'kind' | 'keySupervised' | 'closedAs'>): CoUnitFacts {
  return {
    caseId: view.caseId,
    unit: view.unit,
    kind: of.kind,
    keySupervised: of.keySupervised,
    withdrawn: of.closedAs === 'withdrawn',
    stage: view.stage,
    deadlines: view.deadlines.map(deadlineFactOf),
  };
}

function deadlineFactOf(d: CaseView['deadlines'][number] | CoUnitView['deadlines'][number]): DeadlineFact {
  return {
    id: d.id,
    status: d.status,
    dueOn: d.due.dueOn,
    dueAt: d.due.dueAt,
    ...(d.metAt !== undefined ? { metAt: d.metAt } : {}),
    ...(d.suspended ? { suspended: true } : {}),
    sent: (d.alerts ?? []).filter((a) => a.status === 'sent').map((a) => ({ kind: a.kind, recipients: [...a.recipients] })),
  };
}
