/**
 * What the statistics read of a case: a slim extract of its read-model view, made once when the
 * case is projected (CaseViewRepository.upsertCase stores `storedFactsOf(view)` as text beside the
 * view, with FACTS_VERSION) and read back for a whole cycle with the row's own columns
 * (case-facts.source.ts). No texts, no history beyond the first day of each step: a 10,000-case
 * cycle is a few megabytes, where its views are some 80. caseFactsOf() is the one definition.
 */
import { chinaDateOf } from '../calendar/iso-date';
import type { CaseView, CoUnitView, DeadlineStatus } from '../contract';
import type { CaseKind } from '../policy';

/**
 * The shape of the stored facts. Raise it when caseFactsOf() changes: rows stored under another
 * version are read from their whole view (slower) until `banli reindex` projects them anew.
 */
export const FACTS_VERSION = 1;

/** The steps whose first day the statistics read from the history. */
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
  /** Of an open deadline: the instant it becomes overdue. */
  dueAt?: string;
  suspended?: boolean;
  /** Of a deadline not met: its ladder's alerts sent so far. */
  sent?: SentAlertFact[];
}

export interface SurveyFact {
  result: 'satisfied' | 'basically-satisfied' | 'dissatisfied' | 'no-response';
  round: number;
  proxyEntry: boolean;
  /** The system recorded it when the survey window ended without an answer. */
  system?: boolean;
  /** The China day it was recorded. */
  recordedOn: string;
}

/** The facts kept in the row's columns (case_views). */
export interface CaseColumns {
  caseId: string;
  kind: CaseKind;
  session: string;
  number: string;
  title: string;
  leadUnit: string;
  keySupervised: boolean;
  stage: string;
  closedAs?: string;
  assignedOn: string;
}

/** The facts stored as text beside the view. */
export interface StoredFacts {
  closedOn?: string;
  deadlines: DeadlineFact[];
  workPlan?: true;
  /** Contact methods, in order. */
  contacts: string[];
  reply?: { classification?: string; round: number };
  visit?: string;
  surveys: SurveyFact[];
  roundsSettled: number;
  round: number;
  sentBack: number;
  remarked?: true;
  /** Each return's decision: 'reject', 'reassign' or 'pending'. */
  returns: string[];
  extensions: { deadline: string; status: string }[];
  /** The follow-up report: kept true/false, or null when it does not say. */
  followUp?: { kept: boolean | null };
  published?: true;
  /** The first day (China) each step was done. */
  firstOn: Partial<Record<TimedAction, string>>;
}

export type CaseFacts = CaseColumns & StoredFacts;

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

/** The facts of one case, from its view: the definition of every field. */
export function caseFactsOf(view: CaseView): CaseFacts {
  return { ...caseColumnsOf(view), ...storedFactsOf(view) };
}

export function caseColumnsOf(view: CaseView): CaseColumns {
  return {
    caseId: view.caseId,
    kind: view.kind,
    session: view.session,
    number: view.number,
    title: view.title,
    leadUnit: view.leadUnit,
    keySupervised: view.keySupervised,
    stage: view.stage,
    ...(view.closedAs !== undefined ? { closedAs: view.closedAs } : {}),
    assignedOn: view.assignedOn,
  };
}

export function storedFactsOf(view: CaseView): StoredFacts {
  const firstOn: Partial<Record<TimedAction, string>> = {};
  for (const h of [...view.history].sort((a, b) => a.seq - b.seq)) {
    const action = h.action as TimedAction;
    if ((TIMED_ACTIONS as readonly string[]).includes(action) && firstOn[action] === undefined) firstOn[action] = chinaDateOf(h.at);
  }
  const reviews = view.reviews ?? [];
  return {
    ...(view.closedAt !== undefined ? { closedOn: chinaDateOf(view.closedAt) } : {}),
    deadlines: view.deadlines.map(deadlineFactOf),
    ...(view.workPlan ? { workPlan: true as const } : {}),
    contacts: view.contacts.map((c) => c.method),
    ...(view.reply ? { reply: { ...(view.reply.classification !== undefined ? { classification: view.reply.classification } : {}), round: view.reply.round ?? 1 } } : {}),
    ...(view.visit ? { visit: view.visit.method } : {}),
    surveys: view.surveys.map((s) => ({
      result: s.result, round: s.round ?? 1, proxyEntry: s.proxyEntry, ...(s.recordedBy === 'system' ? { system: true } : {}), recordedOn: chinaDateOf(s.recordedAt),
    })),
    roundsSettled: view.roundsSettled ?? (view.stage === 'closed' && view.surveys.length > 0 ? 1 : 0),
    round: view.round ?? 1,
    sentBack: reviews.filter((r) => r.decision === 'send-back').length,
    ...(reviews.some((r) => r.classificationChangedFrom !== undefined) ? { remarked: true as const } : {}),
    returns: (view.returns ?? []).map((r) => r.decision ?? 'pending'),
    extensions: (view.extensions ?? []).map((e) => ({ deadline: e.deadline, status: e.status })),
    ...(view.followUp ? { followUp: { kept: view.followUp.kept ?? null } } : {}),
    ...(view.publication ? { published: true as const } : {}),
    firstOn,
  };
}

/** A co-unit's facts from its view and the case it belongs to. */
export function coUnitFactsOf(view: CoUnitView, of: Pick<CaseFacts, 'kind' | 'keySupervised' | 'closedAs'>): CoUnitFacts {
  return { caseId: view.caseId, unit: view.unit, kind: of.kind, keySupervised: of.keySupervised, withdrawn: of.closedAs === 'withdrawn', ...storedCoUnitFactsOf(view) };
}

/** What is stored beside a co-unit's view. */
export function storedCoUnitFactsOf(view: CoUnitView): Pick<CoUnitFacts, 'stage' | 'deadlines'> {
  return { stage: view.stage, deadlines: view.deadlines.map(deadlineFactOf) };
}

function deadlineFactOf(d: CaseView['deadlines'][number] | CoUnitView['deadlines'][number]): DeadlineFact {
  const met = d.status === 'met' || d.status === 'met-late';
  const sent = met ? [] : (d.alerts ?? []).filter((a) => a.status === 'sent').map((a) => ({ kind: a.kind, recipients: [...a.recipients] }));
  return {
    id: d.id,
    status: d.status,
    dueOn: d.due.dueOn,
    ...(d.status === 'open' ? { dueAt: d.due.dueAt } : {}),
    ...(d.suspended ? { suspended: true } : {}),
    ...(sent.length > 0 ? { sent } : {}),
  };
}
