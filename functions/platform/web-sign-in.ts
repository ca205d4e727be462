import * as z from 'zod';

/**
 * How the web workbench and portal sign people in (OpenID Connect authorization code + PKCE, web/shared/sign-in.ts):
 * the provider's endpoints and the web client's id. Cognito's hosted UI in the global profile (infra/app-stack.ts),
 * the government identity service in the mainland one (cdk.json `powerpermit:oidcWebClient`), the local issuer's
 * sign-in page locally (local/sign-in.ts). The platform API's WEB_SIGN_IN holds it as JSON; it is public by nature
 * (a public client). Schema only: the pages import it too.
 */
export const WebSignIn = z.object({
  authorizationEndpoint: z.url(),
  tokenEndpoint: z.url(),
  endSessionEndpoint: z.url().optional(),
  /** What the end-session endpoint calls the address to come back to (Cognito: logout_uri). */
  logoutRedirectParameter: z.enum(['post_logout_redirect_uri', 'logout_uri']).default('post_logout_redirect_uri'),
  clientId: z.string().min(1),
  scope: z.string().default('openid'),
});
export type WebSignIn = z.infer<typeof WebSignIn>;
