import type { Browser } from 'puppeteer-core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { phonePage, scanPaperLicence, screenshot, seriousAccessibilityViolations, useBrowser } from '../support/browser';
import { grantingActors } from '../support/granting';
import { hanTag, newUscc, testEnterpriseName } from '../support/fixtures';
import { deliverWorkOrder, localHotlineSecret } from '../support/hotline';
import { type Harness, useHarness } from '../support/local-platform';
import { yunnanDraw } from '../support/yunnan-draw';

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

  it('L9: the register page finds a grant by part of the name and by licence number, filters by class and province, and links the licence to its verification', async () => {
    const { grant, holder } = await grantingActors(h);
    const a = await holder();
    const licenseNo = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
    const namePart = `公司${hanTag(a.uscc.slice(-4))}`;
    const page = await phonePage(browser);
    await page.goto(`${h.p.apiUrl}/register`, { waitUntil: 'networkidle0' });
    await page.type('#f-name', namePart);
    await page.select('#f-licenseClass', 'facility-install');
    await page.select('#f-province', '35');
    await Promise.all([page.waitForResponse((r) => r.url().includes('/v1/public/decisions?')), page.keyboard.press('Enter')]);
    await page.waitForSelector('.entry[data-case]');
    const cards = await page.$$eval('.entry', (es) => es.map((e) => e.textContent ?? ''));
    expect(cards).toHaveLength(1);
    expect(cards[0]).toContain(a.uscc);
    expect(cards[0]).toContain(licenseNo);
    expect(cards[0]).toContain('承装（修、试）电力设施许可证（承装类） · 等级 三级');
    // The search is in the address: it can be bookmarked and shared.
    expect(new URL(page.url()).searchParams.get('name')).toBe(namePart);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'register-by-name');
    // The CSV download is the same search.
    const csvHref = await page.$eval('a[download]', (e) => e.getAttribute('href')!);
    const csv = await (await fetch(`${h.p.apiUrl}${csvHref}`)).text();
    expect(csv.trimEnd().split('\r\n')).toHaveLength(2);
    expect(csv).toContain(licenseNo);

    await page.goto(`${h.p.apiUrl}/register?licenseNo=${licenseNo}`, { waitUntil: 'networkidle0' });
    expect(await page.$$eval('.entry h2', (hs) => hs.map((x) => x.textContent))).toEqual([testEnterpriseName(a.uscc)]);
    expect(await page.$eval('#f-licenseNo', (e) => (e as HTMLInputElement).value)).toBe(licenseNo);
    await page.click('.entry a');
    await page.waitForSelector('.lookup [data-status]');
    expect(await page.$eval('.lookup [data-status]', (e) => e.getAttribute('data-status'))).toBe('valid');
    // A search that matches nothing says so.
    await page.goto(`${h.p.apiUrl}/register?name=${encodeURIComponent(`${namePart}无此`)}`, { waitUntil: 'networkidle0' });
    expect(await page.$eval('#results', (e) => e.textContent)).toContain('没有符合条件的公示。');
    // A mistyped credit code is said at its field — what is wrong with it — and nothing is asked of the register.
    const asked: string[] = [];
    page.on('request', (r) => r.url().includes('/v1/public/decisions') && asked.push(r.url()));
    const wrong = a.uscc.slice(0, 17) + (a.uscc[17] === '0' ? '1' : '0');
    await page.type('#f-uscc', wrong);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#uscc-error');
    expect(await page.$eval('#uscc-error', (e) => e.textContent)).toBe(`最后一位校验码不对（按 GB 32100-2015 应为 ${a.uscc[17]}），请核对。`);
    expect(await page.$eval('#f-uscc', (e) => [e.getAttribute('aria-invalid'), document.activeElement === e])).toEqual(['true', true]);
    await page.$eval('#f-uscc', (e) => ((e as HTMLInputElement).value = ''));
    await page.type('#f-uscc', a.uscc.slice(0, 12));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#uscc-error')?.textContent?.includes('18 位'));
    expect(await page.$eval('#uscc-error', (e) => e.textContent)).toBe('统一社会信用代码应为 18 位，您输入了 12 位。');
    expect(asked).toEqual([]);
    await screenshot(page, 'register-bad-code');
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
    // WCAG 2.5.8: every matter's link is a target of at least 24 × 24 px on a phone.
    const small = await page.$$eval('.matters a', (as) => as.map((a) => a.getBoundingClientRect()).filter((r) => r.height < 24 || r.width < 24).length);
    expect(small).toBe(0);
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
    // In English on the phone, no word of the facts is broken across lines ("5 workin g days"), no date mid-token.
    await page.click('#lang');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const broken = await page.$$eval('.facts dd, .deadlines li', (items) =>
      items.flatMap((item) => {
        const text = [...item.childNodes].find((n) => n.nodeType === Node.TEXT_NODE);
        if (!text?.textContent) return [];
        return [...text.textContent.matchAll(/[A-Za-z0-9][A-Za-z0-9-]*/g)]
          .filter((m) => {
            const r = document.createRange();
            r.setStart(text, m.index);
            r.setEnd(text, m.index + m[0].length);
            return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
          })
          .map((m) => m[0]);
      }),
    );
    expect(broken).toEqual([]);
    await screenshot(page, 'guide-matter-en');
    await page.click('#lang');
    await page.close();
  });

  it('the rare characters of names (生僻字 such as 垚, 喆) render where the system has no CJK font: the site’s rare-character family holds them, and the bold header is in the site’s font, not boxes', async () => {
    // Headless Chromium here has no CJK system font: what it draws comes from the site's own fonts.
    const page = await phonePage(browser);
    await page.goto(`${h.p.apiUrl}/register`, { waitUntil: 'networkidle0' });
    const drawn = await page.evaluate(async () => {
      const family = getComputedStyle(document.body).fontFamily;
      const loaded = await document.fonts.load(`32px ${family}`, '垚喆');
      const pixels = (ch: string) => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 48;
        const g = canvas.getContext('2d')!;
        g.font = `32px ${family}`;
        g.fillText(ch, 4, 36);
        return Array.from(g.getImageData(0, 0, 48, 48).data).join(',');
      };
      // A missing glyph draws the same box for every character, as a private-use character does.
      const box = pixels('\u{E000}');
      return { families: [...new Set(loaded.map((f) => f.family.replace(/['"]/g, '')))], distinct: new Set([pixels('垚'), pixels('喆'), box]).size };
    });
    expect(drawn).toEqual({ families: expect.arrayContaining(['PowerPermit CJK Rare']), distinct: 3 });
    // And the bold header's title is laid out in the site's font, not in a system font without CJK glyphs (with
    // system-ui first, Chromium drew it in DejaVu Sans Bold's boxes).
    const cdp = await page.createCDPSession();
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#site-title' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.map((f) => [f.familyName, f.isCustomFont])).toEqual([[expect.stringContaining('Noto Sans'), true]]);
    await page.close();
  });

  it('C3: the severely dishonest list is a page: a severe record puts the enterprise in it, with its records and the facts found, and no personal data', async () => {
    const uscc = newUscc();
    await h.registerEnterprise(uscc);
    const supervisor = await h.token({ role: 'supervisor', agencyId: 'nea-fujian' });
    const added = await h.http('POST', `/v1/enterprises/${uscc}/credit-records`, {
      token: supervisor,
      body: { source: 'false-commitment', sourceRef: `FC-${uscc}`, severity: 'severe', facts: '承诺不实', decidedAt: '2026-11-20' },
    });
    expect(added.status).toBe(201);
    const page = await phonePage(browser);
    await page.goto(`${h.p.apiUrl}/dishonest`, { waitUntil: 'networkidle0' });
    // Newer entries may sit on a later page: follow "next page" until the enterprise shows.
    while (!(await page.$(`[data-uscc="${uscc}"]`)) && (await page.$('button.more'))) {
      await page.click('button.more');
      await page.waitForNetworkIdle();
    }
    const row = await page.$eval(`[data-uscc="${uscc}"]`, (e) => e.textContent ?? '');
    expect(row).toContain(`虚假承诺 FC-${uscc}（2026-11-20）：承诺不实`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'dishonest-list');
    await page.close();
  });

  it('P5: the monthly hotline statistics are a page: a month’s work orders by type, channel, outcome and province as charts with their numbers', async () => {
    const month = '2025-05';
    const before = (await h.http('GET', `/v1/public/hotline-statistics?month=${month}`)).json as { total: number };
    const run = Math.random().toString(36).slice(2, 8).toUpperCase();
    const delivered = await deliverWorkOrder(h.p.apiUrl, localHotlineSecret(), {
      orderNo: `HS${run}1`,
      receivedAt: '2025-05-12T09:00:00+08:00',
      channel: 'wechat',
      type: 'consultation',
      businessArea: 'fees-and-prices',
      regionCode: '350102',
      facts: '咨询电费计价方式',
      request: '说明计价方式',
      complainant: { name: '王五', contact: '13712345678' },
    });
    expect(delivered.status).toBeLessThan(300);
    await h.settle();
    const page = await phonePage(browser);
    await page.goto(`${h.p.apiUrl}/statistics?month=${month}`, { waitUntil: 'networkidle0' });
    expect(Number(await page.$eval('[data-total]', (e) => e.getAttribute('data-total')))).toBe(before.total + 1);
    const captions = await page.$$eval('figure figcaption', (fs) => fs.map((f) => f.textContent));
    expect(captions).toEqual(['按诉求类型', '按业务领域', '按渠道', '按办理结果', '按省份']);
    // The numbers behind the bars are there in words too.
    const spoken = await page.$$eval('figure .visually-hidden li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(spoken).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^咨询: \d+$/),
        expect.stringMatching(/^微信: \d+$/),
        expect.stringMatching(/^收费与价格: \d+$/),
        expect.stringMatching(/^福建: \d+$/),
      ]),
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'hotline-statistics');
    await page.close();
  });

  it('S1 S3: a draw is a page with its commitment, hashes, seed and result; “verify in your browser” re-runs pp-draw-1 and says match, and mismatch on a tampered roster', async () => {
    // A Yunnan draw of its own: six licences at a 50 % ratio, two inspectors.
    const { drawId } = await yunnanDraw(h, { run: Date.now().toString(36), licences: 6, ratio: 0.5, holderName: '云南测试电力工程有限公司' });

    const page = await phonePage(browser);
    await page.goto(`${h.p.apiUrl}/draws`, { waitUntil: 'networkidle0' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'draws-list');
    await Promise.all([page.waitForNavigation(), page.click(`[data-draw="${drawId}"] a`)]);
    await page.waitForSelector('#verify-draw');
    // Titled as people name it — who drew, for which period — its id under it; no jargon for the public entropy.
    expect(await page.$eval('#draw-id', (e) => e.textContent)).toMatch(/^云南能源监管办 \d{4}年第[一二三四]季度随机抽查$/);
    expect(await page.$eval('main', (e) => e.textContent)).not.toContain('熵');
    const published = (await h.http('GET', `/v1/public/draws/${drawId}`)).json as {
      commitment: string;
      seed: string;
      rosterHash: string;
      rosterCount: number;
      result: { selected: { uscc: string }[] };
    };
    const shown = await page.$$eval('.hashes dd', (dds) => dds.map((d) => d.textContent));
    expect(shown).toEqual(expect.arrayContaining([published.commitment, published.rosterHash, published.seed]));
    // Every Yunnan licence is on the roster (the workbench's test grants one there too): at 50 %, half of them drawn.
    expect(published.rosterCount).toBeGreaterThanOrEqual(6);
    expect(await page.$$eval('.entry[data-uscc]', (es) => es.map((e) => e.getAttribute('data-uscc')))).toEqual(published.result.selected.map((s) => s.uscc));
    // The real files: the draw, its roster through the API's redirect to the document store (CORS), re-run here.
    // Nothing overflows the phone's width (a hash breaks anywhere).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.click('#verify-draw');
    await page.waitForSelector('#verdict');
    expect(await page.$eval('#verdict', (e) => [e.getAttribute('data-match'), e.textContent])).toEqual(['true', expect.stringContaining('一致')]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'draw-verified');

    // The same page, its roster tampered with on the way: one enterprise's name changed.
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (!request.url().endsWith(`/v1/public/draws/${drawId}/roster`)) return void request.continue();
      void (async () => {
        const roster = await (await fetch(request.url())).text();
        await request.respond({
          status: 200,
          contentType: 'application/x-ndjson',
          body: roster.replace('云南测试电力工程有限公司 1', '云南测试电力工程有限公司 7'),
        });
      })();
    });
    await page.reload({ waitUntil: 'networkidle0' });
    await page.click('#verify-draw');
    await page.waitForSelector('#verdict');
    const [match, text] = await page.$eval('#verdict', (e) => [e.getAttribute('data-match'), e.textContent ?? '']);
    expect(match).toBe('false');
    expect(text).toContain('名录的哈希与公布的名录哈希不符');
    await screenshot(page, 'draw-mismatch');
    await page.close();
  });

  it('every page’s script, with all it may load, stays under 150 KB gzipped (the workbench 250 KB), and everything comes from the site itself', () => {
    const dir = process.env.POWERPERMIT_WEB_DIR!;
    const assets = join(dir, 'assets');
    const gz = (f: string) => gzipSync(readFileSync(join(assets, f)), { level: 9 }).length;
    // A page's script and every chunk it imports, statically or on demand, followed through the chunks.
    const closure = (entry: string): Set<string> => {
      const seen = new Set<string>();
      const visit = (f: string) => {
        if (seen.has(f)) return;
        seen.add(f);
        for (const m of readFileSync(join(assets, f), 'utf8').matchAll(/["'`]\.\/(chunk-[\w-]+\.js)["'`]/g)) visit(m[1]!);
      };
      visit(entry);
      return seen;
    };
    const pages = readdirSync(dir)
      .filter((f) => f.endsWith('.html'))
      .map((f) => f.replace(/\.html$/, ''));
    expect(pages).toEqual(expect.arrayContaining(['verify', 'guide', 'register', 'dishonest', 'draws', 'statistics', 'staff', 'portal', 'route']));
    const sizes = Object.fromEntries(pages.map((p) => [p, [...closure(`${p}.js`)].reduce((sum, f) => sum + gz(f), 0)]));
    for (const [p, bytes] of Object.entries(sizes)) expect([p, bytes < (p === 'staff' || p === 'portal' ? 250 : 150) * 1024]).toEqual([p, true]);
    // No page names another origin: scripts, styles and fonts are all /assets/ (the CSP would refuse them anyway).
    for (const html of readdirSync(dir).filter((f) => f.endsWith('.html')))
      expect([html, readFileSync(join(dir, html), 'utf8').match(/(src|href)="(https?:)?\/\/[^"]*"/g)]).toEqual([html, null]);
  });
});
