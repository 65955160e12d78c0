/**
 * Self-service 满意度测评 over real HTTP: the office's signed links, one per submitter and round; each
 * submitter answering through their own link (recorded as theirs, once); forged, expired and
 * superseded links refused; the office's paper entry (代录) beside them.
 */
import { SurveySecret } from '../apps/api/src/survey/survey-secret';
import { signSurveyToken } from '../apps/api/src/survey/survey-token';
import { chinaDateOf } from '../libs/calendar/iso-date';
import { eventually, useTestSystem } from './support/system';

jest.setTimeout(300_000);

const e2e = useTestSystem('survey-links');
const { http } = e2e;

const CYCLE = 'survey-links';
const JOINT = `${CYCLE}.npc-suggestion.7`;
const SINGLE = `${CYCLE}.npc-suggestion.8`;
const SUBMITTERS = ['甲代表', '乙代表', '丙代表'];
const REPLY_TEXT = '一、关于社区养老\n（一）已建成日间照料中心。\n下一步，继续扩大服务覆盖面。';
const today = chinaDateOf(new Date());

const cycle = {
  cycleId: CYCLE,
  title: '测评链接',
  cases: [
    { kind: 'npc-suggestion', session: '第十七届人大七次会议', number: '7', title: '关于发展社区养老的建议', submitters: SUBMITTERS, leadUnit: '区民政局', coUnits: [] },
    { kind: 'npc-suggestion', session: '第十七届人大七次会议', number: '8', title: '关于改善公交线路的建议', submitters: ['丁代表'], leadUnit: '区交通局', coUnits: [] },
  ],
};

const draft = { text: REPLY_TEXT, classification: 'A', contactPerson: '王五', contactPhone: '022-12345678' };

async function post(caseId: string, step: string, body: object): Promise<void> {
  await http().post(`/api/cases/${caseId}/${step}`).send(body).expect(200);
}

async function driveToReply(caseId: string): Promise<void> {
  await post(caseId, 'sign', {});
  await post(caseId, 'work-plan', { summary: '分管领导牵头', responsible: '养老科', plannedCompletionOn: '2099-06-30' });
  await post(caseId, 'contact', { method: 'phone', contactedOn: today });
  await post(caseId, 'draft-reply', draft);
  await post(caseId, 'sign-off', {});
  await post(caseId, 'review', { decision: 'approve' });
  await post(caseId, 'reply', { repliedOn: today });
}

type Link = { submitter: string; lead: boolean; token: string; url: string; apiUrl: string; expiresAt: string; answered: boolean };
type Links = { caseId: string; round: number; expiresAt: string; links: Link[] };

/** The links, once the round's survey window is open (its due date is computed a moment after the reply). */
async function linksOf(caseId: string): Promise<Links> {
  return eventually(async () => (await http().get(`/api/cases/${caseId}/survey-links`).expect(200)).body as Links);
}

const page = (token: string) => e2e.anonymous().get(`/api/survey/${token}`);
const answer = (token: string, body: object) => e2e.anonymous().post(`/api/survey/${token}`).send(body);

let links: Links;

beforeAll(async () => {
  await http().post('/api/cycles').send(cycle).expect(201);
});

describe('the office’s links', () => {
  it('are refused until the round’s reply is out', async () => {
    const res = await http().get(`/api/cases/${JOINT}/survey-links`).expect(409);
    expect(res.body).toMatchObject({ error: 'SurveyNotOpen' });
  });

  it('once the reply is out: one per submitter of a joint case, for round 1, expiring with its survey window', async () => {
    await driveToReply(JOINT);
    links = await linksOf(JOINT);
    const view = (await http().get(`/api/cases/${JOINT}`).expect(200)).body;
    const window = view.surveyWindows.find((w: { round: number }) => w.round === 1);
    expect(links).toMatchObject({ caseId: JOINT, round: 1, expiresAt: window.due.dueAt });
    expect(links.links.map((l) => [l.submitter, l.lead, l.answered, l.expiresAt])).toEqual([
      ['甲代表', true, false, window.due.dueAt],
      ['乙代表', false, false, window.due.dueAt],
      ['丙代表', false, false, window.due.dueAt],
    ]);
    expect(new Set(links.links.map((l) => l.token)).size).toBe(3);
    for (const l of links.links) {
      expect(l.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      expect(l.url).toMatch(new RegExp(`^http://.+/survey/${l.token}$`));
      expect(l.apiUrl).toMatch(new RegExp(`^http://.+/api/survey/${l.token}$`));
    }
  });
});

describe('answering through one’s own link', () => {
  it('shows the reply, the case, whom the link is for and the questions; no key needed; not open before the visit', async () => {
    const res = await page(links.links[0].token).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      caseId: JOINT, kind: 'npc-suggestion', caseNumberLabel: '第十七届人大七次会议第7号建议', session: '第十七届人大七次会议', number: '7',
      title: '关于发展社区养老的建议', unit: '区民政局', submitter: '甲代表', round: 1, expiresAt: links.expiresAt,
      reply: { text: REPLY_TEXT, repliedOn: today },
      questions: [
        { id: 'result', label: '您对办理结果是否满意？', options: [{ value: 'satisfied', label: '满意' }, { value: 'basically-satisfied', label: '基本满意' }, { value: 'dissatisfied', label: '不满意' }] },
        { id: 'attitude', label: '您对办理态度是否满意？', options: [{ value: 'satisfied', label: '满意' }, { value: 'basically-satisfied', label: '基本满意' }, { value: 'dissatisfied', label: '不满意' }] },
      ],
      answered: false,
      open: false,
      notice: expect.stringContaining('走访'),
    });
    // Nothing of the contact lines or the other submitters.
    expect(JSON.stringify(res.body)).not.toMatch(/王五|022-12345678|乙代表|丙代表/);
    const early = await answer(links.links[0].token, { result: 'satisfied', attitude: 'satisfied' }).expect(409);
    expect(early.body).toMatchObject({ error: 'SurveyNotOpen', message: expect.stringMatching(/^暂不能测评/) });
  });

  it('records each submitter’s answer as their own (recordedBy the submitter, not a proxy entry), once', async () => {
    await post(JOINT, 'visit', { visitedOn: today, method: 'face-to-face', participants: ['局长'] });
    const first = await answer(links.links[0].token, { result: 'satisfied', attitude: 'satisfied' }).expect(200);
    expect(first.body).toMatchObject({
      submitter: '甲代表', answered: true, open: false,
      answer: { result: 'satisfied', resultLabel: '满意', attitude: 'satisfied', attitudeLabel: '满意', recordedAt: expect.any(String) },
    });
    const second = await answer(links.links[1].token, { result: 'basically-satisfied', attitude: 'satisfied' }).expect(200);
    expect(second.body.answer).toMatchObject({ result: 'basically-satisfied' });

    const view = (await http().get(`/api/cases/${JOINT}`).expect(200)).body;
    expect(view.surveys).toEqual([
      { submitter: '甲代表', result: 'satisfied', attitude: 'satisfied', round: 1, proxyEntry: false, recordedAt: expect.any(String), recordedBy: '甲代表' },
      { submitter: '乙代表', result: 'basically-satisfied', attitude: 'satisfied', round: 1, proxyEntry: false, recordedAt: expect.any(String), recordedBy: '乙代表' },
    ]);
    expect(view.history.filter((h: { action: string }) => h.action === 'survey').map((h: { actor: string; details: unknown }) => [h.actor, h.details])).toEqual([
      ['甲代表', { submitter: '甲代表', result: 'satisfied', proxyEntry: false }],
      ['乙代表', { submitter: '乙代表', result: 'basically-satisfied', proxyEntry: false }],
    ]);
    const listed = (await http().get(`/api/cases/${JOINT}/survey-links`).expect(200)).body as Links;
    expect(listed.links.map((l) => l.answered)).toEqual([true, true, false]);
  });

  it('refuses a second answer through the same link, and changes nothing', async () => {
    const again = await answer(links.links[0].token, { result: 'dissatisfied', attitude: 'dissatisfied' }).expect(409);
    expect(again.body).toEqual({ statusCode: 409, error: 'SurveyAlreadyAnswered', message: expect.stringMatching(/^您已提交本轮测评/) });
    const same = await answer(links.links[0].token, { result: 'satisfied', attitude: 'satisfied' }).expect(409);
    expect(same.body.error).toBe('SurveyAlreadyAnswered');
    const view = (await http().get(`/api/cases/${JOINT}`).expect(200)).body;
    expect(view.surveys.filter((s: { submitter: string }) => s.submitter === '甲代表')).toHaveLength(1);
  });

  it('asks for the attitude where the policy asks it, and takes nothing but the answer', async () => {
    const missing = await answer(links.links[2].token, { result: 'satisfied' }).expect(400);
    expect(missing.body.problems).toEqual([{ field: 'attitude', problem: expect.stringMatching(/^请评价办理态度/) }]);
    const actor = await answer(links.links[2].token, { result: 'satisfied', attitude: 'satisfied', actor: '冒名者', proxyEntry: true }).expect(400);
    expect(actor.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['actor', 'proxyEntry']);
  });

  it('leaves the office its paper entry (代录) for another submitter; that link then shows the answer and takes no other', async () => {
    const closed = await http().post(`/api/cases/${JOINT}/survey`)
      .send({ submitter: '丙代表', result: 'satisfied', attitude: 'basically-satisfied', proxyEntry: true, actor: '区人大代表工委 王五' }).expect(200);
    expect(closed.body.stage).toBe('closed');
    expect(closed.body.surveys[2]).toMatchObject({ submitter: '丙代表', proxyEntry: true, recordedBy: 'e2e office（代录：区人大代表工委 王五）' });
    const shown = await page(links.links[2].token).expect(200);
    expect(shown.body).toMatchObject({ answered: true, open: false, answer: { result: 'satisfied', attitude: 'basically-satisfied' } });
    const refused = await answer(links.links[2].token, { result: 'dissatisfied', attitude: 'dissatisfied' }).expect(409);
    expect(refused.body.error).toBe('SurveyAlreadyAnswered');
  });
});

describe('links that are not good', () => {
  it('refuses a forged link: altered, signed with another key, or garbage (401, in Chinese first)', async () => {
    const [payload, signature] = links.links[0].token.split('.');
    const claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const asAnother = Buffer.from(JSON.stringify({ ...claim, s: '乙代表' })).toString('base64url');
    const forged = [
      `${asAnother}.${signature}`,
      signSurveyToken({ caseId: JOINT, submitter: '甲代表', round: 1, expiresAt: new Date(Date.now() + 86_400_000) }, 'x'.repeat(48)),
      'not-a-token',
      `${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`,
    ];
    for (const token of forged) {
      const shown = await page(encodeURIComponent(token)).expect(401);
      expect(shown.body).toEqual({ statusCode: 401, error: 'SurveyLinkInvalid', message: expect.stringMatching(/^测评链接无效/) });
      await answer(encodeURIComponent(token), { result: 'satisfied', attitude: 'satisfied' }).expect(401);
    }
  });

  it('refuses an expired link (410), even one the server signed', async () => {
    // Signed with the server's own secret, for a window that ended yesterday.
    const secret = e2e.system.api.get(SurveySecret).value;
    const expired = signSurveyToken({ caseId: SINGLE, submitter: '丁代表', round: 1, expiresAt: new Date(Date.now() - 86_400_000) }, secret);
    const shown = await page(expired).expect(410);
    expect(shown.body).toEqual({ statusCode: 410, error: 'SurveyLinkExpired', message: expect.stringMatching(/^测评链接已过期/) });
    await answer(expired, { result: 'satisfied', attitude: 'satisfied' }).expect(410);
  });

  it('refuses a link of a past round once a dissatisfied answer reopened the case; the new round gets new links', async () => {
    await driveToReply(SINGLE);
    const round1 = await linksOf(SINGLE);
    await post(SINGLE, 'visit', { visitedOn: today, method: 'phone', participants: ['科长'] });
    const dissatisfied = await answer(round1.links[0].token, { result: 'dissatisfied', attitude: 'satisfied' }).expect(200);
    expect(dissatisfied.body.answer.result).toBe('dissatisfied');
    const reopened = (await http().get(`/api/cases/${SINGLE}`).expect(200)).body;
    expect(reopened).toMatchObject({ stage: 'rehandling', round: 2 });

    const stale = await page(round1.links[0].token).expect(410);
    expect(stale.body).toMatchObject({ error: 'SurveyLinkSuperseded', message: expect.stringMatching(/^本件已进入新一轮办理/) });
    await answer(round1.links[0].token, { result: 'satisfied', attitude: 'satisfied' }).expect(410);
    await http().get(`/api/cases/${SINGLE}/survey-links`).expect(409);

    // Round 2: a new reply, new links.
    await post(SINGLE, 'draft-reply', { ...draft, text: '经重新办理，已调整公交线路。' });
    await post(SINGLE, 'sign-off', {});
    await post(SINGLE, 'review', { decision: 'approve' });
    await post(SINGLE, 'reply', {});
    const round2 = await linksOf(SINGLE);
    expect(round2.round).toBe(2);
    expect(round2.links[0].token).not.toBe(round1.links[0].token);
    const shown = await page(round2.links[0].token).expect(200);
    expect(shown.body).toMatchObject({ round: 2, answered: false, reply: { text: '经重新办理，已调整公交线路。' } });
  });

  it('applies a double submit (two taps at once) once', async () => {
    await post(SINGLE, 'visit', { visitedOn: today, method: 'phone', participants: ['科长'] });
    const token = (await linksOf(SINGLE)).links[0].token;
    const both = await Promise.all([1, 2].map(() => answer(token, { result: 'satisfied', attitude: 'satisfied' })));
    // Both read the case before either answer was in; the update id from the token lets one apply.
    expect(both.map((r) => r.status).filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(both.some((r) => r.status === 200)).toBe(true);
    const view = (await http().get(`/api/cases/${SINGLE}`).expect(200)).body;
    expect(view.surveys.filter((s: { round: number }) => s.round === 2)).toEqual([
      { submitter: '丁代表', result: 'satisfied', attitude: 'satisfied', round: 2, proxyEntry: false, recordedAt: expect.any(String), recordedBy: '丁代表' },
    ]);
    expect(view.stage).toBe('closed');
  });
});
