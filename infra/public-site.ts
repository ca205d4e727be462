import { type CfnElement, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type ConnectOrigins, contentSecurityPolicy, SITE_REWRITES } from '../web/site';
import { acknowledge } from './grants';
import type { RouteSpec } from '../functions/platform/http/route';
import { ORIGIN_HEADER } from './waf';

const ROOT = join(__dirname, '..');

export interface PublicSiteProps {
  /** The REST API: its public reads are served (and cached) through the same distribution, under /v1/. */
  api: RestApi;
  /**
   * The AWS China regions, whose CloudFront offers neither origin access control nor CloudFront Functions: the bucket
   * is read with an origin access identity, and the pages' paths (which S3 does not have) answer with the page through
   * the distribution's error responses instead of a rewrite.
   */
  chinaRegions?: boolean;
  /**
   * Where the pages connect beyond the site: the documents bucket's origin (`https://<bucket>.s3.<region>.<suffix>`,
   * where the API's presigned links lead) and the sign-in provider's token endpoint (the same configuration
   * GET /v1/public/sign-in gives the pages).
   */
  connectOrigins: ConnectOrigins;
  /** What the distribution sends the API in ORIGIN_HEADER: the API's WAF refuses requests without it. */
  originSecret: string;
  /** The CloudFront-scoped web ACL that limits requests per viewer (infra/waf.ts edgeWebAcl); none in the China regions. */
  webAclArn?: string;
  /** The routes whose handlers count by the viewer's address: CloudFront-Viewer-Address is passed to them alone. */
  addressRoutes: readonly RouteSpec[];
}

/**
 * The public site (web/) as AWS serves it: the built files in a private bucket behind CloudFront (origin access
 * control), the paths of the pages rewritten as the local server maps them (web/site.ts), every answer with the
 * same strict security headers, and the API under /v1/ through the same distribution — its public reads cached as
 * their Cache-Control says, everything else passed through uncached with the caller's token.
 */
export class PublicSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: PublicSiteProps) {
    super(scope, id);
    // Only the built site: rebuilt from the repository at every deploy, so it is not kept when the stack goes.
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(this.bucket, 'AwsSolutions-S1', 'Holds only the public site built from the repository; CloudFront alone reads it.');

    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'PowerPermit public site: strict CSP, HSTS, no sniffing, no framing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.connectOrigins), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    // The pages' paths, as web/site.ts maps them for the local server.
    const rewrite = props.chinaRegions
      ? undefined
      : new EdgeFunction(this, 'PagePaths', {
          runtime: FunctionRuntime.JS_2_0,
          comment: 'PowerPermit: the public site’s page paths (web/site.ts)',
          code: FunctionCode.fromInline(pagePathFunction()),
        });
    const api = new RestApiOrigin(props.api, { customHeaders: { [ORIGIN_HEADER]: props.originSecret } });
    // The viewer's own address goes to the routes that count by it, and nowhere else. Those are public (no
    // Authorization to pass, which only the managed all-viewer policies can); they read the body's type and the language.
    const viewerAddress = new OriginRequestPolicy(this, 'ViewerAddress', {
      comment: 'PowerPermit: the routes that count by the viewer address (e.g. a draw’s entropy strings)',
      headerBehavior: OriginRequestHeaderBehavior.allowList('CloudFront-Viewer-Address', 'Content-Type', 'Accept-Language', 'Idempotency-Key'),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    });
    const addressBehaviors = Object.fromEntries(
      props.addressRoutes.map((r) => {
        if (r.roles !== 'public') throw new Error(`${r.method} ${r.path}: only public routes may count by the viewer address`);
        return [
          r.path.replace(/\{\w+\}/g, '*'),
          {
            origin: api,
            viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
            allowedMethods: AllowedMethods.ALLOW_ALL,
            cachePolicy: CachePolicy.CACHING_DISABLED,
            originRequestPolicy: viewerAddress,
          },
        ];
      }),
    );
    const publicReads = new CachePolicy(this, 'PublicReads', {
      comment: 'PowerPermit public reads: cached as long as their Cache-Control says, keyed by path and query',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.hours(1),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'PowerPermit public site and API',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      defaultRootObject: 'verify.html',
      priceClass: PriceClass.PRICE_CLASS_ALL,
      defaultBehavior: {
        origin: props.chinaRegions ? S3BucketOrigin.withOriginAccessIdentity(this.bucket) : S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        ...(rewrite ? { functionAssociations: [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }] } : {}),
      },
      // China regions: a path the bucket has no object for (S3 answers 403 to an origin access identity) is answered with
      // the page that runs the page the path names (web/shared/router.ts, by the same table as the CloudFront Function).
      ...(props.chinaRegions
        ? {
            errorResponses: [403, 404].map((httpStatus) => ({
              httpStatus,
              responseHttpStatus: 200,
              responsePagePath: '/route.html',
              ttl: Duration.minutes(5),
            })),
          }
        : {}),
      additionalBehaviors: {
        ...addressBehaviors,
        '/v1/public/*': {
          origin: api,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: publicReads,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
        // With caching off, the caller's Authorization header passes to the API (AllViewerExceptHostHeader).
        '/v1/*': {
          origin: api,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });
    if (props.chinaRegions)
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR7',
        'Origin access control is not offered in the AWS China regions: an origin access identity reads the bucket.',
      );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'A public site for everyone in the country and abroad (verifying a licence): no geographic restriction.',
    );
    if (!props.webAclArn)
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR2',
        'The China regions offer WAF at the regional level only: the API behind /v1/ keeps its regional web ACL on the stage, which refuses requests that did not come through this distribution (infra/waf.ts, ADR 0015); the static pages hold no data.',
      );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      'Viewers’ addresses are personal data: the static site is not logged at the edge; every API request is in the API access log.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'Until the custom domain and its certificate are set up (docs/operations.md) the distribution answers on its default name, whose certificate CloudFront fixes.',
    );

    // The built site, uploaded at deploy (the build runs at synth: web/build.ts into the asset's directory).
    new BucketDeployment(this, 'Deploy', {
      sources: [
        Source.asset(join(ROOT, 'web'), {
          bundling: {
            // Never pulled: the local build either succeeds or fails the synth.
            image: DockerImage.fromRegistry('node:24-slim'),
            local: {
              tryBundle(outputDir: string) {
                execFileSync(process.execPath, [require.resolve('tsx/cli'), join(ROOT, 'web', 'build-cli.ts'), outputDir], { stdio: 'inherit' });
                return true;
              },
            },
          },
        }),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    // CDK's one upload function of the stack (a singleton at the stack's root), made by CDK as it is.
    const uploader = Stack.of(this).node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))!;
    const why =
      'CDK’s BucketDeployment function, which copies the built site from the CDK asset bucket at deploy time: its runtime, its managed logging policy and its S3 wildcards (asset bucket read, site bucket write) are set by CDK.';
    const stack = Stack.of(this);
    const siteBucket = `<${stack.getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>/*`;
    const assetBucket = `arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*`;
    for (const finding of [
      'AwsSolutions-L1',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((a) => `AwsSolutions-IAM5[Action::${a}]`),
      ...['*', siteBucket, assetBucket].map((r) => `AwsSolutions-IAM5[Resource::${r}]`),
    ])
      acknowledge(uploader, finding, why);
  }
}

/** The CloudFront Function (JS 2.0) of the pages' paths: the same table the local server reads (web/site.ts SITE_REWRITES). */
export function pagePathFunction(): string {
  const rules = SITE_REWRITES.map((r) => `[${r.pattern.toString()}, ${JSON.stringify(`/${r.file}`)}]`).join(', ');
  return `var RULES = [${rules}];
function handler(event) {
  var request = event.request;
  for (var i = 0; i < RULES.length; i++) if (RULES[i][0].test(request.uri)) { request.uri = RULES[i][1]; break; }
  return request;
}`;
}
