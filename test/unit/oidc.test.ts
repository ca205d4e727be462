import type { JWK } from 'jose';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handler as authorizer, stageArnOf } from '../../functions/platform/authorizer.handler';
import { principalFromClaims } from '../../functions/platform/auth';
import { type OidcConfigInput, oidcVerifier, TokenRejected } from '../../functions/platform/oidc';
import { importJWK, SignJWT } from 'jose';
import { ensureLocalKeys, LOCAL_AUDIENCE, LOCAL_ISSUER, LocalIssuer, localOidcConfig, TokenRequest } from '../../local/keys';
import { issuerWith } from '../support/oidc-issuer';

/**
 * The OpenID Connect verifier of the token authorizer (mainland profile) and of the local runtime:
 * an issuer's ES256, RS256 and SM2 tokens, the registered claims, the key set's cache, and the
 * claim rules that turn a government identity service's claims into ours.
 */
const ISSUER = 'https://tyrz.fujian.example.gov.cn/oidc';
const NOW = new Date('2026-12-01T08:00:00Z');
const seconds = Math.floor(NOW.getTime() / 1000);

/** A government-style token: roles as a list of groups, the organisation's code, the enterprise's credit code. */
const GOV_CLAIMS: OidcConfigInput['claims'] = {
  role: { claim: 'groups', values: { 'NEA-FJ-SHENHE': 'reviewer', 'NEA-FJ-JIANGUAN': 'supervisor', 'QY-FAREN': 'applicant' } },
  agencyId: { claim: 'org.code', values: { '11100000MB0F4C2E7X': 'nea-fujian' } },
  enterpriseId: { claim: 'uscc' },
};

const registered = (extra: Record<string, unknown> = {}) => ({ iss: ISSUER, aud: 'powerpermit', sub: 'u-1', iat: seconds - 10, exp: seconds + 3600, ...extra });

function verifierFor(keys: JWK[], config: Partial<OidcConfigInput> = {}, now = () => NOW) {
  const fetched: string[] = [];
  const documents: Record<string, unknown> = {
    [`${ISSUER}/.well-known/openid-configuration`]: { issuer: ISSUER, jwks_uri: `${ISSUER}/jwks` },
    [`${ISSUER}/jwks`]: { keys },
  };
  const verifier = oidcVerifier(
    { issuer: ISSUER, audience: 'powerpermit', algorithms: ['ES256', 'RS256', 'SM2'], claims: GOV_CLAIMS, ...config },
    {
      now,
      fetchJson: async (url) => {
        fetched.push(url);
        if (!(url in documents)) throw new Error(`404 ${url}`);
        return documents[url];
      },
    },
  );
  return { verifier, fetched, documents };
}

describe('OIDC token verification', () => {
  it.each(['ES256', 'RS256', 'SM2'] as const)('accepts an %s token of the issuer, found by discovery, and maps its claims to ours', async (alg) => {
    const issuer = await issuerWith(alg);
    const { verifier, fetched } = verifierFor([issuer.publicJwk]);
    const claims = await verifier.verify(await issuer.sign(registered({ groups: ['OTHER', 'NEA-FJ-SHENHE'], org: { code: '11100000MB0F4C2E7X' } })));
    expect(claims).toEqual({ sub: 'u-1', 'custom:role': 'reviewer', 'custom:agencyId': 'nea-fujian' });
    expect(principalFromClaims(claims)).toEqual({ role: 'reviewer', sub: 'u-1', agencyId: 'nea-fujian' });
    expect(fetched).toEqual([`${ISSUER}/.well-known/openid-configuration`, `${ISSUER}/jwks`]);
  });

  it('maps an enterprise user: the credit code taken as it is', async () => {
    const issuer = await issuerWith('SM2');
    const { verifier } = verifierFor([issuer.publicJwk]);
    const claims = await verifier.verify(await issuer.sign(registered({ groups: ['QY-FAREN'], uscc: '91350100M000100Y43' })));
    expect(principalFromClaims(claims)).toEqual({ role: 'applicant', sub: 'u-1', enterpriseId: '91350100M000100Y43' });
  });

  it('leaves out a role the rules cannot settle (none, or two): the API then refuses the call as AUTH.BAD_CLAIMS', async () => {
    const issuer = await issuerWith('ES256');
    const { verifier } = verifierFor([issuer.publicJwk]);
    for (const groups of [['OTHER'], ['NEA-FJ-SHENHE', 'NEA-FJ-JIANGUAN'], 'NEA-FJ-SHENHE-X']) {
      const claims = await verifier.verify(await issuer.sign(registered({ groups })));
      expect(claims['custom:role']).toBeUndefined();
      expect(() => principalFromClaims(claims)).toThrow(expect.objectContaining({ code: 'AUTH.BAD_CLAIMS' }));
    }
  });

  it.each([
    ['from another issuer', { iss: 'https://evil.example.com' }],
    ['for another audience', { aud: ['someone-else'] }],
    ['expired (beyond the skew)', { exp: seconds - 61 }],
    ['without an expiry', { exp: undefined }],
    ['without an issue time', { iat: undefined }],
    ['issued in the future', { iat: seconds + 3600, exp: seconds + 7200 }],
    ['not valid before a time to come', { nbf: seconds + 3600 }],
  ])('refuses a token %s', async (_what, claims) => {
    const issuer = await issuerWith('ES256');
    const { verifier } = verifierFor([issuer.publicJwk]);
    await expect(verifier.verify(await issuer.sign(registered(claims)))).rejects.toThrow(TokenRejected);
  });

  it('takes the clock skew both ways: a token expired 59 s ago or valid in 59 s still passes', async () => {
    const issuer = await issuerWith('ES256');
    const { verifier } = verifierFor([issuer.publicJwk]);
    await expect(verifier.verify(await issuer.sign(registered({ exp: seconds - 59 })))).resolves.toMatchObject({ sub: 'u-1' });
    await expect(verifier.verify(await issuer.sign(registered({ nbf: seconds + 59 })))).resolves.toMatchObject({ sub: 'u-1' });
  });

  it('refuses a forged signature, an algorithm it does not accept, alg none, and a key used for another algorithm', async () => {
    const issuer = await issuerWith('ES256');
    const other = await issuerWith('ES256'); // same kid, another key
    const sm2 = await issuerWith('SM2', 'es256-1'); // an SM2 signature naming the ES256 key
    const { verifier } = verifierFor([issuer.publicJwk], { algorithms: ['ES256'] });
    await expect(verifier.verify(await other.sign(registered()))).rejects.toThrow(TokenRejected);
    await expect(verifier.verify(await sm2.sign(registered()))).rejects.toThrow(/not accepted/);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'es256-1' })).toString('base64url')}.${Buffer.from(JSON.stringify(registered())).toString('base64url')}.`;
    await expect(verifier.verify(none)).rejects.toThrow(/not accepted/);
    const { verifier: both } = verifierFor([issuer.publicJwk]);
    await expect(both.verify(await sm2.sign(registered()))).rejects.toThrow(/is for ES256/);
    await expect(both.verify('not.a.token')).rejects.toThrow(TokenRejected);
    await expect(both.verify('abc')).rejects.toThrow(TokenRejected);
  });

  it('keeps the key set: one fetch for many tokens, a new one when a token names an unknown key (at most every 30 s), and again after the cache time', async () => {
    let now = NOW;
    const first = await issuerWith('ES256', 'k1');
    const rotated = await issuerWith('SM2', 'k2');
    const { verifier, fetched, documents } = verifierFor([first.publicJwk], { jwksUri: `${ISSUER}/jwks` }, () => now);
    const sign = (i: typeof first) => i.sign(registered({ iat: Math.floor(now.getTime() / 1000), exp: Math.floor(now.getTime() / 1000) + 3600 }));
    await Promise.all([1, 2, 3].map(async () => verifier.verify(await sign(first))));
    expect(fetched).toEqual([`${ISSUER}/jwks`]); // the configured key set: no discovery, one fetch for three concurrent tokens
    // The issuer rotates to k2: a token naming it within 30 s of the last fetch is refused without a fetch; after, the set is fetched again.
    documents[`${ISSUER}/jwks`] = { keys: [first.publicJwk, rotated.publicJwk] };
    now = new Date(NOW.getTime() + 10_000);
    await expect(verifier.verify(await sign(rotated))).rejects.toThrow(/no key k2/);
    expect(fetched).toHaveLength(1);
    now = new Date(NOW.getTime() + 31_000);
    await expect(verifier.verify(await sign(rotated))).resolves.toMatchObject({ sub: 'u-1' });
    expect(fetched).toHaveLength(2);
    // The issuer drops k1: within the cache time its tokens still pass; after it, the set is fetched again and they fail.
    documents[`${ISSUER}/jwks`] = { keys: [rotated.publicJwk] };
    now = new Date(NOW.getTime() + 5 * 60_000);
    await expect(verifier.verify(await sign(first))).resolves.toMatchObject({ sub: 'u-1' });
    now = new Date(NOW.getTime() + 11 * 60_000);
    await expect(verifier.verify(await sign(first))).rejects.toThrow(/no key k1/);
    expect(fetched).toHaveLength(3);
  });

  it('fails (not refuses) when the issuer cannot be reached, and refuses a discovery document naming another issuer', async () => {
    const issuer = await issuerWith('ES256');
    const { verifier, documents } = verifierFor([issuer.publicJwk]);
    delete documents[`${ISSUER}/jwks`];
    const error = await verifier.verify(await issuer.sign(registered())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TokenRejected);
    const { verifier: misled, documents: d2 } = verifierFor([issuer.publicJwk]);
    d2[`${ISSUER}/.well-known/openid-configuration`] = { issuer: 'https://elsewhere.example.com', jwks_uri: `${ISSUER}/jwks` };
    await expect(misled.verify(await issuer.sign(registered()))).rejects.toThrow(/names issuer/);
  });

  it('refuses a token that claims to live longer than a day (exp − iat), however well signed', async () => {
    const issuer = await issuerWith('ES256');
    const { verifier } = verifierFor([issuer.publicJwk]);
    await expect(verifier.verify(await issuer.sign(registered({ iat: seconds - 10, exp: seconds - 10 + 86_400 })))).resolves.toMatchObject({ sub: 'u-1' });
    await expect(verifier.verify(await issuer.sign(registered({ iat: seconds - 10, exp: seconds - 10 + 86_401 })))).rejects.toThrow(/lifetime/);
    await expect(verifier.verify(await issuer.sign(registered({ iat: seconds - 10, exp: seconds + 10 * 365 * 86_400 })))).rejects.toThrow(TokenRejected);
  });

  it('refuses what is not an ID token: another typ (an access token, at+jwt) or a Cognito token_use other than id', async () => {
    const issuer = await issuerWith('ES256');
    const { verifier } = verifierFor([issuer.publicJwk]);
    await expect(verifier.verify(await issuer.sign(registered(), { typ: 'at+jwt' }))).rejects.toThrow(/not an ID token/);
    await expect(verifier.verify(await issuer.sign(registered(), { typ: 'powerpermit-qr+jwt' }))).rejects.toThrow(/not an ID token/);
    await expect(verifier.verify(await issuer.sign(registered({ token_use: 'access' })))).rejects.toThrow(/not an ID token/);
    await expect(verifier.verify(await issuer.sign(registered({ token_use: 'id' }), { typ: 'jwt' }))).resolves.toMatchObject({ sub: 'u-1' });
  });

  it('takes key sets over https only, unless the local profile serves its own on loopback', async () => {
    const base: OidcConfigInput = { issuer: ISSUER, audience: 'powerpermit', claims: GOV_CLAIMS };
    expect(() => oidcVerifier({ ...base, issuer: 'http://tyrz.fujian.example.gov.cn/oidc' })).toThrow();
    expect(() => oidcVerifier({ ...base, jwksUri: 'http://tyrz.fujian.example.gov.cn/jwks' })).toThrow(/not served over https/);
    expect(() => oidcVerifier({ ...base, jwksUri: 'http://127.0.0.1:4000/local/oidc/jwks.json' }, { localProfile: true })).not.toThrow();
    // Discovery naming a plain-HTTP key set (a downgrade on the issuer's side, or a forged document) is not followed.
    const issuer = await issuerWith('ES256');
    const { verifier, documents, fetched } = verifierFor([issuer.publicJwk]);
    documents[`${ISSUER}/.well-known/openid-configuration`] = { issuer: ISSUER, jwks_uri: 'http://tyrz.fujian.example.gov.cn/jwks' };
    await expect(verifier.verify(await issuer.sign(registered()))).rejects.toThrow(/not served over https/);
    expect(fetched).toEqual([`${ISSUER}/.well-known/openid-configuration`]);
  });

  it('keeps serving the last good key set for an hour past its cache time while the issuer is down, then fails', async () => {
    let now = NOW;
    const issuer = await issuerWith('ES256', 'k1');
    const { verifier, documents, fetched } = verifierFor([issuer.publicJwk], { jwksUri: `${ISSUER}/jwks` }, () => now);
    const at = (ms: number) => {
      now = new Date(NOW.getTime() + ms);
      const t = Math.floor(now.getTime() / 1000);
      return issuer.sign(registered({ iat: t, exp: t + 600 }));
    };
    await expect(verifier.verify(await at(0))).resolves.toMatchObject({ sub: 'u-1' });
    delete documents[`${ISSUER}/jwks`]; // the issuer goes down
    await expect(verifier.verify(await at(11 * 60_000))).resolves.toMatchObject({ sub: 'u-1' }); // past the 10-minute cache: a failed fetch, the last set serves
    await expect(verifier.verify(await at(11 * 60_000 + 1000))).resolves.toMatchObject({ sub: 'u-1' }); // within 30 s of the failed fetch: no new one
    expect(fetched).toHaveLength(2);
    await expect(verifier.verify(await at(69 * 60_000))).resolves.toMatchObject({ sub: 'u-1' });
    const error = await verifier.verify(await at(71 * 60_000)).catch((e: unknown) => e); // cache 10 min + 60 min stale: gone
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TokenRejected);
  });

  it('refuses a configuration that is not one: an unknown key, a non-URL issuer, a skew out of bounds', () => {
    const base: OidcConfigInput = { issuer: ISSUER, audience: 'a', claims: GOV_CLAIMS };
    expect(() => oidcVerifier({ ...base, extra: 1 } as never)).toThrow();
    expect(() => oidcVerifier({ ...base, issuer: 'tyrz' })).toThrow();
    expect(() => oidcVerifier({ ...base, clockSkewSeconds: 3600 })).toThrow();
    expect(() => oidcVerifier({ ...base, claims: {} as never })).toThrow();
  });
});

describe('the token authorizer (API Gateway, mainland profile)', () => {
  const methodArn = 'arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/prod/POST/v1/applications';

  it('allows the whole stage for a verified token, with our claims as its context; refuses a bad or missing one as Unauthorized', async () => {
    const issuer = await issuerWith('SM2');
    const original = global.fetch;
    global.fetch = (async (url: string) =>
      new Response(JSON.stringify(url.endsWith('openid-configuration') ? { issuer: ISSUER, jwks_uri: `${ISSUER}/jwks` } : { keys: [issuer.publicJwk] }), {
        status: 200,
      })) as typeof fetch;
    process.env.OIDC_CONFIG = JSON.stringify({ issuer: ISSUER, audience: 'powerpermit', algorithms: ['SM2'], claims: GOV_CLAIMS });
    try {
      const now = Math.floor(Date.now() / 1000);
      const token = await issuer.sign({ ...registered({ iat: now, exp: now + 600 }), groups: ['NEA-FJ-JIANGUAN'], org: { code: '11100000MB0F4C2E7X' } });
      const result = await authorizer({ type: 'TOKEN', authorizationToken: `Bearer ${token}`, methodArn });
      expect(result).toEqual({
        principalId: 'u-1',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/prod/*' }],
        },
        context: { sub: 'u-1', 'custom:role': 'supervisor', 'custom:agencyId': 'nea-fujian' },
      });
      await expect(authorizer({ type: 'TOKEN', authorizationToken: `Bearer ${token.slice(0, -4)}AAAA`, methodArn })).rejects.toThrow(/^Unauthorized$/);
      await expect(authorizer({ type: 'TOKEN', authorizationToken: token, methodArn })).rejects.toThrow(/^Unauthorized$/);
      // Item 15: well signed, but ten years long — the mainland profile's authorizer caps a token's life at a day.
      const tenYears = await issuer.sign({
        ...registered({ iat: now, exp: now + 10 * 365 * 86_400 }),
        groups: ['NEA-FJ-JIANGUAN'],
        org: { code: '11100000MB0F4C2E7X' },
      });
      await expect(authorizer({ type: 'TOKEN', authorizationToken: `Bearer ${tenYears}`, methodArn })).rejects.toThrow(/^Unauthorized$/);
    } finally {
      global.fetch = original;
      delete process.env.OIDC_CONFIG;
    }
  });

  it('derives the stage ARN from a method ARN of any partition and path', () => {
    expect(stageArnOf('arn:aws:execute-api:ap-east-1:1:api/prod/GET/v1/licenses/{no}')).toBe('arn:aws:execute-api:ap-east-1:1:api/prod/*');
    expect(stageArnOf(methodArn)).toBe('arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/prod/*');
  });
});

/** The local issuer's tokens pass the same verifier with the local rules (Cognito-shaped claims), and fail as any issuer's would. */
describe('the local token issuer, verified as an OIDC issuer', () => {
  const keys = ensureLocalKeys(mkdtempSync(join(tmpdir(), 'issuer-')));
  const local = async () => {
    const issuer = await LocalIssuer.fromJwk(keys.issuer);
    const jwks = { keys: [await issuer.publicJwk()] };
    return { issuer, verifier: oidcVerifier(localOidcConfig('http://127.0.0.1:4000'), { fetchJson: async () => jwks, localProfile: true }) };
  };

  it('accepts a token it minted, with our claims as they are', async () => {
    const { issuer, verifier } = await local();
    const claims = await verifier.verify(await issuer.mint({ role: 'inspector', agencyId: 'nea-fujian' }));
    expect(principalFromClaims(claims)).toEqual({ role: 'inspector', sub: 'inspector:nea-fujian', agencyId: 'nea-fujian' });
  });

  it('refuses a token signed with its own key that claims ten years of life: the verifier caps it at a day, as the mint does', async () => {
    const { verifier } = await local();
    const iat = Math.floor(Date.now() / 1000);
    const tenYears = await new SignJWT({ 'custom:role': 'admin', token_use: 'id' })
      .setProtectedHeader({ alg: 'ES256', kid: keys.issuer.kid ?? 'local', typ: 'JWT' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject('admin:x')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 10 * 365 * 86_400)
      .sign(await importJWK(keys.issuer, 'ES256'));
    await expect(verifier.verify(tenYears)).rejects.toThrow(/lifetime/);
    expect(TokenRequest.safeParse({ role: 'admin', ttlSeconds: 86_401 }).success).toBe(false);
  });

  it('refuses an expired token and one issued in the future (5 s of skew locally)', async () => {
    const { issuer, verifier } = await local();
    await expect(verifier.verify(await issuer.mint({ role: 'admin' }, new Date(Date.now() - 9 * 3600_000)))).rejects.toThrow(TokenRejected);
    await expect(verifier.verify(await issuer.mint({ role: 'admin' }, new Date(Date.now() + 60_000)))).rejects.toThrow(/future/);
  });
});
