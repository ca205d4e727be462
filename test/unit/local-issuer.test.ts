import { importJWK, SignJWT } from 'jose';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalKeys, LOCAL_AUDIENCE, LOCAL_ISSUER, LocalIssuer } from '../../local/keys';

/** The local token issuer refuses what the Cognito authorizer refuses: no expiry, not yet valid, issued in the future. */
describe('local token issuer', () => {
  const keys = ensureLocalKeys(mkdtempSync(join(tmpdir(), 'issuer-')));
  const now = Math.floor(Date.now() / 1000);
  const sign = async (claims: { iat?: number; exp?: number; nbf?: number }) => {
    let jwt = new SignJWT({ 'custom:role': 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: keys.issuer.kid! })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject('admin:x');
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
    if (claims.nbf !== undefined) jwt = jwt.setNotBefore(claims.nbf);
    return jwt.sign(await importJWK(keys.issuer, 'ES256'));
  };

  it('accepts a token it minted, and a well-formed one', async () => {
    const issuer = await LocalIssuer.fromJwk(keys.issuer);
    await expect(issuer.verify(await issuer.mint({ role: 'admin' }))).resolves.toMatchObject({ 'custom:role': 'admin' });
    await expect(issuer.verify(await sign({ iat: now, exp: now + 60 }))).resolves.toMatchObject({ sub: 'admin:x' });
  });

  it.each([
    ['without exp', { iat: now }],
    ['without iat', { exp: now + 60 }],
    ['expired', { iat: now - 120, exp: now - 60 }],
    ['issued in the future', { iat: now + 3600, exp: now + 7200 }],
    ['not valid before a time to come', { iat: now, exp: now + 7200, nbf: now + 3600 }],
  ])('refuses a token %s', async (_what, claims) => {
    const issuer = await LocalIssuer.fromJwk(keys.issuer);
    await expect(issuer.verify(await sign(claims))).rejects.toThrow();
  });
});
