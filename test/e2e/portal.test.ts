import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'puppeteer-core';
import { phonePage, screenshot, seriousAccessibilityViolations, useBrowser } from '../support/browser';
import { appendDecision } from '../../functions/platform/aggregate';
import { eventStore } from '../../functions/platform/deps';
import { licenseNumber, licenseStream } from '../../functions/licensing/domain/license';
import { FACILITY_INSTALL_L3_MATERIALS, newUscc, pdfBytes, seededLicense } from '../support/fixtures';
import { type Harness, useHarness } from '../support/local-platform';
import { decodeQrFromRender } from '../support/pdf-qr';

/**
 * The applicant portal in a real browser, on a phone (issue 20): a new enterprise signs in with the code flow and
 * PKCE, registers with its credit code checked as typed, uploads a material with the progress bar (the same file
 * again is not uploaded twice), applies from the guide, gets the one correction notice, supplements in one step,
 * is granted, downloads the paper licence and opens its QR code's address; a second application takes everything
 * from the vault without an upload; a dishonest enterprise is not offered the commitment path. Yunnan: the browser
 * tests' own province.
 */
describe('the applicant portal', () => {
  let h: Harness;
  let browser: Browser;
  useHarness((started) => (h = started));
  useBrowser((b) => (browser = b));
  const files = mkdtempSync(join(tmpdir(), 'portal-'));

  async function signInAs(page: Page, uscc: string, open = true): Promise<void> {
    if (open) await page.goto(`${h.p.apiUrl}/portal/`, { waitUntil: 'networkidle0' });
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#sign-in')]);
    expect(await page.$eval('.local', (e) => e.textContent)).toContain('never deployed');
    await page.select('#role', 'applicant');
    await page.type('#enterpriseId', uscc);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[type="submit"]')]);
    await page.waitForSelector('#sign-out');
    expect(new URL(page.url()).search).toBe('');
  }
  /** A material's file on disk, for the file input. */
  const file = (name: string, text: string) => {
    const path = join(files, name);
    writeFileSync(path, pdfBytes(text));
    return path;
  };
  const choose = async (page: Page, selector: string, path: string) => {
    const input = await page.waitForSelector(selector);
    await (input as unknown as { uploadFile: (p: string) => Promise<void> }).uploadFile(path);
  };
  /** Polls until the browser has written a download (Chromium renames it into place when complete). */
  const downloaded = async (path: string) => {
    for (const started = Date.now(); !existsSync(path);) {
      if (Date.now() - started > 60_000) throw new Error(`no download at ${path}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return readFileSync(path);
  };
  /** In-app navigation: a link of the page, as a person moves around it. */
  const follow = async (page: Page, href: string) => {
    // What the page was doing (a reload after an upload repaints it) is over first.
    await page.waitForNetworkIdle();
    await page.click(`a[href="${href}"]`);
    await page.waitForNetworkIdle();
  };

  it('L1 L2 L4 L6 L9 L11 E1: a new enterprise registers, uploads with the progress bar, applies from the guide, answers the one notice in one supplement, is granted, downloads the licence PDF and opens its QR; the second application reuses the vault', async () => {
    const uscc = newUscc('530100');
    const page = await phonePage(browser);
    const puts: string[] = [];
    page.on('request', (r) => r.method() === 'PUT' && puts.push(r.url()));
    await signInAs(page, uscc);

    // Registration: the credit code is checked as it is typed.
    await page.waitForSelector('form[data-action="register"]');
    expect(await page.$eval('#uscc-hint', (e) => e.getAttribute('data-ok'))).toBe('true');
    expect(await page.$eval('#uscc-hint', (e) => e.textContent)).toContain('云南');
    const wrong = uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');
    await page.$eval('#f-uscc', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#f-uscc', wrong);
    expect(await page.$eval('#uscc-hint', (e) => [e.getAttribute('data-ok'), e.textContent])).toEqual([
      'false',
      `校验位不符（按 GB 32100-2015 应为 ${uscc[17]}），请核对。`,
    ]);
    await page.$eval('#f-uscc', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#f-uscc', uscc.slice(0, 10));
    expect(await page.$eval('#uscc-hint', (e) => e.textContent)).toBe('已输入 10 位，共 18 位。');
    await page.type('#f-uscc', uscc.slice(10));
    expect(await page.$eval('#uscc-hint', (e) => e.getAttribute('data-ok'))).toBe('true');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'portal-register');
    // One deliberate mistake of each kind: a field left empty, an e-mail and a mobile mistyped. Each is said in plain
    // Chinese under its own field, which is marked invalid; one summary at the top links to each and takes focus.
    await page.type('#f-legalRepresentative', '杨明');
    await page.type('#f-address', '云南省昆明市五华区人民中路 1 号');
    await page.type('#f-contactName', '李娟');
    await page.type('#f-email', 'office@');
    await page.type('#f-mobile', '1380000');
    await page.click('form[data-action="register"] button[type="submit"]');
    await page.waitForSelector('.error-summary');
    const errorAt = (field: string) => page.$eval(`[data-field="${field}"] .error`, (e) => e.textContent);
    expect(await errorAt('name')).toBe('请填写企业名称');
    expect(await errorAt('email')).toBe('请填写正确的电子邮箱，如 office@example.cn');
    expect(await errorAt('mobile')).toBe('请填写 11 位手机号码，如 13800000000');
    expect(await page.$$eval('[role="alert"]', (a) => a.length)).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    expect(await page.$$eval('.error-summary a', (links) => links.map((a) => [a.getAttribute('href'), a.textContent]))).toEqual([
      ['#f-name', '请填写企业名称'],
      ['#f-email', '请填写正确的电子邮箱，如 office@example.cn'],
      ['#f-mobile', '请填写 11 位手机号码，如 13800000000'],
    ]);
    expect(await page.$$eval('[aria-invalid="true"]', (inputs) => inputs.map((i) => i.id))).toEqual(['f-name', 'f-email', 'f-mobile']);
    expect(await page.$eval('#f-email', (e) => [e.getAttribute('type'), e.getAttribute('autocomplete')])).toEqual(['email', 'email']);
    expect(await page.$eval('#f-mobile', (e) => [e.getAttribute('type'), e.getAttribute('inputmode')])).toEqual(['tel', 'numeric']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'portal-register-errors');
    // The summary's link takes the applicant to the field; corrected, the form goes.
    await page.click('.error-summary a[href="#f-name"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-name');
    await page.type('#f-name', '云南门户测试电力工程有限公司');
    await page.$eval('#f-email', (e) => ((e as HTMLInputElement).value = 'office@example.cn'));
    await page.$eval('#f-mobile', (e) => ((e as HTMLInputElement).value = ''));
    await page.click('form[data-action="register"] button[type="submit"]');
    await page.waitForSelector('[data-credit="good"]');

    // The vault: one material uploaded with the progress bar; the same file again is not uploaded.
    await follow(page, '/portal/vault');
    const form = file('application-form.pdf', `申请表 ${uscc}`);
    await page.select('#upload-type', 'application-form');
    await choose(page, '#upload-file', form);
    await page.$eval('#upload-until', (e) => ((e as HTMLInputElement).value = '2030-12-31'));
    await page.click('form[data-upload="any"] button[type="submit"]');
    await page.waitForSelector('tr[data-material="application-form"]');
    // Sent straight to the document store, the bar full, the bytes checked.
    expect(puts).toEqual([expect.stringContaining(`/documents/${uscc}/`)]);
    expect(await page.$eval('#upload-progress', (e) => [(e as HTMLProgressElement).hidden, (e as HTMLProgressElement).value])).toEqual([false, 1]);
    expect(await page.$eval('#upload-status', (e) => e.textContent)).toBe('已上传并核验，材料已入库。');
    expect(await page.$eval('tr[data-material="application-form"]', (e) => e.textContent)).toContain('2030-12-31');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'portal-vault');
    await page.select('#upload-type', 'application-form');
    await choose(page, '#upload-file', form);
    await page.click('form[data-upload="any"] button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('#upload-status')?.textContent === '材料库已有相同文件，无需重复上传。');
    expect(puts).toHaveLength(1);

    // Apply from the guide: the vault's material is used by itself; the commitment path is offered (good credit).
    await follow(page, '/portal/apply');
    await follow(page, '/portal/apply/facility-install-l3.new');
    expect(await page.$eval('li[data-material="application-form"]', (e) => e.getAttribute('data-in-vault'))).toBe('yes');
    expect(await page.$$eval('li[data-in-vault="no"]', (l) => l.length)).toBe(FACILITY_INSTALL_L3_MATERIALS.length - 1);
    expect(await page.$('input[name="path"][value="commitment"]')).not.toBeNull();
    expect(await page.$eval('.fee', (e) => e.textContent)).toContain('不收费');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'portal-apply');
    await page.click('form[data-action="apply"] button[type="submit"]');
    await page.waitForSelector('#send-application');
    expect(await page.$eval('#summary', (e) => e.textContent)).toContain('0 元');
    await page.click('#send-application');
    await page.waitForSelector('[data-status]');
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    expect(caseId).toMatch(/^AP\d{8}[0-9A-Z]{8}$/);
    await h.settle();

    // The reviewer's one correction notice, over the API; the applicant answers it in one supplement.
    const reviewer = await h.token({ role: 'reviewer', agencyId: 'nea-yunnan' });
    const missing = FACILITY_INSTALL_L3_MATERIALS.filter((m) => m !== 'application-form');
    const notice = await h.http('POST', `/v1/applications/${caseId}/correction-notice`, {
      token: reviewer,
      body: { deficiencies: missing.map((materialType) => ({ materialType, problem: '未提交' })) },
    });
    expect(notice.status).toBe(200);
    await h.settle();
    await follow(page, '/portal/');
    await page.waitForSelector(`li[data-case="${caseId}"][data-status="correction-requested"]`);
    expect(await page.$eval(`li[data-case="${caseId}"]`, (e) => e.textContent)).toContain('待贵企业办理');
    await follow(page, `/portal/cases/${caseId}`);
    expect(await page.$$eval('.notice li', (l) => l.map((x) => x.textContent))).toHaveLength(missing.length);
    expect(await page.$eval('[data-awaiting]', (e) => e.getAttribute('data-awaiting'))).toBe('applicant');
    await screenshot(page, 'portal-notice');
    for (const [i, m] of missing.entries()) {
      await choose(page, `#s${i}-file`, file(`${m}.pdf`, `${m} ${uscc}`));
      await page.click(`li[data-material="${m}"] form button[type="submit"]`);
      await page.waitForSelector(`li[data-material="${m}"][data-ready="yes"]`);
    }
    expect(puts).toHaveLength(1 + missing.length);
    await page.click('#send-supplement');
    await page.waitForSelector('[data-status="submitted"]');

    // Accepted and granted by the agency, over the API.
    await h.settle();
    const decisionMaker = await h.token({ role: 'decision-maker', agencyId: 'nea-yunnan' });
    expect((await h.http('POST', `/v1/applications/${caseId}/acceptance`, { token: reviewer, body: { decision: 'accept' } })).status).toBe(200);
    const granted = await h.http('POST', `/v1/applications/${caseId}/decision`, {
      token: decisionMaker,
      body: { outcome: 'grant', reasons: '符合承装三级许可条件' },
    });
    expect(granted.status).toBe(200);
    await h.settle();
    await follow(page, '/portal/');
    await follow(page, `/portal/cases/${caseId}`);
    await page.waitForSelector('[data-status="granted"]');
    expect(await page.$eval('.decision', (e) => e.textContent)).toContain('符合承装三级许可条件');
    expect(await page.$$eval('.timeline li', (l) => l.map((x) => x.getAttribute('data-event')))).toEqual(
      expect.arrayContaining(['ApplicationSubmitted', 'CorrectionNoticeIssued', 'SupplementSubmitted', 'ApplicationAccepted', 'ApplicationGranted']),
    );
    expect(await page.$$eval('.notifications li', (l) => l.length)).toBeGreaterThan(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'portal-case-granted');

    // L1: zero visits; L9: the grant is in the public register.
    expect((await h.http('GET', `/v1/applications/${caseId}`, { token: reviewer })).json).toMatchObject({ visitsCount: 0, visits: [] });
    expect((await h.http('GET', `/v1/public/decisions/${caseId}`)).json).toMatchObject({ caseId, outcome: 'grant', enterprise: { uscc } });

    // The service review, once — a real-name bad one, which the agency must call back within 3 WD and put right
    // within 15 WD (L11).
    await page.click('input[name="rating"][value="2"]');
    await page.type('#f-comment', '补正材料的说明不够清楚');
    await page.click('#f-realName');
    await page.click('form[data-action="review"] button[type="submit"]');
    await page.waitForSelector('#reviewed');
    const review = (await eventStore().load<{ rating: number; deadlines: { kind: string; rule: string }[] }>(`REVIEW#${caseId}`))!.state;
    expect(review).toMatchObject({ rating: 2 });
    expect(review.deadlines.map((d) => [d.kind, d.rule])).toEqual([
      ['callback', 'L11'],
      ['rectification', 'L11'],
    ]);

    // The licence: its QR code is the verification page's address, the paper PDF downloads.
    const licenseNo = (await h.http('GET', `/v1/applications/${caseId}`, { token: reviewer })).json!.licenseIssued as { licenseNo: string };
    await follow(page, `/portal/licences/${licenseNo.licenseNo}`);
    await page.waitForSelector('svg.qr');
    expect(await page.$eval('[data-renewal]', (e) => e.getAttribute('data-renewal'))).toBe('closed');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'portal-licence');
    const qr = PNG.sync.read(Buffer.from(await (await page.$('svg.qr'))!.screenshot({ type: 'png' })));
    const decoded = jsQR(new Uint8ClampedArray(qr.data), qr.width, qr.height)?.data;
    // What the paper licence's QR code holds too (upper case: the QR's compact alphanumeric mode).
    const electronic = await h.http('GET', `/v1/licenses/${licenseNo.licenseNo}/electronic`, { token: reviewer });
    expect(decoded).toBe(electronic.json!.verificationUrl);
    const downloads = join(files, 'downloads');
    mkdirSync(downloads, { recursive: true });
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await page.click('#paper-pdf');
    // E1: the downloaded PDF is the licence: a phone reading its printed QR gets the same verification address.
    const pdf = await downloaded(join(downloads, `${licenseNo.licenseNo}.pdf`));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await decodeQrFromRender(new Uint8Array(pdf), 110)).text).toBe(electronic.json!.verificationUrl);

    // A second application: every material is in the vault, nothing is uploaded.
    await follow(page, '/portal/apply');
    await follow(page, '/portal/apply/facility-repair-l3.new');
    expect(await page.$$eval('li[data-in-vault="no"]', (l) => l.length)).toBe(0);
    await page.click('form[data-action="apply"] button[type="submit"]');
    await page.click('#send-application');
    await page.waitForSelector('[data-status]');
    expect(puts).toHaveLength(1 + missing.length);

    // The QR code's address opens the public verification page.
    await page.goto(decoded!, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#verdict[data-status="valid"]');
    expect(await page.$eval('main', (e) => e.textContent)).toContain(licenseNo.licenseNo);
    await page.close();
  });

  it('a way in from the public site (GOV.UK start page): the navigation leads to applying online, a guide matter has its 在线办理 button, the start page says what to have ready, how long it takes and that it costs nothing, and its button signs in and lands on that matter after the registration', async () => {
    const uscc = newUscc('530100');
    const page = await phonePage(browser);
    await page.goto(`${h.p.apiUrl}/`, { waitUntil: 'networkidle0' });
    expect(await page.$$eval('nav a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]))).toContainEqual(['/portal/', '企业在线办理']);
    expect(await page.$$eval('footer a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]))).toContainEqual(['/staff/', '工作人员入口']);
    await page.goto(`${h.p.apiUrl}/guide/facility-install-l3.new`, { waitUntil: 'networkidle0' });
    const button = await page.waitForSelector('[data-online="facility-install-l3.new"] a.button-start');
    expect(await button!.evaluate((a) => [a.getAttribute('href'), a.textContent])).toEqual(['/portal/apply/facility-install-l3.new', '在线办理 →']);
    const box = (await button!.boundingBox())!;
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'guide-matter-online');
    // A renewal starts from the licence: its button leads to the portal, and says so.
    await page.goto(`${h.p.apiUrl}/guide/facility-install-l3.renewal`, { waitUntil: 'networkidle0' });
    expect(await page.$eval('[data-online] a', (a) => a.getAttribute('href'))).toBe('/portal/');
    expect(await page.$eval('[data-online] p', (p) => p.textContent)).toContain('在“我的许可证”中选择这张许可证');

    await page.goto(`${h.p.apiUrl}/guide/facility-install-l3.new`, { waitUntil: 'networkidle0' });
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('[data-online] a.button-start')]);
    expect(new URL(page.url()).pathname).toBe('/portal/apply/facility-install-l3.new');
    const start = await page.$eval('main', (m) => m.textContent ?? '');
    for (const said of ['开始前请准备', '统一社会信用代码', '需要多长时间', '不超过 5 个工作日', '不收费', '行政许可法第五十八条'])
      expect(start).toContain(said);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'portal-start');
    await signInAs(page, uscc, false);
    expect(new URL(page.url()).pathname).toBe('/portal/apply/facility-install-l3.new');
    await page.waitForSelector('form[data-action="register"]');
    await page.type('#f-name', '云南入口测试电力工程有限公司');
    await page.type('#f-legalRepresentative', '孙强');
    await page.click('form[data-action="register"] button[type="submit"]');
    await page.waitForSelector('form[data-action="apply"]');
    expect(new URL(page.url()).pathname).toBe('/portal/apply/facility-install-l3.new');
    await page.close();
  });

  it('a first-time applicant’s journey on a phone, from the public home page to a granted licence: guide → 在线办理 → sign-in → registration with one mistake → upload → apply → a reload in the middle → check answers → confirmation → the one notice → one supplement → the decision', async () => {
    const uscc = newUscc('530100');
    const page = await phonePage(browser);
    const step = (n: number, name: string) => screenshot(page, `journey-applicant-${String(n).padStart(2, '0')}-${name}`);
    // The public home page leads to the guide, the guide's matter to its online start.
    await page.goto(`${h.p.apiUrl}/`, { waitUntil: 'networkidle0' });
    await follow(page, '/guide');
    await follow(page, '/guide/facility-install-l3.new');
    await step(1, 'guide-matter');
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('[data-online] a.button-start')]);
    await step(2, 'start');
    await signInAs(page, uscc, false);
    // The registration, with one mistake: the e-mail mistyped, said at its field; corrected, on to the matter.
    await page.waitForSelector('form[data-action="register"]');
    await page.type('#f-name', '云南旅程测试电力工程有限公司');
    await page.type('#f-legalRepresentative', '赵敏');
    await page.type('#f-contactName', '钱进');
    await page.type('#f-email', 'journey@');
    await page.click('form[data-action="register"] button[type="submit"]');
    await page.waitForSelector('.error-summary');
    expect(await page.$eval('[data-field="email"] .error', (e) => e.textContent)).toBe('请填写正确的电子邮箱，如 office@example.cn');
    await step(3, 'registration-mistake');
    await page.click('.error-summary a[href="#f-email"]');
    await page.type('#f-email', 'example.cn');
    await page.click('form[data-action="register"] button[type="submit"]');
    await page.waitForSelector('form[data-action="apply"]');
    expect(new URL(page.url()).pathname).toBe('/portal/apply/facility-install-l3.new');
    // The application form, uploaded from the matter's own page; the six other materials left for later.
    await page.click('li[data-material="application-form"] summary');
    await choose(page, '#m0-file', file('journey-form.pdf', `申请表 ${uscc}`));
    await page.click('li[data-material="application-form"] form button[type="submit"]');
    await page.waitForSelector('li[data-material="application-form"][data-in-vault="yes"]');
    await page.click('input[name="path"][value="standard"]');
    await page.click('#save-draft');
    await page.waitForFunction(() => document.querySelector('#draft-status')?.textContent?.startsWith('草稿已于'));
    await step(4, 'apply');
    // A reload in the middle (a phone discarding the tab): still signed in, the draft as it was.
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('#sign-out');
    await page.waitForSelector('form[data-action="apply"]');
    expect(await page.$eval('#draft-status', (e) => e.textContent)).toMatch(/^已载入您/);
    expect(await page.$eval('input[name="path"][value="standard"]', (e) => (e as HTMLInputElement).checked)).toBe(true);
    expect(await page.$eval('li[data-material="application-form"] input[name="use"]', (e) => (e as HTMLInputElement).checked)).toBe(true);
    await step(5, 'apply-after-reload');
    // Check answers: every answer a row with its change link, the missing ones said; a change goes back to it.
    await page.click('form[data-action="apply"] button[type="submit"]');
    await page.waitForSelector('#send-application');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('summary-title');
    expect(await page.$eval('#apply-area', (e) => (e as HTMLElement).hidden)).toBe(true);
    expect(await page.$$eval('.summary-row', (rows) => rows.map((r) => r.getAttribute('data-answer')))).toEqual([
      'matter',
      'path',
      ...FACILITY_INSTALL_L3_MATERIALS.map((m) => `material-${m}`),
      'fee',
      'limits',
    ]);
    expect(await page.$eval('[data-answer="material-application-form"] dd', (e) => e.textContent)).toBe('本次使用：journey-form.pdf');
    expect(await page.$eval('[data-answer="material-financial-report"] dd', (e) => e.textContent)).toBe('未提供（受理时一次性告知补正）');
    expect(await page.$eval('[data-missing-later]', (e) => e.getAttribute('data-missing-later'))).toBe(String(FACILITY_INSTALL_L3_MATERIALS.length - 1));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await step(6, 'check-answers');
    await page.click('[data-answer="path"] a.change');
    expect(await page.$eval('#apply-area', (e) => (e as HTMLElement).hidden)).toBe(false);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('path');
    await page.click('form[data-action="apply"] button[type="submit"]');
    await page.waitForSelector('#send-application');
    await page.click('#send-application');
    // The confirmation: the reference in a panel, then what happens next with this case's dates.
    await page.waitForSelector('[data-sent]');
    const caseId = await page.$eval('[data-sent]', (e) => e.getAttribute('data-sent')!);
    expect(new URL(page.url()).pathname).toBe(`/portal/cases/${caseId}`);
    expect(await page.$eval('.panel-confirmation', (e) => e.textContent)).toBe(`申请已提交受理编号${caseId}`);
    expect(await page.$$eval('.next-steps li', (lis) => lis.map((li) => li.textContent))).toEqual([
      '平台在线核验登记信息、信用和材料，通常几分钟内完成。',
      expect.stringMatching(/^云南能源监管办在 5 个工作日内（\d{4}-\d{2}-\d{2} 前）决定是否受理/),
      '受理后 20 个工作日内作出许可决定。',
      '每一步都会以电子邮件和短信通知贵企业，也可随时在本页查看进度。全程不收费，无需到现场。',
    ]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await step(7, 'confirmation');
    await h.settle();

    // The one correction notice (the reviewer, over the API): every missing material at once; the acceptance clock
    // says it waits for the supplement, not that it is met.
    const reviewer = await h.token({ role: 'reviewer', agencyId: 'nea-yunnan' });
    const missing = FACILITY_INSTALL_L3_MATERIALS.filter((m) => m !== 'application-form');
    expect(
      (
        await h.http('POST', `/v1/applications/${caseId}/correction-notice`, {
          token: reviewer,
          body: { deficiencies: [{ materialType: 'financial-report', problem: '请补充最近一年经审计的财务报告' }] },
        })
      ).status,
    ).toBe(200);
    await h.settle();
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-status="correction-requested"]');
    expect(await page.$$eval('.notice li', (l) => l.length)).toBe(missing.length);
    // The confirmation was for the moment of sending: the case has moved on.
    expect(await page.$('[data-sent]')).toBeNull();
    expect(await page.$eval('[data-deadline="acceptance"]', (e) => e.textContent)).toContain('已一次性告知补正：收到补正材料后重新计算');
    await step(8, 'notice');
    for (const m of missing) {
      await choose(page, `li[data-material="${m}"] input[type="file"]`, file(`journey-${m}.pdf`, `${m} ${uscc}`));
      await page.click(`li[data-material="${m}"] form button[type="submit"]`);
      await page.waitForSelector(`li[data-material="${m}"][data-ready="yes"]`);
    }
    await page.click('#send-supplement');
    await page.waitForSelector('[data-status="submitted"]');
    await h.settle();
    // Accepted and granted by the agency; the applicant sees the decision and its licence.
    const decisionMaker = await h.token({ role: 'decision-maker', agencyId: 'nea-yunnan' });
    expect((await h.http('POST', `/v1/applications/${caseId}/acceptance`, { token: reviewer, body: { decision: 'accept' } })).status).toBe(200);
    expect(
      (await h.http('POST', `/v1/applications/${caseId}/decision`, { token: decisionMaker, body: { outcome: 'grant', reasons: '符合承装三级许可条件' } }))
        .status,
    ).toBe(200);
    await h.settle();
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-status="granted"]');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await step(9, 'granted');
    await page.close();
  });

  it('the tab keeps its sign-in across a reload and Back (ADR 0017): only a rotating refresh token waits in sessionStorage, a rotated-out one used again ends the sign-in, signing out revokes it', async () => {
    const uscc = newUscc('530100');
    await h.registerEnterprise(uscc, '530100');
    const signInConfig = (await h.http('GET', '/v1/public/sign-in')).json as { tokenEndpoint: string; clientId: string };
    const redeem = (refreshToken: string) =>
      fetch(signInConfig.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: signInConfig.clientId }),
      });
    const kept = (page: Page) => page.evaluate(() => ({ session: Object.fromEntries(Object.entries(sessionStorage)), local: Object.values(localStorage) }));
    const page = await phonePage(browser);
    await signInAs(page, uscc);
    await page.waitForSelector('[data-credit]');
    // What the tab keeps: the refresh token alone, never the ID token (a JWT); localStorage (the language, the seal's
    // public keys) holds no token at all.
    const first = await kept(page);
    expect(Object.keys(first.session)).toEqual(['pp.session']);
    expect(first.session['pp.session']).not.toMatch(/^eyJ/);
    expect(first.local.filter((value) => value.includes(first.session['pp.session']!) || /eyJ[\w-]+\.eyJ/.test(value))).toEqual([]);

    // A reload: still signed in, on the same page, with a new refresh token (rotated).
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('#sign-out');
    expect(await page.$('#sign-in')).toBeNull();
    await page.waitForSelector('[data-credit]');
    const second = (await kept(page)).session['pp.session'];
    expect(second).toBeDefined();
    expect(second).not.toBe(first.session['pp.session']);
    // Away to the public verification page and Back: still signed in.
    await page.goto(`${h.p.apiUrl}/`, { waitUntil: 'networkidle0' });
    await page.goBack({ waitUntil: 'networkidle0' });
    await page.waitForSelector('#sign-out');
    expect(new URL(page.url()).pathname).toBe('/portal/');
    await screenshot(page, 'portal-after-back');

    // The first token was rotated out twice over: used again (copied by someone), it is refused and ends the sign-in.
    const replay = await redeem(first.session['pp.session']!);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('#sign-in');
    expect((await kept(page)).session).toEqual({});

    // Signed in again and out: the tab forgets its token and the provider revokes it.
    await signInAs(page, uscc, false);
    const last = (await kept(page)).session['pp.session']!;
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#sign-out')]);
    await page.waitForSelector('#sign-in');
    expect((await kept(page)).session).toEqual({});
    expect((await redeem(last)).status).toBe(400);
    await page.close();
  });

  it('nothing typed is lost (ADR 0017): a reload in the middle of the registration keeps every field; an application saved as a draft survives signing out, is listed on the home page, opens filled in, and goes once sent', async () => {
    const uscc = newUscc('530100');
    const page = await phonePage(browser);
    await signInAs(page, uscc);
    await page.waitForSelector('form[data-action="register"]');
    const typed = { name: '云南草稿测试电力工程有限公司', legalRepresentative: '周敏', contactName: '陈丽', email: 'draft@example.cn' };
    for (const [field, text] of Object.entries(typed)) await page.type(`#f-${field}`, text);
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('form[data-action="register"]');
    for (const [field, text] of Object.entries(typed)) expect(await page.$eval(`#f-${field}`, (e) => (e as HTMLInputElement).value)).toBe(text);
    expect(await page.$eval('#uscc-hint', (e) => e.getAttribute('data-ok'))).toBe('true');
    await screenshot(page, 'portal-register-after-reload');
    await page.click('form[data-action="register"] button[type="submit"]');
    await page.waitForSelector('[data-credit]');
    // Sent: the tab keeps nothing of the form any more.
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('pp.form.')))).toEqual([]);

    // The application: the commitment path chosen and the signatory typed, saved as a draft at each change.
    await follow(page, '/portal/apply');
    await follow(page, '/portal/apply/facility-install-l3.new');
    await page.click('input[name="path"][value="commitment"]');
    await page.type('#f-signatory', '周敏');
    await page.click('#save-draft');
    await page.waitForFunction(() => document.querySelector('#draft-status')?.textContent?.includes('草稿已于'));
    expect(await page.$eval('#draft-status', (e) => e.textContent)).toMatch(
      /^草稿已于 \d{4}-\d\d-\d\d \d\d:\d\d 保存，保留至 \d{4}-\d\d-\d\d。草稿不是申请：提交后才开始办理。$/,
    );
    await screenshot(page, 'portal-apply-draft-saved');
    // Never a submission: no case.
    const applicant = await h.token({ role: 'applicant', enterpriseId: uscc });
    expect(((await h.http('GET', `/v1/applications?uscc=${uscc}`, { token: applicant })).json as { items: unknown[] }).items).toEqual([]);

    // Signed out and in again: the home page lists the draft, which opens filled in.
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#sign-out')]);
    await signInAs(page, uscc, false);
    await page.waitForSelector('[data-draft="facility-install-l3.new"]');
    expect(await page.$eval('[data-draft="facility-install-l3.new"]', (e) => e.textContent)).toMatch(/^承装.*保存于 .* · 保留至 \d{4}-\d\d-\d\d$/);
    await screenshot(page, 'portal-home-draft');
    await follow(page, '/portal/apply/facility-install-l3.new');
    expect(await page.$eval('input[name="path"][value="commitment"]', (e) => (e as HTMLInputElement).checked)).toBe(true);
    expect(await page.$eval('#f-signatory', (e) => (e as HTMLInputElement).value)).toBe('周敏');
    expect(await page.$eval('fieldset.commitment', (e) => (e as HTMLElement).hidden)).toBe(false);
    expect(await page.$eval('#draft-status', (e) => e.textContent)).toContain('已载入您');

    // Sent on the standard path: the case starts and the draft is gone.
    await page.click('input[name="path"][value="standard"]');
    await page.click('form[data-action="apply"] button[type="submit"]');
    await page.click('#send-application');
    await page.waitForSelector('[data-status]');
    expect((await h.http('GET', `/v1/enterprises/${uscc}/application-drafts`, { token: applicant })).json).toEqual({ items: [] });
    expect(((await h.http('GET', `/v1/applications?uscc=${uscc}`, { token: applicant })).json as { items: unknown[] }).items).toHaveLength(1);
    await page.close();
  });

  it('L7 C2 L5: a dishonest enterprise is not offered the commitment path in the portal; denied, it reads the reasons and its rights', async () => {
    const uscc = newUscc('530100');
    const token = await h.registerEnterprise(uscc, '530100');
    for (const m of FACILITY_INSTALL_L3_MATERIALS) await h.uploadDocument(uscc, token, m, { validUntil: '2030-12-31' });
    const supervisor = await h.token({ role: 'supervisor', agencyId: 'nea-yunnan' });
    const recorded = await h.http('POST', `/v1/enterprises/${uscc}/credit-records`, {
      token: supervisor,
      body: { source: 'penalty', sourceRef: `云监罚〔2026〕${uscc.slice(-5)}号`, severity: 'serious', facts: '超越许可范围承揽工程', decidedAt: '2026-09-01' },
    });
    expect(recorded.json).toMatchObject({ creditClass: 'dishonest' });
    const page = await phonePage(browser);
    await signInAs(page, uscc);
    await page.waitForSelector('[data-credit="dishonest"]');
    await follow(page, '/portal/apply');
    await follow(page, '/portal/apply/facility-install-l3.new');
    expect(await page.$('input[name="path"][value="commitment"]')).toBeNull();
    expect(await page.$eval('[data-no-commitment]', (e) => e.textContent)).toContain('不适用告知承诺');
    await screenshot(page, 'portal-dishonest');
    // English on the switch, the same page and state.
    await page.click('#lang');
    expect(await page.$eval('[data-no-commitment]', (e) => e.textContent)).toBe(
      'Your credit class is “Dishonest”: the commitment path is not open to you, so the standard path applies.',
    );
    await page.click('#lang');
    // Applied on the standard path and denied: the page gives the reasons and the rights of reconsideration and litigation.
    await page.click('form[data-action="apply"] button[type="submit"]');
    await page.click('#send-application');
    await page.waitForSelector('[data-status]');
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    await h.settle();
    const reviewer = await h.token({ role: 'reviewer', agencyId: 'nea-yunnan' });
    const decisionMaker = await h.token({ role: 'decision-maker', agencyId: 'nea-yunnan' });
    expect((await h.http('POST', `/v1/applications/${caseId}/acceptance`, { token: reviewer, body: { decision: 'accept' } })).status).toBe(200);
    const denied = await h.http('POST', `/v1/applications/${caseId}/decision`, {
      token: decisionMaker,
      body: { outcome: 'deny', reasons: '专业技术人员数量不符合三级承装条件' },
    });
    expect(denied.status).toBe(200);
    await h.settle();
    await follow(page, '/portal/');
    await follow(page, `/portal/cases/${caseId}`);
    await page.waitForSelector('[data-status="denied"]');
    expect(await page.$eval('.decision', (e) => e.textContent)).toContain('专业技术人员数量不符合三级承装条件');
    expect(await page.$eval('[data-rights]', (e) => e.textContent)).toContain('行政复议');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'portal-denied');
    await page.close();
  });

  it('E2 Art. 50: within 90 days of its expiry a licence offers its renewal, which applies from the guide with the licence named', async () => {
    const uscc = newUscc('530100');
    await h.registerEnterprise(uscc, '530100');
    const inSixtyDays = new Date(Date.now() + 8 * 3600_000 + 60 * 86_400_000).toISOString().slice(0, 10);
    const serial = 100_000 + (Number.parseInt(uscc.slice(-5), 36) % 899_990);
    const licence = {
      ...seededLicense(
        licenseNumber('facility-install', 3, 'YN', 2026, serial),
        { uscc, name: '云南延续测试电力工程有限公司', regionCode: '530100' },
        'nea-yunnan',
      ),
      validFrom: '2020-12-01',
      validUntil: inSixtyDays,
    };
    await appendDecision(
      eventStore(),
      licenseStream(licence.licenseNo),
      undefined,
      { events: [{ type: 'LicenseIssued', data: { ...licence } }], state: licence },
      {
        actor: 'test-seed',
        at: new Date(),
      },
    );
    const page = await phonePage(browser);
    await signInAs(page, uscc);
    await page.waitForSelector(`li[data-licence="${licence.licenseNo}"]`);
    await follow(page, `/portal/licences/${licence.licenseNo}`);
    expect(await page.$eval('[data-renewal]', (e) => e.getAttribute('data-renewal'))).toBe('open');
    const renewal = `/portal/apply/facility-install-l3.renewal?licenseNo=${encodeURIComponent(licence.licenseNo)}`;
    // Change and cancellation start the same way, the licence named.
    for (const kind of ['change', 'cancellation'])
      expect(await page.$(`a[href="/portal/apply/facility-install-l3.${kind}?licenseNo=${encodeURIComponent(licence.licenseNo)}"]`)).not.toBeNull();
    await follow(page, renewal);
    await page.click('form[data-action="apply"] button[type="submit"]');
    expect(await page.$eval('#summary', (e) => e.textContent)).toContain(licence.licenseNo);
    await page.click('#send-application');
    await page.waitForSelector('[data-status]');
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    await h.settle();
    const reviewer = await h.token({ role: 'reviewer', agencyId: 'nea-yunnan' });
    expect((await h.http('GET', `/v1/applications/${caseId}`, { token: reviewer })).json).toMatchObject({
      matterId: 'facility-install-l3.renewal',
      licenseNo: licence.licenseNo,
    });
    await page.close();
  });
});
