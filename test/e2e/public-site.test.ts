import type { Browser } from 'puppeteer-core';
import { phonePage, scanPaperLicence, screenshot, seriousAccessibilityViolations, useBrowser } from '../support/browser';
import { grantingActors } from '../support/granting';
import { type Harness, useHarness } from '../support/local-platform';

/**
 * The public face of E3, in a real browser: a phone scans a paper licence's QR code and the page it opens says,
 * from the seal checked in the browser and the register's status, whether the licence is authentic and valid now.
 */
describe('the verification page (public site)', () => {
  let h: Harness;
  let browser: Browser;
  useHarness((started) => (h = started));
  useBrowser((b) => (browser = b));

  it('E3: the paper licence’s QR opens the page, which says authentic and valid with the holder; revoked after a revocation; a changed token is not authentic', () =>
    scanPaperLicence(h, browser, 'es256'));

  it('E3: a licence number typed into the page shows the register’s record; a mistyped one says so', async () => {
    const { grant, holder } = await grantingActors(h);
    const a = await holder();
    const licenseNo = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
    const page = await phonePage(browser);
    await page.goto(`${h.p.apiUrl}/`, { waitUntil: 'networkidle0' });
    await page.type('#licence-no', licenseNo.toLowerCase());
    await page.keyboard.press('Enter');
    await page.waitForSelector('.lookup [data-status]');
    expect(await page.$eval('.lookup [data-status]', (e) => e.getAttribute('data-status'))).toBe('valid');
    expect(await page.$eval('.lookup', (e) => e.textContent)).toContain(licenseNo);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'verify-by-number');
    await page.$eval('#licence-no', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#licence-no', `${licenseNo.slice(0, -1)}${licenseNo.endsWith('0') ? '1' : '0'}`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.lookup .bad-text') !== null);
    expect(await page.$eval('.lookup', (e) => e.textContent)).toContain('校验位');
    await page.close();
  });

  it('L3: the service guide lists every matter by licence class; a matter shows its materials, conditions, every time limit with its legal basis, and no fee', async () => {
    const page = await phonePage(browser);
    await page.goto(`${h.p.apiUrl}/guide`, { waitUntil: 'networkidle0' });
    const links = await page.$$eval('.matters a', (as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute('href') })));
    const matters = ((await h.http('GET', '/v1/guide/matters')).json!.items as { matterId: string }[]).map((m) => `/guide/${m.matterId}`);
    expect(links.map((l) => l.href)).toEqual(matters);
    expect(await page.$$eval('main h2', (hs) => hs.map((x) => x.textContent))).toContain('承装（修、试）电力设施许可证（承装类）');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'guide-list');
    // Keyboard to the matter, as one who does not use a mouse.
    await page.focus('a[href="/guide/facility-install-l3.new"]');
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.keyboard.press('Enter')]);
    expect(await page.$eval('#matter', (e) => e.textContent)).toBe('承装（修、试）电力设施许可证（承装类）三级首次申请');
    expect(await page.$$eval('.materials li', (lis) => lis.length)).toBeGreaterThan(3);
    const facts = await page.$$eval('.facts dt, .facts dd', (xs) => xs.map((x) => x.textContent ?? ''));
    expect(facts).toEqual(expect.arrayContaining(['受理', expect.stringContaining('5 个工作日'), '审查决定', expect.stringContaining('20 个工作日')]));
    expect(facts.join(' ')).toContain('行政许可法 第四十二条');
    expect(await page.$eval('[data-fee]', (e) => e.getAttribute('data-fee'))).toBe('0');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'guide-matter');
    await page.close();
  });
});
