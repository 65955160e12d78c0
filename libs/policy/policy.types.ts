import type { DeadlineRule } from '../calendar';
import type { LadderRung, QuietHours, RungKind } from '../alerts/alert.types';

/** The procedures banli knows; each has a preset policy (see PRESET_IDS) and can be launched. */
export type CaseKind = 'npc-suggestion' | 'cppcc-proposal' | 'hotline-ticket';

/** Where a deadline's clock starts (T0). 'previous-step': when the step in PREVIOUS_STEP completes. */
export type DeadlineStart = 'assignment' | 'session-close' | 'previous-step';

export interface PolicyDeadline extends DeadlineRule {
  from: DeadlineStart;
}

/** The steps of the procedure (docs/procedure.md, "The steps, in order"), in the order a case meets them. */
export type StepId =
  | 'sign' // 签收
  | 'return' // 退回 (the window in which a unit may ask to return the case)
  | 'return-decision' // 驳回/调整: the office decides a return
  | 'work-plan' // 工作方案
  | 'contact' // 办前沟通
  | 'co-opinion' // 协办意见
  | 'draft-reply' // 草拟答复
  | 'co-sign' // 会签
  | 'sign-off' // 审签
  | 'review' // 督办审核
  | 'reply' // 答复
  | 'visit' // 走访
  | 'survey' // 满意度测评
  | 'rehandle' // 重新办理
  | 'follow-up' // B-class follow-up report after closing
  | 'publish'; // 公开

/**
 * `required: false` leaves the step out of the procedure (no update accepted, no timer, no
 * reminders). Steps every case passes through (sign, work-plan, contact, …, reply, visit, survey,
 * publish) must be completed before the case moves on; co-opinion and co-sign apply only when the
 * case has co-units; return, return-decision, rehandle and follow-up happen only when triggered
 * (a return request, a 不满意 answer, a B-class close), and `required` says whether they are offered.
 */
export interface StepRule {
  required: boolean;
  deadline?: PolicyDeadline;
}

export type ClassificationLevel = { code: string; label: string };

/** The ladder's shapes are the alert library's own: a policy carries them, libs/alerts runs them. */
export type { LadderRung, QuietHours, Recipient } from '../alerts/alert.types';
export type { RungKind };

/**
 * The rules a case is handled under. Every number a workflow waits on comes from here; a cycle
 * is launched under one version of a policy and its cases keep that version.
 *
 * Some values are stated twice so that older readers keep working; normalizePolicy keeps each
 * pair equal (the first named wins): deadlines.reply ↔ steps.reply.deadline,
 * returns.window ↔ steps.return.deadline, returns.decision ↔ steps.return-decision.deadline,
 * survey.window ↔ steps.survey.deadline, rehandling.deadline ↔ steps.rehandle.deadline,
 * followUp.deadline ↔ steps.follow-up.deadline, classification.levels codes → classificationScheme.
 */
export interface HandlingPolicy {
  /** The layout of this document; 1 is the only one. */
  schemaVersion: 1;
  id: string;
  version: string;
  kind: CaseKind;
  /** Shown to people, e.g. 人大代表建议办理（默认）. */
  title: string;
  deadlines: {
    /** 答复: reply to the submitters. */
    reply: PolicyDeadline;
    /** 答复 for complex cases (6 months by law instead of 3). */
    replyComplex: PolicyDeadline;
  };
  steps: Record<StepId, StepRule>;
  classification: { levels: ClassificationLevel[] };
  /** Codes of the reply classification, best first (A/B/C by default); = classification.levels codes. */
  classificationScheme: string[];
  rehandling: {
    /** Rounds after which a still dissatisfied case goes to the office and closes dissatisfied. */
    maxRounds: number;
    deadline: PolicyDeadline;
  };
  survey: {
    window: PolicyDeadline;
    /** What no answer by the end of the window is recorded as. */
    noResponse: 'no-response' | 'satisfied';
    /** Ask about the handling attitude (办理态度) as well as the result. */
    askAttitude: boolean;
  };
  returns: {
    window: PolicyDeadline;
    decision: PolicyDeadline;
    onReassign: 'keep-reply-deadline' | 'restart-reply-deadline';
  };
  extension: { maxReplyExtensionMonths: number };
  followUp: {
    /** Classification codes whose close opens a follow-up report deadline. */
    classes: string[];
    deadline: PolicyDeadline;
  };
  /**
   * 'HH:MM' China time. Alerts due from start to end (crossing midnight if end <= start), or with
   * workingDaysOnly on a non-working day, wait for `end` on the next working day. start === end: no
   * quiet window. Structurally the QuietHours of libs/alerts.
   */
  quietHours: QuietHours;
  escalation: { ordinary: LadderRung[]; key: LadderRung[] };
  /** Weights of the unit performance score, adding up to 100. */
  scoring: { speed: number; quality: number; result: number };
  /**
   * 考核办法: how the unit performance score is computed (libs/statistics/assessment.ts). Left out
   * (documents and cycles from before it existed), the per-case scheme of `scoring`'s weights
   * applies: see assessmentOf().
   */
  assessment?: AssessmentScheme;
  /**
   * The documents banli makes from a case (libs/documents). Optional: a policy written before the
   * section existed has none, and DEFAULT_DOCUMENTS applies.
   */
  documents?: DocumentsRule;
}

export interface DocumentsRule {
  /** Print the reply's classification mark (答复类别：A) at the top of the reply letter. */
  printClassification: boolean;
}

/**
 * What a part of a lead case's score measures; each earns a share (0–1) of its points
 * (docs/procedure.md, "Statistics offices report", and README "Statistics"):
 * `base` 基础分 (every assessed case earns it: the start of a deduction sheet), `speed` 办理速度
 * (replied by the reply deadline, an approved extension's date counting; late or unreplied: 0),
 * `quality` 答复质量 (a reply: 1, less 0.5 if the supervisor ever sent the draft back, less 0.5 if
 * the review changed its mark), `result` 办理结果 (the final survey round: all answers 满意 1,
 * some 基本满意 0.8, none given 0.5, closed dissatisfied 0), `solved` 办成 (the reply's class:
 * the best class 1, a class owing a follow-up 0.5 — 1 once the report says the promise was kept —,
 * any other 0), `meeting` 见面 (a face-to-face contact or visit: 1).
 */
export type LeadMeasure = 'base' | 'speed' | 'quality' | 'result' | 'solved' | 'meeting';
/**
 * What a co-handled case's score measures (scored apart from lead cases): `base`,
 * `co-sign-on-time` 协办签收及时 and `co-opinion-on-time` 协办意见及时 (met by the deadline: 1,
 * late: 0.5, overdue: 0).
 */
export type CoHandledMeasure = 'base' | 'co-sign-on-time' | 'co-opinion-on-time';
/**
 * What a deduction counts on a lead case: `late-reply` (the reply deadline met late or overdue),
 * `late-step` (each other step deadline met late or overdue), `no-work-plan` (none submitted),
 * `no-meeting` (no face-to-face contact or visit), `sent-back` (each time the review sent the
 * draft back), `dissatisfied-answer` (each 不满意 answer, every round), `rehandled` (each
 * re-handling round), `commitment-missed` (a follow-up report saying the promise was not kept, or
 * not sent by its deadline).
 */
export type LeadFault = 'late-reply' | 'late-step' | 'no-work-plan' | 'no-meeting' | 'sent-back' | 'dissatisfied-answer' | 'rehandled' | 'commitment-missed';
/** What a deduction counts on a co-handled case: `late-co-step` (each co-unit deadline met late or overdue). */
export type CoHandledFault = 'late-co-step';

export interface AssessmentPart<M extends string> {
  measure: M;
  /** Points the part is worth; a scheme's parts add up to 100. */
  points: number;
  /** The office's own name for it (LABELS.statistics.measure otherwise). */
  label?: string;
}
export interface AssessmentDeduction<F extends string> {
  fault: F;
  /** Points taken off a case for each time it happens (e.g. 0.2 per dissatisfied answer). */
  points: number;
  label?: string;
}
export interface AssessmentRules<M extends string, F extends string> {
  parts: AssessmentPart<M>[];
  deductions: AssessmentDeduction<F>[];
}

/**
 * 考核办法 as policy data, versioned with the policy that carries it. A case's score is the sum of
 * its parts' earned points less its deductions, never below 0; a unit's score is the mean over
 * its assessed cases. Per-case schemes weigh parts (Hainan 2002: speed 20 / quality 50 /
 * result 30); deduction sheets give `base` 100 and list the faults.
 */
export interface AssessmentScheme {
  /** Shown to people, e.g. 每件100分：办理速度20、答复质量50、办理结果30. */
  title: string;
  /** How lead cases are scored. */
  lead: AssessmentRules<LeadMeasure, LeadFault>;
  /** How co-handled cases are scored (apart from lead cases). */
  coHandled: AssessmentRules<CoHandledMeasure, CoHandledFault>;
  /** A unit with fewer assessed lead cases than this is shown but not ranked. */
  minimumCasesToRank: number;
}

/** Every field optional at every depth; arrays are replaced whole, never merged. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
