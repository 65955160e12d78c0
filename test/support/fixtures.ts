import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetFor } from '../../libs/policy';
import { CaseInput, caseIdOf } from '../../libs/contract';

/** A case as the Dongli 2020 cycle launches it (see test/fixtures/dongli-2020.json). */
export function dongliCase(overrides: Partial<CaseInput> = {}): CaseInput {
  const base = {
    cycleId: 'dongli-mca-2020',
    cycleTitle: '东丽区民政局 2020 年建议提案办理',
    jurisdiction: '天津市东丽区',
    kind: 'npc-suggestion' as const,
    session: '第十七届人大七次会议',
    number: '11',
    title: '关于充分发挥社区老年日间中心作用的建议',
    submitters: ['第11号建议领衔代表'],
    leadUnit: '区民政局',
    coUnits: [],
    keySupervised: false,
    closedSession: false,
    complex: false,
    assignedOn: '2020-04-10',
    policy: presetFor('npc-suggestion'),
    ...overrides,
  };
  return { ...base, caseId: overrides.caseId ?? caseIdOf(base.cycleId, base.kind, base.number) };
}

export const steps = {
  workPlan: { summary: '分管领导牵头，社区建设科落实', responsible: '社区建设科', plannedCompletionOn: '2020-06-30' },
  contact: { method: 'face-to-face' as const, contactedOn: '2020-05-12', note: '当面沟通' },
  /** 草拟答复: the reply's content, drafted by the unit. */
  draft: { text: '您提出的建议收悉，现答复如下：……', classification: 'A', contactPerson: '王五', contactPhone: '022-12345678' },
  signOff: { note: '同意' },
  review: { decision: 'approve' as const },
  /** 答复: sends the reviewed draft to every submitter. */
  reply: { repliedOn: '2020-06-15' },
  publish: { public: true },
  visit: { visitedOn: '2020-06-20', method: 'face-to-face' as const, participants: ['局长', '第11号建议领衔代表'] },
  survey: { result: 'satisfied' as const, attitude: 'satisfied' as const },
};

/** The endpoint (and body) of each step from sign-for to the visit, for a case without co-units. */
export const HANDLING_PATH = [
  ['sign', {}],
  ['work-plan', steps.workPlan],
  ['contact', steps.contact],
  ['draft-reply', steps.draft],
  ['sign-off', steps.signOff],
  ['review', steps.review],
  ['reply', steps.reply],
  ['visit', steps.visit],
] as const;

/** The Dongli 2020 launch body (test/fixtures/dongli-2020.json), a fresh copy per call site. */
export const dongli = JSON.parse(readFileSync(join(__dirname, '../fixtures/dongli-2020.json'), 'utf8'));
