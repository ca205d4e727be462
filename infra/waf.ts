import { CfnRegexPatternSet, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { platformConfig } from '../functions/platform/config';
import { GATEWAY_PROBLEMS } from '../functions/platform/http/gateway';
import type { RouteSpec } from '../functions/platform/http/route';

/**
 * The API's web ACL. AWS's common rule set blocks every body over 8 KB (its SizeRestrictions_BODY
 * rule), which would refuse signed 12398 deliveries, connection batches and personnel registers in
 * production only: that one rule only counts here, and the route table's declared body sizes are
 * enforced instead — one rule per size class, the same limits the handler chain applies in both
 * runtimes. WAF inspects at most the first 16 KB of a body (the default for API Gateway), so the
 * default class is checked on the body itself and the larger classes on the declared
 * Content-Length (a request without one cannot be a large body of those routes).
 */
export const DEFAULT_MAX_BODY = platformConfig.http.defaultMaxBodyBytes;
/** WAF's body inspection limit for API Gateway without extra cost. */
const INSPECTED_BODY_BYTES = 16 * 1024;

export interface SizeClass {
  maxBodyBytes: number;
  /** Regexes over the URI path (with or without a stage prefix), one per route path of the class. */
  paths: string[];
}

/** `/v1/enterprises/{uscc}/personnel` → `^(/[^/]+)?/v1/enterprises/[^/]+/personnel$` (the stage prefix appears without a custom domain). */
export const pathRegex = (path: string): string =>
  `^(/[^/]+)?${path
    .split('/')
    .map((seg) => (/^\{\w+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\:]/g, '\\$&')))
    .join('/')}$`;

/** The routes whose declared body is larger than the default, grouped by their limit. */
export function sizeClasses(routes: Record<string, RouteSpec>): SizeClass[] {
  const byLimit = new Map<number, Set<string>>();
  for (const r of Object.values(routes)) {
    const limit = r.maxBodyBytes ?? DEFAULT_MAX_BODY;
    if (limit <= DEFAULT_MAX_BODY) continue;
    if (!byLimit.has(limit)) byLimit.set(limit, new Set());
    byLimit.get(limit)!.add(pathRegex(r.path));
  }
  return [...byLimit].sort(([a], [b]) => a - b).map(([maxBodyBytes, paths]) => ({ maxBodyBytes, paths: [...paths].sort() }));
}

/** A regex matching exactly the decimal numbers 0…n (no leading zeros): Content-Length within a limit. */
export function upToRegex(n: number): string {
  const digits = String(n);
  const alternatives: string[] = [];
  // Every number with fewer digits.
  if (digits.length > 1) alternatives.push(digits.length === 2 ? '\\d' : `\\d{1,${digits.length - 1}}`);
  // Same length: a prefix of n, then a smaller digit, then anything.
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i]);
    const low = i === 0 && digits.length > 1 ? 1 : 0;
    if (d - 1 < low) continue;
    const rest = digits.length - i - 1;
    alternatives.push(`${digits.slice(0, i)}[${low}-${d - 1}]${rest ? (rest === 1 ? '\\d' : `\\d{${rest}}`) : ''}`);
  }
  alternatives.push(digits);
  return `^(${alternatives.join('|')})$`;
}

const PATTERNS_PER_SET = 10;

function patternSets(scope: Construct, id: string, regexes: string[]): CfnRegexPatternSet[] {
  const sets: CfnRegexPatternSet[] = [];
  for (let i = 0; i < regexes.length; i += PATTERNS_PER_SET) {
    sets.push(
      new CfnRegexPatternSet(scope, `${id}${i / PATTERNS_PER_SET}`, { scope: 'REGIONAL', regularExpressionList: regexes.slice(i, i + PATTERNS_PER_SET) }),
    );
  }
  return sets;
}

const onPath = (sets: CfnRegexPatternSet[]): CfnWebACL.StatementProperty => {
  const refs = sets.map((s) => ({
    regexPatternSetReferenceStatement: { arn: s.attrArn, fieldToMatch: { uriPath: {} }, textTransformations: [{ priority: 0, type: 'NONE' }] },
  }));
  return refs.length === 1 ? refs[0]! : { orStatement: { statements: refs } };
};

const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

const problemBody = (key: keyof typeof GATEWAY_PROBLEMS) => {
  const p = GATEWAY_PROBLEMS[key];
  return JSON.stringify({ type: p.type, title: p.title, status: p.status, detail: p.detail, code: p.code });
};

/** The header CloudFront adds to every request it sends the API; the regional ACL refuses any request without it (ADR 0015). */
export const ORIGIN_HEADER = 'x-powerpermit-origin';

export interface ApiWebAclOptions {
  /** The value CloudFront sends in ORIGIN_HEADER (a dynamic reference to its secret, resolved by CloudFormation). */
  originSecret: string;
  /**
   * Where no CloudFront-scoped ACL can count viewers (the AWS China regions offer WAF at the regional level only): a
   * ceiling per address the API sees — a CloudFront edge's, shared by its viewers — not a limit per client.
   */
  rateCeilingPerEdgeAddress?: number;
}

export function apiWebAcl(scope: Construct, name: string, routes: Record<string, RouteSpec>, options: ApiWebAclOptions): CfnWebACL {
  const classes = sizeClasses(routes);
  const large = patternSets(
    scope,
    'LargeBodyRoutes',
    classes.flatMap((c) => c.paths),
  );
  const rules: CfnWebACL.RuleProperty[] = [
    {
      // The API's own address (execute-api) is not a way around the distribution and its per-viewer limits.
      name: 'OnlyThroughTheDistribution',
      priority: 0,
      action: { block: { customResponse: { responseCode: 403, customResponseBodyKey: 'not-through-the-site' } } },
      statement: {
        notStatement: {
          statement: {
            byteMatchStatement: {
              fieldToMatch: { singleHeader: { Name: ORIGIN_HEADER } },
              positionalConstraint: 'EXACTLY',
              searchString: options.originSecret,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
        },
      },
      visibilityConfig: visibility('not-through-the-site'),
    },
    {
      name: 'AWSManagedRulesCommonRuleSet',
      priority: 1,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: 'AWSManagedRulesCommonRuleSet',
          // Counted, not blocked: the declared per-route sizes below replace this fixed 8 KB limit.
          ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
        },
      },
      visibilityConfig: visibility('AWSManagedRulesCommonRuleSet'),
    },
    {
      name: 'AWSManagedRulesKnownBadInputsRuleSet',
      priority: 2,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
      visibilityConfig: visibility('AWSManagedRulesKnownBadInputsRuleSet'),
    },
    ...(options.rateCeilingPerEdgeAddress
      ? [
          {
            name: 'RateCeilingPerEdgeAddress',
            priority: 3,
            action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'rate-limited' } } },
            statement: { rateBasedStatement: { limit: options.rateCeilingPerEdgeAddress, aggregateKeyType: 'IP' } },
            visibilityConfig: visibility('rate-ceiling'),
          },
        ]
      : []),
    {
      // Every route of the default class: a body larger than the default (WAF sees up to 16 KB; more counts as a match).
      name: `BodyOver${DEFAULT_MAX_BODY}`,
      priority: 10,
      action: { block: { customResponse: { responseCode: 413, customResponseBodyKey: 'too-large' } } },
      statement: {
        andStatement: {
          statements: [
            {
              sizeConstraintStatement: {
                fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
                comparisonOperator: 'GT',
                size: Math.min(DEFAULT_MAX_BODY, INSPECTED_BODY_BYTES),
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
            { notStatement: { statement: onPath(large) } },
          ],
        },
      },
      visibilityConfig: visibility('body-too-large'),
    },
    ...classes.map((c, i): CfnWebACL.RuleProperty => ({
      name: `BodyOver${c.maxBodyBytes}`,
      priority: 11 + i,
      action: { block: { customResponse: { responseCode: 413, customResponseBodyKey: 'too-large' } } },
      statement: {
        andStatement: {
          statements: [
            onPath(patternSets(scope, `Routes${c.maxBodyBytes}`, c.paths)),
            {
              notStatement: {
                statement: {
                  regexMatchStatement: {
                    regexString: upToRegex(c.maxBodyBytes),
                    fieldToMatch: { singleHeader: { Name: 'content-length' } },
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                },
              },
            },
          ],
        },
      },
      visibilityConfig: visibility(`body-over-${c.maxBodyBytes}`),
    })),
  ];
  return new CfnWebACL(scope, 'ApiWaf', {
    name,
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('powerpermit-api'),
    // WAF cannot send application/problem+json (it sets content-type from this list): the body is still a problem.
    customResponseBodies: {
      'too-large': { contentType: 'APPLICATION_JSON', content: problemBody('REQUEST_TOO_LARGE') },
      'rate-limited': { contentType: 'APPLICATION_JSON', content: problemBody('THROTTLED') },
      'not-through-the-site': { contentType: 'APPLICATION_JSON', content: problemBody('WAF_FILTERED') },
    },
    rules,
  });
}

/**
 * The distribution's web ACL (CloudFront scope, so it lives in us-east-1): it sees each viewer's own address, so one
 * abuser is throttled without the others behind the same edge. Offered outside the AWS China regions only.
 */
export function edgeWebAcl(scope: Construct, name: string, ratePerViewer = 2000): CfnWebACL {
  return new CfnWebACL(scope, 'EdgeWaf', {
    name,
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('powerpermit-edge'),
    customResponseBodies: { 'rate-limited': { contentType: 'APPLICATION_JSON', content: problemBody('THROTTLED') } },
    rules: [
      {
        name: 'RateLimitPerViewer',
        priority: 0,
        action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'rate-limited' } } },
        statement: { rateBasedStatement: { limit: ratePerViewer, aggregateKeyType: 'IP' } },
        visibilityConfig: visibility('rate-limit-per-viewer'),
      },
    ],
  });
}
