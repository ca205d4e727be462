import * as fc from 'fast-check';
import { platformConfig } from '../../functions/platform/config';
import { GATEWAY_PROBLEMS } from '../../functions/platform/http/gateway';
import type { RouteSpec } from '../../functions/platform/http/route';
import { routes } from '../../functions/routes';
import { Template } from 'aws-cdk-lib/assertions';
import { ORIGIN_HEADER, pathRegex, sizeClasses, upToRegex } from '../../infra/waf';
import { synthesize } from '../support/synth';

/**
 * The edge in front of the functions, as deployed: the WAF lets every legitimate body through and
 * refuses larger ones by the route table's declared sizes; API Gateway's own answers are problems;
 * every path answers the CORS preflight and 405 with Allow.
 */
type Props = Record<string, unknown>;
const s = synthesize({ 'powerpermit:corsAllowedOrigins': ['https://portal.example.gov.cn'] });
const api = Object.values(s.apiResources);
const webAcl = api.find((r) => r.Type === 'AWS::WAFv2::WebACL')!.Properties as {
  Rules: Props[];
  CustomResponseBodies: Record<string, { Content: string; ContentType: string }>;
};
const patternSets = Object.fromEntries(
  Object.entries(s.apiResources)
    .filter(([, r]) => r.Type === 'AWS::WAFv2::RegexPatternSet')
    .map(([id, r]) => [id, r.Properties.RegularExpressionList as string[]]),
);
const setsReferencedBy = (rule: Props) => [...JSON.stringify(rule).matchAll(/"Fn::GetAtt":\["(\w+)","Arn"\]/g)].map((m) => m[1]!);
const ROUTES = routes as Record<string, RouteSpec>;

describe('WAF', () => {
  it("counts, not blocks, the common rule set's fixed 8 KB body limit (it would refuse signed deliveries, batches and registers)", () => {
    const common = webAcl.Rules.find((r) => r.Name === 'AWSManagedRulesCommonRuleSet')!;
    expect(common).toMatchObject({
      Statement: { ManagedRuleGroupStatement: { RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }] } },
    });
  });

  it('refuses a body over the default size on every route of the default class, with a 413 problem', () => {
    const rule = webAcl.Rules.find((r) => r.Name === `BodyOver${platformConfig.http.defaultMaxBodyBytes}`)!;
    expect(rule).toMatchObject({ Action: { Block: { CustomResponse: { ResponseCode: 413, CustomResponseBodyKey: 'too-large' } } } });
    expect(JSON.stringify(rule)).toContain('"OversizeHandling":"MATCH"');
    // …except the routes that declare more, which the other size rules cover.
    const excepted = setsReferencedBy(rule).flatMap((id) => patternSets[id]!);
    const large = Object.values(ROUTES).filter((r) => (r.maxBodyBytes ?? 0) > platformConfig.http.defaultMaxBodyBytes);
    expect(large.length).toBeGreaterThan(5);
    expect(new Set(excepted)).toEqual(new Set(large.map((r) => pathRegex(r.path))));
  });

  it.each(sizeClasses(ROUTES).map((c) => [c.maxBodyBytes, c] as const))(
    'refuses a Content-Length over %i bytes on exactly the routes that declare that size',
    (limit, c) => {
      const rule = webAcl.Rules.find((r) => r.Name === `BodyOver${limit}`)!;
      expect(rule).toMatchObject({ Action: { Block: { CustomResponse: { ResponseCode: 413 } } } });
      expect(
        setsReferencedBy(rule)
          .flatMap((id) => patternSets[id]!)
          .sort(),
      ).toEqual(c.paths);
      expect(JSON.stringify(rule)).toContain(JSON.stringify(upToRegex(limit)).slice(1, -1));
      // The routes of the class are the ones that declare it.
      expect(c.paths).toEqual(
        [
          ...new Set(
            Object.values(ROUTES)
              .filter((r) => r.maxBodyBytes === limit)
              .map((r) => pathRegex(r.path)),
          ),
        ].sort(),
      );
    },
  );

  it('the 12398 webhook, connection batches and personnel registers are in a size class above their largest legitimate body', () => {
    for (const id of ['receiveHotlineWorkOrder', 'openConnectionsBatch', 'putPersonnel'])
      expect([id, ROUTES[id]!.maxBodyBytes! >= 512 * 1024]).toEqual([id, true]);
  });

  it("its own 413 and 429 bodies are problems with the catalogue's codes", () => {
    expect(JSON.parse(webAcl.CustomResponseBodies['too-large']!.Content)).toMatchObject({ status: 413, code: 'REQUEST.TOO_LARGE' });
    expect(JSON.parse(webAcl.CustomResponseBodies['rate-limited']!.Content)).toMatchObject({ status: 429, code: 'REQUEST.THROTTLED' });
  });

  it('path regexes match the route path with or without the stage prefix, and nothing else', () => {
    const re = new RegExp(pathRegex('/v1/enterprises/{uscc}/personnel'));
    expect(re.test('/v1/enterprises/91350100M000100Y43/personnel')).toBe(true);
    expect(re.test('/prod/v1/enterprises/91350100M000100Y43/personnel')).toBe(true);
    expect(re.test('/v1/enterprises/91350100M000100Y43/personnel/x')).toBe(false);
    expect(new RegExp(pathRegex('/v1/connections:batch')).test('/v1/connections:batch')).toBe(true);
  });

  it('the Content-Length regex matches exactly the numbers up to the limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000_000 }),
        fc.integer({ min: 0, max: 40_000_000 }),
        (limit, n) => new RegExp(upToRegex(limit)).test(String(n)) === n <= limit,
      ),
      { numRuns: 2000 },
    );
    // A padded value longer than the limit's digits is refused (the safe side); no sign, no spaces, no junk.
    for (const bad of ['00000001048577', '-1', ' 1', '1e6', '']) expect([bad, new RegExp(upToRegex(1048576)).test(bad)]).toEqual([bad, false]);
  });
});

describe('nobody reaches the API around the distribution, and its limits see each viewer (ADR 0015)', () => {
  const mainland = synthesize({ 'powerpermit:profile': 'mainland' });
  const aclOf = (x: typeof s) => Object.values(x.apiResources).find((r) => r.Type === 'AWS::WAFv2::WebACL')!.Properties as { Rules: Props[] };
  const distributionOf = (x: typeof s) =>
    (Object.values(x.appT.findResources('AWS::CloudFront::Distribution'))[0]!.Properties as { DistributionConfig: Props }).DistributionConfig as {
      WebACLId?: unknown;
      Origins: { Id: string; CustomOriginConfig?: unknown; OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] }[];
      CacheBehaviors: { PathPattern: string; OriginRequestPolicyId: unknown }[];
    };
  const secretOf = (x: typeof s) => Object.keys(x.appT.findResources('AWS::SecretsManager::Secret')).find((id) => id.startsWith('OriginVerify'))!;

  it.each([
    ['global', s],
    ['mainland', mainland],
  ])('%s: CloudFront sends the API the secret origin header; the regional ACL refuses, first, any request without exactly it (403 problem)', (_, x) => {
    const secret = secretOf(x);
    const origins = distributionOf(x).Origins.filter((o) => o.CustomOriginConfig);
    expect(origins).toHaveLength(1); // the API
    const header = origins[0]!.OriginCustomHeaders!;
    expect(header.map((h) => h.HeaderName)).toEqual([ORIGIN_HEADER]);
    expect(JSON.stringify(header[0]!.HeaderValue)).toMatch(new RegExp(`\\{\\{resolve:secretsmanager:.*${secret}.*SecretString`));
    const rules = aclOf(x).Rules;
    const first = rules.find((r) => r.Priority === 0)!;
    expect(first).toMatchObject({
      Name: 'OnlyThroughTheDistribution',
      Action: { Block: { CustomResponse: { ResponseCode: 403, CustomResponseBodyKey: 'not-through-the-site' } } },
      Statement: {
        NotStatement: {
          Statement: { ByteMatchStatement: { FieldToMatch: { SingleHeader: { Name: ORIGIN_HEADER } }, PositionalConstraint: 'EXACTLY' } },
        },
      },
    });
    // The same secret as CloudFront's header, through the nested stack's parameter.
    const searched = (first.Statement as { NotStatement: { Statement: { ByteMatchStatement: { SearchString: unknown } } } }).NotStatement.Statement
      .ByteMatchStatement.SearchString;
    expect(JSON.stringify(searched)).toContain('resolve:secretsmanager:');
    const aclId = Object.entries(x.apiResources).find(([, r]) => r.Type === 'AWS::WAFv2::WebACL')![0];
    const refs = JSON.stringify(searched).match(/"Ref":"(\w+)"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.map((r) => x.apiReferenceOf({ Ref: r.slice(7, -1) }, aclId))).toContain(secret);
    expect(Math.min(...rules.map((r) => r.Priority as number))).toBe(0);
  });

  it('global: the distribution has a CloudFront-scoped ACL in us-east-1 that limits each viewer address; the regional ACL counts no addresses (it would see edges)', () => {
    const edge = Template.fromStack(s.edgeStack!);
    expect(s.edgeStack!.region).toBe('us-east-1');
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: [
        {
          Name: 'RateLimitPerViewer',
          Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'rate-limited' } } },
          Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 2000 } },
        },
      ],
    });
    expect(JSON.stringify(distributionOf(s).WebACLId)).toMatch(/EdgeWaf|ExportsReader/);
    expect(JSON.stringify(aclOf(s).Rules)).not.toContain('RateBasedStatement');
  });

  it('mainland: WAF is regional only in the China regions — no CloudFront ACL, and the regional one keeps a ceiling per edge address', () => {
    expect(mainland.edgeStack).toBeUndefined();
    expect(distributionOf(mainland).WebACLId).toBeUndefined();
    expect(aclOf(mainland).Rules).toContainEqual(
      expect.objectContaining({ Name: 'RateCeilingPerEdgeAddress', Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 20_000 } } }),
    );
  });

  it("the viewer's address reaches the routes that declare clientAddress, and no other", () => {
    const declared = Object.values(ROUTES).filter((r) => r.clientAddress);
    expect(declared.length).toBeGreaterThan(0);
    const policies = s.appT.findResources('AWS::CloudFront::OriginRequestPolicy');
    const withAddress = Object.entries(policies).filter(([, p]) => JSON.stringify(p).includes('CloudFront-Viewer-Address'));
    expect(withAddress).toHaveLength(1);
    const [policyId] = withAddress[0]!;
    const routed = distributionOf(s)
      .CacheBehaviors.filter((b) => JSON.stringify(b.OriginRequestPolicyId).includes(policyId))
      .map((b) => b.PathPattern);
    expect(routed.sort()).toEqual(declared.map((r) => r.path.replace(/\{\w+\}/g, '*')).sort());
    // Each such pattern matches its route alone.
    for (const pattern of routed) {
      const re = new RegExp(`^${pattern.replace(/\*/g, '[^/]+')}$`);
      expect(Object.values(ROUTES).filter((r) => re.test(r.path.replace(/\{\w+\}/g, 'x')))).toHaveLength(1);
    }
  });
});

describe("API Gateway's own answers", () => {
  const responses = api
    .filter((r) => r.Type === 'AWS::ApiGateway::GatewayResponse')
    .map(
      (r) =>
        r.Properties as { ResponseType: string; StatusCode: string; ResponseParameters: Record<string, string>; ResponseTemplates: Record<string, string> },
    );

  it('every gateway response type is a problem+json with a stable code, its status and the request id', () => {
    expect(responses.map((r) => r.ResponseType).sort()).toEqual(Object.keys(GATEWAY_PROBLEMS).sort());
    for (const r of responses) {
      const p = GATEWAY_PROBLEMS[r.ResponseType as keyof typeof GATEWAY_PROBLEMS];
      expect(r.StatusCode).toBe(String(p.status));
      expect(r.ResponseParameters['gatewayresponse.header.Content-Type']).toBe("'application/problem+json'");
      expect(r.ResponseParameters['gatewayresponse.header.X-Content-Type-Options']).toBe("'nosniff'");
      const body = JSON.parse(r.ResponseTemplates['application/json']!) as Props;
      expect(body).toMatchObject({ status: p.status, code: p.code, instance: '$context.requestId' });
    }
  });

  it('a path API Gateway has no resource for is 404 REQUEST.NO_SUCH_ROUTE (not its default 403), a missing or bad token 401', () => {
    expect(responses.find((r) => r.ResponseType === 'MISSING_AUTHENTICATION_TOKEN')).toMatchObject({ StatusCode: '404' });
    for (const t of ['UNAUTHORIZED', 'EXPIRED_TOKEN', 'INVALID_SIGNATURE'])
      expect(responses.find((r) => r.ResponseType === t)).toMatchObject({ StatusCode: '401' });
    expect(responses.find((r) => r.ResponseType === 'WAF_FILTERED')).toMatchObject({ StatusCode: '403' });
  });
});

describe('every path: the CORS preflight and 405 with Allow', () => {
  const anyMethods = new Map(
    Object.entries(s.apiResources)
      .filter(([, r]) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.HttpMethod === 'ANY')
      .map(([id, m]) => [s.apiPath(id), m.Properties]),
  );

  it.each([...new Set(Object.values(ROUTES).map((r) => r.path))])('%s', (path) => {
    const methods = Object.values(ROUTES)
      .filter((r) => r.path === path)
      .map((r) => r.method);
    const any = anyMethods.get(path) as {
      AuthorizationType: string;
      Integration: {
        Type: string;
        IntegrationResponses: { StatusCode: string; ResponseParameters: Record<string, string>; ResponseTemplates: Record<string, string> }[];
      };
    };
    expect(any).toMatchObject({ AuthorizationType: 'NONE', Integration: { Type: 'MOCK' } });
    const notAllowed = any.Integration.IntegrationResponses.find((r) => r.StatusCode === '405')!;
    expect(notAllowed.ResponseParameters['method.response.header.Allow']).toBe(`'${methods.join(', ')}'`);
    expect(JSON.parse(notAllowed.ResponseTemplates['application/json']!)).toMatchObject({ status: 405, code: 'REQUEST.METHOD_NOT_ALLOWED' });
    const preflight = any.Integration.IntegrationResponses.find((r) => r.StatusCode === '204')!;
    expect(preflight.ResponseParameters['method.response.header.Access-Control-Allow-Methods']).toBe(`'${[...methods, 'OPTIONS'].join(', ')}'`);
    // The origin is granted only when it is on the allow-list.
    expect(preflight.ResponseTemplates['application/json']).toContain('$origin == "https://portal.example.gov.cn"');
  });
});
