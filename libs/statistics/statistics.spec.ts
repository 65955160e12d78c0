/**
 * Every figure of the hand-built cycle (test/support/hand-counted-cycle.ts: its cases c1–c11 are
 * described there), counted by hand; the counts are in the comments.
 */
import { DEDUCTION_ASSESSMENT_EXAMPLE, presetFor, assessmentOf } from '../policy';
import { caseView } from '../../test/support/case-views';
import { cases, coUnits, ctx, REPLY_DUE, views } from '../../test/support/hand-counted-cycle';
import { caseFactsOf } from './case-facts';
import { cycleStatistics, scoreTable, unitTable } from './statistics';
import type { SchemeInUse } from './assessment';

const rate = (numerator: number, denominator: number, r: number | null) => ({ numerator, denominator, rate: r });

describe('a cycle’s figures, counted by hand', () => {
  const stats = cycleStatistics(cases, coUnits, { cycleId: 'stats-test' }, ctx);
  const f = stats.figures;

  it('counts the cases by kind and key/ordinary; withdrawn cases are counted but left out of the rates', () => {
    expect(f).toMatchObject({
      cases: 11, byKind: { 'npc-suggestion': 7, 'cppcc-proposal': 4, 'hotline-ticket': 0 }, keySupervised: 2, ordinary: 9,
      withdrawn: 1, counted: 10, closed: 8,
    });
    expect(f.done).toEqual({ workPlan: 9, contact: 8, faceToFace: 7, reply: 8, visit: 8, survey: 8, publish: 2, followUp: 3 });
  });

  it('reply rate: replied / counted; on time: met (an approved extension’s date counting) / due', () => {
    expect(f.replyRate).toEqual(rate(8, 10, 0.8));
    // met: c1 c3 c5 c8 c9 c10 c11; late: c2; overdue: c4; not yet due: c7; c6 withdrawn
    expect(f.onTime).toEqual({ met: 7, metWithExtension: 1, late: 1, overdue: 1, notYetDue: 1 });
    expect(f.onTimeRate).toEqual(rate(7, 9, 0.7778));
  });

  it('meeting rate: a face-to-face contact or visit, per case (phone, online and letter are no meeting)', () => {
    expect(f.meetingRate).toEqual(rate(7, 10, 0.7)); // c1 c3 c5 c8 c9(visit) c10 c11
  });

  it('satisfaction over the last round’s answers; the first round apart; no answer apart, never satisfied; 代录 apart', () => {
    const s = f.satisfaction;
    // final: 满意 c1 c3(round 2) c8 c9甲 c10 c11, 基本满意 c2 (代录), no answer c5 c9乙
    expect(s.final).toEqual({ satisfied: 6, basicallySatisfied: 1, dissatisfied: 0, noResponse: 2, deemedSatisfied: 0, answered: 7, rate: rate(7, 7, 1) });
    // round 1: c3 was 不满意
    expect(s.firstRound).toEqual({ satisfied: 5, basicallySatisfied: 1, dissatisfied: 1, noResponse: 2, deemedSatisfied: 0, answered: 7, rate: rate(6, 7, 0.8571) });
    expect(s.submitterGiven).toEqual({ satisfied: 6, basicallySatisfied: 0, dissatisfied: 0, noResponse: 0, deemedSatisfied: 0, answered: 6, rate: rate(6, 6, 1) });
    expect(s.proxyEntered).toEqual({ satisfied: 0, basicallySatisfied: 1, dissatisfied: 0, noResponse: 0, deemedSatisfied: 0, answered: 1, rate: rate(1, 1, 1) });
  });

  it('A/B/C over the cases replied, by the mark after review', () => {
    expect(f.classification).toEqual({
      replied: 8,
      levels: [
        { code: 'A', label: '已解决或采纳', count: 2, share: rate(2, 8, 0.25) },
        { code: 'B', label: '正在解决或列入计划', count: 5, share: rate(5, 8, 0.625) },
        { code: 'C', label: '因条件限制留作参考', count: 1, share: rate(1, 8, 0.125) },
      ],
    });
  });

  it('commitments: every B reply is a promise, due once reported or past its follow-up deadline; kept / due', () => {
    // c2 open, c8 kept, c9 missed, c10 not kept, c11 unstated
    expect(f.commitments).toEqual({ promised: 5, due: 4, kept: 1, notKept: 1, unstated: 1, missed: 1, rate: rate(1, 4, 0.25) });
  });

  it('returns, reassignments, extensions and re-handling rounds', () => {
    expect(f.returns).toEqual({ cases: 2, requested: 2, rejected: 1, reassigned: 1, pending: 0 });
    expect(f.extensions).toEqual({ cases: 1, requested: 2, approved: 1, rejected: 1, pending: 0 }); // c6's pending one is withdrawn
    expect(f.rehandling).toEqual({ cases: 1, rounds: 1 });
    expect(f.overdueNow).toEqual({ cases: 2, deadlines: 3 }); // c4 work plan and reply, c9 follow-up; not c6 (withdrawn)
  });

  it('working days per step on the official calendar (T0 Fri 2024-03-01; Qingming, Labour Day and Dragon Boat off, their make-up days worked)', () => {
    // sign: Mon 03-04 = 1 (c1 c3 c7 c8 c9), Tue 03-05 = 2 (c2 c10 c11), Fri 03-08 = 5 (c4), Fri 03-15 = 10 (c5)
    expect(f.stepDays.sign).toEqual({ cases: 10, total: 26, average: 2.6, max: 10 });
    // reply from T0 (March 20 working days to 03-29, April 22, May 21): c9 03-29 = 20, c8 04-15 = 30, c10 c11 05-10 = 47 each,
    // c1 05-20 = 54, c5 05-30 = 62, c2 06-05 = 66, c3 06-20 = 76
    expect(f.stepDays.reply).toEqual({ cases: 8, total: 402, average: 50.3, max: 76 });
    // visit from the first reply: c1 2, c2 2 (06-05→06-07), c3 1, c5 2 (Thu 05-30→Mon 06-03), c8 3, c9 2 (Fri 03-29→Tue 04-02),
    // c10 c11 2 each (Fri 05-10→Mon 05-13: Sat 05-11 was a make-up working day)
    expect(f.stepDays.visit).toEqual({ cases: 8, total: 16, average: 2, max: 3 });
    // follow-up from the close: c8 04-30→06-25 = 37, c10 c11 05-15→06-10 = 17 each (reported on the Dragon Boat holiday, 06-10)
    expect(f.stepDays['follow-up']).toEqual({ cases: 3, total: 71, average: 23.7, max: 37 });
  });

  it('lists what is overdue now: working days past due, the highest rung sent and who was told, a co-unit’s deadline its own', () => {
    expect(stats.overdue.map((o) => [o.caseId.split('.').pop(), o.unit, o.role, o.deadline, o.dueOn, o.workingDaysOverdue, o.rung, o.told.join(',')])).toEqual([
      ['4', '区民政局', 'lead', 'work-plan', '2024-03-22', 67, 'reminder', 'unit-handler'],
      ['3', '区财政局', 'co-unit', 'co-unit:co-opinion', '2024-04-01', 61, null, ''],
      ['4', '区民政局', 'lead', 'reply', REPLY_DUE, 18, 'escalation', 'unit-handler,unit-leader,supervisor,supervising-office-head,leading-leader'],
      ['9', '区民政局', 'lead', 'follow-up', '2024-06-20', 6, null, ''],
    ]);
    expect(stats.overdue[2]).toMatchObject({ deadlineLabel: '答复', rungLabel: '督办', toldLabels: ['承办人', '单位负责人', '督办部门', '督查室负责人', '领衔督办领导'], caseLabel: '政协九届六次会议第4号提案' });
    expect(stats.overdue[1].deadlineLabel).toBe('协办意见');
  });

  it('breaks the figures down per kind and per key/ordinary', () => {
    expect(stats.byKind['cppcc-proposal']).toMatchObject({ cases: 4, counted: 4, replyRate: rate(2, 4, 0.5), onTimeRate: rate(2, 3, 0.6667) });
    expect(stats.byKind['hotline-ticket']).toBeUndefined();
    expect(stats.byKeySupervised.key).toMatchObject({ cases: 2, onTimeRate: rate(1, 2, 0.5), meetingRate: rate(1, 2, 0.5) });
    expect(stats.byKeySupervised.ordinary.cases).toBe(9);
  });

  it('filters by kind, key and unit; a unit sees its co-handled cases apart, and its own overdue deadlines', () => {
    const civil = cycleStatistics(cases, coUnits, { cycleId: 'stats-test', unit: '区民政局' }, ctx);
    expect(civil.figures).toMatchObject({ cases: 8, withdrawn: 1, counted: 7, replyRate: rate(5, 7, 0.7143) });
    expect(civil.coHandled).toEqual({ cases: 0, signed: 0, signedOnTime: 0, opinionGiven: 0, opinionOnTimeRate: rate(0, 0, null), overdueNow: 0 });
    const finance = cycleStatistics(cases, coUnits, { cycleId: 'stats-test', unit: '区财政局' }, ctx);
    expect(finance.figures.cases).toBe(0);
    expect(finance.coHandled).toEqual({ cases: 2, signed: 2, signedOnTime: 1, opinionGiven: 1, opinionOnTimeRate: rate(1, 2, 0.5), overdueNow: 1 });
    expect(finance.overdue.map((o) => o.deadline)).toEqual(['co-unit:co-opinion']);
    const keyNpc = cycleStatistics(cases, coUnits, { cycleId: 'stats-test', kind: 'npc-suggestion', keySupervised: true }, ctx);
    expect(keyNpc.figures.cases).toBe(1);
    expect(keyNpc.filter).toEqual({ kind: 'npc-suggestion', keySupervised: true });
  });
});

describe('unit performance scores, counted by hand', () => {
  const preset: SchemeInUse[] = (['npc-suggestion', 'cppcc-proposal'] as const).map((kind) => ({
    kind, id: kind, version: '2026.1', title: 't', source: 'cycle', scheme: assessmentOf(presetFor(kind)),
  }));

  it('the default scheme (speed 20, quality 50, result 30): each case’s breakdown, the unit mean, ranks from the minimum', () => {
    const table = scoreTable(cases, coUnits, { cycleId: 'stats-test' }, ctx, preset);
    expect(table.minimumCasesToRank).toBe(3);
    expect(table.units.map((u) => [u.unit, u.rank, u.score, u.assessedCases, u.pendingCases, u.coHandled.score])).toEqual([
      ['区民政局', 1, 70.67, 6, 1, null], // (100 + 49 + 75 + 0 + 100 + 100) / 6; c7 pending
      ['区教育局', null, 100, 2, 0, null], // too few to rank
      ['区住建委', null, 85, 1, 0, null], // c5: 20 + 50 + 30 × 0.5 (no answer)
      ['区财政局', null, null, 0, 0, 57.5], // co-handled only: c1 30 + 70, c3 15 + 0
    ]);
    const civil = table.units[0];
    const c2 = civil.cases.find((c) => c.caseId.endsWith('.2'))!;
    expect(c2.parts.map((p) => [p.measure, p.earned, p.reason])).toEqual([['speed', 0, 'late'], ['quality', 25, 're-marked'], ['result', 24, 'basically-satisfied']]);
    expect(c2.parts[1]).toMatchObject({ label: '答复质量', points: 50, reasonLabel: '审核时调整了答复类别' });
    const c3 = civil.cases.find((c) => c.caseId.endsWith('.3'))!;
    expect(c3.parts.map((p) => [p.measure, p.earned, p.reason])).toEqual([['speed', 20, 'on-time'], ['quality', 25, 'sent-back'], ['result', 30, 'all-satisfied']]);
    const c4 = civil.cases.find((c) => c.caseId.endsWith('.4'))!;
    expect([c4.score, c4.parts.map((p) => p.reason)]).toEqual([0, ['not-replied', 'not-replied', 'not-settled']]);
    expect(civil.cases.find((c) => c.caseId.endsWith('.7'))).toMatchObject({ assessed: false, score: null });
    expect(civil.lost).toEqual([
      { id: 'quality', label: '答复质量', lost: 100 }, // c2 25, c3 25, c4 50
      { id: 'speed', label: '办理速度', lost: 40 }, // c2, c4
      { id: 'result', label: '办理结果', lost: 36 }, // c2 6, c4 30
    ]);
  });

  it('re-scores the same cycle by a deduction sheet: 100 less points per fault', () => {
    const sheet = preset.map((s) => ({ ...s, id: 'deductions', version: '1', source: 'requested' as const, scheme: structuredClone(DEDUCTION_ASSESSMENT_EXAMPLE) }));
    const table = scoreTable(cases, coUnits, { cycleId: 'stats-test' }, ctx, sheet);
    expect(table.units.map((u) => [u.unit, u.rank, u.score, u.coHandled.score])).toEqual([
      ['区民政局', 1, 96.63, null], // c1 100, c2 93 (late, no meeting), c3 98.8 (sent back, one 不满意), c4 91 (late, no plan, no meeting), c8 100, c9 97 (promise missed)
      ['区住建委', null, 100, null],
      ['区教育局', null, 98.5, null], // c10 97 (promise not kept), c11 100 (unstated is not "not kept")
      ['区财政局', null, null, 98], // c1 100, c3 96 (sign late, opinion overdue)
    ]);
    const c4 = table.units[0].cases.find((c) => c.caseId.endsWith('.4'))!;
    expect(c4.deductions.map((d) => [d.fault, d.count, d.lost])).toEqual([['late-reply', 1, 5], ['no-work-plan', 1, 2], ['no-meeting', 1, 2]]);
    expect(c4.deductions[0].label).toBe('逾期答复');
  });

  it('equal scores share a rank (1, 1, 3), and a unit filter keeps one row ranked among all', () => {
    const one = preset.map((s) => ({ ...s, scheme: { ...s.scheme, minimumCasesToRank: 1 } }));
    const table = scoreTable(cases, coUnits, { cycleId: 'stats-test' }, ctx, one);
    expect(table.units.map((u) => [u.unit, u.rank])).toEqual([['区教育局', 1], ['区住建委', 2], ['区民政局', 3], ['区财政局', null]]);
    const tied = scoreTable(cases.filter((c) => ['8', '9', '10', '11'].includes(c.number)), [], { cycleId: 'stats-test' }, ctx, one);
    // c8 c9 (区民政局) and c10 c11 (区教育局) all score 100
    expect(tied.units.map((u) => [u.unit, u.rank, u.score])).toEqual([['区教育局', 1, 100], ['区民政局', 1, 100]]);
    const only = scoreTable(cases, coUnits, { cycleId: 'stats-test', unit: '区民政局' }, ctx, one);
    expect(only.units.map((u) => [u.unit, u.rank])).toEqual([['区民政局', 3]]);
  });

  it('the unit table shows each rate with what it rests on, the score and the co-handled part', () => {
    const table = unitTable(cases, coUnits, { cycleId: 'stats-test' }, ctx, preset);
    expect(table.units.map((u) => u.unit)).toEqual(['区民政局', '区教育局', '区住建委', '区财政局']);
    expect(table.units[0]).toMatchObject({ rank: 1, score: 70.67, assessedCases: 6, figures: { cases: 8, onTimeRate: rate(4, 6, 0.6667), meetingRate: rate(4, 7, 0.5714) } });
    expect(table.units[3].coHandled).toMatchObject({ cases: 2, score: 57.5, assessedCases: 2, opinionOnTimeRate: rate(1, 2, 0.5) });
    expect(table.total.cases).toBe(11);
  });
});

describe('answers the system recorded when the window ended', () => {
  it('are no answer even where the policy deems them satisfied', () => {
    const v = caseView({ number: '1', reply: { classification: 'A' }, closedAs: 'satisfied', surveys: [{ result: 'satisfied', recordedBy: 'system' }, { submitter: '乙', result: 'satisfied' }], submitters: ['第1号领衔人', '乙'] });
    const s = cycleStatistics([caseFactsOf(v)], [], { cycleId: 'stats-test' }, ctx).figures.satisfaction.final;
    expect(s).toEqual({ satisfied: 1, basicallySatisfied: 0, dissatisfied: 0, noResponse: 1, deemedSatisfied: 1, answered: 1, rate: rate(1, 1, 1) });
  });
});
