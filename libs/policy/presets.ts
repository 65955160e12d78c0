import { normalizePolicy, type PolicyDraft } from './normalize-policy';
import type {
  CaseKind,
  ClassificationLevel,
  DocumentsRule,
  HandlingPolicy,
  LadderRung,
  PolicyDeadline,
  StepId,
  StepRule,
} from './policy.types';

/** The default reply classification (docs/procedure.md, "Classification of replies"). */
export const DEFAULT_CLASSIFICATION: readonly ClassificationLevel[] = [
  { code: 'A', label: '已解决或采纳' },
  { code: 'B', label: '正在解决或列入计划' },
  { code: 'C', label: '因条件限制留作参考' },
];

/**
 * What a policy without a `documents` section gets: the reply letter carries its classification
 * mark (答复类别), as local rules commonly ask of replies to suggestions and proposals.
 */
export const DEFAULT_DOCUMENTS: Readonly<DocumentsRule> = { printClassification: true };

/** Older national NPC practice: four levels. */
export const FOUR_LEVEL_CLASSIFICATION: readonly ClassificationLevel[] = [
  { code: 'A', label: '已解决或基本解决' },
  { code: 'B', label: '正在解决或列入计划解决' },
  { code: 'C', label: '因目前条件限制留待以后解决' },
  { code: 'D', label: '留作参考' },
];

const workingDays = (amount: number, from: PolicyDeadline['from'] = 'assignment'): PolicyDeadline => ({
  amount,
  unit: 'working-days',
  from,
});
const calendarDays = (amount: number, from: PolicyDeadline['from']): PolicyDeadline => ({
  amount,
  unit: 'calendar-days',
  from,
  rollForward: true,
});
const calendarMonths = (amount: number, from: PolicyDeadline['from'] = 'assignment'): PolicyDeadline => ({
  amount,
  unit: 'calendar-months',
  from,
  rollForward: true,
});

const on = (deadline?: PolicyDeadline): StepRule => (deadline ? { required: true, deadline } : { required: true });
const off: StepRule = { required: false };

/** docs/procedure.md, "Reminders and escalation": reminder T−3 (key: T−5), overdue at T, escalation T+3, public notice T+10. */
function ladder(reminderAt: number, escalateAt: number, noticeAt: number, key: boolean): LadderRung[] {
  return [
    { id: 'reminder', kind: 'reminder', offsetWorkingDays: -reminderAt, recipients: ['unit-handler'] },
    {
      id: 'overdue',
      kind: 'overdue',
      offsetWorkingDays: 0,
      recipients: key ? ['unit-leader', 'supervisor', 'leading-leader'] : ['unit-leader', 'supervisor'],
    },
    { id: 'escalation', kind: 'escalation', offsetWorkingDays: escalateAt, recipients: ['supervising-office-head'] },
    { id: 'notice', kind: 'notice', offsetWorkingDays: noticeAt, recipients: ['office'] },
  ];
}

/** NPC suggestions and CPPCC proposals share one procedure; only id, kind and title differ. */
function sessionProposalDraft(kind: CaseKind, title: string): PolicyDraft {
  const reply = calendarMonths(3); // 代表法 art. 51
  const steps: Record<StepId, StepRule> = {
    sign: on(workingDays(3)),
    return: on(),
    'return-decision': on(),
    'work-plan': on(workingDays(15)),
    contact: on(workingDays(15)),
    'co-opinion': on(calendarMonths(1)),
    'draft-reply': on(),
    'co-sign': on(),
    'sign-off': on(),
    review: on(),
    reply: on(),
    visit: on(),
    survey: on(),
    rehandle: on(),
    'follow-up': on(),
    publish: on(workingDays(20, 'previous-step')),
  };
  return {
    schemaVersion: 1,
    id: kind,
    version: '2026.1',
    kind,
    title,
    deadlines: { reply, replyComplex: calendarMonths(6) },
    steps,
    classification: { levels: [...DEFAULT_CLASSIFICATION] },
    rehandling: { maxRounds: 2, deadline: calendarMonths(1, 'previous-step') },
    survey: { window: workingDays(15, 'previous-step'), noResponse: 'no-response', askAttitude: true },
    returns: {
      window: workingDays(5),
      decision: calendarDays(7, 'previous-step'),
      onReassign: 'keep-reply-deadline',
    },
    extension: { maxReplyExtensionMonths: 3 },
    followUp: { classes: ['B'], deadline: calendarMonths(6, 'previous-step') },
    quietHours: { start: '20:00', end: '08:00', workingDaysOnly: true },
    escalation: { ordinary: ladder(3, 3, 10, false), key: ladder(5, 3, 10, true) },
    scoring: { speed: 20, quality: 50, result: 30 },
    documents: { ...DEFAULT_DOCUMENTS },
  };
}

/** 8890 hotline (docs/procedure.md, "Other procedures on the same engine"): 接件/分包 → 答复 → 反馈, short working-day deadlines. */
function hotlineDraft(): PolicyDraft {
  const steps: Record<StepId, StepRule> = {
    sign: on(workingDays(1)),
    return: on(),
    'return-decision': on(),
    'work-plan': off,
    contact: off,
    'co-opinion': off,
    'draft-reply': off, // the reply carries its text: no draft, sign-off or review

    'co-sign': off,
    'sign-off': off,
    review: off,
    reply: on(),
    visit: off,
    survey: on(),
    rehandle: on(),
    'follow-up': off,
    publish: off,
  };
  return {
    schemaVersion: 1,
    id: 'hotline-ticket',
    version: '2026.1',
    kind: 'hotline-ticket',
    title: '8890便民服务热线工单',
    deadlines: { reply: workingDays(5), replyComplex: workingDays(10) },
    steps,
    classification: { levels: [...DEFAULT_CLASSIFICATION] },
    rehandling: { maxRounds: 1, deadline: workingDays(5, 'previous-step') },
    survey: { window: workingDays(3, 'previous-step'), noResponse: 'no-response', askAttitude: false },
    returns: {
      window: workingDays(1),
      decision: workingDays(1, 'previous-step'),
      onReassign: 'keep-reply-deadline',
    },
    extension: { maxReplyExtensionMonths: 1 },
    followUp: { classes: [], deadline: calendarMonths(1, 'previous-step') },
    quietHours: { start: '20:00', end: '08:00', workingDaysOnly: true },
    escalation: { ordinary: ladder(1, 2, 5, false), key: ladder(2, 1, 3, true) },
    scoring: { speed: 20, quality: 50, result: 30 },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Every preset, by id (frozen: copy with presetFor, edit with applyOverrides). */
export const POLICY_PRESETS: Readonly<Record<CaseKind, HandlingPolicy>> = deepFreeze({
  'npc-suggestion': normalizePolicy(sessionProposalDraft('npc-suggestion', '人大代表建议办理（默认）')),
  'cppcc-proposal': normalizePolicy(sessionProposalDraft('cppcc-proposal', '政协提案办理（默认）')),
  'hotline-ticket': normalizePolicy(hotlineDraft()),
});

/** The kinds a cycle can be launched with: every procedure with a preset. */
export const CASE_KINDS: CaseKind[] = ['npc-suggestion', 'cppcc-proposal', 'hotline-ticket'];

/** A mutable copy of the preset for `kind`. */
export function presetFor(kind: CaseKind): HandlingPolicy {
  return structuredClone(POLICY_PRESETS[kind]);
}
