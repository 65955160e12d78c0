/**
 * The reply letter (答复函) read back from the .docx, as sent and as published, and the public
 * search of published replies — over real HTTP, against the API and worker on a Temporal dev server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { chinaDateOf } from '../libs/calendar/iso-date';
import { docxPackageText, docxText } from './support/docx';
import { eventually, useTestSystem } from './support/system';

jest.setTimeout(300_000);

const e2e = useTestSystem('letters');
const { http } = e2e;

/** The Chengde case (test/fixtures/chengde-273.json): 贠连成's suggestion No. 273 to 承德高新区管委会. */
const chengde = JSON.parse(readFileSync(join(__dirname, 'fixtures/chengde-273.json'), 'utf8'));
const CHENGDE = 'chengde-hitech-2024.npc-suggestion.273';
const UNIT = '承德高新区管委会';
const PHONE = '0314-7654321';
const CONTACT = '李明';

/** A reply written for this test in the letter's layout: sections 一、 with sub-points （一）, and a closing 下一步 paragraph. */
const REPLY = [
  '高新区高度重视社区治理工作，结合代表建议，重点做了以下工作。',
  '一、完善网格治理体系',
  '（一）健全网格组织。全区按小区划分网格，配齐专兼职网格员。',
  '（二）畅通民意渠道。通过入户走访和线上群组收集居民诉求，及时办理反馈。',
  '二、提升社区服务能力',
  '（一）充实社区工作力量。新招聘社区工作者，优化岗位设置。',
  '（二）发展居家养老服务。建设日间照料服务站，提供助餐助医等服务。',
  '下一步，高新区将继续完善社区治理机制，不断提升社区治理水平。',
];

/** A CPPCC cycle: a joint proposal (two members) under a policy that does not print the mark, and one left unhandled. */
const CPPCC_CYCLE = 'letters-cppcc';
const CPPCC = `${CPPCC_CYCLE}.cppcc-proposal.45`;
const CPPCC_IDLE = `${CPPCC_CYCLE}.cppcc-proposal.46`;
const CPPCC_UNIT = '承德高新区社会事务局';
const CPPCC_SESSION = '政协承德市第十二届委员会第三次会议';
const CPPCC_REPLY = '一、基本情况\n（一）摸清底数。已完成老旧小区普查。\n下一步，将分批推进改造。';
const cppccCycle = {
  cycleId: CPPCC_CYCLE,
  title: '承德高新区 政协提案办理',
  policyOverrides: { 'cppcc-proposal': { documents: { printClassification: false } } },
  cases: [
    { kind: 'cppcc-proposal', session: CPPCC_SESSION, number: '45', title: '关于加快老旧小区改造的提案', submitters: ['刘建华', '王丽'], leadUnit: CPPCC_UNIT, coUnits: [] },
    { kind: 'cppcc-proposal', session: CPPCC_SESSION, number: '46', title: '关于增设社区停车位的提案', submitters: ['赵强'], leadUnit: CPPCC_UNIT, coUnits: [] },
  ],
};

/** Reads an answer's body as bytes, whatever its type. */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
const getDocx = async (client: ReturnType<typeof http>, url: string): Promise<Response> => client.get(url).buffer(true).parse(binary);

/** 2026年11月30日 for 2026-11-30 (written out here, not by the code under test). */
function written(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Every step up to the reply for a case without co-units, with this draft. */
async function driveToReply(caseId: string, draft: object, reply: object): Promise<void> {
  const path: [string, object][] = [
    ['sign', {}],
    ['work-plan', { summary: '分管领导牵头落实', responsible: '社区办', plannedCompletionOn: '2099-06-30' }],
    ['contact', { method: 'face-to-face', contactedOn: chinaDateOf(new Date()), note: '当面沟通' }],
    ['draft-reply', draft],
    ['sign-off', { note: '同意' }],
    ['review', { decision: 'approve' }],
  ];
  for (const [step, body] of path) await http().post(`/api/cases/${caseId}/${step}`).send(body).expect(200);
  const early = await getDocx(http(), `/api/cases/${caseId}/letter.docx`);
  expect(early.status).toBe(409);
  expect(JSON.parse(early.body.toString('utf8'))).toMatchObject({ error: 'LetterNotReady' });
  await http().post(`/api/cases/${caseId}/reply`).send(reply).expect(200);
}

const today = chinaDateOf(new Date());

describe('the Chengde case’s reply letter', () => {
  it('launches the Chengde cycle and drives case 273 to its reply', async () => {
    const launched = await http().post('/api/cycles').send(chengde).expect(201);
    expect(launched.body.cases).toEqual([{ caseId: CHENGDE, kind: 'npc-suggestion', number: '273' }]);
    await driveToReply(CHENGDE, { text: REPLY.join('\n'), classification: 'A', contactPerson: CONTACT, contactPhone: PHONE }, { repliedOn: today });
  });

  it('as sent: opens with 尊敬的贠连成代表： and the opening formula, then the reply’s own paragraphs; ends with the unit, the date and the contact lines', async () => {
    const res = await getDocx(http(), `/api/cases/${CHENGDE}/letter.docx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('对承德市第十五届人民代表大会第五次会议第273号建议的答复.docx')}`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(docxText(res.body)).toEqual([
      '答复类别：A', // the npc-suggestion preset prints the mark
      '对承德市第十五届人民代表大会第五次会议第273号建议的答复',
      '尊敬的贠连成代表：',
      '您提出的关于提升城市社区治理水平的建议收悉，现答复如下：',
      ...REPLY,
      UNIT,
      written(today),
      `联系人：${CONTACT}　　联系电话：${PHONE}`,
    ]);
  });

  it('the published letter: none before the reply is published; then the same letter, ending with the unit and the date, with no phone and no contact person anywhere in the file', async () => {
    const before = await getDocx(e2e.anonymous(), `/api/public/cases/${CHENGDE}/letter.docx`);
    expect(before.status).toBe(404);
    expect(JSON.parse(before.body.toString('utf8'))).toMatchObject({ error: 'LetterNotFound' });

    await http().post(`/api/cases/${CHENGDE}/publish`).send({ public: true }).expect(200);
    const res = await getDocx(e2e.anonymous(), `/api/public/cases/${CHENGDE}/letter.docx`);
    expect(res.status).toBe(200);
    const text = docxText(res.body);
    expect(text.slice(0, 4)).toEqual([
      '答复类别：A',
      '对承德市第十五届人民代表大会第五次会议第273号建议的答复',
      '尊敬的贠连成代表：',
      '您提出的关于提升城市社区治理水平的建议收悉，现答复如下：',
    ]);
    expect(text.slice(-2)).toEqual([UNIT, written(today)]);
    const everything = docxPackageText(res.body);
    expect(everything).not.toContain(PHONE);
    expect(everything).not.toContain('7654321');
    expect(everything).not.toMatch(/联系电话|联系人/);
    expect(everything).not.toContain(CONTACT);
  });
});

describe('a CPPCC proposal’s letter', () => {
  it('says 委员 and 提案, addresses both members of a joint proposal (or one, when asked), and prints no mark under a policy that says so', async () => {
    await http().post('/api/cycles').send(cppccCycle).expect(201);
    await driveToReply(CPPCC, { text: CPPCC_REPLY, classification: 'B', contactPerson: '周敏', contactPhone: '0314-1112223' }, {});
    const res = await getDocx(http(), `/api/cases/${CPPCC}/letter.docx`);
    expect(res.status).toBe(200);
    // No repliedOn: the day the reply was sent, in China.
    const repliedAt = (await http().get(`/api/cases/${CPPCC}`).expect(200)).body.reply.repliedAt as string;
    expect(docxText(res.body)).toEqual([
      `对${CPPCC_SESSION}第45号提案的答复`,
      '尊敬的刘建华、王丽委员：',
      '您们提出的关于加快老旧小区改造的提案收悉，现答复如下：',
      '一、基本情况',
      '（一）摸清底数。已完成老旧小区普查。',
      '下一步，将分批推进改造。',
      CPPCC_UNIT,
      written(chinaDateOf(repliedAt)),
      '联系人：周敏　　联系电话：0314-1112223',
    ]);
    const one = await getDocx(http(), `/api/cases/${CPPCC}/letter.docx?submitter=${encodeURIComponent('王丽')}`);
    expect(docxText(one.body).slice(1, 3)).toEqual(['尊敬的王丽委员：', '您提出的关于加快老旧小区改造的提案收悉，现答复如下：']);
    const stranger = await http().get(`/api/cases/${CPPCC}/letter.docx`).query({ submitter: '贠连成' }).expect(400);
    expect(stranger.body.problems).toEqual([{ field: 'submitter', problem: 'must be one of: 刘建华, 王丽' }]);
  });

  it('has no public letter when the reply was published redacted (nor text on the public page)', async () => {
    await http().post(`/api/cases/${CPPCC}/publish`).send({ public: true, redacted: true }).expect(200);
    const res = await getDocx(e2e.anonymous(), `/api/public/cases/${CPPCC}/letter.docx`);
    expect(res.status).toBe(404);
    const page = await e2e.anonymous().get(`/api/public/cases/${CPPCC}`).expect(200);
    expect(page.body.publication).toEqual({ publishedAt: expect.any(String), redacted: true });
    expect(page.body).not.toHaveProperty('reply');
  });
});

describe('the public search of published replies', () => {
  type Listed = { caseId: string; publication?: { redacted: boolean } } & Record<string, unknown>;
  const search = async (query: Record<string, string>): Promise<{ total: number; cases: Listed[] }> =>
    (await e2e.anonymous().get('/api/public/cases').query(query).expect(200)).body;
  const ids = async (query: Record<string, string>) => (await search(query)).cases.map((c) => c.caseId);

  it('lists only published replies with published=true, once the read model has them', async () => {
    await eventually(async () => expect(await ids({ published: 'true' })).toEqual([CHENGDE, CPPCC]));
    expect(await ids({ published: 'false' })).toEqual([CPPCC_IDLE]);
  });

  it('finds them by session, number, unit and words', async () => {
    expect(await ids({ published: 'true', session: '承德市第十五届人民代表大会第五次会议' })).toEqual([CHENGDE]);
    expect(await ids({ published: 'true', session: CPPCC_SESSION })).toEqual([CPPCC]);
    expect(await ids({ published: 'true', number: '273' })).toEqual([CHENGDE]);
    expect(await ids({ published: 'true', number: '45', kind: 'cppcc-proposal' })).toEqual([CPPCC]);
    expect(await ids({ published: 'true', unit: UNIT })).toEqual([CHENGDE]);
    expect(await ids({ published: 'true', unit: CPPCC_UNIT })).toEqual([CPPCC]);
    // Words of the title, and of a reply published in full.
    expect(await ids({ published: 'true', q: '社区治理' })).toEqual([CHENGDE]);
    expect(await ids({ published: 'true', q: '日间照料 网格' })).toEqual([CHENGDE]);
    expect(await ids({ published: 'true', q: '老旧小区' })).toEqual([CPPCC]);
  });

  it('never finds words the public may not read: a redacted reply, the submitters, the contact person or phone', async () => {
    expect(await ids({ q: '摸清底数' })).toEqual([]); // the redacted reply's text
    expect(await ids({ q: '贠连成' })).toEqual([]);
    expect(await ids({ q: '刘建华' })).toEqual([]);
    expect(await ids({ q: CONTACT })).toEqual([]);
    expect(await ids({ q: PHONE })).toEqual([]);
  });

  it('answers the public fields only', async () => {
    const { total, cases } = await search({ published: 'true' });
    expect(total).toBe(2);
    expect(cases[0]).toEqual({
      caseId: CHENGDE, cycleId: 'chengde-hitech-2024', kind: 'npc-suggestion', session: '承德市第十五届人民代表大会第五次会议', number: '273',
      title: '关于提升城市社区治理水平的建议', leadUnit: UNIT, coUnits: [], stage: expect.any(String), stageLabel: expect.any(String),
      publication: { publishedAt: expect.any(String), redacted: false },
    });
    expect(cases[1].publication).toEqual({ publishedAt: expect.any(String), redacted: true });
    const text = JSON.stringify(cases);
    for (const hidden of ['贠连成', '刘建华', '王丽', CONTACT, PHONE, '周敏', '网格组织', '摸清底数', 'submitters', 'history', 'deadlines']) {
      expect(text).not.toContain(hidden);
    }
  });

  it('pages and refuses filters it does not have', async () => {
    const first = await search({ published: 'true', limit: '1' });
    const second = await search({ published: 'true', limit: '1', offset: '1' });
    expect([first.total, first.cases.map((c) => c.caseId), second.cases.map((c) => c.caseId)]).toEqual([2, [CHENGDE], [CPPCC]]);
    const bad = await e2e.anonymous().get('/api/public/cases').query({ published: 'yes', submitter: '贠连成' }).expect(400);
    expect(bad.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['published', 'submitter']);
  });
});
