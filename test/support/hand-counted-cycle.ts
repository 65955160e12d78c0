/**
 * A hand-built cycle for the statistics' tests (libs/statistics/*.spec.ts): an on-time reply, a
 * late one, an approved extension, a re-handled case, an overdue case that was returned and kept,
 * a reassigned one, a withdrawn one, one not yet due, B-class promises kept, not kept, unstated,
 * missed and open, an office-entered (代录) answer and no-responses. Every figure of it is counted
 * by hand in libs/statistics/statistics.spec.ts.
 */
import { WorkingCalendar } from '../../libs/calendar';
import { caseFactsOf, coUnitFactsOf, type StatisticsContext } from '../../libs/statistics';
import { caseView, coUnitView, deadline } from './case-views';

export const NOW = new Date('2024-06-28T04:00:00.000Z'); // Fri 2024-06-28, noon in China
export const ctx: StatisticsContext = { now: NOW, calendar: WorkingCalendar.official(), rules: {} };
export const REPLY_DUE = '2024-06-03';
const met = (id: string, dueOn: string, metOn: string) => deadline(id, 'met', dueOn, { metOn });

export const views = [
  // c1 NPC, key: every step on time, met face to face, satisfied; co-unit 区财政局 on time.
  caseView({
    number: '1', keySupervised: true, coUnits: ['区财政局'], contacts: ['face-to-face'], reply: { classification: 'A' }, visitMethod: 'face-to-face',
    surveys: [{ result: 'satisfied' }], closedAs: 'satisfied', closedOn: '2024-05-24', reviews: [{ decision: 'approve', by: 's', at: '' }],
    deadlines: [met('sign', '2024-03-06', '2024-03-04'), met('work-plan', '2024-03-22', '2024-03-08'), met('contact', '2024-03-22', '2024-03-11'), met('reply', REPLY_DUE, '2024-05-20'), met('publish', '2024-06-18', '2024-05-27')],
    done: { sign: '2024-03-04', 'work-plan': '2024-03-08', contact: '2024-03-11', reply: '2024-05-20', visit: '2024-05-22', publish: '2024-05-27' },
  }),
  // c2 NPC: replied late, contact and visit by phone (no meeting), re-marked A→B at review, 基本满意 entered by the office (代录); its B promise is not due yet.
  caseView({
    number: '2', contacts: ['phone'], reply: { classification: 'B' }, visitMethod: 'phone', surveys: [{ result: 'basically-satisfied', proxyEntry: true, recordedAt: '2024-06-12T04:00:00.000Z' }],
    closedAs: 'satisfied', closedOn: '2024-06-12', reviews: [{ decision: 'approve', by: 's', at: '', classification: 'B', classificationChangedFrom: 'A' }],
    deadlines: [met('sign', '2024-03-06', '2024-03-05'), deadline('reply', 'met-late', REPLY_DUE, { metOn: '2024-06-05' }), deadline('follow-up', 'open', '2024-12-12')],
    done: { sign: '2024-03-05', 'work-plan': '2024-03-15', contact: '2024-03-20', reply: '2024-06-05', visit: '2024-06-07' },
  }),
  // c3 CPPCC: an approved extension (reply due moved to 07-01, met), sent back once, dissatisfied in round 1, satisfied in round 2; co-unit 区财政局 late.
  caseView({
    kind: 'cppcc-proposal', number: '3', coUnits: ['区财政局'], contacts: ['face-to-face'], reply: { classification: 'A', round: 2 }, visitMethod: 'face-to-face',
    surveys: [{ result: 'dissatisfied', round: 1, recordedAt: '2024-06-21T04:00:00.000Z' }, { result: 'satisfied', round: 2, recordedAt: '2024-06-26T04:00:00.000Z' }],
    round: 2, closedAs: 'satisfied', closedOn: '2024-06-26', extensions: [{ deadline: 'reply', status: 'approved' }],
    reviews: [{ decision: 'send-back', by: 's', at: '', note: '改' }, { decision: 'approve', by: 's', at: '' }, { decision: 'approve', by: 's', at: '' }],
    deadlines: [met('sign', '2024-03-06', '2024-03-04'), met('reply', '2024-07-01', '2024-06-20'), met('rehandle-2', '2024-07-22', '2024-06-25')],
    done: { sign: '2024-03-04', 'work-plan': '2024-03-12', contact: '2024-03-14', reply: '2024-06-20', visit: '2024-06-21' },
  }),
  // c4 CPPCC, key: signed late after a rejected return, no work plan (overdue, reminded), reply overdue (escalated).
  caseView({
    kind: 'cppcc-proposal', number: '4', keySupervised: true, stage: 'signed', returns: [{ unit: '区民政局', reason: '不属于', requestedAt: '', decision: 'reject' }],
    deadlines: [
      deadline('sign', 'met-late', '2024-03-06', { metOn: '2024-03-08' }),
      deadline('work-plan', 'overdue', '2024-03-22', { sent: [{ kind: 'reminder', recipients: ['unit-handler'] }] }),
      deadline('reply', 'overdue', REPLY_DUE, {
        sent: [
          { kind: 'reminder', recipients: ['unit-handler'] },
          { kind: 'overdue', recipients: ['unit-leader', 'supervisor', 'leading-leader'] },
          { kind: 'escalation', recipients: ['supervising-office-head'] },
        ],
      }),
    ],
    done: { sign: '2024-03-08' },
  }),
  // c5 NPC, reassigned from 区民政局 to 区住建委: replied on time (C), visited face to face, no answer in the window.
  caseView({
    number: '5', leadUnit: '区住建委', returns: [{ unit: '区民政局', reason: '不属于', requestedAt: '', decision: 'reassign', newLeadUnit: '区住建委' }],
    reply: { classification: 'C' }, visitMethod: 'face-to-face', surveys: [{ result: 'no-response', recordedBy: 'system' }], closedAs: 'no-response', closedOn: '2024-06-20',
    deadlines: [met('reply', REPLY_DUE, '2024-05-30')], done: { sign: '2024-03-15', 'work-plan': '2024-03-20', reply: '2024-05-30', visit: '2024-06-03' },
  }),
  // c6 NPC: withdrawn, its reply deadline past and an extension pending: in no rate, not overdue.
  caseView({ number: '6', closedAs: 'withdrawn', deadlines: [deadline('reply', 'open', REPLY_DUE)], extensions: [{ deadline: 'reply', status: 'pending' }] }),
  // c7 CPPCC: signed, reply not due until September, an extension refused, contact online.
  caseView({
    kind: 'cppcc-proposal', number: '7', stage: 'signed', contacts: ['online'], extensions: [{ deadline: 'reply', status: 'rejected' }],
    deadlines: [met('sign', '2024-03-06', '2024-03-04'), deadline('reply', 'open', '2024-09-02')], done: { sign: '2024-03-04', 'work-plan': '2024-03-08' },
  }),
  // c8 NPC: B, on time, the promise kept.
  caseView({
    number: '8', contacts: ['face-to-face'], reply: { classification: 'B' }, visitMethod: 'face-to-face', surveys: [{ result: 'satisfied', recordedAt: '2024-04-30T04:00:00.000Z' }],
    closedAs: 'satisfied', closedOn: '2024-04-30', followUp: { kept: true, reportedOn: '2024-06-25' },
    deadlines: [met('reply', REPLY_DUE, '2024-04-15'), met('follow-up', '2024-10-30', '2024-06-25'), met('publish', '2024-05-14', '2024-04-20')],
    done: { sign: '2024-03-04', 'work-plan': '2024-03-08', contact: '2024-03-08', reply: '2024-04-15', visit: '2024-04-18', publish: '2024-04-20', 'follow-up': '2024-06-25' },
  }),
  // c9 CPPCC, two submitters: one satisfied, one silent; contact by letter, visit face to face; B whose follow-up is overdue (missed).
  caseView({
    kind: 'cppcc-proposal', number: '9', submitters: ['甲', '乙'], contacts: ['letter'], reply: { classification: 'B' }, visitMethod: 'face-to-face',
    surveys: [{ submitter: '甲', result: 'satisfied', recordedAt: '2024-04-20T04:00:00.000Z' }, { submitter: '乙', result: 'no-response', recordedBy: 'system', recordedAt: '2024-04-19T04:00:00.000Z' }],
    closedAs: 'satisfied', closedOn: '2024-04-20',
    deadlines: [met('reply', REPLY_DUE, '2024-03-29'), deadline('follow-up', 'overdue', '2024-06-20')],
    done: { sign: '2024-03-04', 'work-plan': '2024-03-06', contact: '2024-03-07', reply: '2024-03-29', visit: '2024-04-02' },
  }),
  // c10, c11 NPC of 区教育局: B, on time, satisfied; one promise not kept, one report silent on it.
  ...[['10', false], ['11', undefined]].map(([number, kept]) => caseView({
    number: number as string, leadUnit: '区教育局', contacts: ['face-to-face'], reply: { classification: 'B' }, visitMethod: 'face-to-face',
    surveys: [{ result: 'satisfied' }], closedAs: 'satisfied', closedOn: '2024-05-15', followUp: { reportedOn: '2024-06-10', ...(kept === undefined ? {} : { kept: kept as boolean }) },
    deadlines: [met('reply', REPLY_DUE, '2024-05-10'), met('follow-up', '2024-11-15', '2024-06-10')],
    done: { sign: '2024-03-05', 'work-plan': '2024-03-07', contact: '2024-03-07', reply: '2024-05-10', visit: '2024-05-13', 'follow-up': '2024-06-10' },
  })),
];
export const cases = views.map(caseFactsOf);
export const coUnits = [
  coUnitView(views[0].caseId, '区财政局', 'opinion-given', [met('sign', '2024-03-06', '2024-03-05'), met('co-opinion', '2024-04-01', '2024-03-25')]),
  coUnitView(views[2].caseId, '区财政局', 'signed', [deadline('sign', 'met-late', '2024-03-06', { metOn: '2024-03-07' }), deadline('co-opinion', 'overdue', '2024-04-01')]),
].map((v) => coUnitFactsOf(v, cases.find((c) => c.caseId === v.caseId)!));

