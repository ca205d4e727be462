import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesize } from '../support/synth';

type Fn = { Type: string; Properties: { Environment?: { Variables?: Record<string, unknown> } } };
type Report = {
  pluginReports: { pluginName: string; violations: { ruleName: string; description: string; violatingConstructs: { constructPath: string }[] }[] }[];
};
const variables = (resources: Record<string, Fn>, present: string, wanted: string) =>
  new Set(
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.[present])
      .map((r) => r.Properties.Environment!.Variables![wanted]),
  );

/** The deployment profiles (cdk.json `powerpermit:profile`, platform/profiles.ts; issue 21). */
describe('deployment profiles', () => {
  const global = synthesize();
  const mainland = synthesize({ 'powerpermit:profile': 'mainland' });
  const apps = { global: global.appResources as Record<string, Fn>, mainland: mainland.appResources as Record<string, Fn> };

  it('E3 E5 P4: the global profile seals with a P-256 KMS key (ES256) and AES-256-GCM, the mainland profile with an SM2 KMS key and SM4-GCM, and every function that seals or opens is told which', () => {
    global.dataT.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(variables(apps.global, 'SEAL_KMS_KEY_ARNS', 'SEAL_ALGORITHM')).toEqual(new Set(['ES256']));
    expect(variables(apps.global, 'PII_KMS_KEY_ARN', 'PII_ALGORITHM')).toEqual(new Set(['A256GCM']));

    expect(mainland.stateful.region).toBe('cn-north-1');
    mainland.dataT.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
    expect(Object.values(mainland.dataT.findResources('AWS::KMS::Key')).filter((k) => k.Properties.KeySpec === 'ECC_NIST_P256')).toEqual([]);
    expect(variables(apps.mainland, 'SEAL_KMS_KEY_ARNS', 'SEAL_ALGORITHM')).toEqual(new Set(['SM2']));
    // The KMS data key's wrapping is SM4 there (KMS's symmetric default in the China regions).
    expect(variables(apps.mainland, 'PII_KMS_KEY_ARN', 'PII_ALGORITHM')).toEqual(new Set(['SM4-GCM']));
    expect(() => synthesize({ 'powerpermit:profile': 'elsewhere' })).toThrow(/global or mainland/);
  });

  it('the mainland template passes cdk-nag, names every ARN by its partition (aws-cn), and uses only resource types cn-north-1 offers but the Cognito user pool (identity: still open in issue 21)', () => {
    const report = JSON.parse(readFileSync(join(mainland.outdir, 'validation-report.json'), 'utf8')) as Report;
    const violations = (plugin: string) => report.pluginReports.find((p) => p.pluginName === plugin)?.violations ?? [];
    expect(violations('AwsSolutions')).toEqual([]);
    const templates = [mainland.dataT, mainland.appT, mainland.apiT].map((t) => JSON.stringify(t.toJSON())).join('\n');
    expect(templates.match(/arn:aws:/g)).toBeNull();
    expect(templates).toContain('{"Ref":"AWS::Partition"}');
    // CDK's own check of each resource type against the region's CloudFormation specification (F3006).
    const unavailable = violations('CloudFormation Validate')
      .filter((v) => v.ruleName === 'F3006')
      .flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
    expect(unavailable.sort()).toEqual(['PowerPermit-prod-App/Users/ApiClient/Resource', 'PowerPermit-prod-App/Users/Resource']);
  });
});
