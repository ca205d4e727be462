import { Webhook } from 'standardwebhooks';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { createCipheriv, randomBytes } from 'node:crypto';
import { open, seal } from '../../functions/platform/envelope';
import { LocalKeyWrapper } from '../../functions/platform/envelope.local';
import { KmsKeyWrapper } from '../../functions/platform/envelope.kms';
import { sm4GcmEncrypt } from '../../functions/platform/sm4';
import { sm4 } from 'sm-crypto-v2';
import { WorkOrder } from '../../functions/complaints/domain/work-order';
import { verifiedDelivery } from '../../functions/complaints/hotline-webhook.handler';

describe('12398 hotline intake', () => {
  it('P1: the Standard Webhooks known-answer vector passes our verification of a delivery, under rotation; a changed body or a stale time does not', () => {
    // The specification's vector, through the handler's own check (not only the library's signing).
    const vector = { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', at: 1614265330, body: '{"test": 2432232314}' };
    const headers = { 'webhook-id': vector.id, 'webhook-timestamp': String(vector.at), 'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' };
    expect(new Webhook(vector.secret).sign(vector.id, new Date(vector.at * 1000), vector.body)).toBe(headers['webhook-signature']);
    const other = 'whsec_' + Buffer.from('another secret, rotated out').toString('base64');
    jest.useFakeTimers({ now: (vector.at + 60) * 1000 });
    try {
      expect(verifiedDelivery(vector.body, headers, [other, vector.secret])).toBe(vector.id);
      expect(() => verifiedDelivery(vector.body.replace('2432232314', '2432232315'), headers, [other, vector.secret])).toThrow(
        expect.objectContaining({ code: 'WEBHOOK.BAD_SIGNATURE' }),
      );
      expect(() => verifiedDelivery(vector.body, headers, [other])).toThrow(expect.objectContaining({ code: 'WEBHOOK.BAD_SIGNATURE' }));
      expect(() => verifiedDelivery(vector.body, { ...headers, 'webhook-signature': '' }, [vector.secret])).toThrow(
        expect.objectContaining({ code: 'WEBHOOK.UNSIGNED' }),
      );
      jest.setSystemTime((vector.at + 6 * 60) * 1000);
      expect(() => verifiedDelivery(vector.body, headers, [vector.secret])).toThrow(expect.objectContaining({ code: 'WEBHOOK.STALE_OR_FUTURE' }));
    } finally {
      jest.useRealTimers();
    }
  });

  it('P1: a work order names the party by name or code, and the complainant or anonymity', () => {
    const base = {
      orderNo: 'HL20261122000001',
      receivedAt: '2026-11-22T10:00:00+08:00',
      channel: 'phone',
      type: 'complaint',
      businessArea: 'connection',
      regionCode: '350102',
      facts: '报装后超过十个工作日未接电',
      complainant: { anonymous: true },
    };
    expect(WorkOrder.safeParse(base).success).toBe(true);
    expect(WorkOrder.safeParse({ ...base, party: {} }).success).toBe(false);
    expect(WorkOrder.safeParse({ ...base, complainant: { name: '李四' } }).success).toBe(false);
    expect(WorkOrder.safeParse({ ...base, regionCode: '990000' }).success).toBe(false);
  });
});

describe('envelope encryption of personal data (P4)', () => {
  it('P4: sealed locally, opened only with the same context', async () => {
    const keys = new LocalKeyWrapper(randomBytes(32));
    const sealed = await seal(keys, '{"name":"李四","contact":"13912345678"}', { complaint: 'HL1' });
    expect(JSON.stringify(sealed)).not.toMatch(/李四|13912345678/);
    expect(await open(keys, sealed, { complaint: 'HL1' })).toBe('{"name":"李四","contact":"13912345678"}');
    await expect(open(keys, sealed, { complaint: 'HL2' })).rejects.toThrow();
  });

  it('P4: in AWS the data keys come from KMS under the encryption context', async () => {
    const kms = mockClient(KMSClient);
    const dataKey = randomBytes(32);
    kms.on(GenerateDataKeyCommand).callsFake((input: { NumberOfBytes: number }) => {
      expect(input.NumberOfBytes).toBe(32);
      return { Plaintext: Buffer.from(dataKey), CiphertextBlob: Buffer.from('wrapped-by-kms') };
    });
    kms.on(DecryptCommand).callsFake((input: { EncryptionContext: Record<string, string> }) => {
      expect(input.EncryptionContext).toEqual({ complaint: 'HL1' });
      return { Plaintext: Buffer.from(dataKey) };
    });
    const keys = new KmsKeyWrapper(new KMSClient({ region: 'ap-east-1' }), 'arn:aws:kms:ap-east-1:111122223333:key/data');
    const sealed = await seal(keys, 'secret', { complaint: 'HL1' });
    expect(Buffer.from(sealed.wrappedKey, 'base64').toString()).toBe('wrapped-by-kms');
    expect(await open(keys, sealed, { complaint: 'HL1' })).toBe('secret');
    kms.restore();
  });

  it('P4: in the mainland profile an envelope is SM4-GCM with a 128-bit data key (from KMS, whose keys are SM4 there), names its algorithm, and opens only with its context; an AES one still opens', async () => {
    const master = randomBytes(32);
    const keys = new LocalKeyWrapper(master, 'SM4-GCM');
    const sealed = await seal(keys, '{"name":"李四","contact":"13912345678"}', { complaint: 'HL1' });
    expect(sealed.alg).toBe('SM4-GCM');
    expect(JSON.stringify(sealed)).not.toMatch(/李四|13912345678/);
    expect(await open(keys, sealed, { complaint: 'HL1' })).toBe('{"name":"李四","contact":"13912345678"}');
    await expect(open(keys, sealed, { complaint: 'HL2' })).rejects.toThrow();
    await expect(open(keys, { ...sealed, tag: Buffer.alloc(16).toString('base64') }, { complaint: 'HL1' })).rejects.toThrow();
    // SM4-GCM as composed here (OpenSSL's SM4, noble's GHASH) equals sm-crypto-v2's, ciphertext and tag, at every length.
    for (const n of [0, 1, 15, 16, 17, 64, 100]) {
      const [k, iv, aadBytes, pt] = [randomBytes(16), randomBytes(12), randomBytes(n % 5), randomBytes(n)];
      const ours = sm4GcmEncrypt(k, iv, pt, aadBytes);
      const theirs = sm4.encrypt(pt, k, { mode: 'gcm', iv, associatedData: aadBytes, output: 'array', outputTag: true, padding: 'none' });
      expect([Buffer.from(theirs.output).equals(ours.ciphertext), Buffer.from(theirs.tag!).equals(ours.tag)]).toEqual([true, true]);
    }
    // OpenSSL's SM4 (CTR from the GCM counter after J0) gives the same ciphertext: the cipher is SM4, checked by another implementation.
    const dataKey = await new LocalKeyWrapper(master).unwrap(Buffer.from(sealed.wrappedKey, 'base64'), { complaint: 'HL1' });
    expect(dataKey).toHaveLength(16);
    const ctr = createCipheriv('sm4-ctr', dataKey, Buffer.concat([Buffer.from(sealed.iv, 'base64'), Buffer.from([0, 0, 0, 2])]));
    expect(Buffer.concat([ctr.update('{"name":"李四","contact":"13912345678"}', 'utf8'), ctr.final()]).toString('base64')).toBe(sealed.ciphertext);
    // Envelopes sealed before (or elsewhere) keep opening: the algorithm is the envelope's, not the wrapper's.
    const older = await seal(new LocalKeyWrapper(master), 'secret', { complaint: 'HL1' });
    expect(await open(keys, older, { complaint: 'HL1' })).toBe('secret');

    const kms = mockClient(KMSClient);
    kms.on(GenerateDataKeyCommand).callsFake((input: { NumberOfBytes: number; KeySpec?: string }) => {
      expect(input).toMatchObject({ NumberOfBytes: 16 });
      expect(input.KeySpec).toBeUndefined();
      return { Plaintext: randomBytes(16), CiphertextBlob: Buffer.from('wrapped-by-kms-sm4') };
    });
    const viaKms = await seal(new KmsKeyWrapper(new KMSClient({ region: 'cn-north-1' }), 'arn:aws-cn:kms:cn-north-1:111122223333:key/data', 'SM4-GCM'), 's', {
      complaint: 'HL1',
    });
    expect(viaKms.alg).toBe('SM4-GCM');
    kms.restore();
  });
});
