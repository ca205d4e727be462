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
});
