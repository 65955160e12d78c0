/**
 * Every text an office worker, supervisor or deputy reads, in Chinese first. Code, API fields
 * and logs stay in English; anything shown to people is looked up here.
 */
export const LABELS = {
  kind: {
    'npc-suggestion': '人大代表建议',
    'cppcc-proposal': '政协委员提案',
    'hotline-ticket': '便民服务热线工单',
  },
  /** As in 第11号建议. */
  kindShort: {
    'npc-suggestion': '建议',
    'cppcc-proposal': '提案',
    'hotline-ticket': '工单',
  },
  stage: {
    assigned: '已交办',
    signed: '已签收',
    planned: '已制定工作方案',
    contacted: '已办前沟通',
    replied: '已答复',
    visited: '已走访',
    'return-requested': '退回待审',
    drafted: '已草拟答复',
    'co-signed': '已会签',
    'signed-off': '已审签',
    reviewed: '已审核',
    revision: '退回修改',
    rehandling: '重新办理中',
    consultation: '待面商',
    closed: '已办结',
  },
  action: {
    sign: '签收',
    'work-plan': '工作方案',
    contact: '办前沟通',
    reply: '答复',
    visit: '走访',
    survey: '满意度测评',
    consult: '面商/专题说明',
    'extension-request': '延期申请',
    'extension-decision': '延期审批',
    'stop-clock': '中止',
    'restart-clock': '恢复办理',
    withdraw: '撤案',
    return: '退回申请',
    'return-decision': '退回审批',
    'draft-reply': '草拟答复',
    'co-sign': '会签',
    'sign-off': '审签',
    review: '督办审核',
    publish: '公开',
    'follow-up': '跟踪落实报告',
    merge: '并案',
  },
  /** What a co-unit does in its own workflow. */
  coUnitAction: {
    sign: '协办签收',
    opinion: '协办意见',
  },
  returnDecision: {
    reject: '驳回',
    reassign: '调整承办单位',
  },
  reviewDecision: {
    approve: '审核通过',
    'send-back': '退回修改',
  },
  classification: {
    A: '已解决或采纳',
    B: '正在解决或列入计划',
    C: '因条件限制留作参考',
  },
  surveyAnswer: {
    satisfied: '满意',
    'basically-satisfied': '基本满意',
    dissatisfied: '不满意',
    'no-response': '未反馈',
  },
  closedAs: {
    satisfied: '满意办结',
    dissatisfied: '不满意办结',
    'no-response': '未反馈办结',
    withdrawn: '已撤案',
  },
  contactMethod: {
    'face-to-face': '当面',
    phone: '电话',
    online: '网络',
    letter: '书面',
  },
  deadline: {
    sign: '签收',
    'work-plan': '工作方案',
    contact: '办前沟通',
    reply: '答复',
    rehandle: '重新办理答复',
    'draft-reply': '草拟答复',
    'co-sign': '会签',
    'sign-off': '审签',
    review: '督办审核',
    visit: '走访',
    'return-decision': '退回审批',
    publish: '公开',
    'follow-up': '跟踪落实报告',
    'co-opinion': '协办意见',
  },
  alertStatus: {
    scheduled: '待发送',
    sent: '已发送',
    cancelled: '已取消（按期完成）',
    skipped: '未发送（启动前已过）',
  },
  deadlineStatus: {
    open: '办理中',
    met: '按期完成',
    overdue: '已逾期',
    'met-late': '逾期完成',
  },
  // ---- calendars: why a date is or is not a working day (libs/calendar/corrected-calendar.ts) ----
  calendarDay: {
    'working-day': '工作日',
    weekend: '周末',
    'official-holiday': '法定节假日',
    'make-up-working-day': '调休上班日',
    'office-correction': '本地调整',
  },
  /** The name a corrected day gets in due-date explanations when the office gave no note. */
  calendarCorrection: {
    working: '本地调整为工作日',
    off: '本地调整为休息日',
  },
  // ---- end calendars ----
  // ---- API keys (apps/api/src/auth) ----
  /** Who an API key acts for. */
  role: {
    office: '交办方（政府办公室/督查室）',
    'unit-handler': '承办单位经办人',
    'unit-leader': '承办单位负责人',
    supervisor: '督办部门',
    integrator: '对接系统（代表履职平台/OA）',
    public: '公众',
  },
  keyStatus: {
    active: '有效',
    expired: '已过期',
    revoked: '已吊销',
  },
  // ---- end API keys ----
} as const;

export type LabelTable = typeof LABELS;
