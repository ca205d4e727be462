import { pagePathFunction } from '../../infra/public-site';
import { contentSecurityPolicy, documentStoreCors, siteFile } from '../../web/site';
import { Match } from 'aws-cdk-lib/assertions';
import { synthesize, templateText } from '../support/synth';

type Props = Record<string, unknown>;

/** The public site as AWS serves it (infra/public-site.ts): S3 behind CloudFront, the same paths and headers as the local server. */
describe('the public site in AWS', () => {
  const global = synthesize();
  const mainland = synthesize({ 'powerpermit:profile': 'mainland' });
  const distributionOf = (s: typeof global) =>
    Object.values(s.appT.findResources('AWS::CloudFront::Distribution')).map((d) => (d.Properties as { DistributionConfig: Props }).DistributionConfig);

  it('the pages may connect to their own origin, the document store and the sign-in provider GET /v1/public/sign-in names, nothing else (both profiles)', () => {
    for (const [s, documentStoreOrigin] of [
      [global, 'https://powerpermit-prod-documents-${AWS::AccountId}-ap-east-1.s3.ap-east-1.${AWS::URLSuffix}'],
      [mainland, 'https://powerpermit-prod-documents-${AWS::AccountId}-cn-north-1.s3.cn-north-1.${AWS::URLSuffix}'],
    ] as const) {
      const [policy] = Object.values(s.appT.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as { Properties: Props }[];
      const csp = templateText(
        (policy!.Properties as { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } } } })
          .ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy,
      );
      // The sign-in configuration the platform API hands the pages, as CloudFormation will resolve it.
      const [platform] = Object.values(s.appT.findResources('AWS::Lambda::Function')).filter(
        (f) => (f.Properties as { Environment?: { Variables?: Props } }).Environment?.Variables?.WEB_SIGN_IN,
      ) as { Properties: { Environment: { Variables: Props } } }[];
      const signIn = JSON.parse(templateText(platform!.Properties.Environment.Variables.WEB_SIGN_IN)) as { tokenEndpoint: string };
      const tokenOrigin = /^https:\/\/[^/]+/.exec(signIn.tokenEndpoint)![0];
      expect(csp).toBe(contentSecurityPolicy({ documentStoreOrigin, signIn }));
      const connect = /connect-src ([^;]+)/.exec(csp)![1]!.split(' ');
      expect(connect).toEqual(["'self'", documentStoreOrigin, tokenOrigin]);
      // The provider's own domain: Cognito's for the pool the API trusts, the government identity service of cdk.json.
      expect(tokenOrigin).toMatch(s === global ? /^https:\/\/\$\{UsersSignIn[0-9A-F]+\}\.auth\.ap-east-1\.amazoncognito\.com$/ : /^https:\/\/tyrz\./);
    }
  });

  it('E3: the bucket is private and read by CloudFront alone (origin access control); pages carry the strict CSP, HSTS, nosniff, no framing', () => {
    global.appT.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    expect(Object.keys(global.appT.findResources('AWS::CloudFront::OriginAccessControl'))).toHaveLength(1);
    global.appT.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.anyValue(), Override: true },
          StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        },
      },
    });
    // Only the public site's pages may reach the document store from a browser: read, and PUT to a presigned upload URL with its content type.
    const cors = documentStoreCors(['https://www.powerpermit.example.gov.cn']);
    global.dataT.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: { 'Fn::Join': ['', ['powerpermit-prod-documents-', { Ref: 'AWS::AccountId' }, '-ap-east-1']] },
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedMethods: ['GET', 'HEAD', 'PUT'],
            AllowedOrigins: ['https://www.powerpermit.example.gov.cn'],
            AllowedHeaders: ['content-type', 'x-amz-checksum-sha256', 'if-none-match'],
            ExposedHeaders: cors.ExposeHeaders,
            MaxAge: 3600,
          },
        ],
      },
    });
    const [d] = distributionOf(global);
    expect(d).toMatchObject({ DefaultRootObject: 'verify.html', DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' } });
    // The API through the same distribution: public reads cached as their Cache-Control says, the rest uncached with the caller's token.
    const behaviors = (
      d!.CacheBehaviors as { PathPattern: string; CachePolicyId: unknown; OriginRequestPolicyId: unknown; ViewerProtocolPolicy: string }[]
    ).map((b) => [b.PathPattern, b.ViewerProtocolPolicy, JSON.stringify(b.CachePolicyId).includes('4135ea2d-6df8-44a3-9df3-4b5a84be39ad')]);
    expect(behaviors).toEqual([
      ['/v1/public/draws/*/entropy', 'https-only', true], // counts by the viewer's address (ADR 0015)
      ['/v1/public/*', 'https-only', false],
      ['/v1/*', 'https-only', true], // CloudFront's managed CachingDisabled
    ]);
  });

  it('E3: the CloudFront Function maps the pages’ paths exactly as the local server does (web/site.ts)', () => {
    const fn = Object.values(global.appT.findResources('AWS::CloudFront::Function'))[0]!;
    expect((fn.Properties as { FunctionCode: string }).FunctionCode).toBe(pagePathFunction());
    const handler = new Function(`${pagePathFunction()}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    for (const path of [
      '/',
      '/v/2.ABC',
      '/V/2.ABC.DEF',
      '/guide',
      '/guide/facility-install-l3.new',
      '/dishonest',
      '/statistics',
      '/assets/verify.js',
      '/assets/fonts/cjk.css',
      '/verify.html',
      '/v/',
      '/v/a/b',
      '/guide/a/b',
    ]) {
      const rewritten = handler({ request: { uri: path } }).uri;
      const local = siteFile(path);
      // Where the local server answers with a page, CloudFront asks S3 for that page; assets keep their path.
      expect([path, rewritten]).toEqual([path, local && local.file.endsWith('.html') ? `/${local.file}` : path]);
    }
  });

  it('in the China regions, where CloudFront offers neither origin access control nor CloudFront Functions: an origin access identity, and the pages’ paths answered with the page', () => {
    expect(Object.keys(mainland.appT.findResources('AWS::CloudFront::OriginAccessControl'))).toHaveLength(0);
    expect(Object.keys(mainland.appT.findResources('AWS::CloudFront::Function'))).toHaveLength(0);
    expect(Object.keys(mainland.appT.findResources('AWS::CloudFront::CloudFrontOriginAccessIdentity'))).toHaveLength(1);
    expect(distributionOf(mainland)[0]).toMatchObject({
      CustomErrorResponses: [
        { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/route.html' },
        { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/route.html' },
      ],
    });
  });
});
