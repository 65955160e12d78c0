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
  // ---- statistics, exports and the handling summary (libs/statistics, libs/documents) ----
  statistics: {
    /** What a part of a case's score measures (libs/policy, `assessment`). */
    measure: {
      base: '基础分',
      speed: '办理速度',
      quality: '答复质量',
      result: '办理结果',
      solved: '办成情况',
      meeting: '见面沟通',
      'co-sign-on-time': '协办签收及时',
      'co-opinion-on-time': '协办意见及时',
    },
    /** What a deduction counts. */
    fault: {
      'late-reply': '逾期答复',
      'late-step': '办理环节逾期',
      'no-work-plan': '未报送工作方案',
      'no-meeting': '未见面沟通',
      'sent-back': '答复被退回修改',
      'dissatisfied-answer': '测评不满意',
      rehandled: '重新办理',
      'commitment-missed': '承诺未兑现',
      'late-co-step': '协办环节逾期',
    },
    /** Why a part earned what it did. */
    reason: {
      assessed: '已评定',
      'on-time': '按期答复',
      late: '逾期答复',
      'not-replied': '未答复',
      clean: '审核一次通过',
      'sent-back': '曾被退回修改',
      're-marked': '审核时调整了答复类别',
      'sent-back-and-re-marked': '曾被退回修改且审核时调整了答复类别',
      'all-satisfied': '满意',
      'basically-satisfied': '基本满意',
      'no-answer': '未反馈',
      dissatisfied: '不满意',
      'not-settled': '尚未办结',
      'best-class': '已解决或采纳',
      'promise-kept': '承诺已兑现',
      'promise-open': '承诺待兑现',
      'other-class': '未解决',
      'met-in-person': '已见面沟通',
      'not-met': '未见面沟通',
      met: '按期完成',
      'met-late': '逾期完成',
      overdue: '已逾期',
      'not-due': '未到期',
    },
    /** The lines of the overview (统计总览), by figure. */
    figure: {
      cases: '承办件数',
      npc: '人大代表建议',
      cppcc: '政协提案',
      hotline: '热线工单',
      keySupervised: '重点督办件',
      ordinary: '一般件',
      withdrawn: '撤案',
      counted: '计入统计件数',
      closed: '已办结',
      workPlan: '已报送工作方案',
      contact: '已办前沟通',
      faceToFace: '已见面沟通',
      reply: '已答复',
      visit: '已走访',
      survey: '已测评',
      publish: '已公开',
      followUp: '已报送跟踪落实报告',
      replyRate: '办复率',
      onTimeRate: '按期办结率',
      onTimeMet: '按期答复',
      onTimeExtended: '其中经批准延期',
      onTimeLate: '逾期答复',
      onTimeOverdue: '逾期未答复',
      notYetDue: '未到答复期限',
      meetingRate: '见面率',
      satisfactionRate: '满意率',
      firstRoundSatisfactionRate: '首轮满意率',
      satisfied: '满意',
      basicallySatisfied: '基本满意',
      dissatisfied: '不满意',
      noResponse: '未反馈',
      submitterGivenRate: '代表委员本人反馈满意率',
      proxyEnteredRate: '代录满意率',
      proxyEntered: '代录测评',
      classShare: '{code}类（{label}）',
      commitmentRate: '承诺兑现率',
      promised: 'B类承诺件数',
      commitmentsDue: '应兑现',
      kept: '已兑现',
      missed: '逾期未报告',
      returns: '退回申请',
      returnsRejected: '退回被驳回',
      reassigned: '调整承办单位',
      extensions: '延期申请',
      extensionsApproved: '延期获批',
      rehandlingCases: '重新办理件数',
      rehandlingRounds: '重新办理轮次',
      overdueCases: '当前逾期件数',
      overdueDeadlines: '当前逾期事项',
      stepDays: '{step}平均用时（工作日）',
      coHandled: '协办件数',
      coOpinionOnTimeRate: '协办意见按期率',
    },
    /** Where a step's working days are counted from (the export's notes). */
    stepDayStep: {
      sign: '签收',
      'work-plan': '工作方案',
      contact: '办前沟通',
      reply: '答复',
      visit: '走访',
      survey: '满意度测评',
      publish: '公开',
      'follow-up': '跟踪落实报告',
    },
    export: {
      overviewSheet: '统计总览',
      unitsSheet: '分单位统计',
      overdueSheet: '逾期件',
      scoresSheet: '考核得分',
      breakdownSheet: '逐件得分明细',
      overviewHeader: ['指标', '数值', '分子', '分母'],
      unitsHeader: [
        '承办单位', '排名', '考核得分', '已评定件数', '主办件数', '撤案', '办复率', '办复率基数', '按期办结率', '按期办结率基数',
        '见面率', '见面率基数', '满意率', '满意率基数（测评答复数）', '首轮满意率', '首轮满意率基数', '代录测评', '未反馈',
        'A类占比', 'A类件数', '承诺兑现率', '承诺兑现率基数', '退回申请', '调整承办单位', '延期获批', '重新办理轮次', '当前逾期件数',
        '协办件数', '协办得分',
      ],
      overdueHeader: ['件号', '标题', '责任单位', '承办方式', '逾期事项', '截止日期', '逾期工作日', '已发提醒', '已告知'],
      scoresHeader: ['承办单位', '排名', '考核得分', '已评定件数', '待评定件数', '失分原因', '协办得分', '协办已评定件数'],
      breakdownHeader: ['承办单位', '承办方式', '件号', '标题', '得分', '评定', '各项得分', '扣分'],
      total: '合计',
      lead: '主办',
      coUnit: '协办',
      notRanked: '不参与排名（件数不足{min}件）',
      pending: '待评定',
      assessed: '已评定',
      scorePart: '{label}{earned}/{points}（{reason}）',
      deductionPart: '{label}{count}次，扣{lost}分',
      lostPart: '{label}失{lost}分',
      separator: '；',
      listSeparator: '、',
      /** The exports' file names: 东丽区2020年建议提案办理统计（区民政局）.xlsx */
      fileName: '{title}统计{scope}.{ext}',
      fileScope: '（{scope}）',
    },
  },
  summary: {
    /** The document's title; a cycle title ending in 办理 loses it first. */
    title: '{title}办理情况总结',
    section: { basics: '一、基本情况', handling: '二、办理情况', completion: '三、完成情况' },
    /** 一、基本情况 */
    totalByUnit: '{year}年，{unit}共承办建议提案{total}件',
    totalByCycle: '{year}年，本批次共交办建议提案{total}件',
    /** e.g. 人大代表建议3件 in 其中人大代表建议3件、政协提案3件. */
    kindCount: '{kind}{count}件',
    kindName: { 'npc-suggestion': '人大代表建议', 'cppcc-proposal': '政协提案', 'hotline-ticket': '便民服务热线工单' },
    kindsIntro: '，其中',
    kindList: '{kind}{count}件分别是：{items}',
    caseItem: '第{number}号《{title}》',
    keyMark: '（被列为重点督办件）',
    keyCount: '重点督办件{count}件',
    withdrawnCount: '撤案{count}件（不计入各项比率）',
    noCases: '{who}本批次尚无承办件',
    /** 二、办理情况 */
    allSteps: '承办的建议提案按照办理程序都已完成了{steps}等程序',
    someSteps: '已{steps}',
    stepCount: '{step}{count}件',
    stepName: { workPlan: '报送工作方案', reply: '撰写答复意见', visit: '走访答复' },
    ratesEqual: '代表委员见面率和满意率都为{rate}',
    rates: '代表委员见面率{meeting}，满意率{satisfaction}',
    noSurveyYet: '代表委员见面率{meeting}，满意度测评尚未开展',
    detailsIntro: '具体情况如下：',
    caseHeading: '（{index}）{label}',
    caseHeadingNumber: ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'],
    /** One case, step by step. */
    signed: '{date}签收',
    workPlan: '{date}报送工作方案',
    contact: '{date}与{submitter}{method}沟通',
    replied: '{date}答复，答复类别为{code}类（{label}）',
    repliedPlain: '{date}答复',
    notReplied: '尚未答复（答复期限{dueOn}）',
    extended: '经批准延期至{dueOn}',
    visited: '{date}走访答复',
    surveyed: '满意度测评结果为{result}',
    rehandled: '经{rounds}轮重新办理',
    followUp: '{date}报送跟踪落实报告，承诺{kept}',
    keptWord: { true: '已兑现', false: '未兑现', unknown: '兑现情况未说明' },
    withdrawn: '已撤案',
    notSigned: '尚未签收',
    submitter: { 'npc-suggestion': '代表', 'cppcc-proposal': '委员', 'hotline-ticket': '市民' },
    methodWord: { 'face-to-face': '当面', phone: '电话', online: '网上', letter: '书面' },
    /** 三、完成情况 */
    completion: '{who}承办的建议提案{counted}件',
    whoUnit: '{unit}',
    whoCycle: '本批次',
    allOnTime: '都已在规定时间内完成答复，按期办结率{rate}',
    allOnTimeExtended: '都已在规定时间内完成答复（其中{count}件经批准延期后按期答复），按期办结率{rate}',
    onTimeSplit: '按期答复{met}件，逾期答复{late}件，逾期未答复{overdue}件，按期办结率{rate}',
    notYetDue: '{count}件尚未到答复期限',
    satisfactionSplit: '测评满意{satisfied}人次、基本满意{basically}人次、不满意{dissatisfied}人次',
    noResponse: '未反馈{count}人次（不计入满意率）',
    proxy: '其中代录{count}人次',
    firstRound: '首轮满意率{rate}',
    classification: '答复中{items}',
    classItem: '{code}类{count}件（占{share}）',
    commitments: 'B类答复承诺{promised}件，应兑现{due}件，已兑现{kept}件，承诺兑现率{rate}',
    closing: '以实实在在的工作赢得代表委员的支持和认可。',
    /** A rate with nothing to count. */
    noRate: '—',
    comma: '，',
    semicolon: '；',
    period: '。',
    listSeparator: '、',
  },
  // ---- end statistics ----
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
