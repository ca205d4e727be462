import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { phonePage, scanPaperLicence, useBrowser } from '../support/browser';
import { type Harness, useHarness } from '../support/local-platform';

/** The verification page in the mainland profile: the SM2 seal over SM3 checked in the browser (no Web Crypto for SM2: the seal's own verifier, bundled). */
describe('the public site in the mainland profile', () => {
  let h: Harness;
  let browser: Browser;
  useHarness(
    (started) => (h = started),
    () => ({ profile: 'mainland' }),
  );
  useBrowser((b) => (browser = b));

  it('E3: an SM2-sealed paper licence’s QR opens the page, which verifies the seal in the browser: valid, then revoked; a changed token is not authentic', () =>
    scanPaperLicence(h, browser, 'sm2'));

  // The China regions' CloudFront cannot rewrite paths: it answers a path the bucket has no object for with the route
  // page (its error response, infra/public-site.ts). The browser is served exactly that here — route.html's bytes for
  // every page path — and each page must still come up at its own address.
  it('E3 L3 C3: the guide, a matter, the register, the dishonest list and the draws come up at their paths from the route page; an unknown path says so', async () => {
    const route = readFileSync(join(process.env.POWERPERMIT_WEB_DIR!, 'route.html'), 'utf8');
    const page = await phonePage(browser);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.isNavigationRequest() && !url.pathname.startsWith('/v1/') && !url.pathname.startsWith('/assets/'))
        return void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: route });
      return void request.continue();
    });
    const heading = async (path: string) => {
      await page.goto(`${h.p.apiUrl}${path}`, { waitUntil: 'networkidle0' });
      return page.$eval('#site-title', (e) => e.textContent);
    };
    expect(await heading('/guide')).toBe('办事指南');
    expect(await heading('/guide/facility-install-l3.new')).toBe('办事指南');
    expect(await page.$eval('#matter', (e) => e.textContent)).toBe('承装（修、试）电力设施许可证（承装类）三级首次申请');
    expect(await heading('/register')).toBe('行政许可公示');
    expect(await page.$('form.search')).not.toBeNull();
    expect(await heading('/dishonest')).toBe('严重失信主体名单');
    expect(await heading('/draws')).toBe('双随机抽查');
    expect(await heading('/no-such-page')).toBe('国家能源局 许可与监管平台');
    expect(await page.$eval('main', (e) => e.textContent)).toContain('没有这个页面');
    await page.close();
  });
});
