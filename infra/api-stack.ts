import { ArnFormat, Duration, NestedStack, type NestedStackProps, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CfnAuthorizer,
  Deployment,
  EndpointType,
  type IResource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  type MethodOptions,
  MockIntegration,
  PassthroughBehavior,
  Resource,
  ResponseType,
  RestApi,
  Stage,
} from 'aws-cdk-lib/aws-apigateway';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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
  /** What the public site's distribution sends in ORIGIN_HEADER, and the WAF requires (ADR 0015). */
  originSecret: string;
  /** The China regions: no CloudFront-scoped ACL counts viewers, so the regional ACL keeps a ceiling per edge address. */
  rateCeilingPerEdgeAddress?: number;
}

/**
 * The REST API built from the route table, with its authorizer (Cognito or the OIDC token authorizer), access logs
 * and WAF, in a nested stack. CloudFormation counts 500 resources per stack and each route costs an API Gateway
 * resource, a method and its path's `ANY` mock, so the routes live in nested stacks of their own (ApiRoutes), one per
 * group of top-level paths (ROUTE_GROUPS); this stack keeps the API, `/v1`, the authorizer, the gateway responses,
 * the deployment and stage (after every route stack) and the WAF (ADR 0006).
 */
export class ApiStack extends NestedStack {
  readonly api: RestApi;
  readonly webAcl: CfnWebACL;
  readonly stage: Stage;
  readonly routeStacks: ApiRoutes[] = [];

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.api = new RestApi(this, 'Api', {
      restApiName: `powerpermit-${props.stage}`,
      description: 'PowerPermit: licensing and supervision API of the energy regulator',
      cloudWatchRole: true,
      // Deployed below, once every route stack has made its methods.
      deploy: false,
      ...(props.regional ? { endpointConfiguration: { types: [EndpointType.REGIONAL] } } : {}),
      binaryMediaTypes: ['application/pdf'],
      // Answers of 1 KiB and more are gzip/deflate-compressed for clients that accept it (lists, the guide, reports).
      minCompressionSize: Size.kibibytes(1),
    });
    const v1 = this.api.root.addResource('v1');
    const authorization = authorizationOf(this, this.api, props.identity);
    const table = routes as Record<string, RouteSpec>;
    const groups = routeGroups(Object.values(table));
    const methods = { authorization, functionOf: props.functionOf, corsAllowedOrigins: props.corsAllowedOrigins };
    // The few routes of the platform itself (health, the OpenAPI document) stay here: a REST API needs a method of its own.
    addRoutes(this, v1, groups.get(BASE_GROUP) ?? [], methods);
    for (const [group, rows] of groups) {
      if (group === BASE_GROUP) continue;
      this.routeStacks.push(new ApiRoutes(this, group, { restApiId: this.api.restApiId, v1ResourceId: v1.resourceId, routes: rows, ...methods }));
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

    // The deployment comes after every route stack, and is a new one whenever what the methods are made from changes
    // (methods in other stacks do not reach the RestApi's own deployment hash).
    const deployment = new Deployment(this, 'Deployment', { api: this.api, description: 'PowerPermit API (from the route table)' });
    deployment.addToLogicalId({ routes: Object.values(table).map(methodFingerprint), identity: props.identity.kind, cors: props.corsAllowedOrigins });
    for (const rs of this.routeStacks) deployment.node.addDependency(rs);
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    this.stage = new Stage(this, 'Stage', {
      deployment,
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
      // after the WAF, keyed by their parameters; nothing else is cached (docs/operations.md).
      cacheClusterEnabled: true,
      cacheClusterSize: '0.5',
      methodOptions: {
        '/*/*': { cachingEnabled: false },
        ...Object.fromEntries(
          Object.values(table)
            .filter((r) => r.cacheSeconds)
            .map((r) => [
              `${r.path}/${r.method}`,
              { cachingEnabled: true, cacheTtl: Duration.seconds(Math.min(r.cacheSeconds!, MAX_CACHE_SECONDS)), cacheDataEncrypted: true },
            ]),
        ),
      },
    });
    this.api.deploymentStage = this.stage;

    this.webAcl = apiWebAcl(this, webAclName(props.stage), routes, {
      originSecret: props.originSecret,
      rateCeilingPerEdgeAddress: props.rateCeilingPerEdgeAddress,
    });
    new CfnWebACLAssociation(this, 'ApiWafAssociation', { resourceArn: this.stage.stageArn, webAclArn: this.webAcl.attrArn });
  }
}

/**
 * Which nested stack holds a route: by the first segment of its path after /v1, a fixed table so that a route never
 * moves between stacks (CloudFormation would create it in the new stack before deleting it from the old one, and
 * API Gateway refuses two resources of one path). A new top-level path must be given a group here.
 */
export const ROUTE_GROUPS: Readonly<Record<string, string>> = {
  health: 'Base',
  'openapi.json': 'Base',
  enterprises: 'ApplicantRoutes',
  applications: 'ApplicantRoutes',
  guide: 'ApplicantRoutes',
  reviews: 'ApplicantRoutes',
  credit: 'ApplicantRoutes',
  public: 'PublicRoutes',
  licenses: 'PublicRoutes',
  exchange: 'PublicRoutes',
  webhooks: 'PublicRoutes',
  reliability: 'PublicRoutes',
  complaints: 'SupervisionRoutes',
  'hotline-notifications': 'SupervisionRoutes',
  supervision: 'SupervisionRoutes',
  inspections: 'SupervisionRoutes',
  connections: 'SupervisionRoutes',
  'connections:batch': 'SupervisionRoutes',
  reports: 'SupervisionRoutes',
  operations: 'SupervisionRoutes',
};
const BASE_GROUP = 'Base';

export function routeGroups(rows: readonly RouteSpec[]): Map<string, RouteSpec[]> {
  const groups = new Map<string, RouteSpec[]>();
  for (const r of rows) {
    const segment = r.path.split('/')[2] ?? '';
    const group = ROUTE_GROUPS[segment];
    if (!r.path.startsWith('/v1/') || !group) throw new Error(`route ${r.method} ${r.path}: give /v1/${segment} a group in ROUTE_GROUPS (infra/api-stack.ts)`);
    groups.set(group, [...(groups.get(group) ?? []), r]);
  }
  return groups;
}

export interface ApiRoutesProps extends NestedStackProps, RouteMethods {
  restApiId: string;
  v1ResourceId: string;
  routes: readonly RouteSpec[];
}

/** A group of routes of the one REST API, in a nested stack of its own: its resources under `/v1`, their methods and `ANY` mocks. */
export class ApiRoutes extends NestedStack {
  constructor(scope: Construct, id: string, props: ApiRoutesProps) {
    super(scope, id, props);
    // The API's root is never used here: the routes hang under /v1, which the API stack made.
    const api = RestApi.fromRestApiAttributes(this, 'Api', { restApiId: props.restApiId, rootResourceId: props.v1ResourceId });
    const v1 = Resource.fromResourceAttributes(this, 'V1', { restApi: api, resourceId: props.v1ResourceId, path: '/v1' });
    addRoutes(this, v1, props.routes, props);
  }
}

interface RouteMethods {
  authorization: Pick<MethodOptions, 'authorizationType' | 'authorizer'>;
  functionOf: ApiStackProps['functionOf'];
  corsAllowedOrigins: readonly string[];
}

/** The methods of some routes under `/v1`: each route's, integrated with its function; each path's `ANY` mock. */
function addRoutes(scope: Construct, v1: IResource, rows: readonly RouteSpec[], m: RouteMethods): void {
  // One invoke permission per function for the whole stack, not two per method: the stack stays small as routes grow.
  const integrations = new Map<string, LambdaIntegration>();
  const integrationOf = (fn: { kind: 'api' | 'render'; context: ContextName }) => {
    const key = `${fn.kind}:${fn.context}`;
    if (!integrations.has(key)) integrations.set(key, new LambdaIntegration(m.functionOf(fn), { scopePermissionToMethod: false }));
    return integrations.get(key)!;
  };
  const resourceOf = (path: string) => v1.resourceForPath(path.slice('/v1/'.length));
  const methodsOfPath = new Map<string, string[]>();
  for (const r of rows) {
    methodsOfPath.set(r.path, [...(methodsOfPath.get(r.path) ?? []), r.method]);
    // A cached route's answer is keyed by its path and query parameters (declared on the method, none required).
    const keys = r.cacheSeconds ? cacheKeysOf(r) : [];
    const method = resourceOf(r.path).addMethod(
      r.method,
      keys.length
        ? new LambdaIntegration(m.functionOf(servingFunction(r)), { scopePermissionToMethod: false, cacheKeyParameters: keys })
        : integrationOf(servingFunction(r)),
      {
        ...(r.roles === 'public' ? { authorizationType: AuthorizationType.NONE } : m.authorization),
        ...(keys.length ? { requestParameters: Object.fromEntries(keys.map((k) => [k, false])) } : {}),
      },
    );
    if (r.roles === 'public') {
      const why = `${r.method} ${r.path} is public: ${r.publicBecause ?? ''} Reachable only through the public site's distribution (its origin header checked by the WAF), rate-limited per viewer where CloudFront's WAF is offered (ADR 0015).`;
      acknowledge(method, 'AwsSolutions-APIG4', why);
      acknowledge(method, 'AwsSolutions-COG4', why);
    }
  }
  // Every path also answers the CORS preflight and, for a method it does not take, 405 with Allow — from a mock, reaching no function.
  for (const [path, methods] of methodsOfPath) {
    const any = resourceOf(path).addMethod('ANY', preflightOr405(methods, m.corsAllowedOrigins), {
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
  if (m.authorization.authorizationType === AuthorizationType.CUSTOM)
    acknowledge(
      scope,
      'AwsSolutions-COG4',
      'Cognito user pools are not offered in the AWS China regions: a token authorizer verifies the government identity service’s OIDC tokens (ADR 0003).',
    );
}

/** What a route's method is made from: a change of it must deploy the API again. */
const methodFingerprint = (r: RouteSpec) => ({
  method: r.method,
  path: r.path,
  public: r.roles === 'public',
  fn: servingFunction(r),
  cache: r.cacheSeconds ? cacheKeysOf(r) : [],
});

/**
 * The authorizer every protected method names. An L1 resource, made once on the API: methods in the route stacks
 * name it by id (CDK's authorizer constructs attach to the first RestApi construct that uses them, and the route
 * stacks see the API through an import).
 */
function authorizationOf(scope: Construct, api: RestApi, identity: ApiStackProps['identity']): RouteMethods['authorization'] {
  const stack = Stack.of(scope);
  if (identity.kind === 'cognito') {
    const cognito = new CfnAuthorizer(scope, 'Authorizer', {
      restApiId: api.restApiId,
      name: 'cognito',
      type: 'COGNITO_USER_POOLS',
      identitySource: 'method.request.header.Authorization',
      providerArns: [identity.userPool.userPoolArn],
    });
    return { authorizationType: AuthorizationType.COGNITO, authorizer: { authorizerId: cognito.ref, authorizationType: AuthorizationType.COGNITO } };
  }
  const token = new CfnAuthorizer(scope, 'Authorizer', {
    restApiId: api.restApiId,
    name: 'oidc-token',
    type: 'TOKEN',
    identitySource: 'method.request.header.Authorization',
    identityValidationExpression: '^Bearer [-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+$',
    // A verified token's policy is kept a minute: long enough to spare the function, short enough past the token's expiry.
    authorizerResultTtlInSeconds: 60,
    authorizerUri: stack.formatArn({
      service: 'apigateway',
      account: 'lambda',
      resource: 'path/2015-03-31/functions',
      resourceName: `${identity.handler.functionArn}/invocations`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    }),
  });
  identity.handler.addPermission('ApiGatewayTokenAuthorizer', {
    principal: new ServicePrincipal('apigateway.amazonaws.com'),
    sourceArn: stack.formatArn({
      service: 'execute-api',
      resource: api.restApiId,
      resourceName: `authorizers/${token.ref}`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    }),
  });
  return { authorizationType: AuthorizationType.CUSTOM, authorizer: { authorizerId: token.ref, authorizationType: AuthorizationType.CUSTOM } };
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
