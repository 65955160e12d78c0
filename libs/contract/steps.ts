/**
 * The procedure's steps, one row each (docs/architecture.md, "The step table"). Everything that
 * must know of a step is derived from its row: the case action and its input type, the Temporal
 * update, the HTTP route and its DTO, who may perform it, its Chinese label, and whether a
 * policy configures it (required, deadline). The step's rules live in one module,
 * workflows/case/steps/<step>.ts. Adding a step is one row here and one module there.
 */
import { date, flag, InputOf, list, oneOf, text } from './fields';

export const CONTACT_METHODS = ['face-to-face', 'phone', 'online', 'letter'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const SURVEY_ANSWERS = ['satisfied', 'basically-satisfied', 'dissatisfied'] as const;
export type SurveyAnswer = (typeof SURVEY_ANSWERS)[number];

/**
 * Who performs a step (apps/api/src/auth/permissions.ts turns it into roles; the office may do
 * every step, entering what others handed in on paper):
 * `lead` the lead unit; `lead-leader` the lead unit's leader; `co-unit` a co-unit, as itself;
 * `supervisor` the supervising department; `submitter` the deputy or member (through the
 * deputies' platform); `office` the assigning office alone.
 */
export type Party = 'lead' | 'lead-leader' | 'co-unit' | 'supervisor' | 'submitter' | 'office';

const classification = text(1, {
  pattern: { source: '^[A-Z]$', message: 'must be one capital letter, e.g. A, B or C' },
  description: "A code of the cycle's classification scheme (A/B/C by default).",
  example: 'A',
});
const phone = text(30, { pattern: { source: '^[0-9+\\-() ]{3,30}$', message: 'must be a phone number' }, example: '022-12345678' });
const note = text(2000, { optional: true });

/** Deadlines a unit may ask to extend (re-handling ones are rehandle-N). */
export const EXTENDABLE_DEADLINES = ['sign', 'work-plan', 'contact', 'draft-reply', 'co-sign', 'sign-off', 'review', 'reply', 'visit', 'publish', 'follow-up'] as const;

/**
 * One row per step, in the order a case meets them. `policy`: a policy configures the step
 * (`steps.<id>.required` and, when `timed`, its deadline, counted from `previous` when the policy
 * says 'previous-step'). `action`: a caller performs it on the case — the Temporal update's name
 * (kept for cases in flight), the party, the OpenAPI summary and the fields it takes.
 */
export const STEPS = {
  sign: {
    label: '签收',
    policy: { timed: true, previous: 'assign' },
    action: { update: 'signFor', party: 'lead', summary: '签收 Sign for the case', fields: {} },
  },
  return: {
    label: '退回申请',
    policy: { timed: true, previous: 'assign' },
    action: {
      update: 'requestReturn', party: 'lead',
      summary: '退回 The lead unit asks, within the policy’s window (5 working days by default), to return a case that is not its own',
      fields: { reason: text(2000, { example: '该事项属区住建委职责，建议调整承办单位' }) },
    },
  },
  'return-decision': {
    label: '退回审批',
    policy: { timed: true, previous: 'return' },
    action: {
      update: 'decideReturn', party: 'office',
      summary: '驳回/调整 The office rejects the return, or reassigns the case to another unit (sign-for counts again from the decision)',
      fields: {
        decision: oneOf(['reject', 'reassign'], { description: '驳回 (the unit handles it) or 调整 (another unit takes it over)' }),
        newLeadUnit: text(100, { optional: true, description: 'Required to reassign.', example: '区住建委' }),
        note,
      },
    },
  },
  'work-plan': {
    label: '工作方案',
    policy: { timed: true, previous: 'sign' },
    action: {
      update: 'submitWorkPlan', party: 'lead', summary: '工作方案 Submit the work plan',
      fields: {
        summary: text(5000, { example: '分管领导牵头，社区建设科具体落实，走访调研后形成答复' }),
        responsible: text(100, { example: '社区建设科 李四' }),
        plannedCompletionOn: date({ example: '2020-06-30' }),
      },
    },
  },
  contact: {
    label: '办前沟通',
    policy: { timed: true, previous: 'sign' },
    action: {
      update: 'recordContact', party: 'lead', summary: '办前沟通 Record contact with the submitter',
      fields: {
        method: oneOf(CONTACT_METHODS, { description: 'face-to-face counts toward the meeting rate' }),
        contactedOn: date({ example: '2020-05-12' }),
        note: text(2000, { optional: true, allowEmpty: true, example: '到代表所在社区当面沟通' }),
      },
    },
  },
  'co-opinion': {
    label: '协办意见',
    /** Given by each co-unit in its own workflow (CO_UNIT_STEPS.opinion), not on the case. */
    policy: { timed: true, previous: 'sign' },
  },
  'draft-reply': {
    label: '草拟答复',
    policy: { timed: false, previous: 'contact' },
    action: {
      update: 'draftReply', party: 'lead', summary: '草拟答复 Draft the reply: text, classification, contact person and phone',
      fields: {
        text: text(50000, { example: '您提出的关于……的建议收悉，现答复如下：……' }),
        classification,
        contactPerson: text(100, { example: '王五' }),
        contactPhone: phone,
      },
    },
  },
  'co-sign': {
    label: '会签',
    policy: { timed: false, previous: 'draft-reply' },
    action: {
      update: 'coSign', party: 'co-unit', summary: '会签 One co-unit agrees to the draft (or records its edits); sign-off waits for all',
      fields: {
        unit: text(100, { description: 'The co-unit that co-signs.', example: '区司法局' }),
        edits: text(20000, { optional: true, description: 'The co-unit’s edits, if it did not simply agree.' }),
      },
    },
  },
  'sign-off': {
    label: '审签',
    policy: { timed: false, previous: 'co-sign' },
    action: {
      update: 'signOff', party: 'lead-leader', summary: '审签 The unit head signs the draft (refused until every co-unit opinion has arrived)',
      fields: { note: text(2000, { optional: true, example: '同意，加盖公章' }) },
    },
  },
  review: {
    label: '督办审核',
    policy: { timed: false, previous: 'sign-off' },
    action: {
      update: 'review', party: 'supervisor',
      summary: '督办审核 The supervisor approves (possibly changing the mark) or sends the draft back with a note',
      fields: {
        decision: oneOf(['approve', 'send-back']),
        classification: { ...classification, optional: true, description: 'The supervisor’s mark when approving, if it differs from the unit’s.' },
        note: text(5000, { optional: true, description: 'Required when sending back: what to revise.' }),
      },
    },
  },
  reply: {
    label: '答复',
    policy: { timed: true, previous: 'review' },
    action: {
      update: 'submitReply', party: 'lead',
      summary: '答复 Send the reviewed reply to every submitter (with the reply itself when the policy has no draft step)',
      fields: {
        repliedOn: date({ optional: true, example: '2020-06-15', description: 'The date on the letter; the day of the request by default.' }),
        text: text(50000, { optional: true, description: 'Only when the policy has no draft-reply step.', example: '您反映的问题已处理……' }),
        classification: { ...classification, optional: true },
        contactPerson: text(100, { optional: true, example: '王五' }),
        contactPhone: { ...phone, optional: true },
      },
    },
  },
  visit: {
    label: '走访',
    policy: { timed: false, previous: 'reply' },
    action: {
      update: 'recordVisit', party: 'lead', summary: '走访 Record the visit',
      fields: {
        visitedOn: date({ example: '2020-06-20' }),
        method: oneOf(CONTACT_METHODS),
        participants: list(100, 100, { example: ['局长 赵六', '第11号建议领衔代表'] }),
        note: text(2000, { optional: true, allowEmpty: true }),
      },
    },
  },
  survey: {
    label: '满意度测评',
    policy: { timed: true, previous: 'reply' },
    action: {
      update: 'recordSurvey', party: 'submitter', summary: '满意度测评 Record a submitter’s survey answer',
      fields: {
        submitter: text(100, { optional: true, description: 'Which submitter answered; may be omitted when the case has only one.' }),
        result: oneOf(SURVEY_ANSWERS, { description: '办理结果 satisfaction with the result' }),
        attitude: oneOf(SURVEY_ANSWERS, { optional: true, description: '办理态度 satisfaction with the attitude' }),
        proxyEntry: flag({ optional: true, description: 'Entered by the office from a paper form.' }),
      },
    },
  },
  rehandle: {
    label: '重新办理',
    deadlineLabel: '重新办理答复',
    /** Opened by a dissatisfied survey: a new reply under its own deadline (rehandle-N). */
    policy: { timed: true, previous: 'survey' },
  },
  'follow-up': {
    label: '跟踪落实报告',
    policy: { timed: true, previous: 'close' },
    action: {
      update: 'followUp', party: 'lead', summary: '跟踪落实 The follow-up report a B-class reply owes after closing',
      fields: {
        report: text(20000, { example: '项目已于年底建成投用' }),
        reportedOn: date({ example: '2021-03-01' }),
        kept: flag({
          optional: true,
          description: '承诺兑现: true when the promise of the B-class reply was kept, false when it was not; counts toward the commitment rate (承诺兑现率). Left out: the report does not say (counted as not kept).',
        }),
      },
    },
  },
  publish: {
    label: '公开',
    policy: { timed: true, previous: 'reply' },
    action: {
      update: 'publish', party: 'lead', summary: '公开 Publish the reply (never its contact details), or mark it not public with a reason',
      fields: {
        public: flag({ description: 'false: not public (涉密/不宜公开), with a reason.' }),
        reason: text(2000, { optional: true, example: '涉及个人隐私，不宜公开' }),
        redacted: flag({ optional: true, description: 'Passages were left out of the published text.' }),
      },
    },
  },
  consult: {
    label: '面商/专题说明',
    action: {
      update: 'recordConsultation', party: 'office',
      summary: '面商/专题说明 Record the office’s consultation after the last re-handling round; closes the case dissatisfied',
      fields: { summary: text(5000, { example: '分管副区长与代表面商，专题说明政策限制' }), consultedOn: date({ example: '2020-09-15' }) },
    },
  },
  'extension-request': {
    label: '延期申请',
    action: {
      update: 'requestExtension', party: 'lead',
      summary: '延期申请 Ask to move an open deadline (the reply’s by default) to a later date, with a reason',
      fields: {
        deadline: text(20, {
          optional: true,
          pattern: { source: `^(${EXTENDABLE_DEADLINES.join('|')}|rehandle-\\d{1,2})$`, message: `must be one of ${EXTENDABLE_DEADLINES.join(', ')} or rehandle-N` },
          description: 'Which open deadline (re-handling ones are rehandle-N); reply by default.',
        }),
        newDueOn: date({ example: '2020-08-31' }),
        reason: text(2000, { example: '需待市级部门出台配套政策后方能答复' }),
      },
    },
  },
  'extension-decision': {
    label: '延期审批',
    action: {
      update: 'decideExtension', party: 'office',
      summary: '延期审批 The office approves (the deadline moves, its alerts are planned anew) or rejects the pending request',
      fields: {
        approve: flag({ description: 'true approves the request and moves the deadline; false rejects it.' }),
        note: text(2000, { optional: true, allowEmpty: true, example: '同意延期' }),
      },
    },
  },
  'stop-clock': {
    label: '中止',
    action: {
      update: 'stopClock', party: 'office',
      summary: '中止 The office stops the clock of every open deadline, with a reason; no alert and no overdue until restarted',
      fields: { reason: text(2000, { example: '待市级主管部门答复后方能办理' }) },
    },
  },
  'restart-clock': {
    label: '恢复办理',
    action: {
      update: 'restartClock', party: 'office',
      summary: '恢复 The office restarts the clock; every suspended deadline moves by the calendar days it stood still',
      fields: { note: text(2000, { optional: true, example: '已收到市级部门答复' }) },
    },
  },
  withdraw: {
    label: '撤案',
    action: {
      update: 'withdraw', party: 'office',
      summary: '撤案 The office withdraws the case with a reason; it closes as withdrawn and its alerts stop',
      fields: { reason: text(2000, { example: '代表本人申请撤回，经交办单位同意' }) },
    },
  },
  merge: {
    label: '并案',
    action: {
      update: 'merge', party: 'office',
      summary: '并案 The office links cases handled together; every case is linked to the others, and each submitter still gets a separate reply',
      fields: {
        cases: list(50, 200, { example: ['dongli-mca-2020.npc-suggestion.12'] }),
        reason: text(2000, { example: '内容相近，并案办理' }),
      },
    },
  },
  'restart-co-unit': {
    label: '重启协办',
    action: {
      update: 'restartCoUnit', party: 'office',
      summary: '重启协办 The office restarts a co-unit’s part that failed or was terminated (the case needs attention until then)',
      fields: { unit: text(100, { example: '区司法局' }), note },
    },
  },
  retry: {
    label: '重试',
    action: {
      update: 'retry', party: 'office',
      summary: '重试 The office retries what failed for good (a due date or an alert that could not be computed), after correcting its cause',
      fields: { note },
    },
  },
} as const;

type Table = typeof STEPS;
/** Every step of the procedure, as a policy or the table names it. */
export type ProcedureStep = keyof Table;
/** The steps a caller performs on a case; each is also the last segment of its route. */
export type CaseAction = { [K in ProcedureStep]: Table[K] extends { action: object } ? K : never }[ProcedureStep];
/** The steps a policy configures (`steps.<id>`). */
export type StepId = { [K in ProcedureStep]: Table[K] extends { policy: object } ? K : never }[ProcedureStep];
/** What a step takes, derived from its fields. */
export type StepInputOf<A extends CaseAction> = InputOf<Table[A]['action']['fields']>;

const ACTIONS = new Set(Object.entries(STEPS).filter(([, row]) => 'action' in row).map(([step]) => step));
const CONFIGURED = new Set(Object.entries(STEPS).filter(([, row]) => 'policy' in row).map(([step]) => step));

export function isCaseAction(step: string): step is CaseAction {
  return ACTIONS.has(step);
}
export function isPolicyStep(step: string): step is StepId {
  return CONFIGURED.has(step);
}

/** Every case action, in the table's order. */
export const CASE_ACTIONS: readonly CaseAction[] = Object.keys(STEPS).filter(isCaseAction);
/** Every step a policy configures, in the order a case meets them. */
export const POLICY_STEPS: readonly StepId[] = Object.keys(STEPS).filter(isPolicyStep);

/** What a co-unit does in its own workflow (workflows/case/co-unit.workflow.ts). */
export const CO_UNIT_STEPS = {
  sign: { label: '协办签收', update: 'coUnitSign', summary: '协办签收 The co-unit signs for the case', fields: {} },
  opinion: {
    label: '协办意见',
    update: 'coUnitOpinion',
    summary: '协办意见 The co-unit sends its opinion to the lead unit',
    fields: { opinion: text(20000, { example: '我局同意主办单位意见，将配合做好法律援助工作' }) },
  },
} as const;
export type CoUnitAction = keyof typeof CO_UNIT_STEPS;
export type CoUnitInputOf<A extends CoUnitAction> = InputOf<(typeof CO_UNIT_STEPS)[A]['fields']>;
export function isCoUnitAction(step: string): step is CoUnitAction {
  return Object.keys(CO_UNIT_STEPS).includes(step);
}
export const CO_UNIT_ACTIONS: readonly CoUnitAction[] = Object.keys(CO_UNIT_STEPS).filter(isCoUnitAction);
