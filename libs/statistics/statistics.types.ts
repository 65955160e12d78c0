/** What the statistics answer (README "Statistics" defines every figure). Plain JSON. */
import type { CaseKind } from '../policy';

/** A rate and what it rests on: `rate` = numerator / denominator (0–1, 4 decimals), null when nothing to count. */
export interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}

/** Survey answers, one per submitter and round. */
export interface SurveyTally {
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** No answer when the window ended (never counted as satisfied). */
  noResponse: number;
  /** Of `noResponse`, those the policy deems satisfied (survey.noResponse: satisfied) — still not counted as satisfied here. */
  deemedSatisfied: number;
  /** satisfied + basicallySatisfied + dissatisfied. */
  answered: number;
  /** 满意率: (satisfied + basicallySatisfied) / answered. */
  rate: Rate;
}

export interface StepDays {
  /** Cases in which the step was done (and its start is known). */
  cases: number;
  /** Working days from the step's start to its completion, summed, averaged (1 decimal), the longest. */
  total: number;
  average: number | null;
  max: number | null;
}

/** The steps whose working days are counted, and where each is counted from. */
export const STEP_DAY_STEPS = ['sign', 'work-plan', 'contact', 'reply', 'visit', 'survey', 'publish', 'follow-up'] as const;
export type StepDayStep = (typeof STEP_DAY_STEPS)[number];

export interface ClassificationCount {
  code: string;
  label: string;
  count: number;
  /** Over the cases replied. */
  share: Rate;
}

/** The figures of a set of lead cases. */
export interface Figures {
  /** Every case of the set, withdrawn ones included. */
  cases: number;
  byKind: Record<CaseKind, number>;
  keySupervised: number;
  ordinary: number;
  /** 撤案: left out of every rate below. */
  withdrawn: number;
  /** The cases the rates count: cases less withdrawn. */
  counted: number;
  closed: number;
  /** Counted cases in which each step was done. */
  done: { workPlan: number; contact: number; faceToFace: number; reply: number; visit: number; survey: number; publish: number; followUp: number };
  /** 办复率: cases replied / counted cases. */
  replyRate: Rate;
  /** 按期办结率: replies by the reply deadline (an approved extension's date counting) / cases whose reply is due (replied, or past its due date). */
  onTimeRate: Rate;
  onTime: {
    /** Replied by the deadline. */
    met: number;
    /** Of `met`, replied by a date an approved extension set. */
    metWithExtension: number;
    /** Replied after the deadline. */
    late: number;
    /** Not replied, and past the deadline. */
    overdue: number;
    /** Not replied and not yet due (or the clock stopped). */
    notYetDue: number;
  };
  /** 见面率: cases with a face-to-face contact or a face-to-face visit / counted cases. */
  meetingRate: Rate;
  satisfaction: {
    /** Each submitter's answer in the case's last round: what 满意率 reports. */
    final: SurveyTally;
    /** Answers of the first round only. */
    firstRound: SurveyTally;
    /** Of `final`, answers the submitter gave (through the platform or in person). */
    submitterGiven: SurveyTally;
    /** Of `final`, answers the office entered from paper (代录). */
    proxyEntered: SurveyTally;
  };
  /** A/B/C of the replies (the mark after review). */
  classification: { replied: number; levels: ClassificationCount[] };
  /** 承诺兑现: every reply of a class owing a follow-up (B) is a promise. */
  commitments: {
    promised: number;
    /** Reported, or past the follow-up deadline unreported. */
    due: number;
    kept: number;
    notKept: number;
    /** Reported without saying whether the promise was kept (counted as not kept). */
    unstated: number;
    /** Past the follow-up deadline, unreported (missed). */
    missed: number;
    /** 承诺兑现率: kept / due. */
    rate: Rate;
  };
  returns: { cases: number; requested: number; rejected: number; reassigned: number; pending: number };
  extensions: { cases: number; requested: number; approved: number; rejected: number; pending: number };
  rehandling: { cases: number; rounds: number };
  /** Cases with a deadline overdue now. */
  overdueNow: { cases: number; deadlines: number };
  stepDays: Record<StepDayStep, StepDays>;
}

/** Co-handled cases of a unit (its part as a co-unit), counted apart from its lead cases. */
export interface CoHandledFigures {
  cases: number;
  signed: number;
  signedOnTime: number;
  opinionGiven: number;
  /** 协办意见按期率: opinions by the deadline / opinions due (given, or past the deadline). */
  opinionOnTimeRate: Rate;
  overdueNow: number;
}

/** One overdue deadline now. */
export interface OverdueDeadline {
  caseId: string;
  caseLabel: string;
  title: string;
  kind: CaseKind;
  keySupervised: boolean;
  /** The unit that owes the step (the lead unit, or the co-unit for a co-unit's deadline). */
  unit: string;
  role: 'lead' | 'co-unit';
  deadline: string;
  deadlineLabel: string;
  dueOn: string;
  /** Working days after the due day up to today (the first day past due is 1). */
  workingDaysOverdue: number;
  /** The highest rung of the ladder sent so far (reminder < overdue < escalation < notice), or null. */
  rung: string | null;
  rungLabel: string | null;
  /** Everyone the sent alerts told, in ladder order. */
  told: string[];
  toldLabels: string[];
}

export interface StatisticsFilter {
  cycleId: string;
  kind?: CaseKind;
  keySupervised?: boolean;
  /** The lead unit (its co-handled cases are reported apart). */
  unit?: string;
}

export interface CycleStatistics {
  cycleId: string;
  /** The day "now" is (China), and the calendar working days are counted on. */
  asOf: string;
  calendar: string;
  filter: Omit<StatisticsFilter, 'cycleId'>;
  figures: Figures;
  /** The same figures per kind present, and per key/ordinary. */
  byKind: Partial<Record<CaseKind, Figures>>;
  byKeySupervised: { key: Figures; ordinary: Figures };
  /** With a unit: its co-handled cases. */
  coHandled?: CoHandledFigures;
  overdue: OverdueDeadline[];
}
