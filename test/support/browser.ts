import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { contentSecurityPolicy } from '../../web/site';
import { latinLeaks, visibleTextScript } from './chinese-only';
import { grantingActors } from './granting';
import type { Harness } from './local-platform';
import { decodeQrFromRender } from './pdf-qr';

/** Where screenshots of the pages under test are kept (not committed): look at them. */
export const SCREENSHOTS = join(__dirname, '..', '..', '.build', 'screenshots');

/**
 * A real headless Chromium for the file's tests (from npm: @sparticuz/chromium, driven by puppeteer-core), with a
 * phone's viewport by default. Launched once per file; each test opens pages of its own.
 */
export function useBrowser(set: (b: Browser) => void): void {
  let browser: Browser | undefined;
  beforeAll(async () => {
    const chromium = await chromiumBinary();
    browser = await puppeteer.launch({ args: chromium.args, executablePath: chromium.path, headless: true });
    set(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });
}

/** Where @sparticuz/chromium unpacked its binary and the flags it runs with (an ES module: asked in a child process, jest being CommonJS). */
async function chromiumBinary(): Promise<{ path: string; args: string[] }> {
  const script = "import c from '@sparticuz/chromium'; console.log(JSON.stringify({ path: await c.executablePath(), args: c.args }));";
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: join(__dirname, '..', '..') });
  return JSON.parse(stdout) as { path: string; args: string[] };
}

export async function phonePage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  return page;
}

/**
 * The page as it is now, kept as a PNG to look at; a page in Chinese is also read for words that are not Chinese
 * (test/support/chinese-only.ts), and any it shows fail the test. CHINESE_SCAN=log lists them in
 * .build/screenshots/latin-leaks.txt instead, to see them all at once.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // The page as people see it: its web-font slices loaded (this Chromium has no CJK font of its own: a slice still on
  // its way draws boxes, as the workbench's title once did in a screenshot).
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path, fullPage: true });
  if ((await page.evaluate(() => document.documentElement.lang)).startsWith('zh')) {
    const leaks = latinLeaks(await page.evaluate(visibleTextScript));
    if (leaks.length && process.env.CHINESE_SCAN === 'log') appendFileSync(join(SCREENSHOTS, 'latin-leaks.txt'), `${name}: ${leaks.join(' | ')}\n`);
    else if (leaks.length) throw new Error(`The Chinese page ${name} shows words that are not Chinese: ${leaks.join(' | ')}`);
  }
  return path;
}

type AxeResults = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] };

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.x A and AA, best practices). */
export async function seriousAccessibilityViolations(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  // Evaluated through the DevTools protocol, which the page's Content Security Policy (no inline scripts) does not govern.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  )) as AxeResults;
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
}

const verdictOf = async (page: Page) => {
  await page.waitForSelector('#verdict');
  return page.$eval('#verdict', (e) => ({ status: e.getAttribute('data-status'), text: e.textContent }));
};
const facts = (page: Page) => page.$$eval('.facts dd', (dds) => dds.map((d) => d.textContent ?? ''));

/**
 * A paper licence scanned with a phone (E3): granted, printed, its QR read from a 110 dpi picture, the page opened;
 * it says authentic and valid with the holder, revoked once revoked, and not authentic for a token with a changed
 * character. `name` tells the screenshots of one seal from the other's.
 */
export async function scanPaperLicence(h: Harness, browser: Browser, name: string): Promise<void> {
  await h.setClock('2026-12-01T10:00:00+08:00');
  const { grant, holder, decisionMaker } = await grantingActors(h);
  const a = await holder();
  const licenseNo = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
  const pdf = new Uint8Array(
    await (await fetch(`${h.p.apiUrl}/v1/licenses/${licenseNo}/paper.pdf`, { headers: { authorization: `Bearer ${a.token}` } })).arrayBuffer(),
  );
  // As a phone reads the printed page.
  const { text: url } = await decodeQrFromRender(pdf, 110);
  expect(url).toMatch(/^HTTP:\/\/127\.0\.0\.1:\d+\/V\/2\./);

  const page = await phonePage(browser);
  const response = await page.goto(url!, { waitUntil: 'networkidle0' });
  expect(response!.headers()['content-security-policy']).toBe(
    contentSecurityPolicy({
      documentStoreOrigin: new URL(process.env.AWS_ENDPOINT_URL_S3!).origin,
      signIn: (await h.http('GET', '/v1/public/sign-in')).json as { tokenEndpoint: string },
    }),
  );
  expect(await verdictOf(page)).toEqual({ status: 'valid', text: '有效' });
  // The verdict says when it was checked (Beijing time), the moment it is true of.
  expect(await page.$eval('[data-checked-at]', (e) => e.textContent)).toMatch(/^核验时间：\d{4}-\d\d-\d\d \d\d:\d\d（北京时间）$/);
  const shown = await facts(page);
  const holderName = ((await h.http('GET', `/v1/public/licenses/${licenseNo}`)).json!.holder as { name: string }).name;
  expect(shown).toEqual(expect.arrayContaining([holderName, a.uscc, licenseNo, '国家能源局福建监管办公室']));
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await screenshot(page, `verify-${name}-valid-zh`);
  // English on request, the same verdict.
  await page.click('#lang');
  expect(await verdictOf(page)).toEqual({ status: 'valid', text: 'Valid' });
  expect(await page.$eval('html', (e) => e.lang)).toBe('en');
  await screenshot(page, `verify-${name}-valid-en`);
  await page.click('#lang');

  await h.http('POST', `/v1/licenses/${licenseNo}/revocation`, {
    token: decisionMaker,
    body: { reason: '以欺骗手段取得许可', groundsRef: '闽监撤〔2026〕9号' },
  });
  await page.reload({ waitUntil: 'networkidle0' });
  expect(await verdictOf(page)).toEqual({ status: 'revoked', text: '已吊销' });
  await screenshot(page, `verify-${name}-revoked`);

  // One character of the token changed (a digit of the validity): the seal does not verify, in the browser.
  const forged = url!.replace(
    /\.(\d{8})\.(\d{8})\./,
    (_, from: string, until: string) => `.${from}.${until.slice(0, 3)}${until[3] === '9' ? '8' : '9'}${until.slice(4)}.`,
  );
  expect(forged).not.toBe(url);
  await page.goto(forged, { waitUntil: 'networkidle0' });
  expect(await verdictOf(page)).toEqual({ status: 'not-authentic', text: '非真实' });
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await screenshot(page, `verify-${name}-not-authentic`);

  // A malformed percent-encoding in the path (a mangled scan or a hand-typed link) is not authentic either, not a blank page.
  await page.goto(`${new URL(url!).origin}/v/%E0%A4%A`, { waitUntil: 'networkidle0' });
  expect(await verdictOf(page)).toEqual({ status: 'not-authentic', text: '非真实' });
  await screenshot(page, `verify-${name}-malformed-zh`);
  await page.close();
}
