import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LocalSigner } from '../functions/platform/signing.local';
import { sealLicense } from '../functions/licensing/domain/seal';
import type { License } from '../functions/licensing/domain/license';
import { verifySealed } from '../functions/licenses/domain/verification';
import { qrPng, renderPaperLicense } from '../functions/licenses/paper.render';
import { verificationUrl } from '../functions/licenses/domain/qr-token';
import { agencyById } from '../functions/platform/regions';
import { rotateLocalSigningKey } from '../local/keys';
import { machineLine, runBench, withLocalPlatform } from './support';
import { DEMO_LICENSE } from '../test/support/fixtures';

/**
 * `npm run bench:seal`: signing and verification per second with the local key, the QR size of a
 * typical license, PDF rendering time, and the p99 of POST /v1/public/verifications at 50
 * connections through the local runtime.
 */
const license: License = { ...DEMO_LICENSE, scope: '承装三级（含10千伏及以下电压等级）' };

async function rate(n: number, fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return n / ((performance.now() - t) / 1000);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'seal-bench-'));
  rotateLocalSigningKey(dir);
  const signer = new LocalSigner(dir);
  const keys = await signer.publicKeys();
  const seal = await sealLicense(license, license.issuedAt, signer);
  const sealsPerSecond = await rate(500, () => sealLicense(license, license.issuedAt, signer)); // two signatures each
  const verifiesPerSecond = await rate(2000, () => verifySealed(seal.qr, keys));
  const qr = await qrPng(verificationUrl('https://verify.powerpermit.example.gov.cn', seal.qr));
  const withSeal = { ...license, seal };
  await renderPaperLicense(withSeal, agencyById('nea-fujian')!, 'https://verify.powerpermit.example.gov.cn'); // font load
  const pdfTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await renderPaperLicense(withSeal, agencyById('nea-fujian')!, 'https://verify.powerpermit.example.gov.cn');
    pdfTimes.push(performance.now() - t);
  }
  pdfTimes.sort((a, b) => a - b);

  // The public verification endpoint under load, from a second process.
  const load = await withLocalPlatform('seal-bench-rt', async (p) => {
    const token = (await sealLicense(license, license.issuedAt, (await import('../functions/platform/deps')).signer())).qr;
    const args = [
      join(__dirname, '../node_modules/autocannon/autocannon.js'),
      '-j',
      '-c',
      '50',
      '-d',
      '5',
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-b',
      JSON.stringify({ token }),
      `${p.apiUrl}/v1/public/verifications`,
    ];
    const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
    const out = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number };
    return { rps: out.requests.average, p50: out.latency.p50, p99: out.latency.p99, non2xx: out.non2xx };
  });

  process.stdout.write(
    [
      machineLine(),
      '',
      '| measure | value |',
      '|---|---:|',
      `| seal a license version (2 ES256 signatures, local key) | ${sealsPerSecond.toFixed(0)} /s |`,
      `| verify a QR token (ES256, JWKS lookup) | ${verifiesPerSecond.toFixed(0)} /s |`,
      `| QR token length | ${seal.qr.length} characters |`,
      `| QR code (byte mode, level M) | version ${qr.version}, ${qr.modules} × ${qr.modules} modules; ${((30 / (qr.modules + 8)) * 1000).toFixed(0)} µm per module at 3 cm with the quiet zone |`,
      `| paper PDF render (median of 20) | ${pdfTimes[10]!.toFixed(0)} ms |`,
      `| POST /v1/public/verifications, 50 connections | ${load.rps.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, non-2xx ${load.non2xx} |`,
    ].join('\n') + '\n',
  );
}

runBench(main);
