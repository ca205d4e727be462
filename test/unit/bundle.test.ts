import { build } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUNDLE, PDF_ASSETS } from '../../infra/bundling';
import type { License } from '../../functions/licensing/domain/license';
import type * as PaperRender from '../../functions/licenses/paper.render';
import { pdfPageTexts } from '../support/pdf-qr';
import type * as ReportRender from '../../functions/connections/report.render';
import { connectionReport } from '../../functions/connections/domain/report';
import { calendar as cal } from '../../functions/platform/config';
import { agencyById } from '../../functions/platform/regions';
import { DEMO_LICENSE } from '../support/fixtures';
import { issuerWith } from '../support/oidc-issuer';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as Authorizer from '../../functions/platform/authorizer.handler';

/**
 * The PDF renderers as they run in Lambda: bundled with infra's options (infra/bundling.ts) and
 * their assets copied next to the bundle, as the render functions are deployed. (Bundled from
 * pdfkit's ES module build, the paper licence could not even be loaded: `Invalid URL` at import.)
 */
const ROOT = join(__dirname, '../..');
const license: License = {
  ...DEMO_LICENSE,
  holder: { ...DEMO_LICENSE.holder, legalRepresentative: '林建国', address: '福建省福州市鼓楼区五四路 100 号闽电大厦 12 层' },
  seal: {
    version: 1,
    kid: 'k1',
    jws: `a.${Buffer.from(JSON.stringify({ issuedAt: DEMO_LICENSE.issuedAt })).toString('base64url')}.c`,
    qr: '2.AAAAAAAA.FI3-FJ-2026-0000177.1.91350100M000100Y43.20261123.20321122.AAAAAAAAAAAAAAAA.' + 'A'.repeat(103),
    payloadDigest: 'd',
  },
};

async function bundled(entry: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    minify: BUNDLE.minify,
    format: BUNDLE.format,
    mainFields: [...BUNDLE.mainFields],
    outfile: join(dir, 'index.js'),
    logLevel: 'silent',
  });
  for (const [from, to] of PDF_ASSETS) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    cpSync(join(ROOT, from), join(dir, to), { recursive: true });
  }
  return join(dir, 'index.js');
}

describe('the render functions as bundled for Lambda', () => {
  it('E1: the paper licence renders from the bundle built as infra builds it, with its assets next to it', async () => {
    const file = await bundled('functions/licenses/paper.render.ts');
    const { renderPaperLicense } = (await import(file)) as typeof PaperRender;
    const pdf = await renderPaperLicense(license, agencyById('nea-fujian')!, 'https://verify.powerpermit.example.gov.cn');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000); // the embedded CJK subset
    // Laid out as the official licence: the holder's legal representative and address under its name, on one page.
    const pages = await pdfPageTexts(pdf);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.replace(/\s+/g, '')).toMatch(
      /单位名称福州示范电力工程有限公司统一社会信用代码91350100M000100Y43法定代表人林建国住所福建省福州市鼓楼区五四路100号闽电大厦12层许可类别/,
    );
  });

  it('G7: the connection report PDF with its charts renders from its bundle too', async () => {
    const file = await bundled('functions/connections/report.render.ts');
    const { renderReportPdf } = (await import(file)) as typeof ReportRender;
    const report = connectionReport('sgcc-fj', '2026H1', [], [], cal);
    const pdf = await renderReportPdf(report, { companyName: '国网福建省电力有限公司', authorityName: '国家能源局福建监管办公室', generatedAt: new Date() });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe('the token authorizer as bundled for Lambda (mainland profile)', () => {
  it('verifies an SM2 token of the configured issuer from its bundle (sm-crypto-v2 loaded lazily inside it)', async () => {
    const file = await bundled('functions/platform/authorizer.handler.ts');
    const issuer = await issuerWith('SM2');
    const ISSUER = 'https://tyrz.example.gov.cn/oidc';
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [issuer.publicJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // Key sets are fetched over https only outside the local profile: the issuer's https address is answered by the
    // plain-HTTP server here, the bundle's own fetch call unchanged.
    const served = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    const jwksUri = `${ISSUER}/jwks`;
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => realFetch(String(input) === jwksUri ? served : input, init);
    process.env.OIDC_CONFIG = JSON.stringify({ issuer: ISSUER, audience: 'powerpermit', jwksUri, algorithms: ['SM2'], claims: { role: { claim: 'r' } } });
    try {
      const { handler } = (await import(file)) as typeof Authorizer;
      const now = Math.floor(Date.now() / 1000);
      const token = await issuer.sign({ iss: ISSUER, aud: 'powerpermit', sub: 'u', iat: now, exp: now + 300, r: 'admin' });
      const methodArn = 'arn:aws-cn:execute-api:cn-north-1:1:api/prod/GET/v1/health';
      await expect(handler({ type: 'TOKEN', authorizationToken: `Bearer ${token}`, methodArn })).resolves.toMatchObject({
        principalId: 'u',
        context: { sub: 'u', 'custom:role': 'admin' },
      });
    } finally {
      globalThis.fetch = realFetch;
      delete process.env.OIDC_CONFIG;
      server.close();
    }
  });
});
