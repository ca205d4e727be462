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
import { licensePayload, qrClaims, sealLicense } from '../../functions/licensing/domain/seal';
import type { License } from '../../functions/licensing/domain/license';
import { verifySealed } from '../../functions/licenses/domain/verification';
import { rotateLocalSigningKey } from '../../local/keys';
import { canonicalJson } from '../../functions/platform/hash';
import { DEMO_LICENSE } from '../support/fixtures';

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
    const qr = await compactVerify(seal.qr, createLocalJWKSet({ keys }));
    expect(JSON.parse(Buffer.from(qr.payload).toString())).toEqual(qrClaims(licensePayload(license, license.issuedAt)));
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
