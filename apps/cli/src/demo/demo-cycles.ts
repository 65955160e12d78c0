/**
 * The demo's two cycles (`banli seed`): the Dongli 2020 cycle of the civil affairs bureau, every
 * case handled to its close (the handling summary's figures: NPC 3, CPPCC 3, key-supervised 2,
 * all replied, visited and satisfied, on time), and a 2021 cycle in progress, assigned 40 days ago
 * so that its sign-for and work-plan deadlines have passed: cases still unsigned are overdue, the
 * others met their deadlines late; one is re-handled after a dissatisfied answer.
 *
 * Each case's plan is the list of moves the office makes for it through the API, in order.
 */
import { addCalendarDays, chinaDateOf } from '../../../../libs/calendar/iso-date';
import type { LaunchCase } from '../../../../libs/contract';

/** A demo case as the launch sends it (`complex` left to the API's default). */
export type DemoCase = Omit<LaunchCase, 'complex'>;

/** One move on a case: a step of the case, a co-unit's own step, or a submitter answering through their link. */
export type Move =
  | { step: string; body: Record<string, unknown> }
  | { coUnit: string; coStep: 'sign' | 'opinion'; body: Record<string, unknown> }
  | { linkSurvey: { submitter: string; result: string; attitude: string } };

export interface DemoCycle {
  launch: { cycleId: string; title: string; jurisdiction: string; assignedOn?: string; policyOverrides?: Record<string, unknown>; cases: DemoCase[] };
  /** Moves per case number. */
  plans: Record<string, Move[]>;
  /** The stage each case ends in (for the seed's report and its test). */
  expectedStages: Record<string, string>;
}

const JURISDICTION = '天津市东丽区';
const NO_QUIET_HOURS = { start: '00:00', end: '00:00', workingDaysOnly: false };
const NPC_2020 = '第十七届人大七次会议';
const CPPCC_2020 = '政协九届六次会议';
const NPC_2021 = '第十七届人大八次会议';
const CPPCC_2021 = '政协九届七次会议';

const npc = (session: string, number: string, title: string, leadUnit: string, extra: Partial<DemoCase> = {}): DemoCase => ({
  kind: 'npc-suggestion', session, number, title, submitters: [`第${number}号建议领衔代表`], leadUnit, coUnits: [], keySupervised: false, closedSession: false, ...extra,
});
const cppcc = (session: string, number: string, title: string, leadUnit: string, extra: Partial<DemoCase> = {}): DemoCase => ({
  kind: 'cppcc-proposal', session, number, title, submitters: [`第${number}号提案领衔委员`], leadUnit, coUnits: [], keySupervised: false, closedSession: false, ...extra,
});

function replyText(c: DemoCase): string {
  const noun = c.kind === 'npc-suggestion' ? '建议' : '提案';
  return [
    `您提出的《${c.title}》的${noun}收悉，现答复如下：`,
    '一、基本情况',
    `我单位高度重视，将该${noun}列入年度重点工作，由分管领导牵头，相关科室具体落实。`,
    '二、下一步工作',
    '我们将继续加大工作力度，及时向您通报办理进展。',
    '感谢您对我区工作的关心和支持。',
  ].join('\n');
}

/** From sign-for to the reviewed reply sent, dated `on`. */
function toReply(c: DemoCase, on: string, classification = 'A'): Move[] {
  return [
    { step: 'sign', body: {} },
    { step: 'work-plan', body: { summary: '分管领导牵头，业务科室落实', responsible: '业务科室负责人', plannedCompletionOn: addCalendarDays(on, 60) } },
    { step: 'contact', body: { method: 'face-to-face', contactedOn: on, note: '办前当面沟通，听取意见' } },
    { step: 'draft-reply', body: { text: replyText(c), classification, contactPerson: '王五', contactPhone: '022-24391234' } },
    ...c.coUnits.flatMap((unit): Move[] => [
      { coUnit: unit, coStep: 'sign', body: {} },
      { coUnit: unit, coStep: 'opinion', body: { opinion: `${unit}同意主办单位答复意见，将配合做好相关工作` } },
      { step: 'co-sign', body: { unit } },
    ]),
    { step: 'sign-off', body: { note: '同意' } },
    { step: 'review', body: { decision: 'approve' } },
    { step: 'reply', body: { repliedOn: on } },
  ];
}

const visit = (c: DemoCase, on: string): Move => ({ step: 'visit', body: { visitedOn: on, method: 'face-to-face', participants: ['局长', ...c.submitters] } });
const publish: Move = { step: 'publish', body: { public: true } };
/** The office enters a paper survey form (代录). */
const paperSurvey = (submitter: string, result: string): Move => ({ step: 'survey', body: { submitter, result, attitude: 'satisfied', proxyEntry: true } });

/** The Dongli 2020 cycle (the cases of the civil affairs bureau's handling summary), handled to the end today. */
export function dongliCycle(today: string): DemoCycle {
  const cases = [
    npc(NPC_2020, '11', '关于充分发挥社区老年日间中心作用的建议', '区民政局'),
    npc(NPC_2020, '12', '关于成立“青年社会组织孵化基地”的建议', '区民政局'),
    npc(NPC_2020, '43', '关于创建“美丽社区”的建议', '区民政局', { keySupervised: true }),
    cppcc(CPPCC_2020, '50', '关于提高社区社会治理“社区调解能力”的建议', '区民政局', { coUnits: ['区司法局'] }),
    cppcc(CPPCC_2020, '75', '关于进一步提升社区治理质量与效果的建议', '区民政局', { keySupervised: true }),
    cppcc(CPPCC_2020, '77', '关于有效利用公共养老服务资源,加快推进居家养老服务的建议', '区民政局'),
  ];
  const plans: Record<string, Move[]> = {};
  cases.forEach((c, i) => {
    const submitter = c.submitters[0];
    // Half the submitters answer through their own link, the office enters the others' paper forms.
    const survey: Move = i % 2 === 0
      ? { linkSurvey: { submitter, result: 'satisfied', attitude: 'satisfied' } }
      : paperSurvey(submitter, 'satisfied');
    plans[c.number] = [...toReply(c, today), publish, visit(c, today), survey];
  });
  return {
    launch: { cycleId: 'dongli-mca-2020', title: '东丽区民政局 2020 年建议提案办理', jurisdiction: JURISDICTION, cases },
    plans,
    expectedStages: Object.fromEntries(cases.map((c) => [c.number, 'closed'])),
  };
}

/** A 2021 cycle in progress, assigned 40 days before `today`: overdue and late cases for the dashboard. */
export function inProgressCycle(today: string): DemoCycle {
  const cases = [
    npc(NPC_2021, '3', '关于优化东丽湖地区公交线路的建议', '区交通局'),
    npc(NPC_2021, '8', '关于加快中小学校舍改造的建议', '区教育局', { keySupervised: true }),
    npc(NPC_2021, '15', '关于完善社区养老驿站运营补贴的建议', '区民政局'),
    cppcc(CPPCC_2021, '21', '关于加强社区卫生服务站建设的提案', '区卫健委', { coUnits: ['区民政局'] }),
    cppcc(CPPCC_2021, '26', '关于整治老旧小区停车难的提案', '区城管委'),
    npc(NPC_2021, '30', '关于增设社区食堂的建议', '区民政局'),
    npc(NPC_2021, '34', '关于规范共享单车停放的建议', '区交通局'),
  ];
  const [bus, school, eldercare, clinic, parking, canteen, bikes] = cases;
  const full = (c: DemoCase) => toReply(c, today);
  const plans: Record<string, Move[]> = {
    // Not signed for: overdue since the sign-for deadline, 37 days ago and more.
    [bus.number]: [],
    [school.number]: [],
    // Signed late; its work plan is overdue.
    [eldercare.number]: [{ step: 'sign', body: {} }],
    // Signed, planned and contacted late; the reply is being drafted (its co-unit has signed for it).
    [clinic.number]: [...full(clinic).slice(0, 3), { coUnit: '区民政局', coStep: 'sign', body: {} }],
    // Drafted, waiting for the leader's sign-off.
    [parking.number]: full(parking).slice(0, 4),
    // Replied, visited, and the deputy satisfied through the link: closed.
    [canteen.number]: [...full(canteen), visit(canteen, today), { linkSurvey: { submitter: canteen.submitters[0], result: 'satisfied', attitude: 'satisfied' } }],
    // Replied and visited; the deputy's paper form says dissatisfied: re-handled.
    [bikes.number]: [...full(bikes), visit(bikes, today), paperSurvey(bikes.submitters[0], 'dissatisfied')],
  };
  return {
    launch: {
      cycleId: 'dongli-2021', title: '东丽区 2021 年建议提案办理', jurisdiction: JURISDICTION, assignedOn: addCalendarDays(today, -40),
      // No quiet hours: the overdue alerts go out as soon as the seed has run, whatever the hour, so
      // 逾期与督办 shows the rung reached and who was told at once.
      policyOverrides: Object.fromEntries((['npc-suggestion', 'cppcc-proposal'] as const).map((kind) => [kind, { quietHours: NO_QUIET_HOURS }])),
      cases,
    },
    plans,
    expectedStages: {
      [bus.number]: 'assigned', [school.number]: 'assigned', [eldercare.number]: 'signed', [clinic.number]: 'contacted',
      [parking.number]: 'drafted', [canteen.number]: 'closed', [bikes.number]: 'rehandling',
    },
  };
}

/** Keys for the people the demo is seen as (the office key is the dev system's own). */
export const DEMO_KEYS = [
  { role: 'unit-handler', unit: '区民政局', name: '张三' },
  { role: 'unit-leader', unit: '区民政局', name: '李局长' },
  { role: 'unit-handler', unit: '区交通局', name: '赵六' },
  { role: 'supervisor', name: '区政府督查室' },
] as const;

export function demoCycles(now = new Date()): DemoCycle[] {
  const today = chinaDateOf(now);
  return [dongliCycle(today), inProgressCycle(today)];
}
