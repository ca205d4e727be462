/**
 * The deployment profiles (cdk.json `powerpermit:profile`; locally POWERPERMIT_PROFILE): what each
 * seals licences and personal data with, and who verifies the callers' tokens. `global` is today's
 * platform (Cognito user pools); `mainland` runs in the AWS China regions with the national
 * algorithms (ADR 0010) and a token authorizer for the government identity service's OpenID
 * Connect tokens, Cognito user pools not being offered there (ADR 0003).
 */
export const PROFILES = {
  global: { seal: 'ES256', personalData: 'A256GCM', identity: 'cognito' },
  mainland: { seal: 'SM2', personalData: 'SM4-GCM', identity: 'oidc' },
} as const;
export type Profile = keyof typeof PROFILES;

export function profileNamed(name: string | undefined): Profile {
  const profile = name ?? 'global';
  if (!(profile in PROFILES)) throw new Error(`the profile is global or mainland, not ${profile}`);
  return profile as Profile;
}
