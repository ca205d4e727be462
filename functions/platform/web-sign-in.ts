import * as z from 'zod';

/**
 * How the web workbench and portal sign people in (OpenID Connect authorization code + PKCE, web/shared/sign-in.ts):
 * the provider's endpoints and the web client's id. Cognito's hosted UI in the global profile (infra/app-stack.ts),
 * the government identity service in the mainland one (cdk.json `powerpermit:oidcWebClient`), the local issuer's
 * sign-in page locally (local/sign-in.ts). The platform API's WEB_SIGN_IN holds it as JSON; it is public by nature
 * (a public client). Schema only: the pages import it too.
 */
export const WebSignIn = z
  .object({
    /** The issuer its ID tokens name (`iss`): the pages check each token they are given against it (oauth4webapi). */
    issuer: z.string().min(1),
    /** The algorithms its ID tokens are signed with (Cognito: RS256; the identity service: as its configuration says). */
    signingAlgorithms: z.array(z.string().min(1)).min(1).default(['RS256']),
    authorizationEndpoint: z.url(),
    tokenEndpoint: z.url(),
    /** Where signing out revokes the tab's refresh token (RFC 7009), on the token endpoint's origin (the CSP allows no other). */
    revocationEndpoint: z.url().optional(),
    endSessionEndpoint: z.url().optional(),
    /** What the end-session endpoint calls the address to come back to (Cognito: logout_uri). */
    logoutRedirectParameter: z.enum(['post_logout_redirect_uri', 'logout_uri']).default('post_logout_redirect_uri'),
    clientId: z.string().min(1),
    scope: z.string().default('openid'),
  })
  .refine((c) => !c.revocationEndpoint || originOf(c.revocationEndpoint) === originOf(c.tokenEndpoint), {
    message: 'the revocation endpoint is on the token endpoint’s origin',
    path: ['revocationEndpoint'],
  });
export type WebSignIn = z.infer<typeof WebSignIn>;

/**
 * The origin the pages fetch from in signing in (the token endpoint: the code exchange and the refresh), which
 * their Content Security Policy must allow. Read from the URL's text rather than parsed: in the template the
 * Cognito domain is a CloudFormation token (`https://${Token[…]}.auth.${Token[…]}.amazoncognito.com/oauth2/token`),
 * and a token has no slash.
 */
export const tokenEndpointOrigin = (signIn: Pick<WebSignIn, 'tokenEndpoint'>): string => originOf(signIn.tokenEndpoint);

function originOf(url: string): string {
  const origin = /^https?:\/\/[^/?#]+/.exec(url)?.[0];
  if (!origin) throw new Error(`not an absolute URL: ${url}`);
  return origin;
}
