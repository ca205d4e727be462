import { PROFILES, profileNamed } from '../functions/platform/profiles';
import { App, Validations } from 'aws-cdk-lib';
import * as z from 'zod';
import { WebSignIn } from '../functions/platform/web-sign-in';
import { OidcConfig } from '../functions/platform/oidc';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AppStack, type AppStackProps } from './app-stack';
import { EdgeStack } from './edge-stack';
import { NotifyStack } from './notify-stack';
import { StatefulStack } from './stateful-stack';

/**
 * The CDK app: a stateful stack (table, buckets, keys; retained) and an app stack (API,
 * functions, workflows, schedules), checked against cdk-nag's AwsSolutions pack on every synth.
 */
export function buildApp(app = new App()): {
  app: App;
  stateful: StatefulStack;
  appStack: AppStack;
  notifyStack?: NotifyStack;
  edgeStack?: EdgeStack;
} {
  // Strong cross-stack references: the app stack cannot be left pointing at a removed table.
  if (app.node.tryGetContext('@aws-cdk/core:defaultCrossStackReferences') === undefined)
    app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  const stage = String(app.node.tryGetContext('powerpermit:stage') ?? 'prod');
  // The deployment profile (docs/operations.md): `global` (default; Cognito) or `mainland` (the AWS China regions: the
  // e-seal SM2, personal data SM4, tokens of the government identity service, Cognito user pools not being offered there: ADR 0003).
  // The region is the profile's (override with `-c powerpermit:region=…`).
  const profile = profileNamed(app.node.tryGetContext('powerpermit:profile') as string | undefined);
  const sealAlgorithm = PROFILES[profile].seal;
  const mainland = profile === 'mainland';
  const region = String(
    app.node.tryGetContext('powerpermit:region') ?? process.env.CDK_DEFAULT_REGION ?? (profile === 'mainland' ? 'cn-north-1' : 'ap-east-1'),
  );
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region };
  // The public site's address: the QR codes open it, and only its pages may read the document store from a browser.
  const publicBaseUrl = String(app.node.tryGetContext('powerpermit:publicBaseUrl') ?? 'https://www.powerpermit.example.gov.cn');
  const stateful = new StatefulStack(app, `PowerPermit-${stage}-Stateful`, {
    env,
    stage,
    auditRetentionDays: Number(app.node.tryGetContext('powerpermit:auditRetentionDays') ?? 3650),
    sealAlgorithm,
    notifyGateway: mainland,
    siteOrigin: new URL(publicBaseUrl).origin,
    terminationProtection: true,
  });
  // SES and SNS SMS are not offered in every region (not in ap-east-1): notifications are sent from powerpermit:notifyRegion.
  // In the China regions neither is offered: e-mail and SMS go through the messaging gateway at powerpermit:notifyGatewayUrl.
  const notify: AppStackProps['notify'] = mainland
    ? { gatewayUrl: requiredContext(app, 'powerpermit:notifyGatewayUrl'), gatewaySecret: stateful.gatewaySecret! }
    : {
        emailDomain: String(app.node.tryGetContext('powerpermit:notifyEmailDomain') ?? 'notify.powerpermit.example.gov.cn'),
        region: String(app.node.tryGetContext('powerpermit:notifyRegion') ?? 'ap-southeast-1'),
      };
  const oidc = mainland ? oidcContext(app) : undefined;
  // CloudFront-scoped web ACLs live in us-east-1 (and are not offered in the China regions: ADR 0015).
  const edgeStack = mainland
    ? undefined
    : new EdgeStack(app, `PowerPermit-${stage}-Edge`, { env: { account: env.account, region: 'us-east-1' }, stage, crossRegionReferences: true });
  const appStack = new AppStack(app, `PowerPermit-${stage}-App`, {
    env,
    ...(edgeStack ? { crossRegionReferences: true, edgeWebAclArn: edgeStack.webAclArn } : {}),
    stage,
    table: stateful.table,
    sealKey: stateful.sealKey,
    hotlineSecret: stateful.hotlineSecret,
    dataKey: stateful.dataKey,
    personalDataKey: stateful.personalDataKey,
    // Where the 12398 platform takes acknowledgements and closures (its address is agreed with the hotline operator).
    hotlineCallbackUrl: String(app.node.tryGetContext('powerpermit:hotlineCallbackUrl') ?? ''),
    publicBaseUrl,
    // The web origins that may call the API from a browser; the platform's own pages are served from the API's origin.
    corsAllowedOrigins: contextList(app, 'powerpermit:corsAllowedOrigins'),
    alarmEmail: (app.node.tryGetContext('powerpermit:alarmEmail') as string | undefined) || undefined,
    previousSealKeyArns: contextList(app, 'powerpermit:previousSealKeyArns'),
    sealAlgorithm,
    personalDataAlgorithm: PROFILES[profile].personalData,
    identity: mainland
      ? { kind: 'oidc', config: oidc!, webClient: webClientContext(app, oidc!) }
      : { kind: 'cognito', domainPrefix: String(app.node.tryGetContext('powerpermit:cognitoDomainPrefix') ?? `powerpermit-${stage}`) },
    chinaRegions: mainland,
    notify,
  });
  const notifyStack =
    'emailDomain' in notify
      ? new NotifyStack(app, `PowerPermit-${stage}-Notify`, {
          env: { account: env.account, region: notify.region },
          emailDomain: notify.emailDomain,
          crossRegionReferences: false,
        })
      : undefined;
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, appStack, notifyStack, edgeStack };
}

function requiredContext(app: App, key: string): string {
  const value = app.node.tryGetContext(key) as unknown;
  if (typeof value !== 'string' || !/^https:\/\//.test(value)) throw new Error(`the mainland profile needs ${key}: an https URL (docs/operations.md)`);
  return value;
}

/** The OIDC issuer the token authorizer trusts (cdk.json `powerpermit:oidc`, or `-c powerpermit:oidc='{…}'`), checked at synth. */
function oidcContext(app: App): OidcConfig {
  const value = app.node.tryGetContext('powerpermit:oidc') as unknown;
  if (value === undefined) throw new Error('the mainland profile needs powerpermit:oidc: the identity service its tokens come from (docs/operations.md)');
  const parsed = OidcConfig.safeParse(typeof value === 'string' ? JSON.parse(value) : value);
  if (!parsed.success) throw new Error(`powerpermit:oidc is not a valid issuer configuration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The mainland profile's web client at the government identity service: the workbench and the portal sign in there. */
function webClientContext(app: App, oidc: OidcConfig): WebSignIn {
  const value = app.node.tryGetContext('powerpermit:oidcWebClient') as unknown;
  if (value === undefined)
    throw new Error('the mainland profile needs powerpermit:oidcWebClient: the web pages’ client at the identity service (docs/operations.md)');
  // Its ID tokens come from the authorizer's issuer, signed as the authorizer accepts, unless the entry says otherwise.
  const entry = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
  const parsed = WebSignIn.safeParse({ issuer: oidc.issuer, signingAlgorithms: oidc.algorithms, ...entry });
  if (!parsed.success) throw new Error(`powerpermit:oidcWebClient is not a valid web client: ${z.prettifyError(parsed.error)}`);
  // Its ID tokens name it as their audience: the token authorizer must accept them.
  if (![oidc.audience].flat().includes(parsed.data.clientId))
    throw new Error(
      `powerpermit:oidcWebClient.clientId ${parsed.data.clientId} is not one of powerpermit:oidc's audiences: the API would refuse the web pages' tokens`,
    );
  return parsed.data;
}

/** A list-valued context entry: a JSON array in cdk.json, or a comma-separated `-c key=a,b`. */
function contextList(app: App, key: string): string[] {
  const value = app.node.tryGetContext(key) as unknown;
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  return text.startsWith('[')
    ? (JSON.parse(text) as string[])
    : text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

if (require.main === module) buildApp().app.synth();
