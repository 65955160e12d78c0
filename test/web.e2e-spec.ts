/**
 * The dashboard (apps/web) in headless Chromium, against the whole system (real API, worker and
 * Temporal): Debian's chromium driven by playwright-core, at 1366×768, the window of an office
 * screen. Every page's screenshot is saved under test-results/screenshots/.
 *
 * Needs the dashboard built (`npm run build:web`, which `npm test` runs first) and Chromium
 * (`scripts/ensure-chromium.sh` installs it when it can); without either the suite fails saying so.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SurveySecret } from '../apps/api/src/survey/survey-secret';
import { signSurveyToken } from '../apps/api/src/survey/survey-token';
import { ALERT_TEXTS } from '../libs/alerts/alert-texts';
import { LABELS } from '../libs/i18n';
import { docxText } from './support/docx';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT, useTeardown } from './support/teardown';

jest.setTimeout(600_000);

const e2e = useTestSystem('web');
const teardown = useTeardown();

const CHROMIUM = process.env.BANLI_CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_INDEX = resolve(__dirname, '../dist/web/index.html');
const SHOTS = resolve(__dirname, '../test-results/screenshots');
const VIEWPORT = { width: 1366, height: 768 };
/** A phone's screen (a submitter opening their survey link). */
const PHONE = { width: 390, height: 844 };
const W = LABELS.web;

const UNIT = '区民政局';
const CYCLE = 'web-cycle';
const JURISDICTION = '天津市东丽区';

let browser: Browser;
let base = '';
let handlerKey = '';
let leaderKey = '';
let supervisorKey = '';
/** Errors the pages reported: a script that failed, or the CSP refusing one of the app's own resources. */
const pageErrors: string[] = [];

/** Today and later days as civil dates in China. */
function chinaDate(daysFromToday = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

const caseRow = (number: string, title: string, extra: Record<string, unknown> = {}) => ({
  kind: 'npc-suggestion', session: '第十七届人大七次会议', number, title, submitters: [`第${number}号建议领衔代表`],
  leadUnit: UNIT, coUnits: [], keySupervised: false, closedSession: false, ...extra,
});

async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300); // let charts and transitions settle
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** A fresh browser context (its own sessionStorage: one person) on a 1366×768 screen, signed in with `key` if given. */
async function openPage(key?: string, viewport = VIEWPORT): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true, ...(viewport === PHONE ? { isMobile: true, hasTouch: true } : {}) });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) pageErrors.push(`csp: ${msg.text()}`);
  });
  if (key) {
    await page.goto(`${base}/signin`);
    await page.getByTestId('key-input').fill(key);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('whoami').waitFor();
  }
  return page;
}

async function waitForStage(page: Page, stage: keyof typeof LABELS.stage): Promise<void> {
  await page.getByTestId('case-stage').filter({ hasText: new RegExp(`^${LABELS.stage[stage]}$`) }).waitFor({ timeout: 60_000 });
}

async function fillDate(page: Page, id: string, date: string): Promise<void> {
  const input = page.locator(`#${id}`);
  await input.click();
  await input.fill(date);
  await input.press('Tab'); // leaving the field commits the typed date (Enter would submit the form)
}

/** Picks an option of the select of `field` in the form `form`. */
async function choose(page: Page, form: string, field: string, label: string): Promise<void> {
  await page.locator(`[data-testid="${form}"] [data-field="${field}"] .ant-select`).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: label }).first().click();
}

async function openActionTab(page: Page, action: string): Promise<void> {
  await page.getByTestId(`action-tab-${action}`).click();
  await page.getByTestId(`step-${action}`).waitFor();
}

async function submit(page: Page, action: string): Promise<void> {
  await page.getByTestId(`step-${action}-submit`).click();
}

/** The text shown under a field of a step form (Ant Design's explanation of the field's error). */
function fieldError(page: Page, form: string, field: string) {
  return page.locator(`[data-testid="${form}"] [data-field="${field}"] .ant-form-item-explain-error`);
}

async function launch(body: object): Promise<string[]> {
  const res = await e2e.http().post('/api/cycles').send(body);
  expect([201, 202]).toContain(res.status);
  return (res.body.cases as { caseId: string }[]).map((c) => c.caseId);
}

async function caseOf(caseId: string) {
  return (await e2e.http().get(`/api/cases/${encodeURIComponent(caseId)}`).expect(200)).body;
}

/** Waits until the read model lists the case (lists are eventually consistent). */
async function listed(caseId: string): Promise<void> {
  await eventually(async () => {
    const ids = (await e2e.http().get('/api/cases').query({ cycleId: caseId.split('.')[0] }).expect(200)).body.cases.map((c: { caseId: string }) => c.caseId);
    expect(ids).toContain(caseId);
  }, 60_000);
}

beforeAll(async () => {
  if (!existsSync(WEB_INDEX)) throw new Error(`the dashboard is not built (${WEB_INDEX} missing): run npm run build:web (npm test does)`);
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's chromium (apt-get install chromium; npm test does when it runs as root) or set BANLI_CHROMIUM_PATH`);
  }
  mkdirSync(SHOTS, { recursive: true });
  // playwright-core gives each launch a fresh, empty user-data-dir of its own (a temporary directory).
  browser = teardown.add('Chromium', await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  }), (b) => b.close());
  base = `http://127.0.0.1:${(e2e.system.server.address() as AddressInfo).port}`;
  handlerKey = await e2e.system.createKey({ role: 'unit-handler', unit: UNIT, name: '张三' });
  leaderKey = await e2e.system.createKey({ role: 'unit-leader', unit: UNIT, name: '李局长' });
  supervisorKey = await e2e.system.createKey({ role: 'supervisor', name: '区政府督查室' });
}, HOOK_TIMEOUT.setup);

afterAll(() => {
  expect(pageErrors).toEqual([]);
});

describe('the dashboard', () => {
  it('is served at / with its own scripts under the CSP, and leaves /api, /health and /metrics to the API', async () => {
    const index = await e2e.anonymous().get('/cases/some-case').expect(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.text).toContain('<div id="root">');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)![1];
    await e2e.anonymous().get(script).expect(200).expect('content-type', /javascript/);
    await e2e.anonymous().get('/api/no-such-route').expect(404).expect('content-type', /json/);
    await e2e.anonymous().get('/health').expect((res) => expect(res.headers['content-type']).toMatch(/json/));
    const metrics = await e2e.anonymous().get('/metrics');
    expect(metrics.headers['content-type']).not.toMatch(/text\/html/);
    expect(metrics.text).not.toContain('<div id="root">');
  });

  it('signs in with a key and refuses a bad one, saying why', async () => {
    const page = await openPage();
    await page.goto(`${base}/`);
    await page.getByTestId('key-input').waitFor();
    await screenshot(page, '01-sign-in');
    await page.getByTestId('key-input').fill('banli_not-a-key-at-all-not-a-key-at-');
    await page.getByTestId('sign-in').click();
    await page.getByText(W.signIn.refused).waitFor();
    await page.getByTestId('key-input').fill(supervisorKey);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('whoami').filter({ hasText: LABELS.role.supervisor }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/overview');
    await page.context().close();
  });

  it('lets a unit handler handle a case from 签收 to 答复 through the forms (the leader signs off, the supervisor reviews, each in the browser)', async () => {
    const [caseId] = await launch({ cycleId: CYCLE, title: '东丽区 2026 年建议办理', jurisdiction: JURISDICTION, cases: [caseRow('1', '关于加强社区养老服务的建议')] });
    await listed(caseId);

    const handler = await openPage(handlerKey);
    // A handler starts on its unit's page, and sees only its unit's menu.
    expect(decodeURIComponent(new URL(handler.url()).pathname)).toBe(`/units/${UNIT}`);
    expect(await handler.locator('.ant-menu-item').allInnerTexts()).not.toContain(W.menu.launch);
    await handler.getByRole('link', { name: '关于加强社区养老服务的建议' }).waitFor();
    await screenshot(handler, '02-unit-page');
    await handler.getByRole('link', { name: '关于加强社区养老服务的建议' }).click();
    await waitForStage(handler, 'assigned');
    // The case's actions are the key's own: sign or return, never the office's withdraw.
    const tabs = await handler.locator('[data-testid^="action-tab-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(tabs).toEqual(expect.arrayContaining(['action-tab-sign', 'action-tab-return']));
    expect(tabs).not.toContain('action-tab-withdraw');
    await handler.getByTestId('case-deadlines').locator('[data-light="green"]').first().waitFor();
    await screenshot(handler, '03-case-assigned');

    // 签收
    await submit(handler, 'sign');
    await waitForStage(handler, 'signed');
    // 工作方案
    await openActionTab(handler, 'work-plan');
    await handler.locator('#step-work-plan_summary').fill('分管领导牵头，养老服务科落实');
    await handler.locator('#step-work-plan_responsible').fill('养老服务科 李四');
    await fillDate(handler, 'step-work-plan_plannedCompletionOn', chinaDate(30));
    await submit(handler, 'work-plan');
    await waitForStage(handler, 'planned');
    // 办前沟通
    await openActionTab(handler, 'contact');
    await choose(handler, 'step-contact', 'method', LABELS.contactMethod['face-to-face']);
    await fillDate(handler, 'step-contact_contactedOn', chinaDate());
    await handler.locator('#step-contact_note').fill('到代表所在社区当面沟通');
    await submit(handler, 'contact');
    await waitForStage(handler, 'contacted');
    // 草拟答复: the API's problem with the phone number is shown beside the phone field; then corrected.
    await openActionTab(handler, 'draft-reply');
    await handler.locator('#step-draft-reply_text').fill('您提出的关于加强社区养老服务的建议收悉，现答复如下：……');
    await choose(handler, 'step-draft-reply', 'classification', `A ${LABELS.classification.A}`);
    await handler.locator('#step-draft-reply_contactPerson').fill('王五');
    await handler.locator('#step-draft-reply_contactPhone').fill('请拨总机');
    await submit(handler, 'draft-reply');
    await fieldError(handler, 'step-draft-reply', 'contactPhone').filter({ hasText: 'must be a phone number' }).waitFor();
    expect(await fieldError(handler, 'step-draft-reply', 'text').count()).toBe(0);
    await screenshot(handler, '04-case-field-refused');
    expect((await caseOf(caseId)).stage).toBe('contacted');
    await handler.locator('#step-draft-reply_contactPhone').fill('022-12345678');
    await submit(handler, 'draft-reply');
    await waitForStage(handler, 'drafted');
    // A handler may not sign off (审签 is the leader's): no such form.
    expect(await handler.getByTestId('action-tab-sign-off').count()).toBe(0);

    // 审签, by the unit's leader in their own browser.
    const leader = await openPage(leaderKey);
    await leader.goto(`${base}/cases/${encodeURIComponent(caseId)}`);
    await waitForStage(leader, 'drafted');
    await openActionTab(leader, 'sign-off');
    await leader.locator('#step-sign-off_note').fill('同意，加盖公章');
    await submit(leader, 'sign-off');
    await waitForStage(leader, 'signed-off');
    await leader.context().close();

    // 督办审核, by the supervisor.
    const supervisor = await openPage(supervisorKey);
    await supervisor.goto(`${base}/cases/${encodeURIComponent(caseId)}`);
    await waitForStage(supervisor, 'signed-off');
    await openActionTab(supervisor, 'review');
    await choose(supervisor, 'step-review', 'decision', LABELS.reviewDecision.approve);
    await submit(supervisor, 'review');
    await waitForStage(supervisor, 'reviewed');
    await screenshot(supervisor, '05-case-reviewed-by-supervisor');
    await supervisor.context().close();

    // 答复, back on the handler's page, which never left the case.
    await handler.getByTestId('case-refresh').click();
    await waitForStage(handler, 'reviewed');
    await openActionTab(handler, 'reply');
    await fillDate(handler, 'step-reply_repliedOn', chinaDate());
    await submit(handler, 'reply');
    await waitForStage(handler, 'replied');
    await handler.getByRole('tab', { name: W.cases.history }).click();
    await handler.getByTestId('case-history').getByText('区民政局/张三').first().waitFor();
    await screenshot(handler, '06-case-replied');

    const after = await caseOf(caseId);
    expect(after.stage).toBe('replied');
    const actors = Object.fromEntries(after.history.map((h: { action: string; actor: string }) => [h.action, h.actor]));
    expect(actors).toMatchObject({
      sign: '区民政局/张三', 'work-plan': '区民政局/张三', contact: '区民政局/张三', 'draft-reply': '区民政局/张三',
      'sign-off': '区民政局/李局长', review: '区政府督查室', reply: '区民政局/张三',
    });
    expect(after.draft).toMatchObject({ classification: 'A', contactPhone: '022-12345678' });
    await handler.context().close();
  });

  it('shows a refused step’s reason: the API’s refusal beside the form, its problem beside the field', async () => {
    const [caseId] = await launch({ cycleId: `${CYCLE}-refusals`, title: '东丽区 2026 年建议办理（退回）', jurisdiction: JURISDICTION, cases: [caseRow('2', '关于增设社区食堂的建议')] });
    await listed(caseId);
    const handler = await openPage(handlerKey);
    await handler.goto(`${base}/cases/${encodeURIComponent(caseId)}`);
    await waitForStage(handler, 'assigned');

    // Someone else signs meanwhile (the office, entering it from paper): the stale form's step is refused.
    await e2e.http().post(`/api/cases/${encodeURIComponent(caseId)}/sign`).send({}).expect(200);
    await submit(handler, 'sign');
    const refusal = handler.getByTestId('step-refusal');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('sign is not allowed at stage signed');
    expect(await refusal.innerText()).toContain(LABELS.stage.signed);

    // An extension past what the policy allows: the problem is shown under the date asked for.
    await handler.getByTestId('case-refresh').click();
    await waitForStage(handler, 'signed');
    await openActionTab(handler, 'extension-request');
    await choose(handler, 'step-extension-request', 'deadline', LABELS.deadline.reply);
    await fillDate(handler, 'step-extension-request_newDueOn', '2099-12-31');
    await handler.locator('#step-extension-request_reason').fill('需待市级部门出台配套政策');
    await submit(handler, 'extension-request');
    const problem = fieldError(handler, 'step-extension-request', 'newDueOn');
    await problem.filter({ hasText: 'months at most' }).waitFor();
    await screenshot(handler, '07-case-step-refused');
    expect((await caseOf(caseId)).extensions ?? []).toEqual([]);
    await handler.context().close();
  });

  it('shows a supervisor an overdue case as it falls overdue, live from the alert stream', async () => {
    const supervisor = await openPage(supervisorKey);
    await supervisor.goto(`${base}/overdue`);
    await supervisor.locator('[data-testid="stream-status"][data-connected="true"]').waitFor({ timeout: 30_000 });
    await screenshot(supervisor, '08-overdue-before');

    // A case assigned in 2020: its deadlines are long past, and its overdue alert goes out at once
    // (no quiet hours, only the overdue rung: the unit leader and the supervisor are told).
    const title = '关于整治老旧小区停车难的建议';
    const [caseId] = await launch({
      cycleId: `${CYCLE}-overdue`, title: '东丽区 2020 年建议办理（逾期）', jurisdiction: JURISDICTION, assignedOn: '2020-05-07',
      cases: [caseRow('3', title)],
      policyOverrides: {
        'npc-suggestion': {
          quietHours: { start: '00:00', end: '00:00', workingDaysOnly: false },
          escalation: { ordinary: [{ id: 'overdue', kind: 'overdue', offsetWorkingDays: 0, recipients: ['unit-leader', 'supervisor'] }] },
        },
      },
    });

    // The page is not reloaded: the stream brings the alert, and the case appears in the table.
    await supervisor.getByTestId('live-alerts').getByText(/【催办】/).first().waitFor({ timeout: 120_000 });
    const row = supervisor.getByTestId('overdue-table').locator('tr', { hasText: title });
    await row.getByTestId('days-overdue').waitFor({ timeout: 60_000 });
    expect(Number(await row.getByTestId('days-overdue').innerText())).toBeGreaterThan(100);
    const text = await row.innerText();
    expect(text).toContain(ALERT_TEXTS.kind.overdue);
    expect(text).toContain(ALERT_TEXTS.recipient.supervisor);
    expect(text).toContain(ALERT_TEXTS.recipient['unit-leader']);
    expect(await row.locator('[data-light="red"]').count()).toBeGreaterThan(0);
    await screenshot(supervisor, '09-overdue-live');
    expect((await caseOf(caseId)).overdue).toBe(true);
    await supervisor.context().close();
  });

  it('launches a cycle from a sheet: a bad sheet’s report row by row, then a good one’s progress', async () => {
    const office = await openPage(e2e.system.officeKey);
    await office.goto(`${base}/launch`);
    const header = '类别,届次会次,编号,标题,领衔代表/委员,主办单位';
    const bad = `\uFEFF${header}\n建议,第十七届人大七次会议,21,关于建设口袋公园的建议,王代表,\n提案,政协九届六次会议,十二,关于公交线路的提案,李委员,区交通局\n`;
    await office.locator('input[type="file"]').setInputFiles({ name: '交办清单.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await office.locator('#launch_cycleId').fill(`${CYCLE}-sheet`);
    await office.locator('#launch_title').fill('东丽区 2026 年建议提案办理（清单）');
    await office.getByTestId('launch-submit').click();
    const report = office.getByTestId('launch-report');
    await report.waitFor();
    const reportText = await report.innerText();
    expect(reportText).toContain('缺少主办单位');
    expect(reportText).toMatch(/2\s+主办单位/);
    expect(reportText).toMatch(/3\s+编号/);
    await screenshot(office, '10-launch-refused');

    const good = `\uFEFF${header}\n建议,第十七届人大七次会议,21,关于建设口袋公园的建议,王代表,区民政局\n提案,政协九届六次会议,12,关于优化公交线路的提案,李委员,区交通局\n`;
    await office.locator('input[type="file"]').setInputFiles({ name: '交办清单.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await office.getByTestId('launch-submit').click();
    await office.locator('[data-testid="launch-status"][data-status="completed"]').waitFor({ timeout: 120_000 });
    expect(await office.getByTestId('launch-progress').innerText()).toContain('共2件已启动');
    await screenshot(office, '11-launch-completed');
    await office.context().close();
  });

  it('lets a submitter answer the survey from their own link on a phone, once, recorded as theirs; the office downloads the letter and hands out the links from the case', async () => {
    const title = '关于完善社区卫生服务站的建议';
    const reply = '您提出的关于完善社区卫生服务站的建议收悉。\n一、已新建社区卫生服务站两处。\n下一步，继续完善服务网络。';
    const [caseId] = await launch({
      cycleId: `${CYCLE}-survey`, title: '东丽区 2026 年建议办理（测评）', jurisdiction: JURISDICTION,
      cases: [caseRow('4', title, { submitters: ['赵明', '钱红'] })],
    });
    const http = (step: string, body: object) => e2e.http().post(`/api/cases/${encodeURIComponent(caseId)}/${step}`).send(body).expect(200);
    await http('sign', {});
    await http('work-plan', { summary: '卫健委牵头', responsible: '基层卫生科', plannedCompletionOn: chinaDate(30) });
    await http('contact', { method: 'phone', contactedOn: chinaDate() });
    await http('draft-reply', { text: reply, classification: 'A', contactPerson: '孙六', contactPhone: '022-87654321' });
    await http('sign-off', {});
    await http('review', { decision: 'approve' });
    await http('reply', { repliedOn: chinaDate() });
    await http('visit', { visitedOn: chinaDate(), method: 'face-to-face', participants: ['局长'] });

    // The office, on the case's page: the letter as sent, and one link per submitter.
    const office = await openPage(e2e.system.officeKey);
    await office.goto(`${base}/cases/${encodeURIComponent(caseId)}`);
    await waitForStage(office, 'visited');
    const downloading = office.waitForEvent('download');
    await office.getByTestId('download-letter').click();
    const letter = await downloading;
    expect(letter.suggestedFilename()).toMatch(/\.docx$/);
    const paragraphs = docxText(readFileSync((await letter.path())!));
    expect(paragraphs).toContain('尊敬的赵明、钱红代表：');
    expect(paragraphs.join('\n')).toContain('已新建社区卫生服务站两处');
    expect(paragraphs.join('\n')).toContain('022-87654321');
    await office.getByTestId('survey-links-tab').click();
    const linkCells = office.getByTestId('survey-links').getByTestId('survey-link');
    await linkCells.first().waitFor({ timeout: 60_000 });
    const urls = await linkCells.allInnerTexts();
    expect(urls).toHaveLength(2);
    expect(await office.getByTestId('survey-links').locator('tr', { hasText: '赵明' }).getByTestId('survey-link-answered').innerText()).toBe(W.common.no);
    await screenshot(office, '20-case-survey-links');

    // The link as sent (BANLI_PUBLIC_URL + /survey/{token}), opened on this server.
    const zhao = new URL(urls[0]);
    expect(zhao.pathname).toMatch(/^\/survey\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const link = `${base}${zhao.pathname}`;
    // Two phones open the same link before either answers (a double tap, a forwarded message).
    const phone = await openPage(undefined, PHONE);
    const other = await openPage(undefined, PHONE);
    for (const p of [phone, other]) {
      await p.goto(link);
      await p.getByTestId('survey-reply').filter({ hasText: '已新建社区卫生服务站两处' }).waitFor();
    }
    const text = await phone.getByTestId('survey-page').innerText();
    expect(text).toContain('尊敬的赵明代表：');
    expect(text).toContain(title);
    expect(text).not.toMatch(/孙六|022-87654321|钱红/);
    // The page fits the phone: nothing wider than its screen.
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await screenshot(phone, '21-survey-phone');

    // An answer left out is asked for beside its question, and nothing is sent.
    await phone.getByTestId('survey-question-result').getByText(LABELS.surveyAnswer.satisfied, { exact: true }).click();
    await phone.getByTestId('survey-submit').click();
    await phone.getByTestId('survey-question-attitude').getByText(W.survey.choose).waitFor();
    expect((await caseOf(caseId)).surveys).toEqual([]);
    await phone.getByTestId('survey-question-attitude').getByText(LABELS.surveyAnswer['basically-satisfied'], { exact: true }).click();
    await phone.getByTestId('survey-submit').click();
    await phone.getByTestId('survey-recorded').getByText(W.survey.recorded).waitFor({ timeout: 60_000 });
    expect(await phone.getByTestId('survey-answer-result').innerText()).toBe(LABELS.surveyAnswer.satisfied);
    await screenshot(phone, '22-survey-recorded');

    const after = await caseOf(caseId);
    expect(after.surveys).toEqual([
      expect.objectContaining({ submitter: '赵明', result: 'satisfied', attitude: 'basically-satisfied', round: 1, proxyEntry: false, recordedBy: '赵明' }),
    ]);
    expect(after.history.filter((h: { action: string }) => h.action === 'survey').map((h: { actor: string }) => h.actor)).toEqual(['赵明']);

    // The second phone still shows the form: its answer is refused, in Chinese, and the answer recorded is shown.
    await other.getByTestId('survey-question-result').getByText(LABELS.surveyAnswer.dissatisfied, { exact: true }).click();
    await other.getByTestId('survey-question-attitude').getByText(LABELS.surveyAnswer.dissatisfied, { exact: true }).click();
    await other.getByTestId('survey-submit').click();
    await other.getByTestId('survey-send-error').filter({ hasText: /^您已提交本轮测评/ }).waitFor();
    await other.getByTestId('survey-recorded').waitFor();
    expect(await other.getByTestId('survey-answer-result').innerText()).toBe(LABELS.surveyAnswer.satisfied);
    expect(await other.getByTestId('survey-form').count()).toBe(0);
    await screenshot(other, '23-survey-second-refused');
    expect((await caseOf(caseId)).surveys).toHaveLength(1);
    // The link opened again later shows the answer, no form.
    await phone.reload();
    await phone.getByTestId('survey-recorded').waitFor();
    expect(await phone.getByTestId('survey-form').count()).toBe(0);

    // The office's list now says 赵明 has answered.
    await office.getByTestId('case-refresh').click();
    await office.getByTestId('survey-links').locator('tr', { hasText: '赵明' }).getByTestId('survey-link-answered').filter({ hasText: W.common.yes }).waitFor();
    await office.context().close();

    // A link that is not banli's, and one that has expired, say so in Chinese.
    await other.goto(`${base}/survey/not-a-link`);
    await other.getByTestId('survey-refused').filter({ hasText: /^测评链接无效/ }).waitFor();
    const secret = e2e.system.api.get(SurveySecret).value;
    const expired = signSurveyToken({ caseId, submitter: '钱红', round: 1, expiresAt: new Date(Date.now() - 86_400_000) }, secret);
    await other.goto(`${base}/survey/${expired}`);
    await other.getByTestId('survey-refused').filter({ hasText: /^测评链接已过期/ }).waitFor();
    expect(await other.getByTestId('survey-page').innerText()).not.toMatch(/the survey link/);
    await screenshot(other, '24-survey-expired');
    await phone.context().close();
    await other.context().close();
  });

  it('shows the office every page at 1366×768, exports the case list and reads it back, and the public its published reply without a key', async () => {
    // The first case's reply is published (the handler's publish, over HTTP) for the public page.
    const first = `${CYCLE}.npc-suggestion.1`;
    await e2e.as(handlerKey).post(`/api/cases/${encodeURIComponent(first)}/publish`).send({ public: true }).expect(200);

    const office = await openPage(e2e.system.officeKey);
    expect(new URL(office.url()).pathname).toBe('/overview');
    await office.getByTestId('overview-figures').waitFor();
    await office.getByTestId('progress-chart').locator('canvas').waitFor();
    await screenshot(office, '12-overview');

    await office.goto(`${base}/cases`);
    await office.getByTestId('case-table').getByRole('link', { name: '关于加强社区养老服务的建议' }).waitFor();
    await screenshot(office, '13-cases');
    await office.getByTestId('case-table').getByRole('link', { name: '关于加强社区养老服务的建议' }).click();
    await waitForStage(office, 'replied');
    await screenshot(office, '14-case-office');

    await office.goto(`${base}/units`);
    await office.getByTestId('units-table').getByRole('link', { name: UNIT }).waitFor();
    await screenshot(office, '15-units');

    await office.goto(`${base}/overdue`);
    await office.getByTestId('overdue-table').getByTestId('days-overdue').first().waitFor({ timeout: 60_000 });
    await screenshot(office, '16-overdue');

    await office.goto(`${base}/reports`);
    const downloading = office.waitForEvent('download');
    await office.getByTestId('export-csv').click();
    const file = await (await downloading).path();
    const csv = readFileSync(file, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trim().split(/\r\n/);
    expect(lines[0]).toBe(LABELS.cli.exportHeader.map((h) => `"${h}"`).join(','));
    expect(lines.some((l) => l.includes(`"${first}"`) && l.includes('"关于加强社区养老服务的建议"') && l.includes(`"${LABELS.stage.replied}"`))).toBe(true);
    await screenshot(office, '17-reports');
    await office.context().close();

    const visitor = await openPage();
    await visitor.goto(`${base}/public`);
    await visitor.getByTestId('public-table').getByRole('link', { name: '关于加强社区养老服务的建议' }).click();
    await visitor.getByTestId('public-reply').filter({ hasText: '现答复如下' }).waitFor();
    expect(await visitor.getByTestId('public-case').innerText()).not.toContain('022-12345678');
    await screenshot(visitor, '18-public-case');
    await visitor.goto(`${base}/public`);
    await visitor.locator('#number').fill('1');
    await visitor.getByTestId('public-filter').locator('button[type="submit"]').click();
    await visitor.getByTestId('public-table').getByRole('link', { name: '关于加强社区养老服务的建议' }).waitFor();
    // Words of the published reply (not of the title), published replies only: the server finds it, and nothing else.
    await visitor.locator('#number').fill('');
    await visitor.locator('#q').fill('现答复如下');
    await visitor.locator('#published').check();
    const searched = visitor.waitForResponse((r) => r.url().includes('/api/public/cases') && r.url().includes('published=true'));
    await visitor.getByTestId('public-filter').locator('button[type="submit"]').click();
    const answer = await (await searched).json() as { cases: { caseId: string }[] };
    expect(answer.cases.map((c) => c.caseId)).toEqual([first]);
    await visitor.getByTestId('public-table').getByRole('link', { name: '关于加强社区养老服务的建议' }).waitFor();
    expect(await visitor.getByTestId('public-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    await screenshot(visitor, '19-public');
    await visitor.context().close();
  });
  it('shows a cycle’s statistics on 总览 and 承办单位, and downloads the statistics workbook and table and the summary, read back', async () => {
    const office = await openPage(e2e.system.officeKey);
    // The handled case of the cycle: replied on time, class A.
    await office.goto(`${base}/overview?cycle=${CYCLE}`);
    await office.getByTestId('rate-reply').filter({ hasText: '100%' }).waitFor({ timeout: 60_000 });
    expect(await office.getByTestId('rate-reply').innerText()).toContain('1/1件');
    expect(await office.getByTestId('rate-on-time').innerText()).toContain('100%');
    // No survey answered yet: the satisfaction rate has nothing to rest on, and says so.
    expect(await office.getByTestId('rate-satisfaction').innerText()).toContain('0/0人次');
    await office.getByText(W.statistics.noAnswers).waitFor();
    await screenshot(office, '25-overview-statistics');

    await office.goto(`${base}/units?cycle=${CYCLE}`);
    const row = office.getByTestId('units-table').locator('tr', { hasText: UNIT });
    await row.getByTestId('unit-on-time').filter({ hasText: '100%' }).waitFor({ timeout: 60_000 });
    expect(await row.getByTestId('unit-on-time').innerText()).toContain('1/1件');
    expect(await row.innerText()).toContain(W.statistics.unranked); // one case, fewer than the policy's minimum to rank
    await screenshot(office, '26-units-statistics');

    await office.goto(`${base}/reports?cycle=${CYCLE}`);
    const fetchFile = async (id: string): Promise<{ name: string; body: Buffer }> => {
      const downloading = office.waitForEvent('download');
      await office.getByTestId(`download-${id}`).click();
      const file = await downloading;
      return { name: file.suggestedFilename(), body: readFileSync((await file.path())!) };
    };
    const xlsx = await fetchFile('statistics-xlsx');
    expect(xlsx.name).toBe('东丽区 2026 年建议办理统计.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toContain('统计总览');
    const overview = new Map<string, unknown[]>();
    workbook.getWorksheet('统计总览')!.eachRow((r) => overview.set(String(r.getCell(1).value), (r.values as unknown[]).slice(2)));
    expect(overview.get('承办件数')).toEqual([1]);
    expect(overview.get('人大代表建议')).toEqual([1]);
    expect(workbook.getWorksheet('分单位统计')!.getRow(2).getCell(1).value).toBe(UNIT);

    const csv = await fetchFile('statistics-csv');
    expect(csv.name).toBe('东丽区 2026 年建议办理统计.csv');
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csv.body.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['承办单位'])).toEqual([UNIT, '合计']);
    expect(rows[0]).toMatchObject({ 主办件数: '1', 办复率: '100%', 按期办结率: '100%' });

    const md = await fetchFile('summary-md');
    expect(md.name).toBe('东丽区 2026 年建议办理情况总结.md');
    const text = md.body.toString('utf8');
    expect(text).toContain('# 东丽区 2026 年建议办理情况总结');
    const counts = text.split('\n').find((l) => /共交办建议提案1件/.test(l));
    expect(counts).toBeDefined();
    const docx = await fetchFile('summary-docx');
    expect(docx.name).toBe('东丽区 2026 年建议办理情况总结.docx');
    const paragraphs = docxText(docx.body);
    expect(paragraphs[0]).toBe('东丽区 2026 年建议办理情况总结');
    expect(paragraphs).toContain(counts!.trim());
    await screenshot(office, '27-reports-statistics');
    await office.context().close();
  });
});
