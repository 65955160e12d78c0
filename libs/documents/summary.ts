/**
 * The handling summary (办理情况总结, docs/procedure.md "Documents"): the annual report a unit —
 * or the office for a whole cycle — writes when the cases are done, in the shape of the Dongli
 * 2020 summary: 一、基本情况 (how many cases, of which kinds, which were key-supervised), 二、办理情况
 * (the steps done, the meeting and satisfaction rates, then each case step by step), 三、完成情况
 * (on time, satisfaction split, A/B/C, promises kept). Every figure comes from the statistics
 * (libs/statistics) and every sentence from LABELS.summary; the text is made once here and
 * rendered as .docx and as Markdown (summary-render.ts).
 */
import { caseNumberLabel, LABELS } from '../i18n/labels';
import type { CaseKind } from '../policy';
import { CASE_KINDS } from '../policy';
import type { CaseFacts, Figures, Rate } from '../statistics';
import { finalAnswers, hasApprovedReplyExtension, isWithdrawn } from '../statistics';

const S = LABELS.summary;

export type SummaryBlockStyle = 'title' | 'heading' | 'subheading' | 'paragraph';

export interface SummaryBlock {
  style: SummaryBlockStyle;
  text: string;
}

export interface SummaryContent {
  title: string;
  /** The blocks after the title, in order. */
  blocks: SummaryBlock[];
  fileName: string;
}

export interface SummaryInput {
  /** The cycle's title, e.g. 东丽区2020年人大代表建议和政协提案办理. */
  cycleTitle: string;
  /** The unit whose summary this is; left out, the whole cycle's (the office's). */
  unit?: string;
  /** The lead cases summarized (the unit's, or the cycle's), in the order they are listed. */
  cases: readonly CaseFacts[];
  /** Their figures (figuresOf the same cases). */
  figures: Figures;
}

/** Fills `{name}` placeholders. */
export function say(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

/** A rate as offices write it: 100%, 66.67%; — when there is nothing to count. */
export function percent(rate: Rate): string {
  return rate.rate === null ? S.noRate : `${Math.round(rate.rate * 10_000) / 100}%`;
}

const sentence = (parts: string[]): string => `${parts.filter((p) => p !== '').join(S.comma)}${S.period}`;

/** The summary's text. */
export function summaryContent(input: SummaryInput): SummaryContent {
  const cycleTitle = input.cycleTitle.replace(/办理$/, '');
  const title = say(S.title, { title: input.unit !== undefined && !cycleTitle.includes(input.unit) ? `${input.unit}${cycleTitle}` : cycleTitle });
  const blocks: SummaryBlock[] = [
    { style: 'heading', text: S.section.basics },
    ...basics(input).map(paragraph),
    { style: 'heading', text: S.section.handling },
    ...handling(input),
    { style: 'heading', text: S.section.completion },
    paragraph(completion(input)),
  ];
  return { title, blocks, fileName: `${title}.docx` };
}

const paragraph = (text: string): SummaryBlock => ({ style: 'paragraph', text });

function yearOf(cases: readonly CaseFacts[]): string {
  const first = [...cases.map((c) => c.assignedOn)].sort()[0];
  return first?.slice(0, 4) ?? '';
}

function kindsOf(cases: readonly CaseFacts[]): CaseKind[] {
  return CASE_KINDS.filter((k) => cases.some((c) => c.kind === k));
}

/** 一、基本情况: the count, by kind, the key-supervised ones, and every case by name. */
function basics({ unit, cases, figures: f }: SummaryInput): string[] {
  if (cases.length === 0) return [`${say(S.noCases, { who: unit ?? '' })}${S.period}`];
  const year = yearOf(cases);
  const total = unit !== undefined ? say(S.totalByUnit, { year, unit, total: f.cases }) : say(S.totalByCycle, { year, total: f.cases });
  const kinds = kindsOf(cases);
  const byKind = kinds.map((k) => say(S.kindCount, { kind: S.kindName[k], count: f.byKind[k] })).join(S.listSeparator);
  const first = sentence([
    `${total}${S.kindsIntro}${byKind}`,
    ...(f.keySupervised > 0 ? [say(S.keyCount, { count: f.keySupervised })] : []),
    ...(f.withdrawn > 0 ? [say(S.withdrawnCount, { count: f.withdrawn })] : []),
  ]);
  const lists = kinds.map((k) => {
    const items = cases.filter((c) => c.kind === k).map((c) => `${say(S.caseItem, { number: c.number, title: c.title })}${c.keySupervised ? S.keyMark : ''}`);
    return say(S.kindList, { kind: S.kindName[k], count: items.length, items: items.join(S.listSeparator) });
  });
  return [first, `${lists.join(S.semicolon)}${S.period}`];
}

/** 二、办理情况: the steps done and the rates, then each case. */
function handling({ cases, figures: f }: SummaryInput): SummaryBlock[] {
  if (cases.length === 0) return [];
  const counted = f.counted;
  const steps = (['workPlan', 'reply', 'visit'] as const);
  const allDone = counted > 0 && steps.every((s) => f.done[s] === counted);
  const stepsText = allDone
    ? say(S.allSteps, { steps: steps.map((s) => S.stepName[s]).join(S.listSeparator) })
    : say(S.someSteps, { steps: steps.map((s) => say(S.stepCount, { step: S.stepName[s], count: f.done[s] })).join(S.listSeparator) });
  const meeting = percent(f.meetingRate);
  const satisfaction = percent(f.satisfaction.final.rate);
  const rates = f.satisfaction.final.answered === 0
    ? say(S.noSurveyYet, { meeting })
    : meeting === satisfaction ? say(S.ratesEqual, { rate: meeting }) : say(S.rates, { meeting, satisfaction });
  return [
    paragraph(`${sentence([stepsText, rates])}${S.detailsIntro}`),
    ...cases.flatMap((c, i) => [
      { style: 'subheading' as const, text: say(S.caseHeading, { index: chineseNumber(i + 1), label: caseNumberLabel(c) }) },
      paragraph(caseSteps(c)),
    ]),
  ];
}

/** 一 … 九十九: the numbers of （一）-style headings. */
export function chineseNumber(n: number): string {
  const digits = S.caseHeadingNumber; // 一 … 十
  if (n <= 10) return digits[n - 1];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : digits[tens - 1]}${digits[9]}${ones === 0 ? '' : digits[ones - 1]}`;
}

/** One case, step by step, from what its history says. */
function caseSteps(c: CaseFacts): string {
  const parts: string[] = [`《${c.title}》`];
  if (isWithdrawn(c)) return sentence([...parts, S.withdrawn]);
  const on = c.firstOn;
  if (on.sign) parts.push(say(S.signed, { date: on.sign }));
  else parts.push(S.notSigned);
  if (on['work-plan']) parts.push(say(S.workPlan, { date: on['work-plan'] }));
  if (on.contact) {
    const methods = [...new Set(c.contacts)].map((m) => S.methodWord[m as keyof typeof S.methodWord] ?? m).join(S.listSeparator);
    parts.push(say(S.contact, { date: on.contact, submitter: S.submitter[c.kind], method: methods }));
  }
  const replyDeadline = c.deadlines.find((d) => d.id === 'reply');
  if (hasApprovedReplyExtension(c) && replyDeadline) parts.push(say(S.extended, { dueOn: replyDeadline.dueOn }));
  if (c.reply && on.reply) {
    const code = c.reply.classification;
    parts.push(code !== undefined
      ? say(S.replied, { date: on.reply, code, label: LABELS.classification[code as keyof typeof LABELS.classification] ?? code })
      : say(S.repliedPlain, { date: on.reply }));
  } else if (replyDeadline) parts.push(say(S.notReplied, { dueOn: replyDeadline.dueOn }));
  if (on.visit) parts.push(say(S.visited, { date: on.visit }));
  if (c.round > 1) parts.push(say(S.rehandled, { rounds: c.round - 1 }));
  const answers = finalAnswers(c);
  if (answers.length > 0) {
    const results = [...new Set(answers.map((a) => LABELS.surveyAnswer[a.system ? 'no-response' : a.result]))];
    parts.push(say(S.surveyed, { result: results.join(S.listSeparator) }));
  }
  if (on['follow-up'] && c.followUp) {
    const kept = c.followUp.kept === null ? 'unknown' : String(c.followUp.kept) as 'true' | 'false';
    parts.push(say(S.followUp, { date: on['follow-up'], kept: S.keptWord[kept] }));
  }
  return sentence(parts);
}

/** 三、完成情况: on time, satisfaction split, classes, promises. */
function completion({ unit, figures: f }: SummaryInput): string {
  const who = unit !== undefined ? say(S.whoUnit, { unit }) : S.whoCycle;
  const t = f.onTime;
  const rate = percent(f.onTimeRate);
  const due = t.met + t.late + t.overdue;
  const onTime = due > 0 && t.met === due
    ? t.metWithExtension > 0 ? say(S.allOnTimeExtended, { count: t.metWithExtension, rate }) : say(S.allOnTime, { rate })
    : say(S.onTimeSplit, { met: t.met, late: t.late, overdue: t.overdue, rate });
  const s = f.satisfaction;
  const parts = [
    `${say(S.completion, { who, counted: f.counted })}${S.comma}${onTime}`,
    ...(t.notYetDue > 0 ? [say(S.notYetDue, { count: t.notYetDue })] : []),
  ];
  const meeting = percent(f.meetingRate);
  const satisfaction = percent(s.final.rate);
  parts.push(s.final.answered === 0 ? say(S.noSurveyYet, { meeting }) : say(S.rates, { meeting, satisfaction }));
  const rest: string[] = [];
  if (s.final.answered > 0) {
    rest.push(say(S.satisfactionSplit, { satisfied: s.final.satisfied, basically: s.final.basicallySatisfied, dissatisfied: s.final.dissatisfied }));
    if (s.proxyEntered.answered > 0) rest.push(say(S.proxy, { count: s.proxyEntered.answered }));
    if (s.firstRound.answered > 0 && s.firstRound.rate.rate !== s.final.rate.rate) rest.push(say(S.firstRound, { rate: percent(s.firstRound.rate) }));
  }
  if (s.final.noResponse > 0) rest.push(say(S.noResponse, { count: s.final.noResponse }));
  const levels = f.classification.levels.filter((l) => l.count > 0);
  if (levels.length > 0) {
    rest.push(say(S.classification, { items: levels.map((l) => say(S.classItem, { code: l.code, count: l.count, share: percent(l.share) })).join(S.listSeparator) }));
  }
  const c = f.commitments;
  if (c.promised > 0) rest.push(say(S.commitments, { promised: c.promised, due: c.due, kept: c.kept, rate: percent(c.rate) }));
  const first = sentence(parts);
  return rest.length > 0 ? `${first}${rest.join(S.semicolon)}${S.period}${S.closing}` : `${first}${S.closing}`;
}
