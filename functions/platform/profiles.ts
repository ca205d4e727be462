/**
 * The deployment profiles (cdk.json `powerpermit:profile`; locally POWERPERMIT_PROFILE): what each
 * seals licences and personal data with. `global` is today's platform; `mainland` runs in the AWS
 * China regions with the national algorithms (ADR 0010; identity without Cognito is still to come).
 */
export const PROFILES = {
  global: { seal: 'ES256', personalData: 'A256GCM' },
  mainland: { seal: 'SM2', personalData: 'SM4-GCM' },
} as const;
export type Profile = keyof typeof PROFILES;

export function profileNamed(name: string | undefined): Profile {
  const profile = name ?? 'global';
  if (!(profile in PROFILES)) throw new Error(`the profile is global or mainland, not ${profile}`);
  return profile as Profile;
}
