/**
 * The figures offices report (docs/procedure.md, "Statistics offices report"; README
 * "Statistics"), computed from case facts by pure functions. Every definition is here, once:
 *
 * - A **withdrawn** case (撤案) is counted among the cases and left out of every rate.
 * - **办复率** reply rate: cases replied / counted cases.
 * - **按期办结率** on-time rate: cases whose reply deadline was met (`met`: by its due date, which an
 *   approved extension moved) / cases whose reply is due — replied (`met`, `met-late`) or past its
 *   due date unreplied (`overdue`, or `open` with its due instant passed and the clock running).
 * - **见面率** meeting rate: cases with a face-to-face contact or a face-to-face visit / counted
 *   cases (per case, not per contact; a visit by phone is no meeting).
 * - **满意率** satisfaction: (满意 + 基本满意) / answered (满意 + 基本满意 + 不满意), over each
 *   submitter's answer in the case's last round; the first round is tallied on its own; no answer
 *   (`no-response`, or recorded by the system at the window's end even where the policy deems it
 *   satisfied) is shown apart and never counted as satisfied; answers the office entered from paper
 *   (代录, `proxyEntry`) and those the submitters gave are tallied apart too.
 * - **A/B/C**: the reply's mark after review, over cases replied.
 * - **承诺兑现率** commitments kept: replies of a class owing a follow-up (the policy's
 *   `followUp.classes`, B) are promises; due once reported or past the follow-up deadline;
 *   kept = reports saying `kept: true`; rate = kept / due.
 * - **Working days per step**, on the cycle's calendar, from China dates of the recorded instants:
 *   sign, work plan, contact, reply from assignment (T0); visit, survey (the first round settled),
 *   publication from the first reply; the follow-up report from the close.
 */
import type { CaseKind } from '../policy';
import { CASE_KINDS, DEFAULT_CLASSIFICATION } from '../policy';
import type { CaseFacts, CoUnitFacts, DeadlineFact, SurveyFact } from './case-facts';
import type { CoHandledFigures, Figures, Rate, StepDays, StepDayStep, SurveyTally } from './statistics.types';
import { STEP_DAY_STEPS } from './statistics.types';

/** Counts working days on the cycle's calendar. */
export interface DayCounter {
  /** Names the calendar, e.g. cn-official or cn-official+天津市东丽区. */
  readonly id: string;
  /** Working days in (from, to]; 0 when to is not after from. */
  workingDaysBetween(from: string, to: string): number;
}

/** What a kind's policy says that the figures need. */
export interface KindRules {
  levels: readonly { code: string; label: string }[];
  followUpClasses: readonly string[];
}

export interface StatisticsContext {
  now: Date;
  calendar: DayCounter;
  rules: Partial<Record<CaseKind, KindRules>>;
}

export const DEFAULT_KIND_RULES: KindRules = { levels: DEFAULT_CLASSIFICATION, followUpClasses: ['B'] };

export function rulesOf(ctx: Pick<StatisticsContext, 'rules'>, kind: CaseKind): KindRules {
  return ctx.rules[kind] ?? DEFAULT_KIND_RULES;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000 };
}

export const isWithdrawn = (c: Pick<CaseFacts, 'closedAs'>): boolean => c.closedAs === 'withdrawn';

/** A deadline past due now: marked overdue, or still open with its due instant passed and its clock running. */
export function isOverdueNow(d: DeadlineFact, now: Date): boolean {
  return d.status === 'overdue' || (d.status === 'open' && !d.suspended && d.dueAt !== undefined && Date.parse(d.dueAt) <= now.getTime());
}

/** How a case's reply stands against its deadline. */
export type ReplyTiming = 'met' | 'late' | 'overdue' | 'not-yet-due';

export function replyTiming(c: CaseFacts, now: Date): ReplyTiming {
  const d = c.deadlines.find((x) => x.id === 'reply');
  if (!d) return c.reply ? 'met' : 'not-yet-due'; // a case replied before any deadline was set is not late
  if (d.status === 'met') return 'met';
  if (d.status === 'met-late') return 'late';
  return isOverdueNow(d, now) ? 'overdue' : 'not-yet-due';
}

export function hasApprovedReplyExtension(c: CaseFacts): boolean {
  return c.extensions.some((e) => e.deadline === 'reply' && e.status === 'approved');
}

/** A face-to-face contact, or a face-to-face visit. */
export function metInPerson(c: CaseFacts): boolean {
  return c.contacts.includes('face-to-face') || c.visit === 'face-to-face';
}

/** Each submitter's answers in the case's last round that has any. */
export function finalAnswers(c: CaseFacts): SurveyFact[] {
  if (c.surveys.length === 0) return [];
  const last = Math.max(...c.surveys.map((s) => s.round));
  return c.surveys.filter((s) => s.round === last);
}

/** The system recorded it when the window ended: no answer, whatever the policy records it as. */
export const isNoAnswer = (s: SurveyFact): boolean => s.result === 'no-response' || s.system === true;

export function tally(answers: SurveyFact[]): SurveyTally {
  let satisfied = 0;
  let basicallySatisfied = 0;
  let dissatisfied = 0;
  let noResponse = 0;
  let deemedSatisfied = 0;
  for (const s of answers) {
    if (isNoAnswer(s)) {
      noResponse++;
      if (s.result === 'satisfied') deemedSatisfied++;
    } else if (s.result === 'satisfied') satisfied++;
    else if (s.result === 'basically-satisfied') basicallySatisfied++;
    else if (s.result === 'dissatisfied') dissatisfied++;
  }
  const answered = satisfied + basicallySatisfied + dissatisfied;
  return { satisfied, basicallySatisfied, dissatisfied, noResponse, deemedSatisfied, answered, rate: rate(satisfied + basicallySatisfied, answered) };
}

/** How a promise (a reply of a class owing a follow-up) stands. */
export type CommitmentState = 'none' | 'open' | 'kept' | 'not-kept' | 'unstated' | 'missed';

export function commitmentOf(c: CaseFacts, rules: KindRules, now: Date): CommitmentState {
  const cls = c.reply?.classification;
  if (cls === undefined || !rules.followUpClasses.includes(cls)) return 'none';
  if (c.followUp) return c.followUp.kept === true ? 'kept' : c.followUp.kept === false ? 'not-kept' : 'unstated';
  const d = c.deadlines.find((x) => x.id === 'follow-up');
  return d && isOverdueNow(d, now) ? 'missed' : 'open';
}

/** Working days a step took, or undefined when it was not done (or its start is unknown). */
export function stepDaysOf(c: CaseFacts, step: StepDayStep, calendar: DayCounter): number | undefined {
  const span = spanOf(c, step);
  return span ? calendar.workingDaysBetween(span[0], span[1]) : undefined;
}

/** The China days a step started and was done. */
function spanOf(c: CaseFacts, step: StepDayStep): [string, string] | undefined {
  const reply = c.firstOn.reply;
  const fromReply = (on?: string): [string, string] | undefined => (reply && on ? [reply, on] : undefined);
  switch (step) {
    case 'sign':
    case 'work-plan':
    case 'contact':
    case 'reply': {
      const on = c.firstOn[step];
      return on ? [c.assignedOn, on] : undefined;
    }
    case 'visit':
      return fromReply(c.firstOn.visit);
    case 'publish':
      return fromReply(c.firstOn.publish);
    case 'survey': {
      if (c.roundsSettled < 1) return undefined;
      const first = c.surveys.filter((s) => s.round === 1).map((s) => s.recordedOn).sort();
      return fromReply(first.at(-1));
    }
    case 'follow-up':
      return c.closedOn && c.firstOn['follow-up'] ? [c.closedOn, c.firstOn['follow-up']] : undefined;
  }
}

function stepDays(values: number[]): StepDays {
  if (values.length === 0) return { cases: 0, total: 0, average: null, max: null };
  const total = values.reduce((a, b) => a + b, 0);
  return { cases: values.length, total, average: Math.round((total / values.length) * 10) / 10, max: Math.max(...values) };
}

/** The figures of a set of lead cases. */
export function figuresOf(cases: readonly CaseFacts[], ctx: StatisticsContext): Figures {
  const { now, calendar } = ctx;
  const counted = cases.filter((c) => !isWithdrawn(c));
  const byKind = Object.fromEntries(CASE_KINDS.map((k) => [k, 0])) as Record<CaseKind, number>;
  for (const c of cases) byKind[c.kind]++;
  const key = cases.filter((c) => c.keySupervised).length;

  const timing = { met: 0, metWithExtension: 0, late: 0, overdue: 0, notYetDue: 0 };
  const done = { workPlan: 0, contact: 0, faceToFace: 0, reply: 0, visit: 0, survey: 0, publish: 0, followUp: 0 };
  const finals: SurveyFact[] = [];
  const firsts: SurveyFact[] = [];
  const classCounts = new Map<string, number>();
  const commitments = { promised: 0, due: 0, kept: 0, notKept: 0, unstated: 0, missed: 0 };
  const returns = { cases: 0, requested: 0, rejected: 0, reassigned: 0, pending: 0 };
  const extensions = { cases: 0, requested: 0, approved: 0, rejected: 0, pending: 0 };
  const rehandling = { cases: 0, rounds: 0 };
  const days = Object.fromEntries(STEP_DAY_STEPS.map((s) => [s, [] as number[]])) as Record<StepDayStep, number[]>;
  let met = 0;
  let closed = 0;

  for (const c of counted) {
    if (c.stage === 'closed') closed++;
    const t = replyTiming(c, now);
    if (t === 'met') {
      timing.met++;
      if (hasApprovedReplyExtension(c)) timing.metWithExtension++;
    } else if (t === 'late') timing.late++;
    else if (t === 'overdue') timing.overdue++;
    else timing.notYetDue++;

    if (c.workPlan) done.workPlan++;
    if (c.contacts.length > 0) done.contact++;
    if (metInPerson(c)) {
      done.faceToFace++;
      met++;
    }
    if (c.reply) done.reply++;
    if (c.visit) done.visit++;
    if (c.roundsSettled >= 1) done.survey++;
    if (c.published) done.publish++;
    if (c.followUp) done.followUp++;

    finals.push(...finalAnswers(c));
    firsts.push(...c.surveys.filter((s) => s.round === 1));

    if (c.reply?.classification !== undefined) classCounts.set(c.reply.classification, (classCounts.get(c.reply.classification) ?? 0) + 1);
    const promise = commitmentOf(c, rulesOf(ctx, c.kind), now);
    if (promise !== 'none') commitments.promised++;
    if (promise === 'kept') commitments.kept++;
    if (promise === 'not-kept') commitments.notKept++;
    if (promise === 'unstated') commitments.unstated++;
    if (promise === 'missed') commitments.missed++;

    if (c.returns.length > 0) returns.cases++;
    for (const decision of c.returns) {
      returns.requested++;
      if (decision === 'reject') returns.rejected++;
      else if (decision === 'reassign') returns.reassigned++;
      else returns.pending++;
    }
    if (c.extensions.some((e) => e.status === 'approved')) extensions.cases++;
    for (const e of c.extensions) {
      extensions.requested++;
      if (e.status === 'approved') extensions.approved++;
      else if (e.status === 'rejected') extensions.rejected++;
      else extensions.pending++;
    }
    if (c.round > 1) {
      rehandling.cases++;
      rehandling.rounds += c.round - 1;
    }
    for (const step of STEP_DAY_STEPS) {
      const n = stepDaysOf(c, step, calendar);
      if (n !== undefined) days[step].push(n);
    }
  }
  commitments.due = commitments.kept + commitments.notKept + commitments.unstated + commitments.missed;

  const overdueCases = counted.filter((c) => c.deadlines.some((d) => isOverdueNow(d, now)));
  return {
    cases: cases.length,
    byKind,
    keySupervised: key,
    ordinary: cases.length - key,
    withdrawn: cases.length - counted.length,
    counted: counted.length,
    closed,
    done,
    replyRate: rate(done.reply, counted.length),
    onTimeRate: rate(timing.met, timing.met + timing.late + timing.overdue),
    onTime: timing,
    meetingRate: rate(met, counted.length),
    satisfaction: {
      final: tally(finals),
      firstRound: tally(firsts),
      submitterGiven: tally(finals.filter((s) => !s.proxyEntry && !isNoAnswer(s))),
      proxyEntered: tally(finals.filter((s) => s.proxyEntry)),
    },
    classification: { replied: done.reply, levels: classificationLevels(counted, classCounts, ctx, done.reply) },
    commitments: { ...commitments, rate: rate(commitments.kept, commitments.due) },
    returns,
    extensions,
    rehandling,
    overdueNow: {
      cases: overdueCases.length,
      deadlines: overdueCases.reduce((n, c) => n + c.deadlines.filter((d) => isOverdueNow(d, now)).length, 0),
    },
    stepDays: Object.fromEntries(STEP_DAY_STEPS.map((s) => [s, stepDays(days[s])])) as Record<StepDayStep, StepDays>,
  };
}

/** Every level of the schemes of the kinds present (best first), then any other mark seen. */
function classificationLevels(cases: readonly CaseFacts[], counts: Map<string, number>, ctx: StatisticsContext, replied: number) {
  const levels = new Map<string, string>();
  const kinds = [...new Set(cases.map((c) => c.kind))];
  for (const kind of kinds.length > 0 ? kinds : (['npc-suggestion'] as CaseKind[])) {
    for (const l of rulesOf(ctx, kind).levels) if (!levels.has(l.code)) levels.set(l.code, l.label);
  }
  for (const code of counts.keys()) if (!levels.has(code)) levels.set(code, code);
  return [...levels].map(([code, label]) => ({ code, label, count: counts.get(code) ?? 0, share: rate(counts.get(code) ?? 0, replied) }));
}

/** A unit's co-handled cases: its own part (sign-for, opinion), counted apart. */
export function coHandledFiguresOf(parts: readonly CoUnitFacts[], now: Date): CoHandledFigures {
  const counted = parts.filter((p) => !p.withdrawn);
  let signed = 0;
  let signedOnTime = 0;
  let given = 0;
  let onTime = 0;
  let due = 0;
  let overdue = 0;
  for (const p of counted) {
    const sign = p.deadlines.find((d) => d.id === 'sign');
    const opinion = p.deadlines.find((d) => d.id === 'co-opinion');
    if (p.stage !== 'assigned' || (sign && (sign.status === 'met' || sign.status === 'met-late'))) signed++;
    if (sign?.status === 'met') signedOnTime++;
    if (p.stage === 'opinion-given') given++;
    if (opinion?.status === 'met') onTime++;
    if (opinion && (opinion.status === 'met' || opinion.status === 'met-late' || isOverdueNow(opinion, now))) due++;
    if (p.deadlines.some((d) => isOverdueNow(d, now))) overdue++;
  }
  return { cases: counted.length, signed, signedOnTime, opinionGiven: given, opinionOnTimeRate: rate(onTime, due), overdueNow: overdue };
}
