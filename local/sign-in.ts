import { createHash, randomBytes } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import agenciesJson from '../config/agencies.json';
import { Role } from '../functions/platform/auth';
import { DomainError } from '../functions/platform/errors';
import { SECURITY_HEADERS } from '../functions/platform/http/headers';
import { WebSignIn } from '../functions/platform/web-sign-in';
import { LOCAL_ISSUER, LOCAL_WEB_CLIENT, type LocalIssuer, type TokenRequest } from './keys';

/**
 * The local issuer's sign-in, as an OpenID Connect provider does it for a browser: the authorization code flow with
 * PKCE (RFC 7636, S256 only). Its sign-in page lets one pick a role and an agency (or an enterprise, a grid company)
 * — local only, said on the page, never deployed. Codes live a minute and are used once. Refresh tokens rotate as
 * the Cognito web client's do (ADR 0017): each use answers a new one, the one used works again only for a short retry
 * grace, and a sign-in's tokens all end 12 hours after it; a rotated-out token used again ends the whole sign-in
 * (RFC 9700 §4.14.2). The workbench and the portal (web/shared/sign-in.ts) run the same flow against Cognito's
 * hosted UI in the global profile and the government identity service in the mainland one.
 */
export { LOCAL_WEB_CLIENT };

const Authorize = z.object({
  response_type: z.literal('code'),
  client_id: z.literal(LOCAL_WEB_CLIENT),
  redirect_uri: z.url(),
  state: z.string().min(8).max(200),
  code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'an S256 code challenge'),
  code_challenge_method: z.literal('S256'),
  scope: z.string().optional(),
});
const SignedIn = Authorize.extend({
  role: Role,
  sub: z.string().trim().min(1).max(64),
  agencyId: z.string().optional(),
  enterpriseId: z.string().optional(),
  companyId: z.string().optional(),
});
const TokenGrant = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('authorization_code'),
    code: z.string(),
    redirect_uri: z.string(),
    client_id: z.literal(LOCAL_WEB_CLIENT),
    code_verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, 'a PKCE code verifier'),
  }),
  z.object({ grant_type: z.literal('refresh_token'), refresh_token: z.string(), client_id: z.literal(LOCAL_WEB_CLIENT) }),
]);

const ID_TOKEN_SECONDS = 3600;
const CODE_MS = 60_000;
/** A sign-in's refresh tokens end this long after it, however often rotated (the Cognito web client's validity). */
export const SIGN_IN_SESSION_MS = 12 * 3600_000;
/** How long the token just rotated out still works: a tab reloaded while its refresh was in flight retries with it. */
export const REFRESH_RETRY_GRACE_MS = 10_000;
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
const secret = () => randomBytes(24).toString('base64url');

/**
 * Where the local issuer's endpoints are, for pages served at `pagesUrl`: the same server under the other loopback
 * name (`localhost` for `127.0.0.1`), so that the pages meet their sign-in provider on an origin of its own, as
 * deployed (Cognito's domain, the government identity service): their CSP and the token endpoint's CORS are
 * exercised in every local sign-in, not only in AWS.
 */
export function localWebSignIn(pagesUrl: string): WebSignIn {
  const issuer = new URL(pagesUrl);
  issuer.hostname = issuer.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  const oidc = `${issuer.origin}/local/oidc`;
  return WebSignIn.parse({
    issuer: LOCAL_ISSUER,
    signingAlgorithms: ['ES256'],
    authorizationEndpoint: `${oidc}/authorize`,
    tokenEndpoint: `${oidc}/token`,
    revocationEndpoint: `${oidc}/revoke`,
    endSessionEndpoint: `${oidc}/logout`,
    clientId: LOCAL_WEB_CLIENT,
  });
}

/** Only pages of the local server itself are sent a code. */
const localRedirect = (uri: string, ownUrl: string) => new URL(uri).origin === new URL(ownUrl).origin;

export class LocalSignIn {
  private readonly codes = new Map<string, { claims: TokenRequest; redirectUri: string; challenge: string; until: number }>();
  /** One sign-in's chain of refresh tokens: the one that works now, the one just rotated out (for its grace), its end. */
  private readonly sessions = new Map<
    string,
    { claims: TokenRequest; until: number; current: string; previous?: { token: string; until: number }; ended: boolean }
  >();
  /** Every refresh token ever issued → its sign-in, so that a rotated-out one used again is recognised as such. */
  private readonly refreshTokens = new Map<string, string>();

  constructor(
    private readonly issuer: LocalIssuer,
    private readonly ownUrl: () => string,
  ) {}

  /** The endpoints the discovery document names. */
  endpoints() {
    const web = localWebSignIn(this.ownUrl());
    return {
      authorization_endpoint: web.authorizationEndpoint,
      token_endpoint: web.tokenEndpoint,
      end_session_endpoint: web.endSessionEndpoint,
      revocation_endpoint: web.revocationEndpoint,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
    };
  }

  /** GET /local/oidc/authorize: the sign-in page; POST: the choice made, back to the page that asked with a code. */
  authorize(method: string, params: URLSearchParams): APIGatewayProxyResult {
    const raw = Object.fromEntries(params);
    if (method === 'GET') {
      const asked = Authorize.safeParse(raw);
      if (!asked.success || !localRedirect(asked.data.redirect_uri, this.ownUrl()))
        throw new DomainError('REQUEST.INVALID', 'Not an authorization request of the local web client (code, S256, a page of this server).');
      return page(signInPage(asked.data), new URL(asked.data.redirect_uri).origin);
    }
    const chosen = SignedIn.safeParse(raw);
    if (!chosen.success || !localRedirect(chosen.data.redirect_uri, this.ownUrl()))
      throw new DomainError('REQUEST.INVALID', 'The sign-in form was not complete.');
    const { role, sub, agencyId, enterpriseId, companyId, redirect_uri, state, code_challenge } = chosen.data;
    const claims: TokenRequest = {
      role,
      sub,
      ...(agencyId && role !== 'applicant' && role !== 'grid' ? { agencyId } : {}),
      ...(enterpriseId && role === 'applicant' ? { enterpriseId: enterpriseId.trim().toUpperCase() } : {}),
      ...(companyId && role === 'grid' ? { companyId } : {}),
      ttlSeconds: ID_TOKEN_SECONDS,
    };
    const code = secret();
    this.codes.set(code, { claims, redirectUri: redirect_uri, challenge: code_challenge, until: Date.now() + CODE_MS });
    const back = new URL(redirect_uri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', state);
    return { statusCode: 302, headers: { ...SECURITY_HEADERS, location: back.toString(), 'cache-control': 'no-store' }, body: '' };
  }

  /** POST /local/oidc/token: a code (with its verifier) or a refresh token for an ID token. */
  async token(form: URLSearchParams): Promise<Record<string, unknown>> {
    const grant = TokenGrant.safeParse(Object.fromEntries(form));
    if (!grant.success) throw new DomainError('REQUEST.INVALID', 'invalid_request: not a token request of the local web client.');
    const now = Date.now();
    if (grant.data.grant_type === 'authorization_code') {
      const { code, redirect_uri, code_verifier } = grant.data;
      const issued = this.codes.get(code);
      this.codes.delete(code); // once, whatever comes of it
      if (!issued || issued.until < now || issued.redirectUri !== redirect_uri || issued.challenge !== s256(code_verifier))
        throw new DomainError('AUTH.UNAUTHENTICATED', 'invalid_grant: the code is unknown, used, expired, or not for this verifier and page.');
      const id = secret();
      const refresh = secret();
      this.sessions.set(id, { claims: issued.claims, until: now + SIGN_IN_SESSION_MS, current: refresh, ended: false });
      this.refreshTokens.set(refresh, id);
      return this.answer(issued.claims, refresh);
    }
    const used = grant.data.refresh_token;
    const session = this.sessions.get(this.refreshTokens.get(used) ?? '');
    if (!session || session.ended || session.until < now) throw new DomainError('AUTH.UNAUTHENTICATED', 'invalid_grant: the sign-in has ended.');
    const inGrace = session.previous?.token === used && session.previous.until >= now;
    if (session.current !== used && !inGrace) {
      // A token already rotated out: whoever holds it copied it, or the tab that did was replaced — end the sign-in.
      session.ended = true;
      throw new DomainError('AUTH.UNAUTHENTICATED', 'invalid_grant: a refresh token used again after it was replaced; the sign-in has ended.');
    }
    if (session.current === used) session.previous = { token: used, until: now + REFRESH_RETRY_GRACE_MS };
    session.current = secret();
    this.refreshTokens.set(session.current, this.refreshTokens.get(used)!);
    return this.answer(session.claims, session.current);
  }

  private async answer(claims: TokenRequest, refresh: string): Promise<Record<string, unknown>> {
    const idToken = await this.issuer.mint(claims, new Date(), LOCAL_WEB_CLIENT);
    return { id_token: idToken, access_token: idToken, refresh_token: refresh, token_type: 'Bearer', expires_in: ID_TOKEN_SECONDS };
  }

  /** POST /local/oidc/revoke (RFC 7009): the sign-in of a refresh token ends; the answer is the same for any token. */
  revoke(form: URLSearchParams): Record<string, never> {
    const session = this.sessions.get(this.refreshTokens.get(form.get('token') ?? '') ?? '');
    if (session) session.ended = true;
    return {};
  }

  /** GET /local/oidc/logout: forgets nothing it need not (tokens are the page's), and goes back where it was asked to. */
  logout(params: URLSearchParams): APIGatewayProxyResult {
    const to = params.get('post_logout_redirect_uri') ?? params.get('logout_uri');
    const back = to && localRedirect(to, this.ownUrl()) ? to : `${this.ownUrl()}/`;
    return { statusCode: 302, headers: { ...SECURITY_HEADERS, location: back, 'cache-control': 'no-store' }, body: '' };
  }
}

const page = (html: string, returnOrigin: string): APIGatewayProxyResult => ({
  statusCode: 200,
  headers: {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The form posts to the issuer only, whose answer redirects back to the page that asked (form-action covers
    // the redirect too); no script at all.
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${returnOrigin}; frame-ancestors 'none'`,
  },
  body: html,
});

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signInPage(asked: z.infer<typeof Authorize>): string {
  const hidden = Object.entries(asked)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(String(v))}">`)
    .join('');
  const roles: [string, string][] = [
    ['reviewer', '审查人员 Reviewer'],
    ['decision-maker', '决定人员 Decision-maker'],
    ['supervisor', '监管人员 Supervisor'],
    ['inspector', '检查人员 Inspector'],
    ['applicant', '申请企业 Applicant enterprise'],
    ['grid', '电网企业 Grid company'],
    ['admin', '管理员 Administrator'],
  ];
  const agencies = agenciesJson.agencies
    .map((a) => `<option value="${a.id}"${a.id === 'nea-fujian' ? ' selected' : ''}>${escapeHtml(a.name)}（${a.id}）</option>`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>本地开发登录 · Local sign-in</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
.local{background:#fff3cd;border:2px solid #7a4d00;padding:.75rem 1rem;border-radius:6px}
label{display:block;margin-top:1rem;font-weight:600}select,input{font:inherit;width:100%;padding:.45rem;margin-top:.25rem;box-sizing:border-box}
button{margin-top:1.5rem;font:inherit;padding:.6rem 1.5rem;background:#7a1f1f;color:#fff;border:0;border-radius:4px}</style></head>
<body><main>
<h1>本地开发登录 · Local sign-in</h1>
<p class="local" role="note"><strong>仅限本地开发环境，不会部署。</strong> Local development only — never deployed. In AWS this is Cognito's hosted sign-in (global profile) or the government identity service (mainland profile).</p>
<form method="post" action="/local/oidc/authorize">${hidden}
<label for="role">角色 Role</label><select id="role" name="role">${roles.map(([v, l]) => `<option value="${v}">${l}</option>`).join('')}</select>
<label for="sub">用户名 User</label><input id="sub" name="sub" required maxlength="64" value="staff-1" autocomplete="username">
<label for="agencyId">机构 Agency (staff)</label><select id="agencyId" name="agencyId">${agencies}</select>
<label for="enterpriseId">统一社会信用代码 Credit code (applicant)</label><input id="enterpriseId" name="enterpriseId" maxlength="18" autocapitalize="characters">
<label for="companyId">电网企业 Grid company (grid)</label><input id="companyId" name="companyId" maxlength="40" value="sgcc-fj">
<button type="submit">登录 Sign in</button>
</form></main></body></html>`;
}
