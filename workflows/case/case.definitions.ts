/**
 * The case workflow's contract: what callers may send and read. The API imports this file;
 * it never imports the workflow itself.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ScheduledAlert } from '../../libs/alerts';
import type { DueDate, IsoDate } from '../../libs/calendar';
import type { LaunchCase } from '../../libs/launch-sheet/launch-case';
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
  /**
   * Every step of PROCEDURE.md §3 as the policy requires it: returns and reassignment, co-unit
   * opinions as child workflows, draft → co-sign → sign-off → review → reply, publication,
   * B-class follow-up, merge; deadlines from assignment, session close or the previous step.
   */
  FullProcedure: 'case-full-procedure',
} as const;

/** The deadlines a case tracks; each is met by the step of the same name. */
export type DeadlineId =
  | 'sign'
  | 'work-plan'
  | 'contact'
  | 'draft-reply'
  | 'co-sign'
  | 'sign-off'
  | 'review'
  | 'reply'
  | 'visit'
  | 'return-decision'
  | 'publish'
  | 'follow-up'
  | 'co-opinion'
  | `rehandle-${number}`;
export const STEP_DEADLINES = ['sign', 'work-plan', 'contact', 'reply'] as const;
/** The steps every case walks in order (the full procedure); a policy leaves out those not required. */
export const CHAIN_STEPS = ['sign', 'work-plan', 'contact', 'draft-reply', 'co-sign', 'sign-off', 'review', 'reply', 'visit'] as const;
export type ChainStep = (typeof CHAIN_STEPS)[number];
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

/** Where a case stands: the last step completed. */
export enum CaseStage {
  Assigned = 'assigned',
  Signed = 'signed',
  Planned = 'planned',
  Contacted = 'contacted',
  Replied = 'replied',
  Visited = 'visited',
  /** 退回: the unit asked to return the case; the office decides (reject or reassign). */
  ReturnRequested = 'return-requested',
  /** 草拟答复 done: the draft waits for co-sign (if co-units) or the leader's sign-off. */
  Drafted = 'drafted',
  /** 会签 done by every co-unit. */
  CoSigned = 'co-signed',
  /** 审签: the unit head signed the draft. */
  SignedOff = 'signed-off',
  /** 督办审核 approved: the reply may be sent. */
  Reviewed = 'reviewed',
  /** The supervisor sent the draft back for revision. */
  Revision = 'revision',
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
  /** 退回: the lead unit asks, within the policy's window, to return a case that is not its own. */
  Return = 'return',
  /** 驳回/调整: the office rejects the return or reassigns the case to another unit. */
  DecideReturn = 'return-decision',
  DraftReply = 'draft-reply',
  /** 会签: one co-unit agrees to the draft (or records its edits). */
  CoSign = 'co-sign',
  /** 审签: the unit head signs the draft. */
  SignOff = 'sign-off',
  /** 督办审核: the supervisor approves (possibly changing the mark) or sends the draft back. */
  Review = 'review',
  /** 公开: publish the reply, or mark it not public with a reason. */
  Publish = 'publish',
  /** The follow-up report a B-class reply owes after closing. */
  FollowUp = 'follow-up',
  /** 并案: handled together with other cases; each submitter still gets a separate reply. */
  Merge = 'merge',
}

/** What a co-unit does, in its own child workflow (see co-unit.workflow.ts). */
export enum CoUnitAction {
  Sign = 'sign',
  Opinion = 'opinion',
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

/** A case as the office listed it (LaunchCase), placed in its cycle and given its policy. */
export interface CaseInput extends LaunchCase {
  caseId: string;
  cycleId: string;
  cycleTitle?: string;
  jurisdiction?: string;
  /** The session's close (闭会日期), for policies counting deadlines from it. */
  sessionClosedOn?: IsoDate;
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
/**
 * 答复. Under a policy with a draft-reply step the reviewed draft is sent and these fields are
 * refused; otherwise (the hotline) the reply carries them itself.
 */
export interface ReplyInput extends StepInput {
  text?: string;
  classification?: string;
  contactPerson?: string;
  contactPhone?: string;
  repliedOn?: IsoDate;
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

export interface ReturnInput extends StepInput {
  reason: string;
}

export interface ReturnDecisionInput extends StepInput {
  decision: 'reject' | 'reassign';
  /** The unit that takes the case over (reassign only). */
  newLeadUnit?: string;
  note?: string;
}

export interface ReturnRecord {
  unit: string;
  reason: string;
  requestedAt: string;
  decision?: 'reject' | 'reassign';
  newLeadUnit?: string;
  decidedAt?: string;
  decidedBy?: string;
  note?: string;
}

export interface DraftReplyInput extends StepInput {
  text: string;
  classification: string;
  contactPerson: string;
  contactPhone: string;
}

export interface CoSignInput extends StepInput {
  unit: string;
  /** The co-unit's edits to the draft, if it did not simply agree. */
  edits?: string;
}

export type SignOffInput = StepInput & { note?: string };

export interface ReviewInput extends StepInput {
  decision: 'approve' | 'send-back';
  /** The supervisor's mark, when it differs from the unit's. */
  classification?: string;
  note?: string;
}

export interface PublishInput extends StepInput {
  public: boolean;
  /** Required when not public (涉密/不宜公开). */
  reason?: string;
  /** Passages left out of the published text. */
  redacted?: boolean;
}

export interface FollowUpInput extends StepInput {
  report: string;
  reportedOn: IsoDate;
}

export interface MergeInput extends StepInput {
  /** The other cases handled together with this one. */
  cases: string[];
  reason: string;
}

/** A co-unit's opinion (协办意见), as its child workflow returns it. */
export interface CoUnitOpinion {
  unit: string;
  opinion: string;
  givenAt: string;
  givenBy: string;
  signedAt?: string;
}

export interface CoUnitInput {
  caseId: string;
  unit: string;
  kind: CaseKind;
  session: string;
  number: string;
  title: string;
  keySupervised: boolean;
  assignedOn: IsoDate;
  jurisdiction?: string;
  policy: HandlingPolicy;
}

export interface CoUnitOpinionInput extends StepInput {
  opinion: string;
}

export interface CoUnitState {
  caseId: string;
  unit: string;
  stage: 'assigned' | 'signed' | 'opinion-given' | 'cancelled';
  deadlines: CaseDeadline[];
  overdue: boolean;
  signedAt?: string;
  opinion?: CoUnitOpinion;
  history: HistoryEntry[];
}

export interface CoUnitView extends CoUnitState {
  allowedActions: CoUnitAction[];
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
  action:
    | CaseAction
    | 'assign'
    | 'deadline-passed'
    | 'no-response'
    | 'rehandle'
    | 'to-consultation'
    | 'co-opinion'
    | 'co-unit-sign'
    | 'close';
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
  reply?: ReplyInput & { repliedAt: string; round?: number; repliedTo?: string[] };
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
  /** 2 for cases run by the full procedure (every step the policy requires); absent before. */
  procedure?: 2;
  /** The session's close (闭会日期), when a policy counts deadlines from it. */
  sessionClosedOn?: IsoDate;
  returnWindow?: DueDate;
  returns?: ReturnRecord[];
  draft?: DraftReplyInput & { draftedAt: string; version: number };
  coOpinions?: CoUnitOpinion[];
  coSigns?: { unit: string; edits?: string; at: string; by: string; draftVersion: number }[];
  signOff?: { by: string; at: string; note?: string };
  reviews?: { decision: 'approve' | 'send-back'; by: string; at: string; classification?: string; classificationChangedFrom?: string; note?: string }[];
  publication?: { public: boolean; reason?: string; redacted: boolean; at: string; by: string };
  followUp?: FollowUpInput & { recordedAt: string };
  mergedWith?: string[];
  /** Everything the case still owes after closing (publication, follow-up) is done: the workflow ends. */
  finished?: boolean;
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
export const requestReturnUpdate = defineUpdate<CaseView, [ReturnInput]>('requestReturn');
export const decideReturnUpdate = defineUpdate<CaseView, [ReturnDecisionInput]>('decideReturn');
export const draftReplyUpdate = defineUpdate<CaseView, [DraftReplyInput]>('draftReply');
export const coSignUpdate = defineUpdate<CaseView, [CoSignInput]>('coSign');
export const signOffUpdate = defineUpdate<CaseView, [SignOffInput]>('signOff');
export const reviewUpdate = defineUpdate<CaseView, [ReviewInput]>('review');
export const publishUpdate = defineUpdate<CaseView, [PublishInput]>('publish');
export const followUpUpdate = defineUpdate<CaseView, [FollowUpInput]>('followUp');
export const mergeUpdate = defineUpdate<CaseView, [MergeInput]>('merge');

export const CO_UNIT_WORKFLOW_TYPE = 'coUnitWorkflow';
export const getCoUnitStateQuery = defineQuery<CoUnitView>('getCoUnitState');
export const coUnitSignUpdate = defineUpdate<CoUnitView, [StepInput]>('coUnitSign');
export const coUnitOpinionUpdate = defineUpdate<CoUnitView, [CoUnitOpinionInput]>('coUnitOpinion');
export const CO_UNIT_UPDATES = {
  [CoUnitAction.Sign]: coUnitSignUpdate,
  [CoUnitAction.Opinion]: coUnitOpinionUpdate,
} as const;

/** A co-unit's child workflow id. */
export function coUnitWorkflowId(caseId: string, unit: string): string {
  return `${caseId}/co/${unit}`;
}

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
  [CaseAction.Return]: requestReturnUpdate,
  [CaseAction.DecideReturn]: decideReturnUpdate,
  [CaseAction.DraftReply]: draftReplyUpdate,
  [CaseAction.CoSign]: coSignUpdate,
  [CaseAction.SignOff]: signOffUpdate,
  [CaseAction.Review]: reviewUpdate,
  [CaseAction.Publish]: publishUpdate,
  [CaseAction.FollowUp]: followUpUpdate,
  [CaseAction.Merge]: mergeUpdate,
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
