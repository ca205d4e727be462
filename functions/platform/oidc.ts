import { compactVerify, importJWK, type JWK } from 'jose';
import * as z from 'zod';
import { CLAIM } from './auth';
import { sm2Verify } from './sm2';

/**
 * Verifying the ID tokens of a configured OpenID Connect issuer — the provincial or national
 * government identity service where Cognito is not offered (the mainland profile; ADR 0003), and
 * the local issuer in the local runtime — and mapping the issuer's claims to ours (CLAIM) through
 * configured rules. The API Gateway Lambda authorizer (authorizer.handler.ts) and the local server
 * both verify with it: one path in both runtimes.
 */

export const OIDC_ALGORITHMS = ['ES256', 'RS256', 'SM2'] as const;
export type OidcAlgorithm = (typeof OIDC_ALGORITHMS)[number];

/**
 * How one of our claims is read from the issuer's token: from `claim` (a dotted path reaches into
 * an object claim, e.g. `org.code`); with `values`, the issuer's value (or any value of an array,
 * such as a list of groups) is translated and values without a translation are ignored; without
 * it, a string value is taken as it is.
 */
const ClaimRule = z.strictObject({
  claim: z.string().min(1).max(200),
  values: z.record(z.string().min(1).max(200), z.string().min(1).max(200)).optional(),
});
export type ClaimRule = z.infer<typeof ClaimRule>;

export const OidcConfig = z.strictObject({
  /** The issuer identifier: `iss` must equal it; discovery is at `<issuer>/.well-known/openid-configuration`. */
  issuer: z.url({ protocol: /^https$/ }),
  /** `aud` must name one of these (the client id(s) the platform is registered under). */
  audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  /** The issuer's key set, when it is not to be found by discovery. */
  jwksUri: z.url({ protocol: /^https?$/ }).optional(),
  algorithms: z.array(z.enum(OIDC_ALGORITHMS)).min(1).default(['ES256', 'RS256']),
  clockSkewSeconds: z.number().int().min(0).max(300).default(60),
  /** How long a fetched key set is used before it is fetched again (a token naming an unknown key refetches sooner). */
  jwksCacheSeconds: z.number().int().min(60).max(86_400).default(600),
  /** While the issuer cannot be reached, the last key set fetched keeps serving for this long past its cache time; then every token is refused. */
  jwksStaleSeconds: z.number().int().min(0).max(86_400).default(3600),
  /** The longest lifetime (`exp − iat`) a token may claim: Cognito's ID tokens last at most a day, so does any we accept. */
  maxTokenLifetimeSeconds: z.number().int().min(60).max(86_400).default(86_400),
  /** Our claims from theirs: `sub` defaults to their `sub`; `role` is required, the scope claims as the roles need them. */
  claims: z.strictObject({
    sub: ClaimRule.optional(),
    role: ClaimRule,
    enterpriseId: ClaimRule.optional(),
    agencyId: ClaimRule.optional(),
    companyId: ClaimRule.optional(),
    departmentId: ClaimRule.optional(),
  }),
});
export type OidcConfig = z.infer<typeof OidcConfig>;
export type OidcConfigInput = z.input<typeof OidcConfig>;

/** Why a token was refused: logged, never told the caller (who gets the gateway's 401). */
export class TokenRejected extends Error {}

export type FetchJson = (url: string) => Promise<unknown>;

/** A GET of a JSON document, bounded in time: the issuer being slow must not hold the API. */
export const fetchJson: FetchJson = async (url) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000), headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.json();
};

const Jwks = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })) });
const Discovery = z.looseObject({ issuer: z.string(), jwks_uri: z.url() });
const Header = z.looseObject({ alg: z.string(), kid: z.string().optional(), typ: z.string().optional() });

/** A token naming a key the cached set lacks refetches the set, but not more often than this. */
const REFETCH_COOLDOWN_MS = 30_000;

export interface OidcVerifier {
  /** Our claims (CLAIM names and `sub`, string values) of a verified token; TokenRejected otherwise. */
  verify(token: string): Promise<Record<string, string>>;
}

export interface OidcDeps {
  fetchJson?: FetchJson;
  now?: () => Date;
  /** The local runtime serves its key set over plain HTTP on loopback; everywhere else key sets are fetched over https only. */
  localProfile?: boolean;
}

export function oidcVerifier(input: OidcConfigInput, deps: OidcDeps = {}): OidcVerifier {
  const config = OidcConfig.parse(input);
  const keySetUrl = (url: string): string => {
    if (new URL(url).protocol !== 'https:' && !deps.localProfile) throw new Error(`the key set ${url} is not served over https`);
    return url;
  };
  if (config.jwksUri) keySetUrl(config.jwksUri);
  const get = deps.fetchJson ?? fetchJson;
  const now = deps.now ?? (() => new Date());
  const audiences = new Set([config.audience].flat());
  let keys: { at: number; byKid: JWK[] } | undefined;
  let pending: Promise<JWK[]> | undefined;

  const jwksUri = async (): Promise<string> => {
    if (config.jwksUri) return config.jwksUri;
    const discovery = Discovery.parse(await get(`${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`));
    if (discovery.issuer !== config.issuer) throw new Error(`the discovery document names issuer ${discovery.issuer}`);
    return keySetUrl(discovery.jwks_uri);
  };
  let lastAttempt = -Infinity;
  // One fetch at a time however many requests wait for it.
  const fetchKeys = (): Promise<JWK[]> =>
    (pending ??= (async () => {
      lastAttempt = now().getTime();
      try {
        const set = Jwks.parse(await get(await jwksUri()));
        keys = { at: now().getTime(), byKid: set.keys as JWK[] };
        return keys.byKid;
      } finally {
        pending = undefined;
      }
    })());
  // The issuer down: the last good set keeps serving for a bounded time past its cache time, so a provider's outage is not ours at once.
  const lastGood = (): JWK[] | undefined =>
    keys && now().getTime() - keys.at < (config.jwksCacheSeconds + config.jwksStaleSeconds) * 1000 ? keys.byKid : undefined;
  const refetched = async (): Promise<JWK[]> => {
    try {
      return await fetchKeys();
    } catch (e) {
      const stale = lastGood();
      if (stale) return stale;
      throw e; // a failure of ours, not the caller's token: not a refusal
    }
  };
  const keyFor = async (kid: string | undefined, alg: OidcAlgorithm): Promise<JWK> => {
    const fresh = keys && now().getTime() - keys.at < config.jwksCacheSeconds * 1000;
    const find = (set: JWK[]) => set.find((k) => (kid === undefined ? set.length === 1 : k.kid === kid));
    let key = fresh ? find(keys!.byKid) : undefined;
    // A fetch at most every 30 s, a failed one included (a flood of bad kids, or an issuer down, must not become a flood of fetches).
    if (!key) key = find(!keys || now().getTime() - lastAttempt >= REFETCH_COOLDOWN_MS ? await refetched() : (lastGood() ?? []));
    if (!key) throw new TokenRejected(`no key ${kid ?? '(no kid)'} in the issuer's key set`);
    if (key.alg !== undefined && key.alg !== alg) throw new TokenRejected(`key ${kid} is for ${key.alg}, the token says ${alg}`);
    if (key.use !== undefined && key.use !== 'sig') throw new TokenRejected(`key ${kid} is not a signing key`);
    return key;
  };

  const verifySignature = async (token: string): Promise<Record<string, unknown>> => {
    const parts = token.split('.');
    if (parts.length !== 3) throw new TokenRejected('not a compact JWS');
    const header = Header.safeParse(parseSegment(parts[0]!));
    if (!header.success) throw new TokenRejected('no valid protected header');
    // RFC 8725 §3.11: an ID token says `JWT` or nothing; an access token (`at+jwt`) or another kind of JWT is not one.
    if (header.data.typ !== undefined && header.data.typ.toUpperCase() !== 'JWT') throw new TokenRejected(`a ${header.data.typ} is not an ID token`);
    const alg = header.data.alg as OidcAlgorithm;
    if (!config.algorithms.includes(alg)) throw new TokenRejected(`algorithm ${header.data.alg} is not accepted`);
    const key = await keyFor(header.data.kid, alg);
    if (alg === 'SM2') {
      // jose has no SM2: the signature is r ‖ s over the signing input, as the e-seal's (functions/platform/sm2.ts).
      if (key.kty !== 'EC' || key.crv !== 'SM2') throw new TokenRejected('not an SM2 key');
      const valid = await sm2Verify(Buffer.from(`${parts[0]}.${parts[1]}`), Buffer.from(parts[2]!, 'base64url'), key);
      if (!valid) throw new TokenRejected('bad signature');
      return parseSegment(parts[1]!) as Record<string, unknown>;
    }
    try {
      const { payload } = await compactVerify(token, await importJWK(key, alg), { algorithms: [alg] });
      return JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    } catch (e) {
      throw new TokenRejected(`bad signature or key: ${(e as Error).message}`);
    }
  };

  const checkClaims = (payload: Record<string, unknown>): void => {
    const seconds = Math.floor(now().getTime() / 1000);
    const skew = config.clockSkewSeconds;
    if (payload.iss !== config.issuer) throw new TokenRejected(`issuer ${String(payload.iss)}`);
    const aud = [payload.aud].flat();
    if (!aud.some((a) => typeof a === 'string' && audiences.has(a))) throw new TokenRejected('not for this audience');
    if (typeof payload.exp !== 'number') throw new TokenRejected('no expiry');
    if (seconds >= payload.exp + skew) throw new TokenRejected('expired');
    if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > seconds + skew)) throw new TokenRejected('not yet valid');
    // OpenID Connect Core §2: an ID token always says when it was issued.
    if (typeof payload.iat !== 'number') throw new TokenRejected('no issue time');
    if (payload.iat > seconds + skew) throw new TokenRejected('issued in the future');
    if (payload.exp - payload.iat > config.maxTokenLifetimeSeconds) throw new TokenRejected(`a lifetime of ${payload.exp - payload.iat} s`);
    // Cognito marks its tokens: only an ID token carries the identity claims we read.
    if (payload.token_use !== undefined && payload.token_use !== 'id') throw new TokenRejected(`a ${String(payload.token_use)} token is not an ID token`);
  };

  return {
    async verify(token) {
      const payload = await verifySignature(token);
      checkClaims(payload);
      return mapClaims(payload, config.claims);
    },
  };
}

function parseSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new TokenRejected('a segment is not base64url JSON');
  }
}

/**
 * Our claims from the issuer's, by the rules. A claim whose rule finds nothing, or finds two
 * different translations (two roles from two groups), is left out: the principal then lacks it
 * and the API refuses the call as AUTH.BAD_CLAIMS (403), naming no claim to the caller.
 */
export function mapClaims(payload: Record<string, unknown>, rules: OidcConfig['claims']): Record<string, string> {
  const ours: Record<string, string> = {};
  const sub = readRule(payload, rules.sub ?? { claim: 'sub' });
  if (sub !== undefined) ours.sub = sub;
  for (const name of ['role', 'enterpriseId', 'agencyId', 'companyId', 'departmentId'] as const) {
    const rule = rules[name];
    const value = rule && readRule(payload, rule);
    if (value !== undefined) ours[CLAIM[name]] = value;
  }
  return ours;
}

function readRule(payload: Record<string, unknown>, rule: ClaimRule): string | undefined {
  // A claim named with a dot (Cognito's `custom:role` has none; some issuers' flat names do) is read whole first.
  let raw: unknown = payload[rule.claim];
  if (raw === undefined && rule.claim.includes('.'))
    raw = rule.claim.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), payload);
  const values = [raw]
    .flat()
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map(String);
  if (!rule.values) return Array.isArray(raw) ? undefined : values[0]; // a list needs a translation that picks from it
  const translated = new Set(values.flatMap((v) => (Object.hasOwn(rule.values!, v) ? [rule.values![v]!] : [])));
  return translated.size === 1 ? [...translated][0] : undefined;
}
