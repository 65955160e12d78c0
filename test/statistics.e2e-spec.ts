/**
 * Statistics, exports and the handling summary over real HTTP, against the API and the worker on
 * a Temporal dev server: cycles driven through the API, their figures read from the read model.
 * Every expected figure is counted by hand here from what the test did.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { addCalendarDays, chinaDateOf } from '../libs/calendar/iso-date';
import { docxText } from './support/docx';
import { dongli, steps } from './support/fixtures';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';

jest.setTimeout(300_000);

const e2e = useTestSystem('statistics');
const http = () => e2e.http();
const today = chinaDateOf(new Date());
const year = today.slice(0, 4);

/** Reads an answer's body as bytes, whatever its type. */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
const getFile = (url: string, client = http()) => client.get(url).buffer(true).parse(binary);

const rate = (numerator: number, denominator: number, r: number | null) => ({ numerator, denominator, rate: r });

/** A case's steps from sign-for to the reply, dated today; `draft` overrides the draft's fields. */
function toReply(draft: object = {}): [string, object][] {
  return [
    ['sign', {}],
    ['work-plan', { ...steps.workPlan, plannedCompletionOn: addCalendarDays(today, 60) }],
    ['contact', { ...steps.contact, contactedOn: today }],
    ['draft-reply', { ...steps.draft, ...draft }],
    ['sign-off', steps.signOff],
    ['review', steps.review],
    ['reply', { repliedOn: today }],
  ];
}
const visit = (method = 'face-to-face'): [string, object] => ['visit', { ...steps.visit, visitedOn: today, method }];

async function drive(caseId: string, path: [string, object][]): Promise<void> {
  for (const [step, body] of path) {
    const res = await http().post(`/api/cases/${caseId}/${step}`).send(body);
    if (res.status !== 200) throw new Error(`${caseId} ${step}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** The figures once the read model has caught up with `check`. */
async function statisticsWhen(url: string, check: (body: any) => void): Promise<any> {
  return eventually(async () => {
    const res = await http().get(url).expect(200);
    check(res.body);
    return res.body;
  }, 60_000);
}

// ---- the Dongli 2020 cycle ------------------------------------------------------------------

const DONGLI = 'stats-dongli';
const dongliCycle = { ...dongli, cycleId: DONGLI };
const dongliIds = dongli.cases.map((c: { kind: string; number: string }) => `${DONGLI}.${c.kind}.${c.number}`);
const CASE_50 = `${DONGLI}.cppcc-proposal.50`; // co-unit 区司法局
const coUnit = (step: string) => `/api/cases/${CASE_50}/co-units/${encodeURIComponent('区司法局')}/${step}`;

describe('the Dongli 2020 cycle driven to the end through the API', () => {
  beforeAll(async () => {
    await http().post('/api/cycles').send(dongliCycle).expect(201);
    for (const caseId of dongliIds) {
      if (caseId === CASE_50) {
        await drive(caseId, toReply().slice(0, 4));
        await http().post(coUnit('sign')).send({}).expect(200);
        await http().post(coUnit('opinion')).send({ opinion: '我局将配合做好人民调解工作' }).expect(200);
        await eventually(async () => expect((await http().get(`/api/cases/${caseId}`).expect(200)).body.coOpinions).toHaveLength(1));
        await http().post(`/api/cases/${caseId}/co-sign`).send({ unit: '区司法局' }).expect(200);
        await drive(caseId, [...toReply().slice(4), visit()]);
      } else {
        await drive(caseId, [...toReply(), visit()]);
      }
      await http().post(`/api/cases/${caseId}/survey`).send({ result: 'satisfied', attitude: 'satisfied' }).expect(200);
    }
  }, HOOK_TIMEOUT.setup * 4);

  it('counts NPC 3, CPPCC 3, key-supervised 2; work plan, reply and visit done for all 6; meeting, satisfaction and on time 100%', async () => {
    const body = await statisticsWhen(`/api/cycles/${DONGLI}/statistics`, (b) => expect(b.figures.closed).toBe(6));
    const f = body.figures;
    expect(f).toMatchObject({
      cases: 6, byKind: { 'npc-suggestion': 3, 'cppcc-proposal': 3, 'hotline-ticket': 0 }, keySupervised: 2, ordinary: 4, withdrawn: 0, counted: 6, closed: 6,
      done: { workPlan: 6, contact: 6, faceToFace: 6, reply: 6, visit: 6, survey: 6 },
      replyRate: rate(6, 6, 1), onTimeRate: rate(6, 6, 1), onTime: { met: 6, metWithExtension: 0, late: 0, overdue: 0, notYetDue: 0 },
      meetingRate: rate(6, 6, 1),
      overdueNow: { cases: 0, deadlines: 0 },
    });
    expect(f.satisfaction.final).toMatchObject({ satisfied: 6, basicallySatisfied: 0, dissatisfied: 0, noResponse: 0, answered: 6, rate: rate(6, 6, 1) });
    expect(f.classification.levels[0]).toMatchObject({ code: 'A', count: 6, share: rate(6, 6, 1) });
    expect(body.byKind['npc-suggestion'].cases).toBe(3);
    expect(body.byKeySupervised.key.cases).toBe(2);
    expect(body).toMatchObject({ cycleId: DONGLI, asOf: today, filter: {}, overdue: [] });
  });

  it('filters by kind and key-supervised, and refuses a filter it does not know (400, nothing computed)', async () => {
    const cppcc = (await http().get(`/api/cycles/${DONGLI}/statistics`).query({ kind: 'cppcc-proposal', keySupervised: 'true' }).expect(200)).body;
    expect(cppcc.filter).toEqual({ kind: 'cppcc-proposal', keySupervised: true });
    expect(cppcc.figures).toMatchObject({ cases: 1, byKind: { 'cppcc-proposal': 1 } }); // No. 75
    const bad = await http().get(`/api/cycles/${DONGLI}/statistics`).query({ kind: 'petition', keySupervised: 'yes', colour: 'red' }).expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'ValidationFailed' });
    expect(bad.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['colour', 'keySupervised', 'kind']);
  });

  it('answers 404 CycleNotFound for a cycle never launched, on every route', async () => {
    for (const route of ['statistics', 'units', 'scores', 'statistics.xlsx', 'statistics.csv', 'summary.docx', 'summary.md']) {
      const res = await http().get(`/api/cycles/no-such-cycle/${route}`).expect(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'CycleNotFound', message: 'no cycle launched with id no-such-cycle' });
    }
  });

  it('lists 区民政局 in the unit table, ranked with 6 assessed cases, each rate with what it rests on; 区司法局 by its co-handled case, unranked', async () => {
    const table = (await http().get(`/api/cycles/${DONGLI}/units`).expect(200)).body;
    expect(table.units.map((u: { unit: string }) => u.unit)).toEqual(['区民政局', '区司法局']);
    expect(table.units[1]).toMatchObject({
      rank: null, ranked: false, score: null, assessedCases: 0, figures: { cases: 0 },
      coHandled: { cases: 1, signedOnTime: 1, opinionGiven: 1, opinionOnTimeRate: rate(1, 1, 1), assessedCases: 1, score: 100 },
    });
    expect(table.units[0]).toMatchObject({
      unit: '区民政局', rank: 1, ranked: true, score: 100, assessedCases: 6,
      figures: { cases: 6, onTimeRate: rate(6, 6, 1), meetingRate: rate(6, 6, 1) },
    });
    expect(table.minimumCasesToRank).toBe(3);
    expect(table.schemes.map((s: { kind: string; source: string }) => `${s.kind}:${s.source}`)).toEqual(['npc-suggestion:cycle', 'cppcc-proposal:cycle']);
  });

  it('explains every case’s score', async () => {
    const scores = (await http().get(`/api/cycles/${DONGLI}/scores`).expect(200)).body;
    const unit = scores.units[0];
    expect(unit).toMatchObject({ unit: '区民政局', score: 100, assessedCases: 6, pendingCases: 0 });
    expect(unit.cases).toHaveLength(6);
    expect(unit.cases[0].parts.map((p: { label: string; earned: number; points: number }) => `${p.label}${p.earned}/${p.points}`)).toEqual(['办理速度20/20', '答复质量50/50', '办理结果30/30']);
  });

  it('exports the workbook with its Chinese sheets and a Chinese file name (RFC 5987)', async () => {
    const res = await getFile(`/api/cycles/${DONGLI}/statistics.xlsx`).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="statistics-stats-dongli.xlsx"; filename*=UTF-8''${encodeURIComponent('东丽区民政局 2020 年建议提案办理统计.xlsx')}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['统计总览', '分单位统计', '逾期件', '考核得分', '逐件得分明细']);
    const overview = new Map<string, unknown[]>();
    workbook.getWorksheet('统计总览')!.eachRow((row) => overview.set(String(row.getCell(1).value), (row.values as unknown[]).slice(2)));
    expect(overview.get('承办件数')).toEqual([6]);
    expect(overview.get('人大代表建议')).toEqual([3]);
    expect(overview.get('政协提案')).toEqual([3]);
    expect(overview.get('重点督办件')).toEqual([2]);
    expect(overview.get('按期办结率')).toEqual([1, 6, 6]);
    expect(overview.get('见面率')).toEqual([1, 6, 6]);
    expect(overview.get('满意率')).toEqual([1, 6, 6]);
    const units = workbook.getWorksheet('分单位统计')!;
    expect(units.getRow(2).getCell(1).value).toBe('区民政局');
    expect(units.getRow(3).getCell(1).value).toBe('区司法局');
    expect(units.getRow(4).getCell(1).value).toBe('合计');
    expect(workbook.getWorksheet('逐件得分明细')!.rowCount).toBe(1 + 6 + 1); // 6 lead cases, No. 50 co-handled
  });

  it('exports the unit table as CSV: UTF-8 with BOM, Chinese headers, rates as percentages', async () => {
    const res = await getFile(`/api/cycles/${DONGLI}/statistics.csv`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('东丽区民政局 2020 年建议提案办理统计.csv')}`);
    expect([...(res.body as Buffer).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse((res.body as Buffer).toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['承办单位'])).toEqual(['区民政局', '区司法局', '合计']);
    expect(rows[0]).toMatchObject({ 排名: '1', 考核得分: '100', 主办件数: '6', 办复率: '100%', 按期办结率: '100%', 按期办结率基数: '6', 见面率: '100%', 满意率: '100%' });
  });

  it('writes the handling summary in Chinese sentences, the same in .md and .docx', async () => {
    const md = await http().get(`/api/cycles/${DONGLI}/summary.md`).expect(200);
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('东丽区民政局 2020 年建议提案办理情况总结.md')}`);
    const text: string = md.text;
    expect(text).toContain('# 东丽区民政局 2020 年建议提案办理情况总结');
    expect(text).toContain(`${year}年，本批次共交办建议提案6件，其中人大代表建议3件、政协提案3件，重点督办件2件。`);
    expect(text).toContain('第43号《关于创建“美丽社区”的建议》（被列为重点督办件）');
    expect(text).toContain('承办的建议提案按照办理程序都已完成了报送工作方案、撰写答复意见、走访答复等程序，代表委员见面率和满意率都为100%。');
    expect(text).toContain('本批次承办的建议提案6件，都已在规定时间内完成答复，按期办结率100%，代表委员见面率100%，满意率100%。');

    const docx = await getFile(`/api/cycles/${DONGLI}/summary.docx`).expect(200);
    expect(docx.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('东丽区民政局 2020 年建议提案办理情况总结.docx')}`);
    const paragraphs = docxText(docx.body as Buffer);
    expect(paragraphs).toEqual(text.trim().split('\n\n').map((l) => l.replace(/^#+ /, '')));
    expect(paragraphs).toContain('（六）政协九届六次会议第77号提案');
  });

  it('gives a unit’s key its own unit’s rows only, whatever it asks for', async () => {
    const other = await e2e.system.createKey({ role: 'unit-handler', unit: '区住建委', name: '住建委经办人' });
    const own = await e2e.system.createKey({ role: 'unit-leader', unit: '区民政局', name: '民政局局长' });
    const seen = (await e2e.as(other).get(`/api/cycles/${DONGLI}/statistics`).query({ unit: '区民政局' }).expect(200)).body;
    expect(seen.filter).toEqual({ unit: '区住建委' });
    expect(seen.figures.cases).toBe(0);
    expect((await e2e.as(other).get(`/api/cycles/${DONGLI}/units`).expect(200)).body.units).toEqual([]);
    const mine = (await e2e.as(own).get(`/api/cycles/${DONGLI}/units`).expect(200)).body;
    expect(mine.units.map((u: { unit: string }) => u.unit)).toEqual(['区民政局']);
    const md = await e2e.as(own).get(`/api/cycles/${DONGLI}/summary.md`).expect(200);
    expect(md.text).toContain(`${year}年，区民政局共承办建议提案6件`);
    await e2e.anonymous().get(`/api/cycles/${DONGLI}/statistics`).expect(401);
  });
});

// ---- a cycle with mixed outcomes ------------------------------------------------------------

const MIXED = 'stats-mixed';
const PAST = addCalendarDays(today, -200); // deadlines long past: replies now are late
const npc = (number: string, title: string) => ({
  kind: 'npc-suggestion', session: '第十七届人大七次会议', number, title, submitters: [`第${number}号建议领衔代表`], leadUnit: '区民政局', coUnits: [], keySupervised: false, closedSession: false,
});
const cppcc = (number: string, title: string) => ({ ...npc(number, title), kind: 'cppcc-proposal', session: '政协九届六次会议', submitters: [`第${number}号提案领衔委员`] });
const id = (kind: string, number: string) => `${MIXED}.${kind}.${number}`;
const M = {
  onTime: id('npc-suggestion', '1'),
  late: id('npc-suggestion', '2'),
  extended: id('cppcc-proposal', '3'),
  reassigned: id('cppcc-proposal', '4'),
  overdue: id('npc-suggestion', '5'),
  withdrawn: id('npc-suggestion', '6'),
};

describe('a cycle with mixed outcomes: every figure counted by hand', () => {
  beforeAll(async () => {
    // Assigned today: 1 on time, 3 extended, 4 returned and reassigned, 6 withdrawn.
    await http().post('/api/cycles').send({
      cycleId: MIXED, title: '混合情形统计', jurisdiction: '天津市东丽区',
      cases: [npc('1', '关于社区养老的建议'), cppcc('3', '关于社区调解的提案'), cppcc('4', '关于老旧小区改造的提案'), npc('6', '关于撤回事项的建议')],
    }).expect(201);
    // Assigned 200 days ago: 2 replied late, 5 signed late and left unreplied (overdue now).
    await http().post(`/api/cycles/${MIXED}/cases`).send({ assignedOn: PAST, cases: [npc('2', '关于停车难的建议'), npc('5', '关于垃圾分类的建议')] }).expect(201);

    // 1: on time, met face to face, A, satisfied.
    await drive(M.onTime, [...toReply(), visit()]);
    await http().post(`/api/cases/${M.onTime}/survey`).send({ result: 'satisfied' }).expect(200);

    // 2: late, contact and visit by phone (no meeting), B (a promise), 基本满意 entered by the office (代录).
    await drive(M.late, [['sign', {}], ['work-plan', toReply()[1][1]], ['contact', { ...steps.contact, method: 'phone', contactedOn: today }], ...toReply({ classification: 'B' }).slice(3), visit('phone')]);
    await http().post(`/api/cases/${M.late}/survey`).send({ result: 'basically-satisfied', proxyEntry: true }).expect(200);

    // 3: the reply deadline extended by 10 days (approved), replied by it; dissatisfied in round 1, re-handled, satisfied in round 2.
    const due = (await http().get(`/api/cases/${M.extended}`).expect(200)).body.deadlines.find((d: { id: string }) => d.id === 'reply').due.dueOn as string;
    await http().post(`/api/cases/${M.extended}/extension-request`).send({ newDueOn: addCalendarDays(due, 10), reason: '需待市级部门出台配套政策' }).expect(200);
    await http().post(`/api/cases/${M.extended}/extension-decision`).send({ approve: true, note: '同意' }).expect(200);
    await drive(M.extended, [...toReply(), visit()]);
    const reopened = await http().post(`/api/cases/${M.extended}/survey`).send({ result: 'dissatisfied' }).expect(200);
    expect(reopened.body).toMatchObject({ stage: 'rehandling', round: 2 });
    await drive(M.extended, [...toReply().slice(3), visit()]);
    await http().post(`/api/cases/${M.extended}/survey`).send({ result: 'satisfied' }).expect(200);

    // 4: returned by 区民政局, reassigned to 区住建委, which handles it: C, face to face, satisfied.
    await http().post(`/api/cases/${M.reassigned}/return`).send({ reason: '该事项属区住建委职责' }).expect(200);
    await http().post(`/api/cases/${M.reassigned}/return-decision`).send({ decision: 'reassign', newLeadUnit: '区住建委' }).expect(200);
    await drive(M.reassigned, [...toReply({ classification: 'C' }), visit()]);
    await http().post(`/api/cases/${M.reassigned}/survey`).send({ result: 'satisfied' }).expect(200);

    // 5: signed late, nothing else: its work plan, contact and reply deadlines are overdue.
    await drive(M.overdue, [['sign', {}]]);

    // 6: withdrawn.
    await http().post(`/api/cases/${M.withdrawn}/withdraw`).send({ reason: '代表本人申请撤回' }).expect(200);
  }, HOOK_TIMEOUT.setup * 4);

  it('counts the cycle as done by hand', async () => {
    const body = await statisticsWhen(`/api/cycles/${MIXED}/statistics`, (b) => {
      expect(b.figures.closed).toBe(4); // 1 2 3 4
      expect(b.figures.withdrawn).toBe(1);
      expect(b.figures.returns.reassigned).toBe(1);
      expect(b.figures.done.workPlan).toBe(4);
    });
    const f = body.figures;
    expect(f).toMatchObject({
      cases: 6, byKind: { 'npc-suggestion': 4, 'cppcc-proposal': 2 }, keySupervised: 0, ordinary: 6, withdrawn: 1, counted: 5, closed: 4,
      // work plan, contact, reply, visit, survey: 1 2 3 4; face to face: 1 3 4 (2 by phone)
      done: { workPlan: 4, contact: 4, faceToFace: 3, reply: 4, visit: 4, survey: 4 },
      replyRate: rate(4, 5, 0.8),
      // met 1 3(extended) 4; late 2; overdue 5
      onTime: { met: 3, metWithExtension: 1, late: 1, overdue: 1, notYetDue: 0 },
      onTimeRate: rate(3, 5, 0.6),
      meetingRate: rate(3, 5, 0.6),
      returns: { cases: 1, requested: 1, rejected: 0, reassigned: 1, pending: 0 },
      extensions: { cases: 1, requested: 1, approved: 1, rejected: 0, pending: 0 },
      rehandling: { cases: 1, rounds: 1 },
      overdueNow: { cases: 1 },
    });
    // last rounds: 1 满意, 2 基本满意 (代录), 3 满意 (round 2), 4 满意; first rounds: 3 不满意
    expect(f.satisfaction.final).toMatchObject({ satisfied: 3, basicallySatisfied: 1, dissatisfied: 0, noResponse: 0, answered: 4, rate: rate(4, 4, 1) });
    expect(f.satisfaction.firstRound).toMatchObject({ satisfied: 2, basicallySatisfied: 1, dissatisfied: 1, answered: 4, rate: rate(3, 4, 0.75) });
    expect(f.satisfaction.proxyEntered).toMatchObject({ basicallySatisfied: 1, answered: 1 });
    // A: 1 3; B: 2; C: 4
    expect(f.classification.levels.map((l: { code: string; count: number; share: unknown }) => [l.code, l.count, l.share])).toEqual([
      ['A', 2, rate(2, 4, 0.5)], ['B', 1, rate(1, 4, 0.25)], ['C', 1, rate(1, 4, 0.25)],
    ]);
    // 2's promise is owed, not due yet
    expect(f.commitments).toMatchObject({ promised: 1, due: 0, kept: 0, rate: rate(0, 0, null) });
    // 5's overdue deadlines, told to the unit as its ladder went
    expect(body.overdue.map((o: { caseId: string; deadline: string }) => `${o.caseId}:${o.deadline}`).sort()).toEqual(
      [`${M.overdue}:contact`, `${M.overdue}:reply`, `${M.overdue}:work-plan`].sort(),
    );
  });

  it('splits the units: 区民政局 leads 1 2 3 5 6, 区住建委 leads 4 — both unranked below the minimum of 3 assessed cases where they fall short', async () => {
    const table = (await http().get(`/api/cycles/${MIXED}/units`).expect(200)).body;
    const byUnit = Object.fromEntries(table.units.map((u: { unit: string }) => [u.unit, u]));
    // 区民政局: assessed 1 2 3 (closed) and 5 (reply overdue, unsent); 区住建委: 4 only
    expect(byUnit['区民政局']).toMatchObject({ ranked: true, rank: 1, assessedCases: 4, figures: { cases: 5, counted: 4, onTimeRate: rate(2, 4, 0.5), meetingRate: rate(2, 4, 0.5) } });
    expect(byUnit['区住建委']).toMatchObject({ ranked: false, rank: null, assessedCases: 1, figures: { cases: 1, onTimeRate: rate(1, 1, 1) } });
    expect(table.total).toMatchObject({ cases: 6, counted: 5 });
  });

  it('scores each case and re-scores under another kind’s preset when asked, saying which scheme it used', async () => {
    const scores = (await http().get(`/api/cycles/${MIXED}/scores`).query({ unit: '区民政局' }).expect(200)).body;
    const cases = Object.fromEntries(scores.units[0].cases.map((c: { caseId: string }) => [c.caseId, c]));
    // speed 20 / quality 50 / result 30: on time, clean review, satisfied
    expect(cases[M.onTime].score).toBe(100);
    // late: speed 0; quality 50; 基本满意 0.8 × 30 = 24
    expect(cases[M.late].score).toBe(74);
    // unreplied and overdue: speed 0, quality 0, result 0 (not settled)
    expect(cases[M.overdue]).toMatchObject({ assessed: true, score: 0 });
    expect(cases[M.withdrawn]).toBeUndefined();
    const refused = await http().get(`/api/cycles/${MIXED}/scores`).query({ policyId: 'npc-suggestion' }).expect(400);
    expect(refused.body.problems).toEqual([{ field: 'policyVersion', problem: 'policyId and policyVersion go together' }]);
    const unknown = await http().get(`/api/cycles/${MIXED}/scores`).query({ policyId: 'no-such', policyVersion: '1' }).expect(400);
    expect(unknown.body.problems[0].field).toBe('policyId');
  });

  it('writes the summary with the split figures rather than “all on time”', async () => {
    const md = (await http().get(`/api/cycles/${MIXED}/summary.md`).expect(200)).text;
    expect(md).toContain(`${year}年，本批次共交办建议提案6件，其中人大代表建议4件、政协提案2件，撤案1件（不计入各项比率）。`);
    expect(md).toContain('已报送工作方案4件、撰写答复意见4件、走访答复4件，代表委员见面率60%，满意率100%。');
    expect(md).toContain('本批次承办的建议提案5件，按期答复3件，逾期答复1件，逾期未答复1件，按期办结率60%，代表委员见面率60%，满意率100%。');
    expect(md).toContain('其中代录1人次；首轮满意率75%');
    expect(md).toContain('经1轮重新办理');
  });
});
