/**
 * Sign-in for the workbench and the portal: OpenID Connect authorization code with PKCE (RFC 7636, S256) against
 * the provider GET /v1/public/sign-in names — Cognito's hosted sign-in, the government identity service, or the
 * local issuer's page. The tokens live in this page's memory only (never in storage a script injected elsewhere
 * could read); only the PKCE verifier and the state wait in sessionStorage while the browser is away at the
 * provider. The ID token is renewed with the refresh token a minute before it runs out. The app is one page (its
 * paths are rewritten to it), so moving around it keeps the tokens.
 */
interface SignInConfig {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  endSessionEndpoint?: string;
  logoutRedirectParameter: 'post_logout_redirect_uri' | 'logout_uri';
  clientId: string;
  scope: string;
}
interface Tokens {
  idToken: string;
  refreshToken?: string;
  expiresAt: number;
}
export interface Claims {
  sub: string;
  role: string;
  agencyId?: string;
  enterpriseId?: string;
  companyId?: string;
}

const PENDING = 'pp.sign-in';
let tokens: Tokens | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let config: SignInConfig | undefined;

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomString = (bytes: number): string => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

async function signInConfig(): Promise<SignInConfig> {
  config ??= (await (await fetch('/v1/public/sign-in')).json()) as SignInConfig;
  return config;
}

/** The page the provider sends the browser back to: the app's root (registered with the provider as such). */
const redirectUri = (appRoot: string): string => `${location.origin}${appRoot}`;

/** Off to the provider; back at `appRoot` with a code, which `completeSignIn` exchanges. */
export async function signIn(appRoot: string): Promise<never> {
  const c = await signInConfig();
  const verifier = randomString(48);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = randomString(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo: location.pathname + location.search }));
  const url = new URL(c.authorizationEndpoint);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: c.clientId,
    redirect_uri: redirectUri(appRoot),
    scope: c.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }))
    url.searchParams.set(k, v);
  location.assign(url.toString());
  return new Promise<never>(() => undefined);
}

async function tokenRequest(form: Record<string, string>): Promise<void> {
  const c = await signInConfig();
  const res = await fetch(c.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  if (!res.ok) throw new Error(`the sign-in provider refused: HTTP ${res.status}`);
  const t = (await res.json()) as { id_token: string; refresh_token?: string; expires_in: number };
  tokens = { idToken: t.id_token, refreshToken: t.refresh_token ?? tokens?.refreshToken, expiresAt: Date.now() + t.expires_in * 1000 };
  clearTimeout(refreshTimer);
  if (tokens.refreshToken)
    refreshTimer = setTimeout(
      () => void tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens!.refreshToken!, client_id: c.clientId }),
      Math.max(5_000, t.expires_in * 1000 - 60_000),
    );
}

/**
 * On arrival at `appRoot`: with a code and the state this page left, the code is exchanged for tokens and the page
 * goes on where it was asked for; returns the claims, or undefined when nobody is signed in.
 */
export async function completeSignIn(appRoot: string): Promise<Claims | undefined> {
  const params = new URLSearchParams(location.search);
  const pending = sessionStorage.getItem(PENDING);
  if (params.get('code') && pending) {
    sessionStorage.removeItem(PENDING);
    const { verifier, state, returnTo } = JSON.parse(pending) as { verifier: string; state: string; returnTo: string };
    if (params.get('state') !== state) throw new Error('the sign-in came back with another state: start again');
    const c = await signInConfig();
    await tokenRequest({
      grant_type: 'authorization_code',
      code: params.get('code')!,
      redirect_uri: redirectUri(appRoot),
      client_id: c.clientId,
      code_verifier: verifier,
    });
    history.replaceState(null, '', returnTo.startsWith(appRoot) ? returnTo : appRoot);
  }
  return claims();
}

/** The signed-in person's role and scope, as the ID token says (the API checks the token itself). */
export function claims(): Claims | undefined {
  if (!tokens) return undefined;
  const payload = JSON.parse(atob(tokens.idToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, string>;
  return {
    sub: payload.sub!,
    role: payload['custom:role'] ?? payload.role ?? '',
    agencyId: payload['custom:agencyId'],
    enterpriseId: payload['custom:enterpriseId'],
    companyId: payload['custom:companyId'],
  };
}

/** Forgets the tokens and ends the provider's session, back to `appRoot`. */
export async function signOut(appRoot: string): Promise<void> {
  tokens = undefined;
  clearTimeout(refreshTimer);
  const c = await signInConfig();
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
      ...(tokens ? { authorization: `Bearer ${tokens.idToken}` } : {}),
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
  const res = await fetch(path, { headers: tokens ? { authorization: `Bearer ${tokens.idToken}` } : {} });
  if (!res.ok) throw new ApiProblem((await res.json()) as Problem);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
