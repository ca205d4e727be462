import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { stringify } from 'csv-stringify/sync';
import { IMPORT_COLUMNS } from '../../functions/licensing/domain/register-import';
import { appendDecision } from '../../functions/platform/aggregate';
import { accessLog, eventStore } from '../../functions/platform/deps';
import { raise, warningsStream } from '../../functions/supervision/domain/screening';
import { phonePage, screenshot, seriousAccessibilityViolations, useBrowser } from '../support/browser';
import { FACILITY_INSTALL_L3_MATERIALS, hanTag, newUscc } from '../support/fixtures';
import { deliverWorkOrder, localHotlineSecret } from '../support/hotline';
import { type Harness, useHarness } from '../support/local-platform';
import { yunnanDraw } from '../support/yunnan-draw';

/**
 * The staff workbench in a real browser (issue 19): staff sign in through the local issuer's sign-in page with
 * the authorization code flow and PKCE, work a licensing case from its queue to the grant in the pages, and the
 * public register shows it; staff of another agency see none of it. A Yunnan enterprise: no other test file has cases there, so the queue is this file's.
 */
describe('the staff workbench', () => {
  let h: Harness;
  let browser: Browser;
  useHarness((started) => (h = started));
  useBrowser((b) => (browser = b));

  async function signInAs(page: Page, role: string, sub: string, open = true, agencyId = 'nea-yunnan'): Promise<void> {
    if (open) await page.goto(`${h.p.apiUrl}/staff/`, { waitUntil: 'networkidle0' });
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#sign-in')]);
    // The local issuer's page, said to be local only, on an origin of its own as a deployed provider's: the code
    // exchange back at the workbench is a cross-origin fetch that the pages' CSP and the issuer's CORS must allow.
    expect(await page.$eval('.local', (e) => e.textContent)).toContain('never deployed');
    expect(new URL(page.url()).origin).not.toBe(new URL(h.p.apiUrl).origin);
    await page.select('#role', role);
    await page.$eval('#sub', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#sub', sub);
    await page.select('#agencyId', agencyId);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('button[type="submit"]')]);
    await page.waitForSelector('#sign-out');
    // Back at the workbench with the code exchanged: no code left in the address.
    expect(new URL(page.url()).search).toBe('');
  }
  const submitForm = async (page: Page, action: string) => {
    await page.click(`form[data-action="${action}"] button[type="submit"]`);
    await page.waitForNetworkIdle();
  };

  it('L4 L5 L9: a reviewer finds the new case in the queue, issues one correction notice, sees the second refused; the applicant supplements; accepted, granted by a decision-maker, in the public register; another agency sees none of it', async () => {
    // The applicant, over the API: registered, its materials in the vault, the application submitted.
    const uscc = newUscc('530100');
    const applicant = await h.registerEnterprise(uscc, '530100');
    // Only the application form is in the vault when it applies: the six other materials are missing.
    const docs = [await h.uploadDocument(uscc, applicant, FACILITY_INSTALL_L3_MATERIALS[0]!, { validUntil: '2030-12-31' })];
    const submitted = await h.http('POST', '/v1/applications', {
      token: applicant,
      body: { matterId: 'facility-install-l3.new', documentIds: docs },
    });
    expect(submitted.status).toBe(201);
    const id = submitted.json!.id as string;
    await h.settle();
    for (const m of FACILITY_INSTALL_L3_MATERIALS.slice(1)) docs.push(await h.uploadDocument(uscc, applicant, m, { validUntil: '2030-12-31' }));

    const page = await phonePage(browser);
    await page.setViewport({ width: 1200, height: 900 });
    await signInAs(page, 'reviewer', 'reviewer-li');
    await page.waitForSelector(`tr[data-item="${id}"]`);
    expect(await page.$$eval('tbody tr', (rows) => rows.map((r) => r.getAttribute('data-item')))).toContain(id);
    expect(await page.$eval(`tr[data-item="${id}"]`, (r) => r.textContent)).toMatch(/待受理/);
    expect(await page.$eval(`tr[data-item="${id}"]`, (r) => r.textContent)).toMatch(/剩 \d+ 个工作日/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-queue');

    // The case page, by keyboard from the queue.
    await page.focus(`tr[data-item="${id}"] a`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('form[data-action="correction-notice"]');
    expect(await page.$eval('[data-status]', (e) => e.getAttribute('data-status'))).toBe('submitted');
    // The page leads with the next step — the one notice, materials being missing — and says which are missing;
    // acceptance and the destructive refusal wait behind one disclosure, the refusal styled as what it is.
    const missing = FACILITY_INSTALL_L3_MATERIALS.filter((m) => m !== FACILITY_INSTALL_L3_MATERIALS[0]);
    expect(await page.$eval('.next-step', (e) => [e.getAttribute('data-step'), e.getAttribute('data-awaiting')])).toEqual(['acceptance', 'agency']);
    expect(await page.$eval('[data-missing-count]', (e) => e.textContent)).toBe(
      `服务指南要求的 7 项材料中有 ${missing.length} 项未提交：一次性告知补正时自动列入。`,
    );
    expect(await page.$$eval('.materials li[data-missing]', (lis) => lis.map((li) => li.getAttribute('data-material')))).toEqual(missing);
    expect(
      await page.$eval('details.more-actions', (d) => [(d as HTMLDetailsElement).open, [...d.querySelectorAll('form')].map((f) => f.dataset.action)]),
    ).toEqual([false, expect.arrayContaining(['accept', 'refuse'])]);
    expect(await page.$eval('form[data-action="refuse"] button[type="submit"]', (b) => [b.className, b.textContent])).toEqual(['danger', '不予受理']);
    // The missing materials come ticked with their problem said. One problem emptied: the API's own rule, shown under
    // that material (the fourth of the matter's list, the third ticked) before anything is sent — not under the list's third.
    expect(await page.$$eval('input[name="pick"]:checked', (cs) => cs.map((c) => (c as HTMLInputElement).value))).toEqual(missing);
    await page.$eval(`#f-problem-${missing[2]}`, (e) => ((e as HTMLTextAreaElement).value = ''));
    await submitForm(page, 'correction-notice');
    expect(await page.$eval(`[data-field="deficiency-${missing[2]}"] .error`, (e) => e.textContent)).toBe('请填写问题说明');
    expect(await page.$(`[data-field="deficiency-${FACILITY_INSTALL_L3_MATERIALS[2]}"] .error`)).toBeNull();
    expect(await page.$('.confirm-step')).toBeNull();
    await page.type(`#f-problem-${missing[2]}`, '未提交');
    // The notice can be issued once only: it is previewed, its consequence said, and nothing is sent before the button that says so.
    await submitForm(page, 'correction-notice');
    expect(await page.$$eval('.notice-preview li', (lis) => lis.length)).toBe(missing.length);
    expect(await page.$eval('form[data-action="correction-notice"] .consequence', (e) => e.textContent)).toMatch(/只能出具一次/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-correction-notice-title');
    expect(await page.$eval('[data-status]', (e) => e.getAttribute('data-status'))).toBe('submitted');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-notice-confirm');
    // Going back keeps what was written; confirming issues it.
    await page.click('button[data-back="correction-notice"]');
    expect(await page.$('.confirm-step')).toBeNull();
    expect(await page.$eval(`#f-problem-${missing[0]}`, (e) => (e as HTMLTextAreaElement).value)).toBe('未提交');
    await submitForm(page, 'correction-notice');
    await page.click('button[data-confirm="correction-notice"]');
    await page.waitForSelector('[data-status="correction-requested"]');
    expect(await page.$$eval('.notice li', (lis) => lis.length)).toBe(missing.length);
    // Waiting for the applicant, the case offers the reviewer no correction notice (the transition table says so).
    expect(await page.$('form[data-action="correction-notice"]')).toBeNull();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-case-notice');

    // The applicant supplements in one step, over the API.
    const supplemented = await h.http('POST', `/v1/applications/${id}/supplements`, { token: applicant, body: { documentIds: docs.slice(1) } });
    expect(supplemented.json).toMatchObject({ status: 'submitted', missing: [] });
    await page.reload({ waitUntil: 'networkidle0' });
    await signInAgainIfAsked(page, 'reviewer', 'reviewer-li');
    await page.waitForSelector('[data-status="submitted"]');
    // Nothing missing now: acceptance leads; the notice waits behind the disclosure. The table allows a notice in
    // this status; the rule of one notice refuses the second, and the page says why.
    expect(await page.$$eval('.materials li[data-missing]', (lis) => lis.length)).toBe(0);
    expect(await page.$eval('details.more-actions form[data-action="correction-notice"]', (f) => f.closest('details')!.open)).toBe(false);
    await page.click('details.more-actions > summary');
    await page.click(`input[name="pick"][value="${missing[0]}"]`);
    await page.type(`#f-problem-${missing[0]}`, '再次补正');
    await submitForm(page, 'correction-notice');
    await page.click('button[data-confirm="correction-notice"]');
    await page.waitForSelector('form[data-action="correction-notice"] .error-summary');
    expect(await page.$eval('form[data-action="correction-notice"] .error-summary', (e) => e.textContent)).toContain('已出具过补正告知书');
    // 首问负责: the reviewer who issued the notice owns the case.
    expect(await page.$eval('dd[data-owner]', (e) => e.getAttribute('data-owner'))).toBe('reviewer-li');
    await submitForm(page, 'accept');
    await page.waitForSelector('[data-status="under-review"]');
    // The outcome leads the page and takes focus, saying what was done.
    expect(await page.evaluate(() => [document.activeElement?.id, document.activeElement?.textContent])).toEqual(['outcome', '已办理：受理。']);
    // L5: a pause for expert review moves the decision clock; ended, it counts the working days it took.
    await page.select('#f-pauseKind', 'expert-review');
    await page.type('#f-expectedWorkingDays', '5');
    await page.type('#f-pauseReason', '请电网专家评审施工方案');
    await submitForm(page, 'pause');
    await page.waitForSelector('li[data-pause="P1"]');
    expect(await page.$eval('li[data-pause="P1"]', (e) => e.textContent)).toMatch(
      /^P1 · 专家评审中止计时 · \d{4}-\d{2}-\d{2}–进行中 · 5 个工作日：请电网专家评审施工方案$/,
    );
    await screenshot(page, 'workbench-case-paused');
    await submitForm(page, 'end-pause');
    await page.waitForFunction(() => !document.querySelector('li[data-pause="P1"]')?.textContent?.includes('进行中'));
    // A reviewer does not decide.
    expect(await page.$('form[data-action="decide"]')).toBeNull();
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#sign-out')]);

    // A decision-maker grants; a denial would ask for confirmation and reasons.
    await signInAs(page, 'decision-maker', 'decider-zhao');
    await page.goto(`${h.p.apiUrl}/staff/cases/${id}`, { waitUntil: 'networkidle0' });
    await signInAgainIfAsked(page, 'decision-maker', 'decider-zhao');
    await page.waitForSelector('form[data-action="decide"]');
    // The decision-maker hands the case to a colleague (an action behind the disclosure: the decision leads); the
    // timeline keeps the hand-over and the reason.
    expect(await page.$eval('.next-step', (e) => e.getAttribute('data-step'))).toBe('decision');
    await page.click('details.more-actions > summary');
    await page.type('#f-to', 'reviewer-wang');
    await page.type('#f-handOverReason', '李某休假，由王某顶岗');
    await submitForm(page, 'reassign');
    await page.waitForFunction(() => document.querySelector('dd[data-owner]')?.getAttribute('data-owner') === 'reviewer-wang');
    expect(await page.$eval('.timeline [data-event="CaseReassigned"]', (e) => e.textContent)).toMatch(/转交 · decider-zhao$/);
    // 顶岗补位: the new owner is away; the decision-maker covers, sees the case as theirs in the queue, and acting is a hand-over.
    await page.click('a[href="/staff/"]');
    // Marking a colleague away is an occasional step: behind the absences' disclosure, the queue first.
    await page.waitForSelector('form[data-action="markAbsent"]');
    expect(await page.$eval('form[data-action="markAbsent"]', (f) => f.closest('details')?.open)).toBe(false);
    await page.click('details.more-actions:has(form[data-action="markAbsent"]) > summary');
    await page.type('#f-absentSub', 'reviewer-wang');
    await page.type('#f-coveredBy', 'decider-zhao');
    await page.type('#f-absenceReason', '年休假');
    await submitForm(page, 'markAbsent');
    await page.waitForSelector('form[data-action="back-reviewer-wang"]');
    await page.click('#queue-mine');
    await page.waitForSelector(`tr[data-item="${id}"]`);
    expect(await page.$eval(`tr[data-item="${id}"] [data-owner]`, (e) => e.textContent)).toBe('reviewer-wang （离岗，decider-zhao 顶岗）');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-cover');
    await page.click(`tr[data-item="${id}"] a`);
    await page.waitForSelector('form[data-action="decide"]');
    // Nothing is preselected: 提交 alone decides nothing; a denial without reasons is stopped at the reasons.
    expect(await page.$$eval('form[data-action="decide"] input[name="outcome"]', (rs) => rs.filter((r) => (r as HTMLInputElement).checked).length)).toBe(0);
    await submitForm(page, 'decide');
    expect(await page.$eval('form[data-action="decide"] [data-field="outcome"] .error', (e) => e.textContent)).toBe('请选择作出决定');
    expect(await page.$('.confirm-step')).toBeNull();
    await page.click('form[data-action="decide"] input[value="deny"]');
    await submitForm(page, 'decide');
    expect(await page.$eval('form[data-action="decide"] [data-field="reasons"] .error', (e) => e.textContent)).toBe(
      '不予许可必须写明理由（行政许可法第三十八条）',
    );
    expect(await page.$('.confirm-step')).toBeNull();
    // The scope is the guide's official wording, shown, not typed.
    const official = '承装类三级：可以从事110千伏以下电压等级电力设施的安装业务';
    expect(await page.$eval('form[data-action="decide"] [data-scope]', (e) => e.textContent)).toBe(official);
    expect(await page.$('#f-scope')).toBeNull();
    // A grant shows the face of the licence it will seal and says it cannot be withdrawn; nothing is granted until the button that says so.
    await page.click('form[data-action="decide"] input[value="grant"]');
    await page.type('#f-reasons', '符合许可条件');
    await submitForm(page, 'decide');
    const preview = await page.$eval('.licence-preview', (e) =>
      Object.fromEntries(
        [...e.querySelectorAll('dd')].map((d) => [
          d
            .getAttributeNames()
            .find((n) => n.startsWith('data-preview-'))!
            .slice(13),
          d.textContent,
        ]),
      ),
    );
    expect(preview).toMatchObject({ holder: expect.stringContaining('测试电力工程有限公司'), uscc, scope: official, issuer: '国家能源局云南监管办公室' });
    expect(preview.validity).toMatch(/^\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}（自签发之日起 6 年）$/);
    expect(await page.$eval('button[data-confirm="decide"]', (e) => e.textContent)).toBe('确认准予许可并签发许可证');
    expect(await page.$eval('form[data-action="decide"] .consequence', (e) => e.textContent)).toMatch(/电子印章.*不能撤回/);
    expect(await page.$eval('[data-status]', (e) => e.getAttribute('data-status'))).toBe('under-review');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-grant-confirm');
    await page.click('button[data-confirm="decide"]');
    await page.waitForSelector('[data-status="granted"]');
    // What was sealed is the official wording, in the licence the applicant and the public see.
    await h.settle();
    const sealed = (await h.http('GET', `/v1/applications/${id}`, { token: applicant })).json!.licenseIssued as { licenseNo: string };
    expect((await h.http('GET', `/v1/public/licenses/${sealed.licenseNo}`)).json).toMatchObject({ scope: official });
    expect(await page.$eval('.timeline [data-event="CaseCovered"]', (e) => e.textContent)).toMatch(/顶岗办理 · decider-zhao$/);
    expect(await page.$eval('dd[data-owner]', (e) => e.getAttribute('data-owner'))).toBe('reviewer-wang');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-case-granted');
    // L1: no visit; the paper licence goes by post with its waybill on the page; each material opens through a five-minute link.
    expect(await page.$eval('main', (e) => e.textContent)).toContain('没有（零跑腿）。');
    await page.type('#f-waybillNo', 'SF1234567890');
    await submitForm(page, 'deliver');
    await page.waitForSelector('[data-waybill="SF1234567890"]');
    expect(await page.$$eval('.materials button[data-document]', (b) => b.length)).toBe(FACILITY_INSTALL_L3_MATERIALS.length);
    await page.click(`.materials button[data-document="${docs[0]}"]`);
    const material = await (await page.waitForSelector(`a[data-document-link="${docs[0]}"]`))!.evaluate((a) => (a as HTMLAnchorElement).href);
    expect((await fetch(material)).status).toBe(200);
    await h.settle();

    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#sign-out')]);

    // Staff of another agency see none of it: not in their queue, and the case's address says it is not theirs.
    const elsewhere = await browser.newPage();
    await elsewhere.setViewport({ width: 1200, height: 900 });
    await signInAs(elsewhere, 'reviewer', 'reviewer-fj', true, 'nea-fujian');
    expect(await elsewhere.$(`tr[data-item="${id}"]`)).toBeNull();
    // Loaded by its address, the tab still signed in (ADR 0017).
    await elsewhere.goto(`${h.p.apiUrl}/staff/cases/${id}`, { waitUntil: 'networkidle0' });
    expect(await elsewhere.$('#sign-in')).toBeNull();
    await elsewhere.waitForSelector('main .bad-text');
    expect(await elsewhere.$eval('main .bad-text', (e) => e.textContent)).toBe('没有这个案件，或不在您的范围内。');
    await elsewhere.close();

    await page.goto(`${h.p.apiUrl}/register?uscc=${uscc}`, { waitUntil: 'networkidle0' });
    expect(await page.$$eval('.entry', (es) => es.map((e) => e.getAttribute('data-case')))).toEqual([id]);
    await page.close();
  });

  it('L4 L5: a reviewer’s and a decision-maker’s journey at a desk: every irreversible step — a refusal, a denial — says what it does and waits for its confirmation; going back sends nothing; the outcome then leads the page', async () => {
    // Two complete applications of Yunnan enterprises, over the API: one to refuse, one (accepted) to deny.
    const apply = async () => {
      const uscc = newUscc('530100');
      const applicant = await h.registerEnterprise(uscc, '530100');
      const docs: string[] = [];
      for (const m of FACILITY_INSTALL_L3_MATERIALS) docs.push(await h.uploadDocument(uscc, applicant, m, { validUntil: '2030-12-31' }));
      const submitted = await h.http('POST', '/v1/applications', {
        token: applicant,
        body: { matterId: 'facility-install-l3.new', documentIds: docs.slice(0, 1) },
      });
      expect(submitted.status).toBe(201);
      return submitted.json!.id as string;
    };
    const [toRefuse, toDeny] = [await apply(), await apply()];
    await h.settle();
    const reviewerToken = await h.token({ role: 'reviewer', agencyId: 'nea-yunnan' });
    expect((await h.http('POST', `/v1/applications/${toDeny}/acceptance`, { token: reviewerToken, body: { decision: 'accept' } })).status).toBe(200);

    const page = await phonePage(browser);
    await page.setViewport({ width: 1440, height: 900 });
    const status = () => page.$eval('[data-status]', (e) => e.getAttribute('data-status'));
    const confirmStep = async (action: string, consequence: RegExp, button: string) => {
      await page.waitForSelector(`form[data-action="${action}"] .confirm-step`);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(`confirm-${action}-title`);
      expect(await page.$eval(`form[data-action="${action}"] .consequence`, (e) => e.textContent)).toMatch(consequence);
      expect(await page.$eval(`button[data-confirm="${action}"]`, (e) => e.textContent)).toBe(button);
    };

    // The reviewer: all materials there, so acceptance leads; the refusal waits behind the disclosure, outlined.
    await signInAs(page, 'reviewer', 'reviewer-journey');
    await page.goto(`${h.p.apiUrl}/staff/cases/${toRefuse}`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.next-step');
    expect(await page.$eval('.next-step', (e) => e.getAttribute('data-step'))).toBe('acceptance');
    expect(await page.$$eval('.actions > form.action', (fs) => fs.map((f) => f.getAttribute('data-action')))).toEqual(['accept']);
    await page.click('details.more-actions > summary');
    await page.type('#f-reasons', '申请事项不属于本机关职权范围');
    await page.click('form[data-action="refuse"] button[type="submit"]');
    await confirmStep('refuse', /本申请即告结束；决定不能撤回/, '确认不予受理');
    expect(await status()).toBe('submitted');
    await screenshot(page, 'journey-staff-01-refuse-confirm');
    // Going back sends nothing and keeps what was written.
    await page.click('button[data-back="refuse"]');
    expect(await page.$('.confirm-step')).toBeNull();
    expect(await page.$eval('#f-reasons', (e) => (e as HTMLTextAreaElement).value)).toBe('申请事项不属于本机关职权范围');
    expect((await h.http('GET', `/v1/applications/${toRefuse}`, { token: reviewerToken })).json!.status).toBe('submitted');
    await page.click('form[data-action="refuse"] button[type="submit"]');
    await confirmStep('refuse', /决定不能撤回/, '确认不予受理');
    await page.click('button[data-confirm="refuse"]');
    await page.waitForSelector('[data-status="refused"]');
    expect(await page.evaluate(() => [document.activeElement?.id, document.activeElement?.textContent])).toEqual(['outcome', '已办理：不予受理。']);
    await screenshot(page, 'journey-staff-02-refused');
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#sign-out')]);

    // The decision-maker: the decision leads; a denial needs its reasons, then shows its consequence and waits.
    await signInAs(page, 'decision-maker', 'decider-journey');
    await page.goto(`${h.p.apiUrl}/staff/cases/${toDeny}`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('form[data-action="decide"]');
    expect(await page.$eval('.next-step', (e) => e.getAttribute('data-step'))).toBe('decision');
    await page.click('form[data-action="decide"] input[value="deny"]');
    await page.click('form[data-action="decide"] button[type="submit"]');
    expect(await page.$eval('form[data-action="decide"] [data-field="reasons"] .error', (e) => e.textContent)).toBe(
      '不予许可必须写明理由（行政许可法第三十八条）',
    );
    expect(await page.$('.confirm-step')).toBeNull();
    await page.type('#f-reasons', '专业技术人员数量不符合三级要求');
    await page.click('form[data-action="decide"] button[type="submit"]');
    await confirmStep('decide', /将送达申请人并公开；决定不能撤回/, '确认不予许可');
    expect(await status()).toBe('under-review');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'journey-staff-03-deny-confirm');
    await page.click('button[data-confirm="decide"]');
    await page.waitForSelector('[data-status="denied"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('outcome');
    expect(await page.$eval('.next-step', (e) => e.getAttribute('data-step'))).toBe('finished');
    await screenshot(page, 'journey-staff-04-denied');
    await page.close();
  });

  it('P2 P4: a supervisor takes a 12398 work order from intake to closure in the pages: accepted, assigned, found, answered, called back; the complainant shown with the opening logged; L10: the reports with their CSV from the API', async () => {
    const run = Math.random().toString(36).slice(2, 8).toUpperCase();
    const orderNo = `WB${run}`;
    const delivered = await deliverWorkOrder(h.p.apiUrl, localHotlineSecret(), {
      orderNo,
      receivedAt: new Date().toISOString(),
      channel: 'phone',
      type: 'complaint',
      businessArea: 'connection',
      regionCode: '530102',
      facts: '报装后超过十个工作日未接电',
      request: '尽快接电',
      complainant: { name: '赵六', contact: '13912345678' },
    });
    expect(delivered.status).toBeLessThan(300);
    await h.settle();

    const page = await phonePage(browser);
    await page.setViewport({ width: 1200, height: 900 });
    await signInAs(page, 'supervisor', 'supervisor-yn');
    await page.waitForFunction((no) => [...document.querySelectorAll('tbody tr')].some((r) => r.textContent?.includes(no)), {}, orderNo);
    const id = await page.$$eval('tbody tr', (rows, no) => rows.find((r) => r.textContent?.includes(no))?.getAttribute('data-item'), orderNo);
    expect(id).toBeTruthy();
    // Nobody's yet: the supervisor assigns it below, and the queue then names the handler.
    expect(await page.$eval(`tr[data-item="${id}"] [data-owner]`, (e) => e.getAttribute('data-owner'))).toBe('');
    await page.click(`tr[data-item="${id}"] a`);
    await page.waitForSelector('[data-status="received"]');
    expect(await page.$eval('[data-complainant]', (e) => e.textContent)).toBe('赵六 · 13912345678');
    expect(await page.$eval('.note[role="note"]', (e) => e.textContent)).toContain('本次查看已记录');
    // And it is: the page's opening is on the complaint's access log, under the supervisor who opened it.
    expect((await accessLog().list(`COMPLAINT#${id}`)).filter((l) => l.action === 'complainant-opened').map((l) => l.actor)).toContain('supervisor-yn');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-complaint');

    await submitForm(page, 'accept');
    await page.waitForSelector('[data-status="accepted"]');
    await submitForm(page, 'assign');
    await page.waitForSelector('[data-status="assigned"]');
    await page.click('a[href="/staff/"]');
    await page.waitForSelector(`tr[data-item="${id}"] [data-owner="supervisor-yn"]`);
    await page.click(`tr[data-item="${id}"] a`);
    await page.waitForSelector('[data-status="assigned"]');
    // Findings without saying whether substantiated: the API's rule, at its field.
    await page.type('#f-facts', '经核查，供电公司已于次日接电');
    await submitForm(page, 'find');
    expect(await page.$eval('[data-field="substantiated"] .error', (e) => e.textContent)).toMatch(/^请选择/);
    await page.click('input[name="substantiated"][value="false"]');
    await submitForm(page, 'find');
    await page.waitForSelector('[data-status="handled"]');
    await page.type('#f-text', '经核查，已于次日接电，感谢您的监督。');
    await submitForm(page, 'reply');
    await page.waitForSelector('[data-status="replied"]');
    // Reached but no satisfaction given: refused at the field.
    await page.click('#f-reached');
    await submitForm(page, 'call-back');
    expect(await page.$eval('[data-field="satisfaction"] .error', (e) => e.textContent)).toBe('已联系上投诉人的，请选择其满意程度');
    await page.select('#f-satisfaction', 'satisfied');
    await submitForm(page, 'call-back');
    await page.waitForSelector('[data-status="closed"]');
    expect(await page.$('form.action')).toBeNull();
    await screenshot(page, 'workbench-complaint-closed');

    // L10 S5 S7 G7: the reports, as a supervisor of the agency reads them; the CSV and PDF come from the API with the token.
    await page.click('.who a[href="/staff/reports"]');
    await page.waitForSelector('[data-report="oversight"]');
    const quarter = (await page.$eval('#f-quarter', (e) => (e as HTMLInputElement).value)) as string;
    const oversight = (
      await h.http('GET', `/v1/reports/licensing-oversight?quarter=${quarter}`, { token: await h.token({ role: 'supervisor', agencyId: 'nea-yunnan' }) })
    ).json as {
      cases: { submitted: number };
      onTime: Record<string, { ended: number; rate: number | null }>;
    };
    expect(await page.$eval('[data-figure="submittedCases"]', (e) => e.textContent)).toBe(String(oversight.cases.submitted));
    // The chart's numbers are the API's on-time rates of the limits that ended this quarter, in words.
    const names: Record<string, string> = { acceptance: '受理', decision: '审查决定', issuance: '颁发证件', publication: '结果公示' };
    const ended = Object.entries(oversight.onTime).filter(([, o]) => o.ended);
    expect(await page.$$eval('[data-report="oversight"] figure li', (lis) => lis.map((l) => l.textContent))).toEqual(
      ended.map(([kind, o]) => `${names[kind]}: ${Math.round((o.rate ?? 0) * 100)}`),
    );
    expect(await page.$('[data-report="supervision"]')).not.toBeNull();
    const [csv] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/v1/reports/licensing-oversight') && r.url().includes('format=csv')),
      page.click('#oversight-csv'),
    ]);
    expect([csv.status(), csv.headers()['content-type']]).toEqual([200, 'text/csv; charset=utf-8']);
    const sheet = await (
      await fetch(`${h.p.apiUrl}/v1/reports/licensing-oversight?quarter=${quarter}&format=csv`, {
        headers: { authorization: `Bearer ${await h.token({ role: 'supervisor', agencyId: 'nea-yunnan' })}` },
      })
    ).text();
    expect(sheet.split('\r\n')[2]).toBe(`受理申请 cases submitted,${oversight.cases.submitted},`);
    await page.select('#f-company', 'sgcc-fj');
    const [pdf] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/v1/reports/connections') && r.url().includes('format=pdf')),
      page.click('[data-download="pdf"]'),
    ]);
    // A Yunnan supervisor asks for a Fujian company: the API refuses, and nothing is downloaded.
    expect(pdf.status()).toBe(403);
    await page.waitForSelector('[data-report="connections"] [role="alert"]');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-reports');
    await page.close();
  });

  it('P2 P3: the 12398 queue names who each work order is about, counts each status and filters by it, sorts, and assigns several at once; the marking-away form waits behind its disclosure', async () => {
    const run = Date.now().toString();
    const party = '云南队列测试供电有限公司';
    const supervisorToken = await h.token({ role: 'supervisor', agencyId: 'nea-yunnan', sub: 'supervisor-q' });
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const orderNo = `WB${run}${n}`;
      const delivered = await deliverWorkOrder(h.p.apiUrl, localHotlineSecret(), {
        orderNo,
        receivedAt: new Date(Date.now() - (4 - n) * 60_000).toISOString(),
        channel: 'phone',
        type: 'complaint',
        businessArea: 'connection',
        regionCode: '530102',
        party: { name: party },
        facts: `第 ${n} 次反映：报装后未按期接电`,
        request: '尽快接电',
        complainant: { anonymous: true },
      });
      expect(delivered.status).toBeLessThan(300);
      ids.push(((await delivered.json()) as { complaintId: string }).complaintId);
    }
    await h.settle();
    // Two accepted (assignable), the third left received.
    for (const id of ids.slice(0, 2))
      expect((await h.http('POST', `/v1/complaints/${id}/acceptance`, { token: supervisorToken, body: { decision: 'accept' } })).status).toBe(200);

    const page = await phonePage(browser);
    await page.setViewport({ width: 1200, height: 900 });
    await signInAs(page, 'supervisor', 'supervisor-q');
    await page.waitForSelector(`tr[data-item="${ids[2]}"]`);
    // Who each is about, not its number again.
    expect(await page.$$eval(ids.map((id) => `tr[data-item="${id}"] td:nth-child(4)`).join(','), (tds) => tds.map((td) => td.textContent))).toEqual([
      party,
      party,
      party,
    ]);
    // The filter, as typed in one go (the queue repaints at every input).
    await page.$eval(
      '#queue-filter',
      (e, v) => {
        (e as HTMLInputElement).value = v;
        e.dispatchEvent(new Event('input'));
      },
      party,
    );
    const counts = async () =>
      page.$$eval('[data-status-filter]', (bs) => bs.map((b): [string, string] => [b.getAttribute('data-status-filter') ?? '', b.textContent ?? '']));
    expect(new Map(await counts())).toEqual(
      new Map([
        ['', '全部（3）'],
        ['received', '待受理（1）'],
        ['accepted', '已受理（2）'],
      ]),
    );
    await page.click('[data-status-filter="accepted"]');
    expect(await page.$eval('[data-status-filter="accepted"]', (b) => b.getAttribute('aria-pressed'))).toBe('true');
    expect(await page.$$eval('tbody tr', (rows) => rows.map((r) => r.getAttribute('data-item')))).toEqual(expect.arrayContaining(ids.slice(0, 2)));
    expect(await page.$$eval('tbody tr', (rows) => rows.length)).toBe(2);
    // Newest first, on request.
    await page.select('#queue-sort', 'since');
    expect(await page.$$eval('tbody tr', (rows) => rows.map((r) => r.getAttribute('data-item')))).toEqual([ids[1], ids[0]]);
    // Both ticked and assigned to one handler at once; the outcome says so and takes focus; the queue names the handler.
    expect(await page.$eval('form[data-action="bulk-assign"] button[type="submit"]', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    for (const id of ids.slice(0, 2)) await page.click(`#pick-${id}`);
    await page.type('#bulk-staff', 'insp-yn-q');
    expect(await page.$eval('form[data-action="bulk-assign"] h3', (e) => e.textContent)).toBe('批量指派（已选 2 件）');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-queue-bulk');
    await page.click('form[data-action="bulk-assign"] button[type="submit"]');
    await page.waitForSelector('#outcome');
    expect(await page.evaluate(() => [document.activeElement?.id, document.activeElement?.textContent])).toEqual([
      'outcome',
      '已办理：2 件已指派给 insp-yn-q。',
    ]);
    // Assigned, they have left the accepted ones; the assigned count names them with their handler.
    await page.click('[data-status-filter="assigned"]');
    for (const id of ids.slice(0, 2)) expect(await page.$eval(`tr[data-item="${id}"] [data-owner]`, (e) => e.getAttribute('data-owner'))).toBe('insp-yn-q');
    // The page of one of them names the party too.
    await page.click(`tr[data-item="${ids[0]}"] a`);
    await page.waitForSelector('[data-status="assigned"]');
    expect(await page.$eval('[data-party]', (e) => e.textContent)).toBe(`${party}（未匹配到注册企业）`);
    // The marking-away form is behind its disclosure on the queue page.
    await page.click('a[href="/staff/"]');
    await page.waitForSelector('form[data-action="markAbsent"]');
    expect(await page.$eval('form[data-action="markAbsent"]', (f) => f.closest('details')?.open)).toBe(false);
    await page.close();
  });

  it('S4 S5: an inspector sees the inspections a draw matched them to, records findings, orders a rectification with its deadline, and closes it when done', async () => {
    // A Yunnan draw with two inspectors of its own over at least three licences: each inspector is on some team.
    const { inspectors } = await yunnanDraw(h, { run: Date.now().toString(36), licences: 3, ratio: 1, holderName: '云南检查测试有限公司' });
    const inspector = inspectors[0];

    const page = await phonePage(browser);
    await page.setViewport({ width: 1200, height: 900 });
    await signInAs(page, 'inspector', inspector);
    // Its inspection, among whatever else the agency's inspectors have waiting (12398 work orders of other tests).
    const row = 'tbody tr:has(a[href^="/staff/inspections/"])';
    await page.waitForSelector(row);
    expect(await page.$eval(row, (e) => e.textContent)).toContain('双随机抽查');
    await page.click(`${row} a`);
    await page.waitForSelector('[data-status="open"]');
    expect(await page.$eval('main dl', (e) => e.textContent)).toContain(inspector);
    // The outcome needs findings first: the page offers both, the API says so if one tries.
    await page.type('#f-item-0', '特种作业人员持证上岗');
    await page.select('#f-result-0', 'fail');
    await page.type('#f-note-0', '2 名电工证件过期');
    await page.type('#f-item-1', '安全生产管理制度');
    await submitForm(page, 'record-findings');
    await page.waitForSelector('.findings li');
    expect(await page.$$eval('.findings li', (lis) => lis.map((l) => l.textContent))).toEqual([
      '特种作业人员持证上岗：不符合（2 名电工证件过期）',
      '安全生产管理制度：符合',
    ]);
    // A rectification order without its deadline: refused at the field by the API's own rule.
    await page.click('input[name="outcome"][value="rectification"]');
    await page.type('#f-facts', '特种作业人员证件过期，责令限期整改');
    await submitForm(page, 'decide-outcome');
    expect(await page.$eval('[data-field="deadline"] .error', (e) => e.textContent)).toBe('责令整改须写明整改期限');
    const deadline = new Date(Date.now() + 8 * 3600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
    await page.$eval('#f-deadline', (e, d) => ((e as HTMLInputElement).value = d), deadline);
    await submitForm(page, 'decide-outcome');
    await page.waitForSelector('[data-status="rectifying"]');
    expect(await page.$eval('[data-outcome]', (e) => e.getAttribute('data-outcome'))).toBe('rectification');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-inspection');
    await page.type('#f-note', '已更换持证人员');
    await submitForm(page, 'complete-rectification');
    await page.waitForSelector('[data-status="closed"]');
    await page.close();
  });

  it("C3 C4 S6: a supervisor finds a credit repair and the screening's warning in the queue, holds the serious record's interview, opens the evidence through a short-lived link, accepts and grants the repair", async () => {
    const uscc = newUscc('530100');
    const applicant = await h.registerEnterprise(uscc, '530100');
    const supervisorToken = await h.token({ role: 'supervisor', agencyId: 'nea-yunnan' });
    const recorded = await h.http('POST', `/v1/enterprises/${uscc}/credit-records`, {
      token: supervisorToken,
      body: { source: 'penalty', sourceRef: `云监罚〔2026〕${uscc.slice(-6)}号`, severity: 'serious', facts: '超越许可范围承揽工程', decidedAt: '2026-09-01' },
    });
    expect(recorded.status).toBe(201);
    const evidence = await h.uploadDocument(uscc, applicant, 'business-license', { text: '整改报告' });
    const repair = await h.http('POST', `/v1/enterprises/${uscc}/credit-repairs`, {
      token: applicant,
      body: { recordId: 'CR0001', commitment: '已完成整改，承诺依法经营', evidenceDocumentIds: [evidence] },
    });
    expect(repair.status).toBe(201);
    // What the monthly screening writes for a licence near its end (S6; the screening itself: supervision.test.ts).
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const warning = {
      warningId: `W-${uscc}-renewal`,
      kind: 'renewal-reminder' as const,
      subject: `FI3-YN-${uscc.slice(-6)}`,
      month: today.slice(0, 7),
      detail: {},
      raisedOn: today,
    };
    await appendDecision(eventStore(), warningsStream(uscc), undefined, raise(undefined, uscc, 'nea-yunnan', [warning], today), {
      actor: 'test-seed',
      at: new Date(),
    });

    const page = await phonePage(browser);
    await page.setViewport({ width: 1200, height: 900 });
    await signInAs(page, 'supervisor', 'supervisor-he');
    const row = `tr:has(a[href="/staff/credit/${uscc}"])`;
    await page.waitForSelector(row);
    expect(await page.$eval(row, (r) => r.textContent)).toMatch(/信用修复.*待受理/);
    expect(await page.$eval(`tr[data-warning="${warning.warningId}"]`, (r) => r.textContent)).toContain('许可证延续提醒');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-supervisor-queue');

    await page.click(`${row} a`);
    await page.waitForSelector('[data-request="RP001"][data-request-status="submitted"]');
    expect(await page.$eval('[data-class]', (e) => e.getAttribute('data-class'))).toBe('dishonest');
    // The evidence: asked for, a five-minute link to the document store takes the button's place.
    await page.click(`button[data-document="${evidence}"]`);
    const href = await (await page.waitForSelector(`a[data-document-link="${evidence}"]`))!.evaluate((a) => (a as HTMLAnchorElement).href);
    expect(href).toContain(`/documents/${uscc}/${evidence}`);
    expect(
      Buffer.from(await (await fetch(href)).arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // C3: the serious record's interview (约谈), offered on the credit page: scheduled with its time and place, refused
    // when recorded before its time, recorded once held — who attended, what was agreed — and confirmed first.
    const inTwoMinutes = new Date(Date.now() + 8 * 3600_000 + 120_000).toISOString().slice(0, 16);
    await page.$eval('#f-at-CR0001-M2', (e, v) => ((e as HTMLInputElement).value = v), inTwoMinutes);
    await page.type('#f-place-CR0001-M2', '云南能源监管办三楼会议室');
    await submitForm(page, 'schedule-CR0001-M2');
    await page.waitForSelector('[data-measure="CR0001-M2"] [data-interview="scheduled"]');
    expect(await page.$eval('[data-measure="CR0001-M2"] [data-interview="scheduled"]', (e) => e.textContent)).toBe(
      `约谈：${inTwoMinutes.replace('T', ' ')} · 云南能源监管办三楼会议室`,
    );
    const recordInterview = async () => {
      await page.click('form[data-action="record-CR0001-M2"] button[type="submit"]');
      expect(await page.$eval('form[data-action="record-CR0001-M2"] .consequence', (e) => e.textContent)).toMatch(/不能修改/);
      await page.click('button[data-confirm="record-CR0001-M2"]');
      await page.waitForNetworkIdle();
    };
    await page.type('#f-attendees-CR0001-M2', '林测试（法定代表人）\n何监管（云南能源监管办）');
    await page.type('#f-agreed-CR0001-M2', '企业承诺三十日内完成整改并报送整改报告');
    await recordInterview();
    expect(await page.$eval('form[data-action="record-CR0001-M2"] .error-summary', (e) => e.textContent)).toContain('约谈时间未到');
    await h.setClock(new Date(Date.now() + 5 * 60_000).toISOString());
    await recordInterview();
    await page.waitForSelector('[data-measure="CR0001-M2"][data-measure-status="held"]');
    expect(await page.$eval('[data-measure="CR0001-M2"] [data-interview="held"]', (e) => e.textContent)).toBe(
      '参加：林测试（法定代表人）、何监管（云南能源监管办）；约定：企业承诺三十日内完成整改并报送整改报告',
    );
    expect(await page.$('form[data-action="record-CR0001-M2"]')).toBeNull();
    expect((await h.http('DELETE', '/local/clock')).status).toBe(200);

    await page.click('input[name="decision-RP001"][value="accept"]');
    await submitForm(page, 'accept-RP001');
    await page.waitForSelector('[data-request="RP001"][data-request-status="accepted"]');
    expect(await page.$eval('[data-request="RP001"]', (e) => e.textContent)).toMatch(/应于 \d{4}-\d{2}-\d{2} 前作出决定/);
    // Granting is for good: confirmed, with reasons.
    await page.click('input[name="outcome-RP001"][value="granted"]');
    await page.type('#f-decision-reasons-RP001', '整改到位，准予修复');
    await submitForm(page, 'decide-RP001');
    expect(await page.$eval('form[data-action="decide-RP001"] .consequence', (e) => e.textContent)).toMatch(/RP001.*不能撤回/);
    expect(await page.$('[data-request="RP001"][data-request-status="granted"]')).toBeNull();
    await page.click('button[data-confirm="decide-RP001"]');
    await page.waitForNetworkIdle();
    await page.waitForSelector('[data-request="RP001"][data-request-status="granted"]');
    expect(await page.$eval('[data-class]', (e) => e.getAttribute('data-class'))).toBe('good');
    expect(await page.$eval('[data-record="CR0001"]', (e) => e.getAttribute('data-record-status'))).toBe('repaired');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-credit');
    await page.close();
  });

  it('S1 S3: a supervisor draws a plan in the pages; in its entropy window the draw counts down to the reveal, then shows its result', async () => {
    const run = Date.now().toString(36);
    await yunnanDraw(h, { run, licences: 2, ratio: 1, holderName: '云南抽取测试有限公司' });
    const supervisorToken = await h.token({ role: 'supervisor', agencyId: 'nea-yunnan' });
    const planId = `yn-${run}-ui`;
    const plan = await h.http('POST', '/v1/supervision/plans', {
      token: supervisorToken,
      body: {
        planId,
        name: '承装类许可证季度抽查',
        licenseClasses: ['facility-install'],
        provinces: ['53'],
        ratios: { good: 1 },
        schedule: 'none',
        entropyWindowMinutes: 2,
      },
    });
    expect(plan.status).toBe(200);

    const page = await phonePage(browser);
    await page.setViewport({ width: 1200, height: 900 });
    await signInAs(page, 'supervisor', 'supervisor-ma');
    await page.click('a[href="/staff/draws"]');
    await page.waitForSelector(`tr[data-plan="${planId}"]`);
    await page.select('#f-planId', planId);
    await page.$eval('#f-period', (e) => ((e as HTMLInputElement).value = '2026Q4'));
    // The platform here waits no window (the tests' Step Functions skip Wait states), so the draw is shown to the
    // page as it stood at its commitment — committed, its window two minutes long — once; every later read is the real one.
    const drawId = `${planId}.2026Q4`;
    let real: Record<string, unknown> | undefined;
    await page.setRequestInterception(true);
    const asCommitted = (req: HTTPRequest) => {
      if (real || new URL(req.url()).pathname !== `/v1/public/draws/${drawId}`) return void req.continue();
      void h.http('GET', `/v1/public/draws/${drawId}`).then((r) => {
        if (r.status !== 200 || real) return void req.continue();
        real = r.json!;
        const { nonce: _n, seed: _s, result: _r, resultHash: _h, ...committed } = real;
        void req.respond({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({ ...committed, status: 'committed', entropyUntil: new Date(Date.now() + 120_000).toISOString() }),
        });
      });
    };
    page.on('request', asCommitted);
    await submitForm(page, 'startDraw');
    expect(new URL(page.url()).pathname).toBe(`/staff/draws/${drawId}`);
    await page.waitForSelector('#countdown');
    expect(await page.$eval('#countdown', (e) => e.textContent)).toMatch(/^0[12]:\d\d$/);
    expect(await page.$eval('main', (e) => e.textContent)).toContain('正在征集公众随机数');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-draw-countdown');
    // The page asks again by itself and, the draw made, shows its result.
    await page.waitForSelector('[data-status="drawn"], [data-status="published"]');
    const drawn = (await h.http('GET', `/v1/public/draws/${drawId}`)).json as { result: { selected: unknown[] } };
    expect(await page.$$eval('tr[data-selected]', (rows) => rows.length)).toBe(drawn.result.selected.length);
    expect(await page.$('#countdown')).toBeNull();
    await screenshot(page, 'workbench-draw-result');
    page.off('request', asCommitted);
    await page.setRequestInterception(false);
    await page.close();
  });

  it('the register import in the pages: an administrator sends a file and watches its rows done and rejected, each rejection with its column', async () => {
    const run = Date.now().toString(36).toUpperCase();
    const row = (i: number, uscc: string) => ({
      formerNo: `3-YN-${run}-${i}`,
      holderName: `云南导入测试电力工程有限公司${hanTag(run)}${i}`,
      uscc,
      regionCode: '530100',
      agencyId: 'nea-yunnan',
      licenseClass: 'facility-install',
      level: '3',
      scope: '承装三级, 电压等级 110 kV 及以下',
      issuedOn: '',
      validFrom: '2025-03-01',
      validUntil: '2031-02-28',
    });
    const bad = newUscc('530100');
    const file = join(tmpdir(), `register-${run}.csv`);
    writeFileSync(
      file,
      stringify([row(1, newUscc('530100')), row(2, newUscc('530100')), row(3, bad.slice(0, 17) + (bad[17] === '0' ? '1' : '0'))], {
        header: true,
        columns: [...IMPORT_COLUMNS],
      }),
    );

    const page = await phonePage(browser);
    await page.setViewport({ width: 1200, height: 900 });
    await signInAs(page, 'admin', `operator-${run}`);
    await page.click('a[href="/staff/imports"]');
    const input = await page.waitForSelector('#f-file');
    await (input as unknown as { uploadFile: (p: string) => Promise<void> }).uploadFile(file);
    await page.click('form[data-action="import"] button[type="submit"]');
    await page.waitForSelector('#import-progress');
    expect(page.url()).toMatch(/\/staff\/imports\/imp-[0-9a-f]{24}$/);
    await h.settle();
    // The page asks again every second until the import is complete.
    await page.waitForSelector('[data-status="completed"]');
    expect(await page.$eval('#import-progress', (e) => [(e as HTMLProgressElement).value, (e as HTMLProgressElement).max])).toEqual([3, 3]);
    expect(await page.$eval('[data-count="imported"]', (e) => e.textContent)).toBe('2');
    expect(await page.$eval('[data-count="rejected"]', (e) => e.textContent)).toBe('1');
    // The rejected row names its column as the file does and says the problem in plain Chinese.
    expect(await page.$eval('li[data-row="3"]', (e) => e.textContent)).toMatch(/列 uscc 统一社会信用代码的最后一位校验码不对/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-import');
    await page.close();
  });

  /** A reload resumes the tab's sign-in (ADR 0017); should the sign-in have ended, it is made again, back on the same page. */
  async function signInAgainIfAsked(page: Page, role: string, sub: string): Promise<void> {
    if (!(await page.$('#sign-in'))) return;
    const at = page.url();
    await signInAs(page, role, sub, false);
    expect(page.url()).toBe(at);
  }
});
