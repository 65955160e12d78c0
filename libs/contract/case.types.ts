/**
 * The types that cross into Temporal and out to callers: a case's input, its state and view, its
 * deadlines, alerts and history, and a co-unit's. Plain JSON; no behaviour.
 */
import type { ScheduledAlert } from '../alerts/alert.types';
import type { DueDate, IsoDate } from '../calendar';
import type { CaseKind, HandlingPolicy } from '../policy/policy.types';
import type { RefusalDetails } from './errors';
import type { CaseAction, CoUnitAction, CoUnitInputOf, StepInputOf } from './steps';

/** One case of a cycle as an office lists it (the JSON launch's `cases[i]`, or one sheet row). */
export interface LaunchCase {
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
}

/** A case as the office listed it, placed in its cycle and given its policy: the workflow's input. */
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

// ---- step inputs, by their domain names (each derived from the step table) --------------

export type StepInput = { actor?: string };
export type SignForInput = StepInputOf<'sign'>;
export type WorkPlanInput = StepInputOf<'work-plan'>;
export type ContactInput = StepInputOf<'contact'>;
export type ReturnInput = StepInputOf<'return'>;
export type ReturnDecisionInput = StepInputOf<'return-decision'>;
export type DraftReplyInput = StepInputOf<'draft-reply'>;
export type CoSignInput = StepInputOf<'co-sign'>;
export type SignOffInput = StepInputOf<'sign-off'>;
export type ReviewInput = StepInputOf<'review'>;
export type ReplyInput = StepInputOf<'reply'>;
export type VisitInput = StepInputOf<'visit'>;
export type SurveyInput = StepInputOf<'survey'>;
export type FollowUpInput = StepInputOf<'follow-up'>;
export type PublishInput = StepInputOf<'publish'>;
export type ConsultInput = StepInputOf<'consult'>;
export type ExtensionRequestInput = StepInputOf<'extension-request'>;
export type ExtensionDecisionInput = StepInputOf<'extension-decision'>;
export type StopClockInput = StepInputOf<'stop-clock'>;
export type RestartClockInput = StepInputOf<'restart-clock'>;
export type WithdrawInput = StepInputOf<'withdraw'>;
export type MergeInput = StepInputOf<'merge'>;
export type CoUnitOpinionInput = CoUnitInputOf<'opinion'>;

// ---- deadlines and alerts --------------------------------------------------------------

/** The deadlines a case tracks; each is met by the step of the same name (rehandle-N by a reply). */
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

/** A deadline of a case (steps: case actions) or of a co-unit (steps: co-unit actions). */
export interface Deadline<S extends string = string, I extends string = string> {
  id: I;
  /** The step that meets it. */
  step: S;
  due: DueDate;
  status: DeadlineStatus;
  metAt?: string;
  overdueSince?: string;
  /** The ladder's alerts, when the case runs one. */
  alerts?: CaseAlert[];
  /** 1 until the deadline moves (an extension, a clock stop or restart). */
  revision?: number;
  /** The office stopped the clock: no alert, no overdue, until it restarts. */
  suspended?: boolean;
  /**
   * Which breach each rung's alert belongs to (alert ids carry it: …/r{n}/{rung}). A rung is sent
   * once per continuous breach; a move that puts it back in the future opens the next one.
   */
  breaches?: Record<string, number>;
}
export type CaseDeadline = Deadline<CaseAction, DeadlineId>;
export type CoUnitDeadline = Deadline<CoUnitAction, 'sign' | 'co-opinion'>;

// ---- history and records -----------------------------------------------------------------

export type HistoryAction =
  | CaseAction
  | 'assign'
  | 'deadline-passed'
  | 'no-response'
  | 'rehandle'
  | 'to-consultation'
  | 'co-opinion'
  | 'co-unit-sign'
  | 'close'
  | 'needs-attention'
  | 'cancel';

export interface HistoryEntry {
  seq: number;
  action: HistoryAction;
  actor: string;
  at: string;
  details: Record<string, unknown>;
}

export interface ClockStop {
  since: string;
  reason: string;
  by: string;
  until?: string;
  /** Calendar days every suspended deadline moved when the clock restarted. */
  days?: number;
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

export interface SurveyRecord {
  submitter: string;
  /** 'no-response' when the window ended without an answer (never silently satisfied). */
  result: SurveyInput['result'] | 'no-response';
  attitude?: SurveyInput['result'];
  /** 1 for the first handling, 2 for the first re-handling, … */
  round?: number;
  proxyEntry: boolean;
  recordedAt: string;
  recordedBy: string;
}

/** A co-unit's opinion (协办意见), as its child workflow returns it. */
export interface CoUnitOpinion {
  unit: string;
  opinion: string;
  givenAt: string;
  givenBy: string;
  signedAt?: string;
}

/**
 * Something the case cannot get past by itself: a co-unit's workflow failed or was terminated,
 * or an activity failed for good. The office is alerted; `restart-co-unit` or `retry` resolves it.
 */
export interface AttentionItem {
  id: string;
  kind: 'co-unit-failed' | 'activity-failed';
  /** The co-unit, for a co-unit's failure. */
  unit?: string;
  /** The task that failed (an activity's failure), and the deadline it was for. */
  task?: AttentionTask['task'];
  deadline?: string;
  /** What failed, in English, e.g. `due-date of sign`, `co-unit 区司法局`. */
  what: string;
  error: string;
  since: string;
  resolvedAt?: string;
  resolvedBy?: string;
  resolution?: 'restarted' | 'retried' | 'case-ended';
}

/** A task a case runs through an activity, for the deadline it is about. */
export interface AttentionTask {
  task: 'due-date' | 'plan-alerts' | 'emit-alert' | 'arm-alert' | 'disarm-alert' | 'project';
  deadline: string;
}

/** What the emitAttentionAlert activity is asked to tell the office. */
export interface AttentionAlertRequest {
  caseId: string;
  kind: CaseKind;
  session: string;
  number: string;
  title: string;
  unit: string;
  attentionId: string;
  cause: { coUnit: string } | AttentionTask;
  error: string;
  quietHours?: { start: string; end: string; workingDaysOnly: boolean };
  jurisdiction?: string;
}

export type ClosedAs = 'satisfied' | 'dissatisfied' | 'no-response' | 'withdrawn';

export interface CaseState extends Omit<CaseInput, 'policy'> {
  policy: { id: string; version: string };
  stage: CaseStage;
  overdue: boolean;
  deadlines: CaseDeadline[];
  workPlan?: Omit<WorkPlanInput, 'actor'> & { submittedAt: string };
  contacts: (Omit<ContactInput, 'actor'> & { recordedAt: string })[];
  reply?: Omit<ReplyInput, 'actor'> & { repliedAt: string; round?: number; repliedTo?: string[] };
  visit?: Omit<VisitInput, 'actor'> & { recordedAt: string };
  surveys: SurveyRecord[];
  history: HistoryEntry[];
  closedAt?: string;
  /** With re-handling: the current round, the rounds whose surveys are settled, each round's window. */
  round?: number;
  roundsSettled?: number;
  surveyWindows?: { round: number; due: DueDate }[];
  consultation?: Omit<ConsultInput, 'actor'> & { recordedAt: string };
  extensions?: ExtensionRecord[];
  withdrawal?: { reason: string; by: string; at: string };
  clockStops?: ClockStop[];
  closedAs?: ClosedAs;
  /** 2 for cases run by the full procedure (every step the policy requires); absent before. */
  procedure?: 2;
  /** The version of the case workflow the case started under (docs/architecture.md, "Versions"). */
  version?: number;
  /** How many changes the case has seen (v10): the read model keeps the latest it was given. */
  revision?: number;
  returnWindow?: DueDate;
  returns?: ReturnRecord[];
  draft?: Omit<DraftReplyInput, 'actor'> & { draftedAt: string; version: number };
  coOpinions?: CoUnitOpinion[];
  coSigns?: { unit: string; edits?: string; at: string; by: string; draftVersion: number }[];
  signOff?: { by: string; at: string; note?: string };
  reviews?: { decision: 'approve' | 'send-back'; by: string; at: string; classification?: string; classificationChangedFrom?: string; note?: string }[];
  publication?: { public: boolean; reason?: string; redacted: boolean; at: string; by: string };
  followUp?: Omit<FollowUpInput, 'actor'> & { recordedAt: string };
  mergedWith?: string[];
  attention?: AttentionItem[];
  /** Everything the case still owes after closing (publication, follow-up) is done: the workflow ends. */
  finished?: boolean;
}

/** What the state query returns: the state, what may be done next, and whether it needs attention. */
export interface CaseView extends CaseState {
  allowedActions: CaseAction[];
  /**
   * While `co-sign` is allowed: the co-units that may co-sign the current draft now (their opinion
   * is in and they have not signed it). Computed when the case is read; never stored.
   */
  coSigners?: string[];
  needsAttention: boolean;
}

/** What a step's update returns: small, so that a case's history does not grow with its square. */
export interface StepResult {
  caseId: string;
  action: CaseAction;
  stage: CaseStage;
  /** The history entry the step wrote last (read the case for the whole of it). */
  seq: number;
}

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

// ---- co-units ------------------------------------------------------------------------------

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
  /** The case workflow's version that started it (9 on): cancellation, clock signals, one alert per breach. */
  version?: number;
}

export type CoUnitStage = 'assigned' | 'signed' | 'opinion-given' | 'cancelled';

export interface CoUnitState {
  caseId: string;
  unit: string;
  /** How many changes the part has seen (v10), as for the case. */
  revision?: number;
  stage: CoUnitStage;
  deadlines: CoUnitDeadline[];
  overdue: boolean;
  signedAt?: string;
  opinion?: CoUnitOpinion;
  cancelled?: { reason: string; by: string; at: string };
  history: HistoryEntry[];
}

export interface CoUnitView extends CoUnitState {
  allowedActions: CoUnitAction[];
}

export interface CoUnitStepResult {
  caseId: string;
  unit: string;
  action: CoUnitAction;
  stage: CoUnitStage;
  seq: number;
}

/** The case's clock as the co-units follow it (the case stopped or restarted it). */
export type CoUnitClock = { stop: { reason: string; by: string } } | { restart: { days: number } };

export type { RefusalDetails };
