/* eslint-disable jest/no-export -- a shared suite, not a test file: e-license.test.ts and e-license-sm2.test.ts run it, one seal each */
import type { JWK } from 'jose';
import type { SealAlgorithm } from '../../functions/platform/signing';
import { resetSigner } from '../../functions/platform/deps';
import { rotateLocalSigningKey } from '../../local/keys';
import { newUscc } from './fixtures';
import { type GrantedBy, grantingActors } from './granting';
import { decodeQrFromPdf, decodeQrFromRender } from './pdf-qr';
import { type Harness, useHarness } from './local-platform';
import { isValidNationalIdentifier } from '../../functions/licenses/domain/national';
import { verifyOffline } from './sm2-reference';

/** Sealed electronic licenses through the local runtime (E1–E3). */
type Json = Record<string, unknown>;

/**
 * The suite of both profiles' seals: ES256 (global, e-license.test.ts) and SM2 over SM3 (mainland,
 * e-license-sm2.test.ts), each verified offline from the published keys alone. One platform per
 * test file (the SDK clients are cached per file), so each algorithm has a file of its own.
 */
export const eLicenseSuite = (sealAlgorithm: SealAlgorithm) =>
  describe(`electronic licenses sealed with ${sealAlgorithm}`, () => {
    let h: Harness;
    let reviewer: string;
    let decisionMaker: string;
    useHarness(
      (started) => (h = started),
      () => ({ profile: sealAlgorithm === 'SM2' ? 'mainland' : 'global' }),
    );
    let grant: GrantedBy['grant'];
    let holder: GrantedBy['holder'];
    beforeAll(async () => {
      ({ reviewer, decisionMaker, grant, holder } = await grantingActors(h));
    });

    const verify = async (token: string) => (await h.http('POST', '/v1/public/verifications', { body: { token } })).json!;

    it('E1 E3: a grant gives a sealed electronic license that verifies offline with the published keys alone; a tampered one does not', async () => {
      await h.setClock('2026-11-23T10:00:00+08:00');
      const a = await holder();
      const licenseNo = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
      const e = (await h.http('GET', `/v1/licenses/${licenseNo}/electronic`, { token: a.token })).json!;
      expect(e).toMatchObject({
        licenseNo,
        version: 1,
        payload: {
          format: 'powerpermit.license/1',
          licenseNo,
          version: 1,
          holder: { uscc: a.uscc },
          scope: '承装类三级：可以从事110千伏以下电压等级电力设施的安装业务',
          validUntil: '2032-11-22',
        },
      });

      // Offline: only the JWKS and a standard JOSE library.
      const { keys } = (await h.http('GET', '/v1/public/keys')).json as { keys: JWK[] };
      expect(keys[0]).toMatchObject(sealAlgorithm === 'SM2' ? { kty: 'EC', crv: 'SM2', alg: 'SM2' } : { kty: 'EC', crv: 'P-256', alg: 'ES256' });
      const { payload, alg } = await verifyOffline(e.jws as string, keys);
      expect(alg).toBe(sealAlgorithm);
      expect(JSON.parse(Buffer.from(payload).toString())).toEqual(e.payload);
      const qr = await verifyOffline(e.qr as string, keys);
      expect(JSON.parse(Buffer.from(qr.payload).toString())).toMatchObject({ f: '2', n: licenseNo, v: 1, u: a.uscc, b: '2032-11-22' });
      expect(e.verificationUrl).toBe(`${h.p.apiUrl.toUpperCase()}/V/${e.qr as string}`);

      const [hd, pl, sig] = (e.jws as string).split('.');
      const forged = Buffer.from(Buffer.from(pl!, 'base64url').toString().replace('2032-11-22', '2099-12-31')).toString('base64url');
      await expect(verifyOffline(`${hd}.${forged}.${sig}`, keys)).rejects.toThrow();
      expect(await verify(`${hd}.${forged}.${sig}`)).toMatchObject({ authentic: false });
      expect(await verify(e.qr as string)).toMatchObject({ authentic: true, kind: 'qr', licenseNo, version: 1, status: 'valid', superseded: false });

      const pub = (await h.http('GET', `/v1/public/licenses/${licenseNo}`)).json!;
      expect(pub).toMatchObject({ licenseNo, status: 'valid', sealVerifies: true, holder: { uscc: a.uscc } });
      expect(JSON.stringify(pub)).not.toMatch(/legalRepresentative|caseIds|jws/);
    });

    it('E2: renewal makes version 2 and the version 1 QR shows as authentic but superseded', async () => {
      await h.setClock('2026-11-24T10:00:00+08:00');
      const a = await holder();
      const licenseNo = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
      const v1 = (await h.http('GET', `/v1/licenses/${licenseNo}/electronic`, { token: a.token })).json!;
      await grant(a.token, 'facility-install-l3.renewal', [a.docs['application-form']!, a.docs['compliance-statement']!], licenseNo);
      const v2 = (await h.http('GET', `/v1/licenses/${licenseNo}/electronic`, { token: a.token })).json!;
      expect(v2).toMatchObject({ version: 2, payload: { version: 2, validFrom: '2032-11-24', validUntil: '2038-11-23' } });
      expect(await verify(v1.qr as string)).toMatchObject({ authentic: true, version: 1, currentVersion: 2, superseded: true, status: 'valid' });
      expect(await verify(v2.qr as string)).toMatchObject({ authentic: true, version: 2, superseded: false });
      const history = (await h.http('GET', `/v1/licenses/${licenseNo}`, { token: a.token })).json!.history as Json[];
      expect(history.map((x) => [x.event, x.version])).toEqual([
        ['LicenseIssued', 1],
        ['LicenseRenewed', 2],
      ]);
    });

    it('E3: after a key rotation new licenses carry the new key and old ones keep verifying', async () => {
      await h.setClock('2026-11-25T10:00:00+08:00');
      const a = await holder();
      const before = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
      const oldQr = (await h.http('GET', `/v1/licenses/${before}/electronic`, { token: a.token })).json!.qr as string;
      rotateLocalSigningKey(process.env.SEAL_LOCAL_KEY_DIR!, sealAlgorithm);
      resetSigner();
      const b = await holder();
      const after = await grant(b.token, 'facility-install-l3.new', [b.docs['application-form']!]);
      const newer = (await h.http('GET', `/v1/licenses/${after}/electronic`, { token: b.token })).json!;
      const { keys } = (await h.http('GET', '/v1/public/keys')).json as { keys: JWK[] };
      expect(keys.length).toBeGreaterThanOrEqual(2);
      expect(newer.kid).toBe(keys[0]!.kid);
      expect(await verify(oldQr)).toMatchObject({ authentic: true, licenseNo: before });
      expect(await verify(newer.qr as string)).toMatchObject({ authentic: true, licenseNo: after });
    });

    it("E2 E3: a revoked license's QR is still authentic and its status says revoked; suspension shows and ends", async () => {
      await h.setClock('2026-11-27T10:00:00+08:00');
      const a = await holder();
      const licenseNo = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
      const qr = (await h.http('GET', `/v1/licenses/${licenseNo}/electronic`, { token: a.token })).json!.qr as string;
      const supervisor = await h.token({ role: 'supervisor', agencyId: 'nea-fujian' });
      const grounds = { reason: '超越许可范围承揽工程', groundsRef: '闽监罚〔2026〕88号' };
      expect((await h.http('POST', `/v1/licenses/${licenseNo}/suspension`, { token: supervisor, body: grounds })).json).toMatchObject({ status: 'suspended' });
      expect(await verify(qr)).toMatchObject({ authentic: true, status: 'suspended' });
      expect((await h.http('POST', `/v1/licenses/${licenseNo}/reinstatement`, { token: supervisor, body: { reason: '整改完成' } })).json).toMatchObject({
        status: 'valid',
      });
      expect((await h.http('POST', `/v1/licenses/${licenseNo}/revocation`, { token: supervisor, body: grounds })).json).toMatchObject({
        status: 403,
        code: 'AUTH.ROLE_NOT_ALLOWED',
      });
      expect(
        (
          await h.http('POST', `/v1/licenses/${licenseNo}/revocation`, {
            token: decisionMaker,
            body: { reason: '以欺骗手段取得许可', groundsRef: '闽监撤〔2026〕3号' },
          })
        ).json,
      ).toMatchObject({ status: 'revoked' });
      expect(await verify(qr)).toMatchObject({ authentic: true, licenseNo, status: 'revoked' });
      expect((await h.http('GET', `/v1/public/licenses/${licenseNo}`)).json).toMatchObject({ status: 'revoked', sealVerifies: true });
      expect((await h.http('POST', `/v1/licenses/${licenseNo}/suspension`, { token: supervisor, body: grounds })).json).toMatchObject({
        status: 409,
        code: 'LICENSE.ACTION_NOT_ALLOWED',
        allowed: [],
      });
      const south = await h.token({ role: 'decision-maker', agencyId: 'nea-south' });
      expect((await h.http('POST', `/v1/licenses/${licenseNo}/reinstatement`, { token: south, body: { reason: '越权' } })).status).toBe(403);
    });

    it("X1: a license's own events — issued, sealed, suspended, reinstated, revoked — verify through its audit route; others cannot read it", async () => {
      await h.setClock('2026-11-27T11:00:00+08:00');
      const a = await holder();
      const licenseNo = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
      const supervisor = await h.token({ role: 'supervisor', agencyId: 'nea-fujian' });
      const grounds = { reason: '超越许可范围承揽工程', groundsRef: '闽监罚〔2026〕89号' };
      await h.http('POST', `/v1/licenses/${licenseNo}/suspension`, { token: supervisor, body: grounds });
      await h.http('POST', `/v1/licenses/${licenseNo}/reinstatement`, { token: supervisor, body: { reason: '整改完成' } });
      await h.http('POST', `/v1/licenses/${licenseNo}/revocation`, {
        token: decisionMaker,
        body: { reason: '以欺骗手段取得许可', groundsRef: '闽监撤〔2026〕4号' },
      });
      const audit = (await h.http('GET', `/v1/licenses/${licenseNo}/audit`, { token: a.token })).json as {
        verification: { ok: boolean; length: number; headHash: string };
        events: { type: string; hash: string; prevHash: string }[];
      };
      expect(audit.events.map((e) => e.type)).toEqual(['LicenseIssued', 'LicenseSealed', 'LicenseSuspended', 'LicenseReinstated', 'LicenseRevoked']);
      expect(audit.verification).toEqual({ ok: true, length: 5, headHash: audit.events[4]!.hash });
      expect(audit.events[0]!.prevHash).toBe('0'.repeat(64));
      // The history the holder reads carries the same hashes.
      const history = (await h.http('GET', `/v1/licenses/${licenseNo}`, { token: a.token })).json!.history as { hash: string }[];
      expect(history.map((e) => e.hash).every((hash) => audit.events.some((e) => e.hash === hash))).toBe(true);
      const other = await h.token({ role: 'applicant', enterpriseId: newUscc() });
      expect((await h.http('GET', `/v1/licenses/${licenseNo}/audit`, { token: other })).json).toMatchObject({ status: 403, code: 'AUTH.OUT_OF_SCOPE' });
    });

    it('E5: every issuance, display, download and verification leaves an audit record', async () => {
      await h.setClock('2026-11-28T10:00:00+08:00');
      const a = await holder();
      const licenseNo = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
      await h.http('GET', `/v1/licenses/${licenseNo}`, { token: a.token });
      const qr = (await h.http('GET', `/v1/licenses/${licenseNo}/electronic`, { token: a.token })).json!.qr as string;
      await h.http('GET', `/v1/public/licenses/${licenseNo}`);
      await verify(qr);
      const log = (await h.http('GET', `/v1/licenses/${licenseNo}/access-log`, { token: reviewer })).json!.items as { action: string; hash: string }[];
      expect(log.map((x) => x.action).sort()).toEqual(['display', 'download-electronic', 'public-display', 'verification']);
      expect(log.every((x) => /^[0-9a-f]{64}$/.test(x.hash))).toBe(true);
      const history = (await h.http('GET', `/v1/licenses/${licenseNo}`, { token: a.token })).json!.history as { event: string }[];
      expect(history.map((x) => x.event)).toEqual(['LicenseIssued']);
    });

    it('E2: a license expires by itself the day after its last day (the daily sweep on the local clock)', async () => {
      await h.setClock('2026-11-30T10:00:00+08:00');
      const a = await holder();
      const licenseNo = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
      const qr = (await h.http('GET', `/v1/licenses/${licenseNo}/electronic`, { token: a.token })).json!.qr as string;
      await h.setClock('2032-11-29T09:00:00+08:00');
      expect((await h.http('GET', `/v1/licenses/${licenseNo}`, { token: a.token })).json).toMatchObject({ validUntil: '2032-11-29', status: 'valid' });
      await h.setClock('2032-11-30T09:00:00+08:00');
      const after = (await h.http('GET', `/v1/licenses/${licenseNo}`, { token: a.token })).json!;
      expect(after).toMatchObject({ status: 'expired' });
      expect((after.history as { event: string }[]).map((x) => x.event)).toEqual(['LicenseIssued', 'LicenseExpired']);
      expect(await verify(qr)).toMatchObject({ authentic: true, status: 'expired' });
    });

    it('E4: another department fetches the license in the documented exchange format and verifies its seal itself', async () => {
      await h.setClock('2026-12-01T10:00:00+08:00');
      const a = await holder();
      const licenseNo = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
      const partner = await h.token({ role: 'partner', departmentId: 'samr-fujian' });
      const doc = (await h.http('GET', `/v1/exchange/licenses/${licenseNo}`, { token: partner })).json!;
      expect(doc).toMatchObject({
        format: 'powerpermit.exchange/1',
        licenseNo,
        status: 'valid',
        currentVersion: 1,
        issuer: { agencyId: 'nea-fujian' },
        license: { licenseNo, holder: { uscc: a.uscc } },
        keys: '/v1/public/keys',
      });
      const { keys } = (await h.http('GET', '/v1/public/keys')).json as { keys: JWK[] };
      const { payload } = await verifyOffline((doc.versions as { jws: string }[])[0]!.jws, keys);
      expect(JSON.parse(Buffer.from(payload).toString())).toEqual(doc.license);
      // The same licence as the national standards describe it (GB/T 36903 metadata, GB/T 36904 identifier).
      expect(doc.national).toMatchObject({
        standard: 'GB/T 36903-2018',
        certificateNumber: licenseNo,
        certificateHolderCode: a.uscc,
        certificateHolderTypeCode: '001',
        certificateIssuingAuthority: '国家能源局福建监管办公室',
        certificateIssuedDate: '2026-12-01',
        certificateIdentifier: expect.stringMatching(new RegExp(`^1\\.2\\.156\\.3005\\.2\\.\\w{21}\\.\\w{18}\\.${licenseNo.replace(/-/g, '')}\\.001\\.\\w$`)),
      });
      expect(isValidNationalIdentifier((doc.national as { certificateIdentifier: string }).certificateIdentifier)).toBe(true);
      // A partner reaches the exchange, not the holder's own views.
      expect((await h.http('GET', `/v1/licenses/${licenseNo}`, { token: partner })).status).toBe(403);
    });

    it('E1 E3: the paper license is a PDF of the same record and version whose QR — a small code, read from a 110 dpi print — opens the verification page with a token that verifies', async () => {
      await h.setClock('2026-12-02T10:00:00+08:00');
      const a = await holder();
      const licenseNo = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
      const res = await fetch(`${h.p.apiUrl}/v1/licenses/${licenseNo}/paper.pdf`, { headers: { authorization: `Bearer ${a.token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const pdf = new Uint8Array(await res.arrayBuffer());
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
      const { pages, text } = await decodeQrFromPdf(pdf);
      expect(pages).toBe(1);
      const electronic = (await h.http('GET', `/v1/licenses/${licenseNo}/electronic`, { token: a.token })).json!;
      expect(text).toBe(electronic.verificationUrl);
      // As a phone reads it from paper: the page printed at 110 dpi, the code found and read in the picture.
      const printed = await decodeQrFromRender(pdf, 110);
      expect(printed.text).toBe(electronic.verificationUrl);
      expect(printed.version).toBeLessThanOrEqual(10);
      const { keys } = (await h.http('GET', '/v1/public/keys')).json as { keys: JWK[] };
      const { payload } = await verifyOffline(text!.slice(text!.indexOf('/V/') + 3), keys);
      expect(JSON.parse(Buffer.from(payload).toString())).toMatchObject({ n: licenseNo, v: 1, u: a.uscc });
      const log = (await h.http('GET', `/v1/licenses/${licenseNo}/access-log`, { token: a.token })).json!.items as { action: string }[];
      expect(log.map((x) => x.action)).toContain('download-paper');
    });

    it('a mistyped license number is a 400 that says so; another enterprise cannot fetch the license', async () => {
      await h.setClock('2026-11-26T10:00:00+08:00');
      const a = await holder();
      const licenseNo = await grant(a.token, 'facility-install-l3.new', [a.docs['application-form']!]);
      const typo = licenseNo.slice(0, -1) + (licenseNo.endsWith('0') ? '1' : '0');
      const r = await h.http('GET', `/v1/public/licenses/${typo}`);
      expect(r.json).toMatchObject({ status: 400, errors: [{ path: '$.path.licenseNo', message: expect.stringContaining('mistyped') }] });
      const other = await h.registerEnterprise(newUscc());
      expect((await h.http('GET', `/v1/licenses/${licenseNo}`, { token: other })).json).toMatchObject({ status: 403, code: 'AUTH.OUT_OF_SCOPE' });
      expect((await h.http('GET', `/v1/licenses/${licenseNo}`, { token: reviewer })).status).toBe(200);
    });
  });
