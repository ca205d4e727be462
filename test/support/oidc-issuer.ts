import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { sm2Sign } from '../../functions/platform/sm2';
import { generateSm2Jwk } from '../../local/keys';

/** A stand-in OpenID Connect issuer for tests: its public key (as its JWKS lists it) and a signer of tokens with any header and claims. */
export async function issuerWith(alg: 'ES256' | 'RS256' | 'SM2', kid = `${alg.toLowerCase()}-1`) {
  let privateJwk: JWK;
  let publicJwk: JWK;
  if (alg === 'SM2') {
    privateJwk = generateSm2Jwk();
    const { d: _d, ...pub } = privateJwk;
    publicJwk = pub;
  } else {
    const pair = await generateKeyPair(alg, { extractable: true });
    privateJwk = await exportJWK(pair.privateKey);
    publicJwk = await exportJWK(pair.publicKey);
  }
  publicJwk = { ...publicJwk, kid, alg, use: 'sig' };
  const sign = async (claims: Record<string, unknown>, header: Record<string, unknown> = {}) => {
    const h = { alg, kid, typ: 'JWT', ...header };
    const input = `${Buffer.from(JSON.stringify(h)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    if (alg === 'SM2') return `${input}.${Buffer.from(await sm2Sign(Buffer.from(input), privateJwk)).toString('base64url')}`;
    return new SignJWT(claims).setProtectedHeader(h as { alg: string }).sign(await importJWK(privateJwk, alg));
  };
  return { publicJwk, sign };
}
