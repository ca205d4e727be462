import { NestedStack, type NestedStackProps, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat, AuthorizationType, CognitoUserPoolsAuthorizer, LambdaIntegration, LogGroupLogDestination, MethodLoggingLevel, RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { CONTEXTS, type ContextName } from '../functions/contexts';
import { routes } from '../functions/routes';
import { acknowledge } from './grants';

export interface ApiStackProps extends NestedStackProps {
  stage: string;
  userPool: IUserPool;
  /** Each context's API function: every route of the context is integrated with it. */
  functionOf: (context: ContextName) => IFunction;
}

/**
 * The REST API built from the route table, with the Cognito authorizer, access logs and WAF, in a
 * nested stack: each route costs an API Gateway resource and a method, and CloudFormation counts
 * 500 resources per stack, so the routes get a budget of their own.
 */
export class ApiStack extends NestedStack {
  readonly api: RestApi;

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
        },
        binaryMediaTypes: ['application/pdf'],
        // Bodies and parameters are validated by zod in the functions; this rejects requests missing required parameters early.
        defaultMethodOptions: { requestValidatorOptions: { validateRequestParameters: true, validateRequestBody: false } },
      });
      const authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [props.userPool] });
      // One invoke permission per function for the whole API, not two per method: the stack stays small as routes grow.
      const integrations = Object.fromEntries(CONTEXTS.map((c) => [c, new LambdaIntegration(props.functionOf(c), { scopePermissionToMethod: false })])) as Record<ContextName, LambdaIntegration>;
      for (const r of Object.values(routes)) {
        const resource = this.api.root.resourceForPath(r.path);
        const method = resource.addMethod(
          r.method,
          integrations[r.context],
          r.roles === 'public' ? { authorizationType: AuthorizationType.NONE } : { authorizationType: AuthorizationType.COGNITO, authorizer },
        );
        if (r.roles === 'public') {
          const why = `${r.method} ${r.path} is public by the rulebook (the public register, the service guide, verification); it reads no personal data and is rate-limited by WAF.`;
          acknowledge(method, 'AwsSolutions-APIG4', why);
          acknowledge(method, 'AwsSolutions-COG4', why);
        }
      }
      acknowledge(this.api, 'AwsSolutions-APIG2', 'Every body, path and query is validated by the route\'s zod schema in the function (one source for the checks and the OpenAPI document).');
      acknowledge(this.api, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]', 'The account-level role API Gateway uses to write execution logs; AWS maintains its narrow policy.');

      const waf = new CfnWebACL(this, 'ApiWaf', {
        scope: 'REGIONAL',
        defaultAction: { allow: {} },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'powerpermit-api', sampledRequestsEnabled: true },
        rules: [
          managedRule('AWSManagedRulesCommonRuleSet', 1),
          managedRule('AWSManagedRulesKnownBadInputsRuleSet', 2),
          {
            name: 'RateLimitPerIp',
            priority: 3,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: 'IP' } },
            visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'rate-limit', sampledRequestsEnabled: true },
          },
        ],
      });
      new CfnWebACLAssociation(this, 'ApiWafAssociation', { resourceArn: this.api.deploymentStage.stageArn, webAclArn: waf.attrArn });
  }
}

function managedRule(name: string, priority: number): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
  };
}
