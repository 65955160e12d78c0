/** What the API answers, as the contract types it (type imports only: nothing of libs/ runs here but the tables). */
import type { CaseView, CoUnitView } from '../../../../libs/contract/case.types';

export type { CaseAlert, CaseDeadline, CaseView, CoUnitView, HistoryEntry } from '../../../../libs/contract/case.types';

export interface Me {
  role: 'office' | 'unit-handler' | 'unit-leader' | 'supervisor' | 'integrator' | 'public';
  roleLabel: string;
  unit: string | null;
  name: string;
  prefix: string;
}

export type ExecutionStatus = 'running' | 'completed' | 'terminated' | 'archived' | 'failed' | 'cancelled' | 'timed-out' | 'continued-as-new';

export type CaseResponse = CaseView & {
  stageLabel: string;
  executionStatus: ExecutionStatus;
  yourActions: string[];
};

export type CoUnitResponse = CoUnitView & { executionStatus: ExecutionStatus };

export interface CaseSummary {
  caseId: string;
  cycleId: string;
  kind: 'npc-suggestion' | 'cppcc-proposal' | 'hotline-ticket';
  number: string;
  title: string;
  leadUnit: string;
  coUnits: string[];
  stage: string;
  overdue: boolean;
  keySupervised: boolean;
  needsAttention: boolean;
  closedAs?: string;
  replyDueAt?: string;
}

export interface CaseList {
  count: number;
  total: number;
  cases: CaseSummary[];
}

export interface Alert {
  alertId: string;
  caseId: string;
  deadline: string;
  deadlineLabel: string;
  dueOn: string | null;
  kind: string;
  kindLabel: string;
  rungId: string;
  recipients: string[];
  recipientLabels: string[];
  unit: string | null;
  caseNumberLabel: string;
  caseTitle: string;
  title: string;
  text: string;
  deliverAt: string;
  emittedAt: string;
  acknowledged: { at: string; by: string } | null;
}

export interface Launch {
  launchId: string;
  cycleId: string;
  status: 'running' | 'completed' | 'failed';
  total: number;
  started: number;
  error?: string;
  createdAt: string;
  finishedAt?: string;
}

export interface PublicCaseSummary {
  caseId: string;
  /** 届次会次 (the list has it since the public search's filters). */
  session?: string;
  publication?: { publishedAt: string; redacted: boolean };
  cycleId: string;
  kind: CaseSummary['kind'];
  number: string;
  title: string;
  leadUnit: string;
  coUnits: string[];
  stage: string;
  stageLabel: string;
}

export interface PublicCase extends PublicCaseSummary {
  session: string;
  reply?: { text: string; repliedAt: string };
}

/** GET /api/survey/{token}: what a submitter's survey link opens (no key). */
export interface SurveyPage {
  caseId: string;
  kind: CaseSummary['kind'];
  caseNumberLabel: string;
  session: string;
  number: string;
  title: string;
  unit: string;
  submitter: string;
  round: number;
  expiresAt: string;
  reply: { text: string; repliedOn: string };
  questions: { id: 'result' | 'attitude'; label: string; options: { value: string; label: string }[] }[];
  answered: boolean;
  answer?: { result: string; resultLabel: string; attitude?: string; attitudeLabel?: string; recordedAt: string };
  open: boolean;
  notice?: string;
}

/** GET /api/cases/{id}/survey-links: one signed link per submitter for the current round (the office). */
export interface SurveyLinks {
  caseId: string;
  round: number;
  expiresAt: string;
  links: { submitter: string; lead: boolean; token: string; url: string; apiUrl: string; expiresAt: string; answered: boolean }[];
}

/** The statistics API's answers (GET /api/cycles/{cycleId}/statistics and /units): the fields the dashboard shows. */
export interface Rate {
  numerator: number;
  denominator: number;
  /** 0–1, null when nothing to count. */
  rate: number | null;
}

export interface SurveyTally {
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  noResponse: number;
  answered: number;
  rate: Rate;
}

export interface Figures {
  cases: number;
  counted: number;
  withdrawn: number;
  closed: number;
  keySupervised: number;
  replyRate: Rate;
  onTimeRate: Rate;
  onTime: { met: number; metWithExtension: number; late: number; overdue: number; notYetDue: number };
  meetingRate: Rate;
  satisfaction: { final: SurveyTally; firstRound: SurveyTally; submitterGiven: SurveyTally; proxyEntered: SurveyTally };
  classification: { replied: number; levels: { code: string; label: string; count: number; share: Rate }[] };
  commitments: { promised: number; due: number; kept: number; rate: Rate };
  overdueNow: { cases: number; deadlines: number };
}

export interface CycleStatistics {
  cycleId: string;
  asOf: string;
  figures: Figures;
}

export interface UnitStatistics {
  unit: string;
  rank: number | null;
  ranked: boolean;
  score: number | null;
  assessedCases: number;
  figures: Figures;
  coHandled: { cases: number; opinionGiven: number; opinionOnTimeRate: Rate; overdueNow: number; score: number | null; assessedCases: number };
}

export interface UnitTable {
  cycleId: string;
  asOf: string;
  minimumCasesToRank: number;
  units: UnitStatistics[];
  total: Figures;
}
