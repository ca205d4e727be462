import * as oauth from 'oauth4webapi';
import type { WebSignIn } from '../../functions/platform/web-sign-in';

/**
 * Sign-in for the workbench and the portal: OpenID Connect authorization code with PKCE (RFC 7636, S256) against
 * the provider GET /v1/public/sign-in names — Cognito's hosted sign-in, the government identity service, or the
 * local issuer's page — by oauth4webapi, which also checks every ID token it is given (issuer, audience, expiry,
 * algorithm). The ID token lives in this page's memory only. The tab keeps its sign-in across a reload, a phone
 * discarding it and Back (ADR 0017): the refresh token waits in sessionStorage (this tab only, gone with it),
 * rotated at every use and ending with the provider's session (12 hours); a reload redeems it for a fresh ID token.
 * Signing out revokes it. The PKCE verifier and the state wait there too while the browser is away at the provider.
 */
type SignInConfig = WebSignIn;
export interface Claims {
  sub: string;
  role: string;
  agencyId?: string;
  enterpriseId?: string;
  companyId?: string;
}

const PENDING = 'pp.sign-in';
const SESSION = 'pp.session';
let idToken: string | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let config: SignInConfig | undefined;

async function signInConfig(): Promise<SignInConfig> {
  config ??= (await (await fetch('/v1/public/sign-in')).json()) as SignInConfig;
  return config;
}

const server = (c: SignInConfig): oauth.AuthorizationServer => ({
  issuer: c.issuer,
  authorization_endpoint: c.authorizationEndpoint,
  token_endpoint: c.tokenEndpoint,
  ...(c.revocationEndpoint ? { revocation_endpoint: c.revocationEndpoint } : {}),
  id_token_signing_alg_values_supported: c.signingAlgorithms,
});
const client = (c: SignInConfig): oauth.Client => ({ client_id: c.clientId });
/** Plain HTTP only to the local issuer on a loopback address; everything deployed is https, which oauth4webapi insists on. */
const requestOptions = (c: SignInConfig) => ({
  [oauth.allowInsecureRequests]: /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(c.tokenEndpoint),
});

/** The page the provider sends the browser back to: the app's root (registered with the provider as such). */
const redirectUri = (appRoot: string): string => `${location.origin}${appRoot}`;

/** Off to the provider; back at `appRoot` with a code, which `completeSignIn` exchanges. */
export async function signIn(appRoot: string): Promise<never> {
  const c = await signInConfig();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo: location.pathname + location.search }));
  const url = new URL(c.authorizationEndpoint);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: c.clientId,
    redirect_uri: redirectUri(appRoot),
    scope: c.scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }))
    url.searchParams.set(k, v);
  location.assign(url.toString());
  return new Promise<never>(() => undefined);
}

/** A token answer taken in: the ID token in memory, the (rotated) refresh token in the tab, the next refresh timed. */
function keep(c: SignInConfig, answer: oauth.TokenEndpointResponse): void {
  if (!answer.id_token) throw new Error('the sign-in provider sent no ID token');
  idToken = answer.id_token;
  if (answer.refresh_token) sessionStorage.setItem(SESSION, answer.refresh_token);
  clearTimeout(refreshTimer);
  const seconds = answer.expires_in ?? 3600;
  refreshTimer = setTimeout(() => void refresh(c).catch(() => forget()), Math.max(5_000, seconds * 1000 - 60_000));
}

function forget(): void {
  idToken = undefined;
  clearTimeout(refreshTimer);
  sessionStorage.removeItem(SESSION);
}

/** The tab's refresh token redeemed (and rotated): false when it has none or the provider ended the sign-in. */
async function refresh(c: SignInConfig): Promise<boolean> {
  const token = sessionStorage.getItem(SESSION);
  if (!token) return false;
  try {
    const response = await oauth.refreshTokenGrantRequest(server(c), client(c), oauth.None(), token, requestOptions(c));
    keep(c, await oauth.processRefreshTokenResponse(server(c), client(c), response));
    return true;
  } catch (e) {
    // Refused (ended, expired, rotated out): signed out. Anything else (offline) is the caller's to say.
    if (e instanceof oauth.ResponseBodyError) return (forget(), false);
    throw e;
  }
}

/**
 * On arrival at `appRoot`: with a code and the state this page left, the code is exchanged for tokens and the page
 * goes on where it was asked for; otherwise the tab's sign-in is resumed if it has one. Returns the claims, or
 * undefined when nobody is signed in.
 */
export async function completeSignIn(appRoot: string): Promise<Claims | undefined> {
  const params = new URLSearchParams(location.search);
  const pending = sessionStorage.getItem(PENDING);
  if (params.get('code') && pending) {
    sessionStorage.removeItem(PENDING);
    const { verifier, state, returnTo } = JSON.parse(pending) as { verifier: string; state: string; returnTo: string };
    const c = await signInConfig();
    let callback: URLSearchParams;
    try {
      callback = oauth.validateAuthResponse(server(c), client(c), params, state);
    } catch {
      throw new Error('the sign-in came back with another state: start again');
    }
    const response = await oauth.authorizationCodeGrantRequest(server(c), client(c), oauth.None(), callback, redirectUri(appRoot), verifier, requestOptions(c));
    keep(c, await oauth.processAuthorizationCodeResponse(server(c), client(c), response, { requireIdToken: true }));
    history.replaceState(null, '', returnTo.startsWith(appRoot) ? returnTo : appRoot);
  } else if (!idToken && sessionStorage.getItem(SESSION)) await refresh(await signInConfig());
  return claims();
}

/** The signed-in person's role and scope, as the ID token says (the API checks the token itself). */
export function claims(): Claims | undefined {
  if (!idToken) return undefined;
  const payload = JSON.parse(
    new TextDecoder().decode(Uint8Array.from(atob(idToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0))),
  ) as Record<string, string>;
  return {
    sub: payload.sub!,
    role: payload['custom:role'] ?? payload.role ?? '',
    agencyId: payload['custom:agencyId'],
    enterpriseId: payload['custom:enterpriseId'],
    companyId: payload['custom:companyId'],
  };
}

/** Forgets the tokens, revokes the tab's refresh token and ends the provider's session, back to `appRoot`. */
export async function signOut(appRoot: string): Promise<void> {
  const token = sessionStorage.getItem(SESSION);
  forget();
  // What the tab kept of forms being filled in goes too (a shared computer): drafts saved on the platform stay.
  for (const key of Object.keys(sessionStorage)) if (key.startsWith('pp.')) sessionStorage.removeItem(key);
  const c = await signInConfig();
  if (token && c.revocationEndpoint)
    await oauth
      .revocationRequest(server(c), client(c), oauth.None(), token, { ...requestOptions(c), additionalParameters: { token_type_hint: 'refresh_token' } })
      .then((r) => oauth.processRevocationResponse(r))
      .catch(() => undefined); // signed out here whatever the provider says; the token ends with its session anyway
  if (!c.endSessionEndpoint) return location.assign(appRoot);
  const url = new URL(c.endSessionEndpoint);
  url.searchParams.set('client_id', c.clientId);
  url.searchParams.set(c.logoutRedirectParameter, redirectUri(appRoot));
  location.assign(url.toString());
}

/** A problem+json as the API answers one: its field errors name JSON paths (`$.body.reasons`). */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: { path: string; message: string }[];
}
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/** The API with the signed-in person's token; a problem is thrown as ApiProblem, with the message the API wrote. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      // Problems come back in the page's language.
      'accept-language': document.documentElement.lang || 'zh-CN',
      ...(idToken ? { authorization: `Bearer ${idToken}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) throw new ApiProblem(json as Problem);
  return json as T;
}

/** Every page of a listing, following its cursors, up to `max` items (`more` says the listing went on beyond). */
export async function allPages<T>(path: string, max = 1000): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await api<{ items: T[]; cursor?: string }>(
      'GET',
      `${path}${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor && items.length < max);
  return { items, more: !!cursor };
}

/** A file the API renders (a CSV, a PDF), fetched with the token and handed to the browser as a download. */
export async function download(path: string, name: string): Promise<void> {
  const res = await fetch(path, { headers: idToken ? { authorization: `Bearer ${idToken}` } : {} });
  if (!res.ok) throw new ApiProblem((await res.json()) as Problem);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
