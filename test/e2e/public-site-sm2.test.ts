import type { Browser } from 'puppeteer-core';
import { scanPaperLicence, useBrowser } from '../support/browser';
import { type Harness, useHarness } from '../support/local-platform';

/** The verification page in the mainland profile: the SM2 seal over SM3 checked in the browser (no Web Crypto for SM2: the seal's own verifier, bundled). */
describe('the verification page, SM2 seals (mainland profile)', () => {
  let h: Harness;
  let browser: Browser;
  useHarness(
    (started) => (h = started),
    () => ({ profile: 'mainland' }),
  );
  useBrowser((b) => (browser = b));

  it('E3: an SM2-sealed paper licence’s QR opens the page, which verifies the seal in the browser: valid, then revoked; a changed token is not authentic', () =>
    scanPaperLicence(h, browser, 'sm2'));
});
