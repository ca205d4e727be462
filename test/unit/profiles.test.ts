import { synthesize } from '../support/synth';

type Fn = { Type: string; Properties: { Environment?: { Variables?: Record<string, unknown> } } };
const sealAlgorithms = (resources: Record<string, Fn>) =>
  new Set(
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.SEAL_KMS_KEY_ARNS)
      .map((r) => r.Properties.Environment!.Variables!.SEAL_ALGORITHM),
  );

/** The deployment profiles (cdk.json `powerpermit:profile`): what each makes of the e-seal (issue 21; identity still to come). */
describe('deployment profiles', () => {
  it('E3 E5 P4: the global profile seals with a P-256 KMS key (ES256) and AES-256-GCM, the mainland profile with an SM2 KMS key and SM4-GCM, and every function that seals or opens is told which', () => {
    const global = synthesize();
    global.dataT.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(sealAlgorithms(global.appResources as Record<string, Fn>)).toEqual(new Set(['ES256']));

    const mainland = synthesize({ 'powerpermit:profile': 'mainland' });
    expect(mainland.stateful.region).toBe('cn-north-1');
    mainland.dataT.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
    expect(Object.values(mainland.dataT.findResources('AWS::KMS::Key')).filter((k) => k.Properties.KeySpec === 'ECC_NIST_P256')).toEqual([]);
    expect(sealAlgorithms(mainland.appResources as Record<string, Fn>)).toEqual(new Set(['SM2']));
    expect(() => synthesize({ 'powerpermit:profile': 'elsewhere' })).toThrow(/global or mainland/);
    // Personal data: AES-256-GCM envelopes in the global profile, SM4-GCM in the mainland one (the KMS data key's wrapping is SM4 there).
    const piiAlgorithms = (resources: Record<string, Fn>) =>
      new Set(
        Object.values(resources)
          .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.PII_KMS_KEY_ARN)
          .map((r) => r.Properties.Environment!.Variables!.PII_ALGORITHM),
      );
    expect(piiAlgorithms(global.appResources as Record<string, Fn>)).toEqual(new Set(['A256GCM']));
    expect(piiAlgorithms(mainland.appResources as Record<string, Fn>)).toEqual(new Set(['SM4-GCM']));
  });
});
