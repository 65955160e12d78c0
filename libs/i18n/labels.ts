import { CASE_ACTIONS, CO_UNIT_ACTIONS, CO_UNIT_STEPS, isPolicyStep, POLICY_STEPS, STEPS } from '../contract/steps';
import type { CaseKind } from '../policy/policy.types';

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
  /** Every step's name, as the step table has it (libs/contract/steps.ts). */
  action: labelsOf(CASE_ACTIONS, (action) => STEPS[action].label),
  /** What a co-unit does in its own workflow. */
  coUnitAction: labelsOf(CO_UNIT_ACTIONS, (action) => CO_UNIT_STEPS[action].label),
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
  // ---- reply letter (libs/documents/letter.ts); {placeholders} are filled in ----
  letter: {
    /** 对承德市第十五届人民代表大会第五次会议第273号建议的答复 */
    title: '对{session}第{number}号{noun}的答复',
    salutation: '尊敬的{names}{role}：',
    /** A joint case of more than three submitters: 尊敬的张三等5位代表： */
    manyNames: '{lead}等{count}位',
    nameSeparator: '、',
    opening: '{you}提出的{subject}收悉，现答复如下：',
    you: '您',
    youPlural: '您们',
    /** The subject when the title does not read 关于……: 关于“{title}”的建议. */
    aboutTitle: '关于“{title}”的{noun}',
    /** A title 关于…… that does not end in the kind's noun: 关于……的建议. */
    titleWithNoun: '{title}的{noun}',
    /** How the submitters are addressed, by kind. */
    role: { 'npc-suggestion': '代表', 'cppcc-proposal': '委员', 'hotline-ticket': '' },
    mark: '答复类别：{code}',
    contactPerson: '联系人：{name}',
    contactPhone: '联系电话：{phone}',
    contactSeparator: '　　',
    date: '{year}年{month}月{day}日',
  },
  // ---- end reply letter ----
  // ---- self-service survey (apps/api/src/survey) ----
  surveyLink: {
    question: {
      result: '您对办理结果是否满意？',
      attitude: '您对办理态度是否满意？',
    },
    /** Refusals the submitter reads on the survey page, Chinese first. */
    problem: {
      invalid: '测评链接无效，请使用收到的完整链接 / the survey link is not valid',
      expired: '测评链接已过期：本轮测评期限已过 / the survey link has expired with the survey window',
      superseded: '本件已进入新一轮办理，此链接已失效，请使用新的测评链接 / this link is for an earlier round of the case',
      notSubmitter: '此链接对应的代表或委员已不在本件提出人之列 / the link’s submitter is no longer a submitter of the case',
      alreadyAnswered: '您已提交本轮测评，不能重复提交 / you have already answered this round’s survey',
      windowClosed: '本轮测评已结束，系统已记录为未反馈 / the survey window closed and no answer was recorded',
      notOpen: '暂不能测评：承办单位答复并走访后方可评价 / the survey is not open yet (after the reply and the visit)',
      closed: '本件已不再接受测评 / the case takes no more survey answers',
      attitudeRequired: '请评价办理态度 / the attitude must be rated too',
      attitudeNotAsked: '本件测评不含办理态度 / this survey does not ask about the attitude',
    },
  },
  // ---- end self-service survey ----
  /** A deadline's name, by the step that meets it (rehandle-N: rehandle). */
  deadline: labelsOf(POLICY_STEPS, (step) => {
    const row: { label: string; deadlineLabel?: string } = STEPS[step];
    return row.deadlineLabel ?? row.label;
  }),
  /** What an attention alert is about (it has no deadline). */
  attentionDeadline: '办理流程',
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
  // ---- alert delivery: emails and webhook payloads (libs/alerts/alert-message.ts) ----
  alertDelivery: {
    /** `${label}${separator}${value}`, one a line under the alert's text. */
    separator: '：',
    field: {
      case: '案件',
      unit: '承办单位',
      deadline: '办理事项',
      dueOn: '截止日期',
      kind: '提醒类别',
      recipients: '接收对象',
      alertId: '提醒编号',
    },
    emailFooter: '本邮件由建议提案办理系统自动发送，同一提醒只发送一次（以提醒编号为准），请勿直接回复。',
  },
  // ---- end alert delivery ----
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
  // ---- launch sheet: the assignment sheet's columns and its error report (libs/launch-sheet) ----
  launchSheet: {
    sheetName: '交办清单',
    instructionsSheetName: '填写说明',
    /** Column headers of the template, in template order. */
    column: {
      kind: '类别',
      session: '届次会次',
      number: '编号',
      title: '标题',
      leadSubmitter: '领衔代表/委员',
      coSigners: '联名代表/委员',
      leadUnit: '主办单位',
      coUnits: '协办单位',
      keySupervised: '重点督办',
      closedSession: '闭会件',
      complex: '复杂',
    },
    /** The same columns as the English half of a problem names them. */
    columnEnglish: {
      kind: 'kind',
      session: 'session',
      number: 'number',
      title: 'title',
      leadSubmitter: 'lead submitter',
      coSigners: 'co-signers',
      leadUnit: 'lead unit',
      coUnits: 'co-units',
      keySupervised: 'key supervised',
      closedSession: 'closed-session',
      complex: 'complex',
    },
    /** What to write in each column (the template's instructions sheet). */
    columnHint: {
      kind: '必填。建议、提案 或 工单（也可写 人大代表建议、政协委员提案、热线工单）',
      session: '必填。如 第十七届人大七次会议、政协九届六次会议',
      number: '必填。数字、字母或连字符，至多32位；同一类别内不得重复；全角数字自动转为半角',
      title: '必填。至多300字',
      leadSubmitter: '必填。领衔代表或委员姓名',
      coSigners: '选填。联名代表或委员，用顿号（、）或分号（；）分隔',
      leadUnit: '必填。主办单位全称',
      coUnits: '选填。协办单位，用顿号（、）或分号（；）分隔，不得包含主办单位',
      keySupervised: '选填。是 或 否（空白为否）',
      closedSession: '选填。是 或 否（空白为否）',
      complex: '选填。是 或 否（空白为否）；复杂件答复期限为6个月',
    },
    instructionsHeader: ['列', '填写要求'],
    instructionsNote: '每行一件。不要使用公式（含公式的单元格不予计算，整个文件将被退回）；请勿改动表头。',
    yes: '是',
    no: '否',
    /** One problem each, Chinese first; {placeholders} are filled in. */
    problem: {
      emptyFile: '文件为空 / the file is empty',
      noCases: '表中没有任何件（只有表头） / the sheet lists no cases',
      tooManyCases: '件数超过上限{max}件 / more than {max} cases',
      unsupportedType: '不支持的文件类型：请上传 .xlsx 或 UTF-8 编码的 .csv 文件 / unsupported file type: upload .xlsx or UTF-8 .csv',
      legacyXls: '不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx / legacy .xls files are not supported: save as .xlsx',
      brokenXlsx: '无法读取 Excel 文件（文件已损坏或不是 .xlsx） / cannot read the .xlsx file: {reason}',
      notUtf8: 'CSV 文件不是 UTF-8 编码（可能是 GBK）：请在 Excel 中另存为“CSV UTF-8” / the CSV file is not UTF-8 (GBK?): save as CSV UTF-8',
      brokenCsv: '无法解析 CSV 文件：{reason} / cannot parse the CSV file: {reason}',
      missingFile: '缺少上传文件（表单字段 file） / missing the uploaded file (form field file)',
      unexpectedFile: '只能上传一个文件，表单字段应为 file / upload one file, in the form field file',
      tooLarge: '文件过大（上限{max}） / the file is too large (limit {max})',
      tooLargeUnpacked: 'Excel 文件解压后过大（上限{max}） / the workbook unpacks to more than {max}',
      missingHeader: '找不到表头：第一行应为列名（类别、届次会次、编号……） / no header row: the first row must name the columns',
      missingColumn: '缺少“{column}”列 / missing column {english}',
      unknownColumn: '无法识别的列“{column}”（可用列见模板） / unknown column (see the template)',
      duplicateColumn: '“{column}”列重复 / the column appears twice',
      untitledColumn: '此列有内容但没有列名 / the column has cells but no header',
      required: '缺少{column} / missing {english}',
      formula: '单元格含公式，不予计算：请复制后“选择性粘贴—数值” / formula cells are refused, never evaluated: paste values instead',
      errorValue: '单元格为错误值 {value} / the cell holds an error value',
      dateCell: '单元格是日期，应为文字 / the cell is a date; expected text',
      unknownKind: '未知类别“{value}”：应为 建议、提案 或 工单 / unknown kind: use 建议 (npc-suggestion), 提案 (cppcc-proposal) or 工单 (hotline-ticket)',
      badNumber: '编号“{value}”无效：只能含数字、字母和连字符，至多32位 / invalid number: 1-32 digits, letters or hyphens',
      duplicateNumber: '编号重复：与第{row}行类别和编号相同 / duplicate number: row {row} has the same kind and number',
      tooLong: '{column}过长（至多{max}字） / {english} too long (at most {max} characters)',
      tooMany: '{column}过多（至多{max}个） / too many {english} (at most {max})',
      badFlag: '“{value}”无法识别：请填 是 或 否 / not a yes/no value: use 是 or 否',
      coUnitIsLead: '协办单位不能包含主办单位 / co-units must not include the lead unit',
      duplicateCoUnit: '协办单位“{value}”重复 / co-unit listed twice',
      extraCells: '本行在表头之外还有内容 / the row has cells beyond the header',
    },
  },
  // ---- end launch sheet ----
  // ---- banli CLI (apps/cli) ----
  cli: {
    launching: '交办中',
    launchStarted: '已受理交办 {cycleId}，共{total}件（进度：{location}）',
    launchCompleted: '交办完成：{cycleId} 共{total}件已启动',
    launchFailed: '交办失败：已启动{started}/{total}件。原因：{error}（可再次交办，已启动的件不会重复）',
    launchRefused: '文件有误，未启动任何件：',
    row: '第{row}行',
    fileField: '文件',
    titleRequired: '缺少 --title（批次标题）：新交办的批次须有标题；向已交办的批次追加件请用 --add',
    fileUnreadable: '无法读取文件 {file}：{reason}',
    requestFailed: '请求失败（{status} {error}）：{message}',
    unreachable: '无法连接 banli 服务 {url}：{reason}',
    noOverdue: '没有逾期的件',
    overdueCount: '逾期件共{count}件：',
    overdueHeader: ['件号', '主办单位', '阶段', '答复截止', '标题'],
    exported: '已导出{count}件',
    badFormat: '不支持的格式 {format}：请用 csv 或 json',
    keyCreated: '密钥已创建（只显示这一次，请妥善保存）：',
    keyFields: { id: '编号', name: '名称', role: '角色', unit: '单位', prefix: '前缀' },
    reindexStarted: '已开始重建统计库（{reindexId}）',
    reindexProgress: '重建中：已写入{cases}件、协办{coUnits}条',
    reindexCompleted: '统计库重建完成：共写入{cases}件、协办{coUnits}条',
    reindexFailed: '统计库重建失败：已写入{cases}件、协办{coUnits}条（可再次重建）',
    exportHeader: ['件号', '批次', '类别', '编号', '标题', '主办单位', '协办单位', '阶段', '逾期', '重点督办', '答复截止'],
    yes: '是',
    no: '否',
  },
  // ---- end banli CLI ----
} as const;

export type LabelTable = typeof LABELS;

/** A deadline's name from its id: `rehandle-2` is a re-handling reply, `attention` an attention alert. */
export function deadlineLabel(deadlineId: string): string {
  if (deadlineId === 'attention') return LABELS.attentionDeadline;
  const step = deadlineId.startsWith('rehandle-') ? 'rehandle' : deadlineId.split(':')[0];
  return isPolicyStep(step) ? LABELS.deadline[step] : deadlineId;
}

/** e.g. 第十七届人大七次会议第11号建议. */
export function caseNumberLabel(c: { session: string; number: string; kind: CaseKind }): string {
  return `${c.session}第${c.number}号${LABELS.kindShort[c.kind]}`;
}

function labelsOf<K extends string>(keys: readonly K[], label: (key: K) => string): Readonly<Record<K, string>> {
  return Object.fromEntries(keys.map((key) => [key, label(key)])) as Record<K, string>;
}
