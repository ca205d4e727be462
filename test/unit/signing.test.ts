import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet } from 'jose';
import { derToJose } from '../../functions/platform/signing';
import { LocalSigner } from '../../functions/platform/signing.local';
import { KmsSigner } from '../../functions/platform/signing.kms';
import { licensePayload, qrClaims, sealLicense, signCompact } from '../../functions/licensing/domain/seal';
import type { License } from '../../functions/licensing/domain/license';
import { verifySealed } from '../../functions/licenses/domain/verification';
import { rotateLocalSigningKey } from '../../local/keys';
import { canonicalJson } from '../../functions/platform/hash';
import { DEMO_LICENSE } from '../support/fixtures';
import { verifyOffline } from '../support/sm2-reference';

const license: License = { ...DEMO_LICENSE, caseIds: ['AP20261123AAAAAAAA'] };

describe('the e-seal signer: one port, two adapters (E3, E5)', () => {
  it('E3: the local adapter signs ES256 that a standard JOSE library verifies with the published key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seal-'));
    rotateLocalSigningKey(dir);
    const signer = new LocalSigner(dir);
    const seal = await sealLicense(license, license.issuedAt, signer);
    const keys = await signer.publicKeys();
    const { payload, protectedHeader } = await compactVerify(seal.jws, createLocalJWKSet({ keys }));
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: keys[0]!.kid, typ: 'pp-license+jws' });
    expect(Buffer.from(payload).toString()).toBe(canonicalJson(licensePayload(license, license.issuedAt)));
    // The QR token (format 2): alphanumeric, and it verifies, naming what the paper licence prints.
    expect(seal.qr).toMatch(/^2\.[A-Z2-7]{8}\.FI3-FJ-2026-0000177\.1\.91350100M000100Y43\.20261123\.20321122\.[A-Z2-7]{16}\.[A-Z2-7]{103}$/);
    expect(await verifySealed(seal.qr, keys)).toMatchObject({
      authentic: true,
      kind: 'qr',
      kid: keys[0]!.kid,
      claims: { n: license.licenseNo, v: 1, u: license.holder.uscc, a: license.validFrom, b: license.validUntil },
    });
    // One character changed, anywhere but the format digit, and it is not authentic.
    const i = seal.qr.indexOf('.20261123') + 4;
    expect(await verifySealed(`${seal.qr.slice(0, i)}${seal.qr[i] === '6' ? '7' : '6'}${seal.qr.slice(i + 1)}`, keys)).toMatchObject({ authentic: false });
    // A format-1 QR token (a JWS of short claims, issued before December 2026) keeps verifying.
    const v1 = await signCompact(qrClaims(licensePayload(license, license.issuedAt)), signer, 'pp-qr+jws');
    expect(await verifySealed(v1.jws, keys)).toMatchObject({ authentic: true, kind: 'qr', licenseNo: license.licenseNo, version: 1, claims: { f: 'pp1' } });
  });

  it('E5: the KMS adapter signs through KMS (the private key stays there) and its signature verifies with the public key KMS publishes', async () => {
    // A stand-in for the KMS key: KMS returns DER signatures and the SPKI public key, as here.
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kms = mockClient(KMSClient);
    kms.on(GetPublicKeyCommand).resolves({ PublicKey: publicKey.export({ format: 'der', type: 'spki' }), KeySpec: 'ECC_NIST_P256' });
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array; MessageType: string; SigningAlgorithm: string }) => {
      expect(input).toMatchObject({ MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' });
      return { Signature: nodeSign('sha256', input.Message, privateKey) };
    });
    const signer = new KmsSigner(new KMSClient({ region: 'ap-east-1' }), ['arn:aws:kms:ap-east-1:111122223333:key/seal']);
    const seal = await sealLicense(license, license.issuedAt, signer);
    const keys = await signer.publicKeys();
    await expect(compactVerify(seal.jws, createLocalJWKSet({ keys }))).resolves.toBeDefined();
    expect(await verifySealed(seal.qr, keys)).toMatchObject({ authentic: true, kind: 'qr', licenseNo: license.licenseNo, version: 1 });
    kms.restore();
  });

  it('E3: the mainland profile seals with SM2 over SM3 — locally and through KMS (SM2DSA) — and a verifier written from the standard accepts it; an ES256 token against an SM2 key, or a tampered one, does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seal-sm2-'));
    rotateLocalSigningKey(dir, 'SM2');
    const local = new LocalSigner(dir, 'SM2');
    const keys = await local.publicKeys();
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'SM2', alg: 'SM2', use: 'sig' });
    const seal = await sealLicense(license, license.issuedAt, local);
    expect(JSON.parse(Buffer.from(seal.jws.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'SM2', kid: keys[0]!.kid, typ: 'pp-license+jws' });
    const offline = await verifyOffline(seal.jws, keys);
    expect(Buffer.from(offline.payload).toString()).toBe(canonicalJson(licensePayload(license, license.issuedAt)));
    expect(await verifySealed(seal.qr, keys)).toMatchObject({ authentic: true, kind: 'qr', licenseNo: license.licenseNo });
    const [h, p, sig] = seal.jws.split('.');
    const forged = `${h}.${Buffer.from(Buffer.from(p!, 'base64url').toString().replace('2032', '2099')).toString('base64url')}.${sig}`;
    expect(await verifySealed(forged, keys)).toMatchObject({ authentic: false });
    await expect(verifyOffline(forged, keys)).rejects.toThrow();
    const es256 = mkdtempSync(join(tmpdir(), 'seal-es-'));
    rotateLocalSigningKey(es256);
    const other = await sealLicense(license, license.issuedAt, new LocalSigner(es256));
    // An ES256 token that names an SM2 key's id is not authentic, whatever its bytes.
    const renamed = `${Buffer.from(JSON.stringify({ alg: 'ES256', kid: keys[0]!.kid, typ: 'pp-qr+jws' })).toString('base64url')}.${other.qr.split('.').slice(1).join('.')}`;
    expect(await verifySealed(renamed, keys)).toMatchObject({ authentic: false });

    // KMS: GetPublicKey returns the SPKI of the SM2 key, Sign (SM2DSA, raw message) a DER signature.
    const spki = Buffer.concat([
      Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex'),
      Buffer.from([4]),
      Buffer.from(keys[0]!.x!, 'base64url'),
      Buffer.from(keys[0]!.y!, 'base64url'),
    ]);
    const kms = mockClient(KMSClient);
    kms.on(GetPublicKeyCommand).resolves({ PublicKey: spki, KeySpec: 'SM2' });
    kms.on(SignCommand).callsFake(async (input: { Message: Uint8Array; MessageType: string; SigningAlgorithm: string }) => {
      expect(input).toMatchObject({ MessageType: 'RAW', SigningAlgorithm: 'SM2DSA' });
      const rs = (await local.sign(input.Message)).signature;
      const der = (i: Uint8Array) => (i[0]! & 0x80 ? Buffer.concat([Buffer.from([2, 33, 0]), i]) : Buffer.concat([Buffer.from([2, 32]), i]));
      const body = Buffer.concat([der(rs.subarray(0, 32)), der(rs.subarray(32))]);
      return { Signature: Buffer.concat([Buffer.from([0x30, body.length]), body]) };
    });
    const viaKms = new KmsSigner(new KMSClient({ region: 'cn-north-1' }), ['arn:aws-cn:kms:cn-north-1:111122223333:key/seal'], 'SM2');
    expect(await viaKms.publicKeys()).toEqual(keys);
    const kmsSeal = await sealLicense(license, license.issuedAt, viaKms);
    await expect(verifyOffline(kmsSeal.jws, keys)).resolves.toMatchObject({ alg: 'SM2' });
    kms.restore();
  });

  it('E3: DER signatures (as KMS returns them) convert to the 64-byte JOSE form: padding removed, short integers padded', () => {
    const r = Buffer.from('80' + '11'.repeat(31), 'hex'); // high bit set: DER prefixes a zero byte
    const sv = Buffer.alloc(31, 0x22); // a short s: DER drops its leading zero
    const der = Buffer.concat([Buffer.from([0x30, 2 + 33 + 2 + 31, 0x02, 33, 0x00]), r, Buffer.from([0x02, 31]), sv]);
    expect(Buffer.from(derToJose(der)).toString('hex')).toBe(r.toString('hex') + '00' + sv.toString('hex'));
  });

  it('E3: a tampered payload does not verify; a foreign key is refused; key rotation keeps old seals verifiable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seal-'));
    rotateLocalSigningKey(dir);
    const old = await sealLicense(license, license.issuedAt, new LocalSigner(dir));
    const [h, p, s] = old.jws.split('.');
    const forged = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    forged.validUntil = '2099-12-31';
    const tampered = `${h}.${Buffer.from(canonicalJson(forged)).toString('base64url')}.${s}`;
    expect(await verifySealed(tampered, await new LocalSigner(dir).publicKeys())).toMatchObject({
      authentic: false,
      reason: expect.stringContaining('does not verify'),
    });

    rotateLocalSigningKey(dir);
    const rotated = new LocalSigner(dir);
    const keys = await rotated.publicKeys();
    expect(keys).toHaveLength(2);
    const fresh = await sealLicense({ ...license, version: 2 }, license.issuedAt, rotated);
    expect(fresh.kid).not.toBe(old.kid);
    expect(await verifySealed(old.qr, keys)).toMatchObject({ authentic: true, version: 1 });
    expect(await verifySealed(fresh.qr, keys)).toMatchObject({ authentic: true, version: 2 });

    const stranger = mkdtempSync(join(tmpdir(), 'seal-'));
    writeFileSync(join(stranger, 'x'), '');
    rotateLocalSigningKey(stranger);
    const foreign = await sealLicense(license, license.issuedAt, new LocalSigner(stranger));
    expect(await verifySealed(foreign.qr, keys)).toMatchObject({ authentic: false, reason: expect.stringContaining('not one of the issuing keys') });
  });
});
