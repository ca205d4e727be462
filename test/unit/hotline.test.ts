import { Webhook } from 'standardwebhooks';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { open, seal } from '../../functions/platform/envelope';
import { LocalKeyWrapper } from '../../functions/platform/envelope.local';
import { KmsKeyWrapper } from '../../functions/platform/envelope.kms';
import { WorkOrder } from '../../functions/complaints/domain/work-order';

describe('12398 hotline intake', () => {
  it('P1: the Standard Webhooks known-answer vector verifies with the library we use', () => {
    const wh = new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(wh.sign('msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
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
    kms.on(GenerateDataKeyCommand).resolves({ Plaintext: Buffer.from(dataKey), CiphertextBlob: Buffer.from('wrapped-by-kms') });
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
});
