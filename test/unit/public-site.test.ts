import { pagePathFunction } from '../../infra/public-site';
import { contentSecurityPolicy, documentStoreCors, siteFile } from '../../web/site';
import { synthesize } from '../support/synth';

type Props = Record<string, unknown>;

/** The public site as AWS serves it (infra/public-site.ts): S3 behind CloudFront, the same paths and headers as the local server. */
describe('the public site in AWS', () => {
  const global = synthesize();
  const mainland = synthesize({ 'powerpermit:profile': 'mainland' });
  const distributionOf = (s: typeof global) =>
    Object.values(s.appT.findResources('AWS::CloudFront::Distribution')).map((d) => (d.Properties as { DistributionConfig: Props }).DistributionConfig);

  it('E3: the bucket is private and read by CloudFront alone (origin access control); pages carry the strict CSP, HSTS, nosniff, no framing', () => {
    global.appT.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    expect(Object.keys(global.appT.findResources('AWS::CloudFront::OriginAccessControl'))).toHaveLength(1);
    global.appT.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          // The document store the API's links lead to, named exactly: the bucket's regional virtual-hosted origin.
          ContentSecurityPolicy: {
            ContentSecurityPolicy: {
              'Fn::Join': [
                '',
                [
                  contentSecurityPolicy('https://powerpermit-prod-documents-').split('; base-uri')[0],
                  { Ref: 'AWS::AccountId' },
                  '-ap-east-1.s3.ap-east-1.',
                  { Ref: 'AWS::URLSuffix' },
                  `; base-uri${contentSecurityPolicy('').split('; base-uri')[1]}`,
                ],
              ],
            },
            Override: true,
          },
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
