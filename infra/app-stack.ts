import { type CfnElement, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AccountRecovery,
  type CfnUserPoolClient,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAIM } from '../functions/platform/auth';
import { CONTEXTS, type ContextName } from '../functions/contexts';
import { type FunctionRef, needsOf, RENDER_CONTEXTS, TASK_CONTEXTS } from '../functions/wiring';
import { type AwsResources, wire } from './wiring';
import { SCHEDULE_TIMEZONE, schedules, toEventBridgeCron } from '../functions/schedules';
import { STATE_MACHINES, tasks } from '../functions/tasks';
import { ApiStack, type ApiStackProps, webAclName } from './api-stack';
import { PublicSite } from './public-site';
import type { WebSignIn } from '../functions/platform/web-sign-in';
import type { OidcConfig } from '../functions/platform/oidc';
import { Observability } from './observability';
import { ContextFunction } from './context-function';
import { PDF_ASSETS } from './bundling';
import { acknowledge } from './grants';
import { physicalNames } from './stateful-stack';
import { routes } from '../functions/routes';
import type { RouteSpec } from '../functions/platform/http/route';

export interface AppStackProps extends StackProps {
  table: TableV2;
  stage: string;
  dataKey: Key;
  /** Personal data's own key (P4): only the functions that open personal data may decrypt with it. */
  personalDataKey: Key;
  /** The e-seal key (KMS, ECC P-256): licensing signs with it, licenses publishes its public half. */
  sealKey: Key;
  /** The 12398 hotline's webhook secrets: {"secrets": ["whsec_…"]}. */
  hotlineSecret: ISecret;
  /** The 12398 platform's endpoint for our signed notifications (acknowledged, closed). */
  hotlineCallbackUrl: string;
  /** The public site (verification pages, register) at its public address (cdk.json `powerpermit:publicBaseUrl`). */
  publicBaseUrl: string;
  /** Web origins allowed to call the API from a browser (CORS). */
  corsAllowedOrigins: readonly string[];
  /** Seal keys of earlier rotations (cdk.json `powerpermit:previousSealKeyArns`): published for verification, never signing. */
  previousSealKeyArns?: readonly string[];
  /** What the seal key signs with: ES256 (global profile) or SM2 (mainland). */
  sealAlgorithm?: 'ES256' | 'SM2';
  /** What personal data is sealed with: AES-256-GCM (global) or SM4-GCM (mainland). */
  personalDataAlgorithm?: 'A256GCM' | 'SM4-GCM';
  /** Where alarms are e-mailed (cdk.json `powerpermit:alarmEmail`); without it the topic has no subscription yet. */
  alarmEmail?: string;
  /**
   * Who verifies the callers' tokens (the profile's; ADR 0003): Cognito user pools (global), or a token authorizer
   * for a configured OpenID Connect issuer — the government identity service (mainland, cdk.json `powerpermit:oidc`).
   */
  identity?: { kind: 'cognito'; domainPrefix: string } | { kind: 'oidc'; config: OidcConfig; webClient: WebSignIn };
  /**
   * The AWS China regions: a regional API endpoint (no edge-optimized APIs there) and an origin access identity for
   * the public site's bucket (no origin access control there).
   */
  chinaRegions?: boolean;
  /** The distribution's CloudFront-scoped web ACL (its ARN, from the edge stack in us-east-1); none in the China regions. */
  edgeWebAclArn?: string;
  /** Notifications to enterprises: the domain e-mail is sent from and the region SES and SNS are called in (cdk.json `powerpermit:notify*`; infra/notify-stack.ts). */
  notify: { emailDomain: string; region: string } | { gatewayUrl: string; gatewaySecret: ISecret };
}

/**
 * The application: identity (Cognito or a token authorizer), the REST API (from the route table), one API function and one task
 * function per bounded context (each with its own least-privilege role), the state machines (from
 * the ASL files and the task table), the stream reactions and the schedules (from the schedule table).
 */
export class AppStack extends Stack {
  readonly api: RestApi;
  readonly apiFunctions: Partial<Record<ContextName, ContextFunction>> = {};
  readonly renderFunctions: Partial<Record<ContextName, ContextFunction>> = {};
  readonly apiStack: ApiStack;
  readonly taskFunctions: Partial<Record<ContextName, ContextFunction>> = {};
  readonly stateMachines: Record<string, StateMachine> = {};
  readonly streamFunction: ContextFunction;
  readonly schedulerRole: Role;
  readonly observability: Observability;
  readonly publicSite: PublicSite;
  /** The token authorizer (OIDC identity only). */
  tokenAuthorizer?: ContextFunction;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { table, dataKey, sealKey } = props;
    // Named in this stack's own terms (not cross-stack exports) so that grants name exact ARNs.
    const names = physicalNames(props.stage, this.account, this.region);
    // What every function gets that is not a resource: the version it runs and where its metrics go.
    const environment = {
      APP_VERSION: process.env.APP_VERSION ?? '0.1.0',
      CORS_ALLOWED_ORIGINS: JSON.stringify(props.corsAllowedOrigins),
      // The public site's address: the paper licences' QR codes open its verification page.
      PUBLIC_BASE_URL: props.publicBaseUrl,
    };
    const resources: AwsResources = {
      table: { tableName: names.table, key: dataKey },
      documents: { bucketName: names.documents, key: dataKey },
      audit: { bucketName: names.audit, key: dataKey },
      dataKey,
      personalDataKey: props.personalDataKey,
      sealKey,
      previousSealKeyArns: props.previousSealKeyArns ?? [],
      sealAlgorithm: props.sealAlgorithm ?? 'ES256',
      personalDataAlgorithm: props.personalDataAlgorithm ?? 'A256GCM',
      hotlineSecret: props.hotlineSecret,
      hotlineCallbackUrl: props.hotlineCallbackUrl,
      // E-mail to enterprises goes out from the domain's SES identity in the notify region (infra/notify-stack.ts), or through the messaging gateway.
      notify:
        'gatewayUrl' in props.notify
          ? props.notify
          : {
              emailFrom: `noreply@${props.notify.emailDomain}`,
              region: props.notify.region,
              emailIdentityArn: this.formatArn({ service: 'ses', region: props.notify.region, resource: 'identity', resourceName: props.notify.emailDomain }),
            },
      stateMachines: this.stateMachines,
    };
    // Every function's environment and grants come from its needs in the manifest (functions/wiring.ts), nothing by hand.
    const wireFunction = (c: ContextFunction, fn: FunctionRef) =>
      wire({ grantee: c.fn, addEnvironment: (n, v) => c.fn.addEnvironment(n, v) }, needsOf(fn), resources);

    // --- Identity: staff and applicants sign in to Cognito, or to the configured OIDC issuer where Cognito is not offered.
    const identity = props.identity ?? { kind: 'cognito', domainPrefix: `powerpermit-${props.stage}` };
    let verifier: ApiStackProps['identity'];
    // Where the workbench and the portal send people to sign in (web/shared/sign-in.ts): the platform API tells them.
    let webSignIn: WebSignIn;
    if (identity.kind === 'oidc') {
      const authorizer = (this.tokenAuthorizer = new ContextFunction(this, 'TokenAuthorizer', {
        entry: 'functions/platform/authorizer.handler.ts',
        description: `PowerPermit token authorizer (OIDC issuer ${identity.config.issuer})`,
        environment: { ...environment, OIDC_CONFIG: JSON.stringify(identity.config) },
      }));
      verifier = { kind: 'oidc', handler: authorizer.fn };
      webSignIn = identity.webClient;
      new CfnOutput(this, 'OidcIssuer', { value: identity.config.issuer });
    } else {
      const cognito = this.cognitoUserPool(identity.domainPrefix, props.publicBaseUrl);
      verifier = { kind: 'cognito', userPool: cognito.userPool };
      webSignIn = cognito.webSignIn;
    }

    // --- API functions, one per context; a render function for a context's routes that render a PDF
    // (the paper licence, the connection report), which alone carry pdfkit, its font metrics and the CJK font.
    for (const context of CONTEXTS) {
      this.apiFunctions[context] = new ContextFunction(this, `${pascal(context)}Api`, {
        entry: `functions/${context}/api.handler.ts`,
        description: `PowerPermit ${context} API`,
        environment,
      });
    }
    this.apiFunctions.platform!.fn.addEnvironment('WEB_SIGN_IN', JSON.stringify(webSignIn));
    for (const context of RENDER_CONTEXTS) {
      this.renderFunctions[context] = new ContextFunction(this, `${pascal(context)}Render`, {
        entry: `functions/${context}/render.handler.ts`,
        description: `PowerPermit ${context} renderings (PDF)`,
        environment,
        assets: PDF_ASSETS,
        memorySize: 1024,
      });
    }

    // --- Task functions, one per context that has tasks; state machines from the ASL files.
    for (const context of TASK_CONTEXTS) {
      const c = new ContextFunction(this, `${pascal(context)}Tasks`, {
        entry: `functions/${context}/tasks.handler.ts`,
        description: `PowerPermit ${context} workflow tasks`,
        environment,
        timeout: Duration.seconds(60),
      });
      this.taskFunctions[context] = c;
    }
    for (const name of STATE_MACHINES) {
      const placeholders = Object.entries(tasks).filter(([p]) => aslUses(name, p));
      const logGroup = new LogGroup(this, `${pascal(name)}Logs`, { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
      const sm = new StateMachine(this, pascal(name), {
        stateMachineType: StateMachineType.STANDARD,
        definitionBody: DefinitionBody.fromFile(join(__dirname, '..', 'statemachines', `${name}.asl.json`)),
        definitionSubstitutions: Object.fromEntries(placeholders.map(([p, t]) => [p, this.taskFunctions[t.context]!.fn.functionArn])),
        logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
        tracingEnabled: true,
      });
      // Definitions from files get no generated IAM: grant the invokes the ASL makes.
      for (const ctx of new Set(placeholders.map(([, t]) => t.context))) {
        const fn = this.taskFunctions[ctx]!.fn;
        fn.grantInvoke(sm);
        acknowledge(
          sm,
          `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
          'Step Functions invokes the task function by ARN; the version suffix wildcard is what lambda:InvokeFunction grants for that one function.',
        );
      }
      acknowledge(
        sm,
        'AwsSolutions-IAM5[Resource::*]',
        'Log delivery (logs:CreateLogDelivery and friends) and X-Ray tracing APIs accept no resource other than *.',
      );
      this.stateMachines[name] = sm;
    }
    for (const context of CONTEXTS) wireFunction(this.apiFunctions[context]!, { kind: 'api', context });
    for (const context of RENDER_CONTEXTS) wireFunction(this.renderFunctions[context]!, { kind: 'render', context });
    for (const context of TASK_CONTEXTS) wireFunction(this.taskFunctions[context]!, { kind: 'tasks', context });

    // --- Reactions to new events: the table's stream → the stream handler, failures to a DLQ.
    const streamDlq = new Queue(this, 'StreamReactionsDlq', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const reactions = (this.streamFunction = new ContextFunction(this, 'StreamReactions', {
      entry: 'functions/platform/stream.handler.ts',
      description: 'PowerPermit reactions to domain events (DynamoDB stream)',
      environment,
      timeout: Duration.seconds(60),
    }));
    wireFunction(reactions, { kind: 'stream' });
    reactions.fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(streamDlq),
      }),
    );
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      acknowledge(
        reactions,
        `AwsSolutions-IAM5[Action::${action}]`,
        "Granted by CDK's SqsDlq destination on the one data key that encrypts the dead-letter queue.",
      );
    }
    acknowledge(streamDlq, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter destination of the stream reactions.');

    // --- Schedules (Asia/Shanghai), each starting its state machine, undeliverable firings to a DLQ.
    const scheduleDlq = new Queue(this, 'SchedulesDlq', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const schedulerRole = (this.schedulerRole = new Role(this, 'SchedulerRole', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') }));
    schedulerRole.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [scheduleDlq.queueArn] }));
    schedulerRole.addToPolicy(new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [dataKey.keyArn] }));
    acknowledge(scheduleDlq, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter destination of the schedules.');
    wire({ grantee: schedulerRole }, needsOf({ kind: 'scheduler' }), resources);
    for (const [name, s] of Object.entries(schedules)) {
      const sm = this.stateMachines[s.stateMachine]!;
      new CfnSchedule(this, `${pascal(name)}Schedule`, {
        description: s.description,
        scheduleExpression: toEventBridgeCron(s.cron),
        scheduleExpressionTimezone: SCHEDULE_TIMEZONE,
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: sm.stateMachineArn,
          roleArn: schedulerRole.roleArn,
          input: JSON.stringify(s.input),
          retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
          deadLetterConfig: { arn: scheduleDlq.queueArn },
        },
      });
    }

    // --- The REST API, built from the route table, in a nested stack of its own: each route costs
    // a resource and a method, and this stack keeps its own 500-resource budget for the rest.
    // What only the distribution sends the API, so that nobody reaches the API around it and its limits (ADR 0015).
    const originSecret = new Secret(this, 'OriginVerify', {
      description: 'The header value the public site’s CloudFront distribution sends the API, which its WAF requires',
      encryptionKey: dataKey,
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    acknowledge(
      originSecret,
      'AwsSolutions-SMG4',
      'Rotated by redeploying with a new value: the distribution and the WAF read it from the same deployment (ADR 0015).',
    );
    this.apiStack = new ApiStack(this, 'RestApi', {
      stage: props.stage,
      originSecret: originSecret.secretValue.unsafeUnwrap(),
      ...(props.chinaRegions ? { rateCeilingPerEdgeAddress: 20_000 } : {}),
      identity: verifier,
      regional: props.chinaRegions,
      functionOf: (f) => (f.kind === 'render' ? this.renderFunctions : this.apiFunctions)[f.context]!.fn,
      corsAllowedOrigins: props.corsAllowedOrigins,
    });
    this.api = this.apiStack.api;

    // --- The public site (verification pages, register) and the API's public reads, through one CloudFront distribution.
    this.publicSite = new PublicSite(this, 'PublicSite', {
      api: this.api,
      chinaRegions: props.chinaRegions,
      originSecret: originSecret.secretValue.unsafeUnwrap(),
      webAclArn: props.edgeWebAclArn,
      addressRoutes: Object.values(routes as Record<string, RouteSpec>).filter((r) => r.clientAddress),
      connectOrigins: { documentStoreOrigin: `https://${names.documents}.s3.${this.region}.${this.urlSuffix}`, signIn: webSignIn },
    });

    // --- What operators watch: alarms on every failure that needs a person, one topic, one dashboard.
    this.observability = new Observability(this, 'Observability', {
      stage: props.stage,
      api: this.api,
      functions: {
        ...Object.fromEntries(CONTEXTS.map((c) => [`api-${c}`, this.apiFunctions[c]!.fn])),
        ...Object.fromEntries(RENDER_CONTEXTS.map((c) => [`render-${c}`, this.renderFunctions[c]!.fn])),
        ...Object.fromEntries(TASK_CONTEXTS.map((c) => [`tasks-${c}`, this.taskFunctions[c]!.fn])),
        'stream-reactions': reactions.fn,
      },
      tokenAuthorizer: this.tokenAuthorizer?.fn,
      stateMachines: this.stateMachines,
      queues: { 'stream-reactions-dlq': streamDlq, 'schedules-dlq': scheduleDlq },
      streamFunction: reactions.fn,
      tableName: names.table,
      webAclName: webAclName(props.stage),
      alarmEmail: props.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'PublicSiteDomain', { value: this.publicSite.distribution.distributionDomainName });
  }

  /**
   * The Cognito user pool of the global profile, the app client the API's callers sign in with, and the web client
   * of the workbench and the portal: authorization code + PKCE through the hosted sign-in on the pool's domain,
   * back to the pages at the public address only.
   */
  private cognitoUserPool(domainPrefix: string, publicBaseUrl: string): { userPool: UserPool; webSignIn: WebSignIn } {
    // The role and scope are custom attributes only administrators set.
    const userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        role: new StringAttribute({ mutable: true }),
        enterpriseId: new StringAttribute({ mutable: true, minLen: 18, maxLen: 18 }),
        agencyId: new StringAttribute({ mutable: true }),
        companyId: new StringAttribute({ mutable: true }),
        departmentId: new StringAttribute({ mutable: true }),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const scopeAttributes = Object.values(CLAIM).map((c) => c.replace('custom:', ''));
    // Role and scope are custom attributes administrators set (AdminUpdateUserAttributes): no client's write list names
    // one, so no user can write them with their own token (ADR 0003). Every write list is explicit: without one a client
    // may write every attribute.
    userPool.addClient('ApiClient', {
      // Programs sign in with SRP (InitiateAuth), no OAuth: no implicit grant (RFC 9700), no callback address.
      authFlows: { userSrp: true },
      disableOAuth: true,
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }).withCustomAttributes(...scopeAttributes),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      preventUserExistenceErrors: true,
    });
    const pages = [`${publicBaseUrl}/staff/`, `${publicBaseUrl}/portal/`];
    const web = userPool.addClient('WebClient', {
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: pages,
        logoutUrls: pages,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }).withCustomAttributes(...scopeAttributes),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
    // The hosted sign-in needs no API sign-in flow of the client's own (no SRP, no password, no custom auth). Its
    // refresh tokens rotate (ADR 0017): each refresh at the token endpoint answers a new one, the old one works 10 s
    // more for a tab's retry, and all of them end with the sign-in's 12 hours. Rotation refuses ALLOW_REFRESH_TOKEN_AUTH
    // (the token endpoint's refresh grant is not that API flow), and an empty list would mean Cognito's default
    // (SRP, custom, refresh): the one flow named is the admin one, which needs IAM credentials no role of ours holds —
    // nobody can sign in through this client but by the hosted pages. CDK can say neither, so both are set on the resource.
    const webResource = web.node.defaultChild as CfnUserPoolClient;
    webResource.explicitAuthFlows = ['ALLOW_ADMIN_USER_PASSWORD_AUTH'];
    webResource.refreshTokenRotation = { feature: 'ENABLED', retryGracePeriodSeconds: 10 };
    const domain = userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix } });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'SignInDomain', { value: domain.baseUrl() });
    return {
      userPool,
      webSignIn: {
        issuer: userPool.userPoolProviderUrl,
        signingAlgorithms: ['RS256'],
        authorizationEndpoint: `${domain.baseUrl()}/oauth2/authorize`,
        tokenEndpoint: `${domain.baseUrl()}/oauth2/token`,
        revocationEndpoint: `${domain.baseUrl()}/oauth2/revoke`,
        endSessionEndpoint: `${domain.baseUrl()}/logout`,
        logoutRedirectParameter: 'logout_uri',
        clientId: web.userPoolClientId,
        scope: 'openid email profile',
      },
    };
  }
}

const pascal = (s: string): string => s.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());

const aslUses = (name: string, placeholder: string): boolean =>
  readFileSync(join(__dirname, '..', 'statemachines', `${name}.asl.json`), 'utf8').includes(`\${${placeholder}}`);
