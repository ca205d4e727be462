import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCE_VARIABLES } from '../../functions/platform/env';
import type { RouteSpec } from '../../functions/platform/http/route';
import { OidcConfig } from '../../functions/platform/oidc';
import { WebSignIn } from '../../functions/platform/web-sign-in';
import { routes } from '../../functions/routes';
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

  it('web sign-in (issues 19, 20): Cognito’s hosted sign-in with a public code + PKCE client back to the pages at the public address, or the identity service’s web client; only the platform API is told where', () => {
    const pages = ['https://www.powerpermit.example.gov.cn/staff/', 'https://www.powerpermit.example.gov.cn/portal/'];
    global.appT.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: pages,
      LogoutURLs: pages,
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
    });
    global.appT.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'powerpermit-prod' });
    const told = (resources: Record<string, Fn>) =>
      Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.WEB_SIGN_IN);
    const [[id, fn]] = told(apps.global) as [[string, Fn]];
    expect(told(apps.global)).toHaveLength(1);
    expect(id).toMatch(/^PlatformApi/);
    // The endpoints on the pool's domain and the web client's id, as CloudFormation will join them.
    const joined = JSON.stringify(fn.Properties.Environment!.Variables!.WEB_SIGN_IN);
    expect(joined).toContain('/oauth2/authorize');
    expect(joined).toContain('/oauth2/token');
    expect(joined).toMatch(/"Ref":"UsersWebClient[0-9A-F]+"/);
    expect(joined).toContain('logout_uri');
    // Signing out revokes the tab's refresh token; the pages check the ID tokens' issuer: the pool's provider URL.
    expect(joined).toContain('/oauth2/revoke');
    expect(joined).toMatch(/"Fn::GetAtt":\["Users[0-9A-F]+","ProviderURL"\]/);
    // Mainland: exactly cdk.json's web client, whose id the token authorizer accepts as an audience.
    const cdk = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
    const [[, mfn]] = told(apps.mainland) as [[string, Fn]];
    const oidc = cdk['powerpermit:oidc'] as { issuer: string; algorithms: string[] };
    const mainlandWeb = JSON.parse(mfn.Properties.Environment!.Variables!.WEB_SIGN_IN as string) as Record<string, unknown>;
    expect(mainlandWeb).toEqual(WebSignIn.parse({ issuer: oidc.issuer, signingAlgorithms: oidc.algorithms, ...(cdk['powerpermit:oidcWebClient'] as object) }));
    // The pages check its ID tokens as the authorizer does: the same issuer, the same algorithms (SM2 among them).
    expect(mainlandWeb).toMatchObject({ issuer: 'https://tyrz.example.gov.cn/oidc', signingAlgorithms: oidc.algorithms });
    expect(() =>
      synthesize({ 'powerpermit:profile': 'mainland', 'powerpermit:oidcWebClient': { ...(cdk['powerpermit:oidcWebClient'] as object), clientId: 'stranger' } }),
    ).toThrow(/not one of powerpermit:oidc's audiences/);
  });

  it('the mainland template passes cdk-nag, names every ARN by its partition (aws-cn), and uses only resource types cn-north-1 offers', () => {
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
    expect(unavailable).toEqual([]);
  });

  it('Cognito clients allow no more than they need (ADR 0003): no client writes a custom: attribute or has no write list, none has the implicit grant, the web client signs in only through the hosted sign-in', () => {
    const clients = Object.values(global.appT.findResources('AWS::Cognito::UserPoolClient')).map((c) => c.Properties as Record<string, unknown>);
    expect(clients).toHaveLength(2);
    for (const c of clients) {
      // An explicit, non-empty write list (without one, or with an empty one, a client may write every attribute), free of the scope.
      expect(c.WriteAttributes).toEqual(['name']);
      expect(JSON.stringify(c.WriteAttributes)).not.toContain('custom:');
      expect(c.AllowedOAuthFlows ?? []).not.toContain('implicit');
      expect(JSON.stringify(c.CallbackURLs ?? [])).not.toContain('example.com');
      expect(c.AllowedOAuthScopes ?? []).not.toContain('aws.cognito.signin.user.admin');
      // An explicit list of sign-in flows (without one Cognito allows SRP, custom auth and refresh), never passwords in the clear.
      expect((c.ExplicitAuthFlows as string[]).length).toBeGreaterThan(0);
      expect(c.ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
      expect(c.ExplicitAuthFlows).not.toContain('ALLOW_CUSTOM_AUTH');
      expect(c.ExplicitAuthFlows).not.toContain('ALLOW_USER_AUTH');
    }
    const web = clients.find((c) => JSON.stringify(c.CallbackURLs ?? []).includes('/staff/'))!;
    const api = clients.find((c) => c !== web)!;
    // The web client: the hosted sign-in's code grant only; its refresh tokens rotate with a 10 s retry grace (ADR 0017)
    // and end 12 hours after the sign-in. Its one API flow is the admin one, which needs IAM credentials that no role of
    // the platform holds: nobody signs in through it but by the hosted pages.
    expect(web).toMatchObject({
      AllowedOAuthFlows: ['code'],
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'],
      GenerateSecret: false,
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
      RefreshTokenValidity: 720,
      TokenValidityUnits: expect.objectContaining({ RefreshToken: 'minutes' }),
      EnableTokenRevocation: true,
    });
    const grantsOf = (t: typeof global.appT) =>
      Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p) =>
        (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap((st) => [st.Action].flat()),
      );
    const actions = [global.appT, global.apiT, global.dataT].flatMap(grantsOf);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => /^cognito-idp:(Admin|\*)|^\*$/.test(a))).toEqual([]);
    // Programs sign in with SRP and use no OAuth at all.
    expect(api).toMatchObject({ ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], AllowedOAuthFlowsUserPoolClient: false });
    expect(api.AllowedOAuthFlows).toBeUndefined();
    expect(api.CallbackURLs).toBeUndefined();
    // The attributes they read include the scope; only administrators change it (custom attributes, mutable for them alone).
    for (const c of clients) expect(c.ReadAttributes).toEqual(expect.arrayContaining(['custom:role', 'custom:agencyId', 'custom:enterpriseId']));
  });

  it('identity: Cognito in the global profile; in the mainland profile no user pool, and every protected route behind the token authorizer of the configured OIDC issuer', () => {
    const protectedRoutes = Object.values(routes as Record<string, RouteSpec>).filter((r) => r.roles !== 'public').length;
    const publicRoutes = Object.values(routes as Record<string, RouteSpec>).length - protectedRoutes;
    const methodsBy = (t: typeof global.apiT) => {
      const methods = Object.values(t.findResources('AWS::ApiGateway::Method')).filter((m) => m.Properties.HttpMethod !== 'ANY');
      const count = (type: string) => methods.filter((m) => m.Properties.AuthorizationType === type).length;
      return { methods, count };
    };
    const g = methodsBy(global.apiT);
    expect([g.count('COGNITO_USER_POOLS'), g.count('NONE'), g.methods.length]).toEqual([protectedRoutes, publicRoutes, protectedRoutes + publicRoutes]);
    global.appT.resourceCountIs('AWS::Cognito::UserPool', 1);

    for (const type of ['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::IdentityPool'])
      expect([mainland.appT, mainland.apiT, mainland.dataT].map((t) => Object.keys(t.findResources(type)).length)).toEqual([0, 0, 0]);
    const authorizers = mainland.apiT.findResources('AWS::ApiGateway::Authorizer');
    expect(Object.values(authorizers).map((a) => a.Properties)).toEqual([
      expect.objectContaining({
        Type: 'TOKEN',
        IdentitySource: 'method.request.header.Authorization',
        AuthorizerResultTtlInSeconds: 60,
        IdentityValidationExpression: expect.stringMatching(/^\^Bearer /),
      }),
    ]);
    const [authorizerId] = Object.keys(authorizers);
    const m = methodsBy(mainland.apiT);
    const custom = Object.entries(mainland.apiResources).filter(([, x]) => x.Type === 'AWS::ApiGateway::Method' && x.Properties.AuthorizationType === 'CUSTOM');
    expect([custom.length, m.count('NONE'), m.methods.length]).toEqual([protectedRoutes, publicRoutes, protectedRoutes + publicRoutes]);
    // Methods in every route stack name the one authorizer of the API stack (through their stack's parameters).
    expect(new Set(custom.map(([id, x]) => mainland.apiReferenceOf(x.Properties.AuthorizerId, id)))).toEqual(new Set([authorizerId]));
    // The authorizer function trusts exactly the issuer of cdk.json, checked at synth; it reaches no table, bucket or key.
    const cdkOidc = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context[
      'powerpermit:oidc'
    ];
    const fns = Object.values(apps.mainland).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.OIDC_CONFIG);
    expect(fns).toHaveLength(1);
    const variablesOf = fns[0]!.Properties.Environment!.Variables!;
    expect(JSON.parse(variablesOf.OIDC_CONFIG as string)).toEqual(OidcConfig.parse(cdkOidc));
    expect(Object.keys(variablesOf).filter((v) => (RESOURCE_VARIABLES as readonly string[]).includes(v))).toEqual([]);
    expect(() => synthesize({ 'powerpermit:profile': 'mainland', 'powerpermit:oidc': { issuer: 'not a url' } })).toThrow(/powerpermit:oidc is not a valid/);
    // The China regions offer no edge-optimized APIs.
    mainland.apiT.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
  });

  it('notifications: SES and SNS SMS in the global profile; in the mainland profile, where neither is offered, a signed messaging gateway and no SES or SNS anywhere', () => {
    expect(global.notifyStack).toBeDefined();
    expect(mainland.notifyStack).toBeUndefined();
    const policies = (resources: Record<string, Fn>) =>
      JSON.stringify(
        Object.values(resources)
          .filter((r) => r.Type === 'AWS::IAM::Policy')
          .map((r) => (r.Properties as Record<string, unknown>).PolicyDocument),
      );
    expect(policies(apps.global)).toMatch(/ses:SendEmail/);
    expect(policies(apps.mainland)).not.toMatch(/ses:|sns:Publish/);
    const secretId = Object.keys(mainland.dataT.findResources('AWS::SecretsManager::Secret')).find((id) => id.startsWith('NotifyGatewaySecret'));
    expect(secretId).toBeDefined();
    expect(Object.keys(global.dataT.findResources('AWS::SecretsManager::Secret')).some((id) => id.startsWith('NotifyGatewaySecret'))).toBe(false);
    // Exactly the functions that notify get the gateway's URL and secret, and may read that secret.
    const gateway = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, string> }).context[
      'powerpermit:notifyGatewayUrl'
    ];
    const notifying = Object.entries(apps.mainland).filter(
      ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.NOTIFY_GATEWAY_URL,
    );
    expect(notifying.length).toBeGreaterThan(0);
    for (const [, fn] of notifying) {
      expect(fn.Properties.Environment!.Variables!.NOTIFY_GATEWAY_URL).toBe(gateway);
      expect(JSON.stringify(fn.Properties.Environment!.Variables!.NOTIFY_GATEWAY_SECRET_ARN)).toContain('NotifyGatewaySecret');
    }
    const readers = Object.values(apps.mainland).filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        /"Action":"secretsmanager:GetSecretValue","Effect":"Allow","Resource":\{"Fn::ImportValue":"[^"]*NotifyGatewaySecret/.test(JSON.stringify(r.Properties)),
    );
    expect(readers.length).toBe(notifying.length);
    expect(() => synthesize({ 'powerpermit:profile': 'mainland', 'powerpermit:notifyGatewayUrl': 'http://plain' })).toThrow(/notifyGatewayUrl: an https URL/);
  });
});
