import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, importJWK, type JWK, type KeyLike, SignJWT } from 'jose';
import * as z from 'zod';
import { CLAIM, Role } from '../functions/platform/auth';
import type { OidcConfigInput } from '../functions/platform/oidc';
import type { SealAlgorithm } from '../functions/platform/signing';
import { LOCAL_KEY_FILES } from '../functions/platform/signing.local';
import { sm2 } from 'sm-crypto-v2';

/**
 * Keys of the local runtime, generated into `.local/keys/` on first start and kept across
 * restarts: the token issuer (stands in for Cognito) and the e-seal signing key (stands in for
 * the KMS key). ECDSA P-256, and an SM2 e-seal key for the mainland profile.
 */

/** Where `npm start` keeps its data and keys: .local/, or POWERPERMIT_DATA_DIR (a second platform, the README walk test). */
export const localDataDir = (): string => process.env.POWERPERMIT_DATA_DIR ?? join(__dirname, '..', '.local');

/** A new SM2 key pair as a private JWK (x, y, d base64url, 32 bytes each). */
export function generateSm2Jwk(): JWK {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  const b64 = (h: string) => Buffer.from(h.padStart(64, '0'), 'hex').toString('base64url');
  return { kty: 'EC', crv: 'SM2', x: b64(publicKey.slice(2, 66)), y: b64(publicKey.slice(66)), d: b64(privateKey) };
}

export const LOCAL_ISSUER = 'https://auth.powerpermit.local';
export const LOCAL_AUDIENCE = 'powerpermit-api';
/** The web pages' client at the local issuer (local/sign-in.ts): their ID tokens name it as their audience, as Cognito's do. */
export const LOCAL_WEB_CLIENT = 'powerpermit-web-local';

function ensureKey(dir: string, name: string): JWK {
  const file = join(dir, `${name}.jwk.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as JWK;
  return writeKey(dir, file, name);
}

function writeKey(dir: string, file: string, name: string, created = Date.now(), algorithm: SealAlgorithm = 'ES256'): JWK {
  mkdirSync(dir, { recursive: true });
  // Node cannot make SM2 keys: the mainland profile's come from sm-crypto-v2.
  const key: JWK = algorithm === 'SM2' ? generateSm2Jwk() : (generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as JWK);
  const jwk = { ...key, kid: `${name}-${randomUUID().slice(0, 8)}`, alg: algorithm, use: 'sig', created } as JWK;
  writeFileSync(file, JSON.stringify(jwk, null, 2), { mode: 0o600 });
  return jwk;
}

/** A new local e-seal key that signs from now on; the earlier ones stay for verification (E3 key rotation). */
export function rotateLocalSigningKey(dir: string, algorithm: SealAlgorithm = 'ES256'): JWK {
  // Strictly newer than every key there (two rotations in one millisecond keep their order).
  const newest = Math.max(
    0,
    ...(existsSync(dir) ? readdirSync(dir) : [])
      .filter((f) => LOCAL_KEY_FILES[algorithm].test(f))
      .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { created?: number }).created ?? 0),
  );
  const created = Math.max(Date.now(), newest + 1);
  const name = algorithm === 'SM2' ? 'sm2-signing' : 'signing';
  return writeKey(dir, join(dir, `${name}-${created}.jwk.json`), name, created, algorithm);
}

export function ensureLocalKeys(dir: string): { issuer: JWK; signing: JWK; piiKeyFile: string; hotlineSecretsFile: string; gatewaySecretsFile: string } {
  const issuer = ensureKey(dir, 'token-issuer');
  const signing = ensureKey(dir, 'signing');
  // The mainland profile's e-seal key (SM2), so that either profile runs on the same data directory.
  if (!existsSync(join(dir, 'sm2-signing.jwk.json'))) writeKey(dir, join(dir, 'sm2-signing.jwk.json'), 'sm2-signing', Date.now(), 'SM2');
  // The master key of personal data at rest (P4) and the 12398 hotline's webhook secret (P1).
  const piiKeyFile = join(dir, 'pii.key');
  if (!existsSync(piiKeyFile)) writeFileSync(piiKeyFile, randomBytes(32), { mode: 0o600 });
  const hotlineSecretsFile = ensureWebhookSecret(join(dir, 'hotline-webhook.json'));
  // The messaging gateway's (the local outbox stands in for it).
  const gatewaySecretsFile = ensureWebhookSecret(join(dir, 'notify-gateway.json'));
  return { issuer, signing, piiKeyFile, hotlineSecretsFile, gatewaySecretsFile };
}

function ensureWebhookSecret(file: string): string {
  if (!existsSync(file)) writeFileSync(file, JSON.stringify({ secrets: [`whsec_${randomBytes(24).toString('base64')}`] }, null, 2), { mode: 0o600 });
  return file;
}

export const TokenRequest = z.object({
  role: Role,
  sub: z.string().min(1).max(128).optional(),
  enterpriseId: z.string().optional(),
  agencyId: z.string().optional(),
  companyId: z.string().optional(),
  departmentId: z.string().optional(),
  ttlSeconds: z.number().int().min(60).max(86_400).optional(),
});
export type TokenRequest = z.infer<typeof TokenRequest>;

/**
 * The local runtime's OpenID Connect issuer configuration, verified as the mainland profile's token
 * authorizer verifies the government identity service's (functions/platform/oidc.ts): its tokens
 * carry our claims as Cognito's do (custom:*), so the claim rules read them as they are. The
 * issuer is a name, not the server's address, so that a token minted by `npm run token` holds for
 * whatever port the platform listens on; discovery and keys are served under /local/oidc/.
 */
export const localOidcConfig = (apiUrl: string): OidcConfigInput => ({
  issuer: LOCAL_ISSUER,
  audience: [LOCAL_AUDIENCE, LOCAL_WEB_CLIENT],
  jwksUri: `${apiUrl}/local/oidc/jwks.json`,
  algorithms: ['ES256'],
  clockSkewSeconds: 5,
  claims: Object.fromEntries(Object.entries(CLAIM).map(([ours, claim]) => [ours, { claim }])) as OidcConfigInput['claims'],
});

/** The local token issuer: mints ID tokens shaped like Cognito's (custom:* claims); the OIDC verifier checks them. */
export class LocalIssuer {
  private constructor(
    private readonly privateKey: KeyLike | Uint8Array,
    private readonly publicKey: KeyLike | Uint8Array,
    private readonly kid: string,
  ) {}

  static async fromJwk(jwk: JWK): Promise<LocalIssuer> {
    const { d: _d, ...pub } = jwk;
    return new LocalIssuer(await importJWK(jwk, 'ES256'), await importJWK(pub, 'ES256'), jwk.kid ?? 'local');
  }

  async mint(req: TokenRequest, now = new Date(), audience = LOCAL_AUDIENCE): Promise<string> {
    const claims: Record<string, string> = { [CLAIM.role]: req.role, token_use: 'id' };
    if (req.enterpriseId) claims[CLAIM.enterpriseId] = req.enterpriseId;
    if (req.agencyId) claims[CLAIM.agencyId] = req.agencyId;
    if (req.companyId) claims[CLAIM.companyId] = req.companyId;
    if (req.departmentId) claims[CLAIM.departmentId] = req.departmentId;
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: this.kid, typ: 'JWT' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(audience)
      .setSubject(req.sub ?? `${req.role}:${req.enterpriseId ?? req.agencyId ?? req.companyId ?? req.departmentId ?? 'admin'}`)
      .setIssuedAt(iat)
      .setExpirationTime(iat + (req.ttlSeconds ?? 8 * 3600))
      .sign(this.privateKey);
  }

  async publicJwk(): Promise<JWK> {
    return { ...(await exportJWK(this.publicKey)), kid: this.kid, alg: 'ES256', use: 'sig' };
  }
}
