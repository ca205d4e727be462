import { Duration, NestedStack, type NestedStackProps, RemovalPolicy, Size } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  type MethodOptions,
  MockIntegration,
  PassthroughBehavior,
  ResponseType,
  RestApi,
  TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { ContextName } from '../functions/contexts';
import { CORS, GATEWAY_PROBLEMS, gatewayProblemBody, methodNotAllowed } from '../functions/platform/http/gateway';
import { SECURITY_HEADERS } from '../functions/platform/http/headers';
import type { RouteSpec } from '../functions/platform/http/route';
import { routes } from '../functions/routes';
import { servingFunction } from '../functions/wiring';
import { acknowledge } from './grants';
import { apiWebAcl } from './waf';

export interface ApiStackProps extends NestedStackProps {
  stage: string;
  /** Who verifies bearer tokens: the Cognito user pool's authorizer, or the token authorizer function for an OIDC issuer. */
  identity: { kind: 'cognito'; userPool: IUserPool } | { kind: 'oidc'; handler: IFunction };
  /** A regional endpoint: the AWS China regions offer no edge-optimized APIs. */
  regional?: boolean;
  /** The function serving a route: its context's API function, or render function (functions/wiring.ts functionOfRoute). */
  functionOf: (fn: { kind: 'api' | 'render'; context: ContextName }) => IFunction;
  /** Web origins allowed to call the API from a browser (cdk.json `powerpermit:corsAllowedOrigins`). */
  corsAllowedOrigins: readonly string[];
}

/**
 * The REST API built from the route table, with its authorizer (Cognito or the OIDC token authorizer), access logs and WAF, in a
 * nested stack: each route costs an API Gateway resource and a method, and CloudFormation counts
 * 500 resources per stack, so the routes get a budget of their own.
 */
export class ApiStack extends NestedStack {
  readonly api: RestApi;
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    this.api = new RestApi(this, 'Api', {
      restApiName: `powerpermit-${props.stage}`,
      description: 'PowerPermit: licensing and supervision API of the energy regulator',
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stage,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false, // request bodies may hold personal data
        tracingEnabled: true,
        metricsEnabled: true,
        throttlingRateLimit: 200,
        throttlingBurstLimit: 400,
        // Public reads a route row marks cacheable (cacheSeconds) are answered from the stage cache,
        // after the WAF's per-IP limits, keyed by their parameters; nothing else is cached (docs/operations.md).
        cacheClusterEnabled: true,
        cacheClusterSize: '0.5',
        methodOptions: {
          '/*/*': { cachingEnabled: false },
          ...Object.fromEntries(
            Object.values(routes as Record<string, RouteSpec>)
              .filter((r) => r.cacheSeconds)
              .map((r) => [
                `${r.path}/${r.method}`,
                { cachingEnabled: true, cacheTtl: Duration.seconds(Math.min(r.cacheSeconds!, MAX_CACHE_SECONDS)), cacheDataEncrypted: true },
              ]),
          ),
        },
      },
      ...(props.regional ? { endpointConfiguration: { types: [EndpointType.REGIONAL] } } : {}),
      binaryMediaTypes: ['application/pdf'],
      // Answers of 1 KiB and more are gzip/deflate-compressed for clients that accept it (lists, the guide, reports).
      minCompressionSize: Size.kibibytes(1),
      // Bodies and parameters are validated by zod in the functions; this rejects requests missing required parameters early.
      defaultMethodOptions: { requestValidatorOptions: { validateRequestParameters: true, validateRequestBody: false } },
    });
    const authorization: Pick<MethodOptions, 'authorizationType' | 'authorizer'> =
      props.identity.kind === 'cognito'
        ? {
            authorizationType: AuthorizationType.COGNITO,
            authorizer: new CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [props.identity.userPool] }),
          }
        : {
            authorizationType: AuthorizationType.CUSTOM,
            authorizer: new TokenAuthorizer(this, 'Authorizer', {
              handler: props.identity.handler,
              // A verified token's policy is kept a minute: long enough to spare the function, short enough past the token's expiry.
              resultsCacheTtl: Duration.minutes(1),
              validationRegex: '^Bearer [-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+$',
            }),
          };
    if (props.identity.kind === 'oidc')
      acknowledge(
        this.api,
        'AwsSolutions-COG4',
        'Cognito user pools are not offered in the AWS China regions: a token authorizer verifies the government identity service’s OIDC tokens (ADR 0003).',
      );
    // One invoke permission per function for the whole API, not two per method: the stack stays small as routes grow.
    const integrations = new Map<string, LambdaIntegration>();
    const integrationOf = (fn: { kind: 'api' | 'render'; context: ContextName }) => {
      const key = `${fn.kind}:${fn.context}`;
      if (!integrations.has(key)) integrations.set(key, new LambdaIntegration(props.functionOf(fn), { scopePermissionToMethod: false }));
      return integrations.get(key)!;
    };
    const methodsOfPath = new Map<string, string[]>();
    for (const r of Object.values(routes as Record<string, RouteSpec>)) {
      const resource = this.api.root.resourceForPath(r.path);
      methodsOfPath.set(r.path, [...(methodsOfPath.get(r.path) ?? []), r.method]);
      // A cached route's answer is keyed by its path and query parameters (declared on the method, none required).
      const keys = r.cacheSeconds ? cacheKeysOf(r) : [];
      const method = resource.addMethod(
        r.method,
        keys.length
          ? new LambdaIntegration(props.functionOf(servingFunction(r)), { scopePermissionToMethod: false, cacheKeyParameters: keys })
          : integrationOf(servingFunction(r)),
        {
          ...(r.roles === 'public' ? { authorizationType: AuthorizationType.NONE } : authorization),
          ...(keys.length ? { requestParameters: Object.fromEntries(keys.map((k) => [k, false])) } : {}),
        },
      );
      if (r.roles === 'public') {
        const why = `${r.method} ${r.path} is public: ${r.publicBecause ?? ''} Rate-limited per IP by the WAF.`;
        acknowledge(method, 'AwsSolutions-APIG4', why);
        acknowledge(method, 'AwsSolutions-COG4', why);
      }
    }
    // Every path also answers the CORS preflight and, for a method it does not take, 405 with Allow — from a mock, reaching no function.
    for (const [path, methods] of methodsOfPath) {
      const any = this.api.root.resourceForPath(path).addMethod('ANY', preflightOr405(methods, props.corsAllowedOrigins), {
        authorizationType: AuthorizationType.NONE,
        methodResponses: [
          { statusCode: '204', responseParameters: Object.fromEntries(PREFLIGHT_HEADERS.map((h) => [`method.response.header.${h}`, true])) },
          { statusCode: '405', responseParameters: Object.fromEntries(['Allow', ...STATIC_HEADERS].map((h) => [`method.response.header.${h}`, true])) },
        ],
      });
      const why = `ANY ${path} answers only the CORS preflight and 405 Method Not Allowed, from a mock integration: it reaches no function and no data.`;
      acknowledge(any, 'AwsSolutions-APIG4', why);
      acknowledge(any, 'AwsSolutions-COG4', why);
    }
    // API Gateway's own answers (no token, no route, throttled, too large, blocked, timed out…) are problems like the functions' (RFC 9457).
    for (const [type, p] of Object.entries(GATEWAY_PROBLEMS)) {
      this.api.addGatewayResponse(`Gateway${type}`, {
        type: ResponseType.of(type),
        statusCode: String(p.status),
        responseHeaders: { 'Content-Type': "'application/problem+json'", ...staticHeaderValues() },
        // Gateway response templates substitute $context variables (they are not VTL): the request id becomes the instance.
        templates: { 'application/json': gatewayProblemBody(p, '$context.requestId') },
      });
    }
    acknowledge(
      this.api,
      'AwsSolutions-APIG2',
      "Every body, path and query is validated by the route's zod schema in the function (one source for the checks and the OpenAPI document).",
    );
    acknowledge(
      this.api,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'The account-level role API Gateway uses to write execution logs; AWS maintains its narrow policy.',
    );

    this.webAcl = apiWebAcl(this, webAclName(props.stage), routes);
    new CfnWebACLAssociation(this, 'ApiWafAssociation', { resourceArn: this.api.deploymentStage.stageArn, webAclArn: this.webAcl.attrArn });
  }
}

/** The web ACL's name: its CloudWatch metrics are dimensioned by it (infra/observability.ts). */
export const webAclName = (stage: string): string => `powerpermit-${stage}-api`;

/** Headers every gateway answer carries (the functions add the same: functions/platform/http/headers.ts). */
const STATIC_HEADERS = ['X-Content-Type-Options', 'Strict-Transport-Security', 'Cache-Control', 'Content-Type'] as const;
const staticHeaderValues = (): Record<string, string> => ({
  'X-Content-Type-Options': `'${SECURITY_HEADERS['x-content-type-options']}'`,
  'Strict-Transport-Security': `'${SECURITY_HEADERS['strict-transport-security']}'`,
  'Cache-Control': "'no-store'",
});
const PREFLIGHT_HEADERS = [
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Headers',
  'Access-Control-Max-Age',
  'Vary',
  'X-Content-Type-Options',
  'Strict-Transport-Security',
] as const;

/** API Gateway keeps a cached answer at most an hour. */
const MAX_CACHE_SECONDS = 3600;

/** The request parameters a cached answer depends on: every path parameter and every query parameter of the route. */
function cacheKeysOf(r: RouteSpec): string[] {
  const path = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => `method.request.path.${m[1]!}`);
  const query = Object.keys(r.query?.shape ?? {}).map((q) => `method.request.querystring.${q}`);
  return [...path, ...query];
}

/**
 * The mock behind each path's ANY method. OPTIONS → 204 with the CORS grant for an origin of the
 * allow-list (the origin is echoed by the response template, as CDK's own CORS preflight does);
 * any other method the path does not take → 405 with Allow and a problem body.
 */
function preflightOr405(methods: readonly string[], origins: readonly string[]): MockIntegration {
  const allow = methods.join(', ');
  const originCheck = origins.length ? origins.map((o) => `$origin == "${o}"`).join(' || ') : 'false';
  return new MockIntegration({
    passthroughBehavior: PassthroughBehavior.WHEN_NO_MATCH,
    requestTemplates: { 'application/json': '#if($context.httpMethod == "OPTIONS"){"statusCode": 204}#else{"statusCode": 405}#end' },
    integrationResponses: [
      {
        statusCode: '204',
        selectionPattern: '204',
        responseParameters: {
          'method.response.header.Access-Control-Allow-Methods': `'${[...methods, 'OPTIONS'].join(', ')}'`,
          'method.response.header.Access-Control-Allow-Headers': `'${CORS.allowHeaders.join(', ')}'`,
          'method.response.header.Access-Control-Max-Age': `'${CORS.maxAgeSeconds}'`,
          'method.response.header.Vary': "'Origin'",
          'method.response.header.X-Content-Type-Options': `'${SECURITY_HEADERS['x-content-type-options']}'`,
          'method.response.header.Strict-Transport-Security': `'${SECURITY_HEADERS['strict-transport-security']}'`,
        },
        responseTemplates: {
          'application/json': [
            '#set($origin = $input.params().header.get("Origin"))',
            '#if($origin == "")#set($origin = $input.params().header.get("origin"))#end',
            `#if(${originCheck})#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)#end`,
          ].join('\n'),
        },
      },
      {
        // Everything else (no selection pattern: the default).
        statusCode: '405',
        responseParameters: {
          'method.response.header.Allow': `'${allow}'`,
          ...Object.fromEntries(Object.entries(staticHeaderValues()).map(([h, v]) => [`method.response.header.${h}`, v])),
          'method.response.header.Content-Type': "'application/problem+json'",
        },
        responseTemplates: { 'application/json': gatewayProblemBody(methodNotAllowed(methods), '$context.requestId') },
      },
    ],
  });
}
