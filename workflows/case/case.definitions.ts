/**
 * The case workflow's contract: what callers may send and read. The API imports this file;
 * it never imports the workflow itself.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ScheduledAlert } from '../../libs/alerts';
import type { DueDate, IsoDate } from '../../libs/calendar';
import type { CaseKind, HandlingPolicy } from '../../libs/policy';

export const CASE_TASK_QUEUE = 'banli-cases';

/** Changes to the workflow that cases already in flight must not see (see test/replay/). */
export const CasePatch = {
  /** The reply deadline drives its escalation ladder (reminders, overdue alert, escalation). */
  AlertLadder: 'case-alert-ladder',
  /** Every required step counted from assignment (sign-for, work plan, contact) has its deadline too. */
  StepDeadlines: 'case-step-deadlines',
  /** A survey window with the no-response rule; dissatisfaction reopens the case for re-handling. */
  Rehandling: 'case-rehandling',
} as const;

/** The deadlines a case tracks; each is met by the step of the same name. */
export type DeadlineId = 'sign' | 'work-plan' | 'contact' | 'reply' | `rehandle-${number}`;
export const STEP_DEADLINES = ['sign', 'work-plan', 'contact', 'reply'] as const;
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

/** Where a case stands: the last step completed. */
export enum CaseStage {
  Assigned = 'assigned',
  Signed = 'signed',
  Planned = 'planned',
  Contacted = 'contacted',
  Replied = 'replied',
  Visited = 'visited',
  /** 重新办理: a submitter was dissatisfied; a new reply is due. */
  Rehandling = 'rehandling',
  /** Still dissatisfied after the last round: the office consults the submitter, then closes. */
  Consultation = 'consultation',
  Closed = 'closed',
}

/** The steps a caller performs; each value is also the endpoint's last path segment. */
export enum CaseAction {
  Sign = 'sign',
  WorkPlan = 'work-plan',
  Contact = 'contact',
  Reply = 'reply',
  Visit = 'visit',
  Survey = 'survey',
  Consult = 'consult',
  /** 延期: a unit asks to move one of its open deadlines; the office decides. */
  RequestExtension = 'extension-request',
  DecideExtension = 'extension-decision',
  /** 中止: the office stops every open deadline's clock (e.g. waiting for another authority) and restarts it. */
  StopClock = 'stop-clock',
  RestartClock = 'restart-clock',
  /** 撤案: the office withdraws the case, with a reason. */
  Withdraw = 'withdraw',
}

/** `ApplicationFailure` types a step is refused with; the API maps each to a status code. */
export enum CaseErrorType {
  StepNotAllowed = 'StepNotAllowed',
  InvalidStepInput = 'InvalidStepInput',
}

/** One problem with a field of a request: its dotted path and what is wrong. */
export interface FieldProblem {
  field: string;
  problem: string;
}

export type ContactMethod = 'face-to-face' | 'phone' | 'online' | 'letter';
export const CONTACT_METHODS: readonly ContactMethod[] = ['face-to-face', 'phone', 'online', 'letter'];

export type SurveyAnswer = 'satisfied' | 'basically-satisfied' | 'dissatisfied';
export const SURVEY_ANSWERS: readonly SurveyAnswer[] = ['satisfied', 'basically-satisfied', 'dissatisfied'];

// ---- inputs ------------------------------------------------------------------------------

export interface CaseInput {
  caseId: string;
  cycleId: string;
  cycleTitle?: string;
  jurisdiction?: string;
  kind: CaseKind;
  session: string;
  number: string;
  title: string;
  /** Lead submitter first, then co-signers (联名). */
  submitters: string[];
  leadUnit: string;
  coUnits: string[];
  keySupervised: boolean;
  closedSession: boolean;
  /** 6-month reply deadline instead of 3. */
  complex: boolean;
  /** T0: the assignment date (交办日期), a civil date in China. */
  assignedOn: IsoDate;
  policy: HandlingPolicy;
}

/** Who performed a step; defaults to the unit (or submitter) whose step it is. */
export interface StepInput {
  actor?: string;
}
export type SignForInput = StepInput;
export interface WorkPlanInput extends StepInput {
  summary: string;
  responsible: string;
  plannedCompletionOn: IsoDate;
}
export interface ContactInput extends StepInput {
  method: ContactMethod;
  contactedOn: IsoDate;
  note?: string;
}
export interface ReplyInput extends StepInput {
  text: string;
  classification: string;
  contactPerson: string;
  contactPhone: string;
}
export interface VisitInput extends StepInput {
  visitedOn: IsoDate;
  method: ContactMethod;
  participants: string[];
  note?: string;
}
export interface ExtensionRequestInput extends StepInput {
  /** Which open deadline; the reply's by default. */
  deadline?: DeadlineId;
  newDueOn: IsoDate;
  reason: string;
}

export interface ExtensionDecisionInput extends StepInput {
  approve: boolean;
  note?: string;
}

export interface StopClockInput extends StepInput {
  reason: string;
}

export interface RestartClockInput extends StepInput {
  note?: string;
}

export interface ClockStop {
  since: string;
  reason: string;
  by: string;
  until?: string;
  /** Calendar days every suspended deadline moved when the clock restarted. */
  days?: number;
}

export interface WithdrawInput extends StepInput {
  reason: string;
}

export interface ExtensionRecord {
  deadline: DeadlineId;
  fromDueOn: IsoDate;
  newDueOn: IsoDate;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy?: string;
  decidedAt?: string;
  note?: string;
}

/** 面商/专题说明: the office's consultation after the last re-handling round. */
export interface ConsultInput extends StepInput {
  summary: string;
  consultedOn: IsoDate;
}

export interface SurveyInput extends StepInput {
  /** Which submitter answered; may be omitted when the case has only one. */
  submitter?: string;
  result: SurveyAnswer;
  attitude?: SurveyAnswer;
  /** Entered by the office from a paper form. */
  proxyEntry?: boolean;
}

// ---- state -------------------------------------------------------------------------------

export type DeadlineStatus = 'open' | 'met' | 'overdue' | 'met-late';

export type AlertStatus = 'scheduled' | 'sent' | 'cancelled' | 'skipped';

/** One alert of a deadline's ladder, as the case records it. */
export interface CaseAlert {
  alertId: string;
  kind: ScheduledAlert['kind'];
  rungId: string;
  recipients: ScheduledAlert['recipients'];
  deliverAt: string;
  heldForQuietHours: boolean;
  title: string;
  status: AlertStatus;
  sentAt?: string;
}

export interface CaseDeadline {
  id: DeadlineId;
  /** The step that meets it. */
  step: CaseAction;
  due: DueDate;
  status: DeadlineStatus;
  metAt?: string;
  overdueSince?: string;
  /** The ladder's alerts, when the case runs one. */
  alerts?: CaseAlert[];
  /** 1 until the deadline moves (an extension, a clock stop or restart); alert ids carry it. */
  revision?: number;
  /** The office stopped the clock: no alert, no overdue, until it restarts. */
  suspended?: boolean;
}

export interface HistoryEntry {
  seq: number;
  action: CaseAction | 'assign' | 'deadline-passed' | 'no-response' | 'rehandle' | 'to-consultation';
  actor: string;
  at: string;
  details: Record<string, unknown>;
}

export interface SurveyRecord {
  submitter: string;
  /** 'no-response' when the window ended without an answer (never silently satisfied). */
  result: SurveyAnswer | 'no-response';
  attitude?: SurveyAnswer;
  /** 1 for the first handling, 2 for the first re-handling, … */
  round?: number;
  proxyEntry: boolean;
  recordedAt: string;
  recordedBy: string;
}

export interface CaseState extends Omit<CaseInput, 'policy'> {
  policy: { id: string; version: string };
  stage: CaseStage;
  overdue: boolean;
  deadlines: CaseDeadline[];
  workPlan?: WorkPlanInput & { submittedAt: string };
  contacts: (ContactInput & { recordedAt: string })[];
  reply?: ReplyInput & { repliedAt: string; round?: number };
  visit?: VisitInput & { recordedAt: string };
  surveys: SurveyRecord[];
  history: HistoryEntry[];
  closedAt?: string;
  /** With re-handling: the current round, the rounds whose surveys are settled, each round's window. */
  round?: number;
  roundsSettled?: number;
  surveyWindows?: { round: number; due: DueDate }[];
  consultation?: ConsultInput & { recordedAt: string };
  extensions?: ExtensionRecord[];
  withdrawal?: { reason: string; by: string; at: string };
  clockStops?: ClockStop[];
  closedAs?: 'satisfied' | 'dissatisfied' | 'no-response' | 'withdrawn';
}

/** What queries and updates return: the state and what may be done next. */
export interface CaseView extends CaseState {
  allowedActions: CaseAction[];
}

// ---- messages ----------------------------------------------------------------------------

export const getStateQuery = defineQuery<CaseView>('getState');

export const signForUpdate = defineUpdate<CaseView, [SignForInput]>('signFor');
export const submitWorkPlanUpdate = defineUpdate<CaseView, [WorkPlanInput]>('submitWorkPlan');
export const recordContactUpdate = defineUpdate<CaseView, [ContactInput]>('recordContact');
export const submitReplyUpdate = defineUpdate<CaseView, [ReplyInput]>('submitReply');
export const recordVisitUpdate = defineUpdate<CaseView, [VisitInput]>('recordVisit');
export const recordSurveyUpdate = defineUpdate<CaseView, [SurveyInput]>('recordSurvey');
export const recordConsultationUpdate = defineUpdate<CaseView, [ConsultInput]>('recordConsultation');
export const requestExtensionUpdate = defineUpdate<CaseView, [ExtensionRequestInput]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<CaseView, [ExtensionDecisionInput]>('decideExtension');
export const withdrawUpdate = defineUpdate<CaseView, [WithdrawInput]>('withdraw');
export const stopClockUpdate = defineUpdate<CaseView, [StopClockInput]>('stopClock');
export const restartClockUpdate = defineUpdate<CaseView, [RestartClockInput]>('restartClock');

/** The update that performs each action. */
export const STEP_UPDATES = {
  [CaseAction.Sign]: signForUpdate,
  [CaseAction.WorkPlan]: submitWorkPlanUpdate,
  [CaseAction.Contact]: recordContactUpdate,
  [CaseAction.Reply]: submitReplyUpdate,
  [CaseAction.Visit]: recordVisitUpdate,
  [CaseAction.Survey]: recordSurveyUpdate,
  [CaseAction.Consult]: recordConsultationUpdate,
  [CaseAction.RequestExtension]: requestExtensionUpdate,
  [CaseAction.DecideExtension]: decideExtensionUpdate,
  [CaseAction.StopClock]: stopClockUpdate,
  [CaseAction.RestartClock]: restartClockUpdate,
  [CaseAction.Withdraw]: withdrawUpdate,
} as const;

// ---- search attributes (registered on the server; see scripts/dev.sh) ------------------

export const CaseSearch = {
  cycle: defineSearchAttributeKey('BanliCycle', SearchAttributeType.KEYWORD),
  kind: defineSearchAttributeKey('BanliKind', SearchAttributeType.KEYWORD),
  leadUnit: defineSearchAttributeKey('BanliLeadUnit', SearchAttributeType.KEYWORD),
  coUnits: defineSearchAttributeKey('BanliCoUnits', SearchAttributeType.KEYWORD_LIST),
  stage: defineSearchAttributeKey('BanliStage', SearchAttributeType.KEYWORD),
  overdue: defineSearchAttributeKey('BanliOverdue', SearchAttributeType.BOOL),
  keySupervised: defineSearchAttributeKey('BanliKeySupervised', SearchAttributeType.BOOL),
  replyDue: defineSearchAttributeKey('BanliReplyDue', SearchAttributeType.DATETIME),
} as const;

export const CASE_SEARCH_ATTRIBUTES = Object.values(CaseSearch);

/** A case's id, which is also its workflow id: cycle, kind and number. */
export function caseIdOf(cycleId: string, kind: CaseKind, number: string): string {
  return `${cycleId}.${kind}.${number}`;
}
