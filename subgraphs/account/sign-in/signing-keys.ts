import { SignJWT, importJWK, type JWK, type KeyLike } from 'jose';
import { ACCESS_TOKEN, publicKeySet, type KeySet } from '../../../kernel/access-token';
import type { Env } from '../../../kernel/config';
import { StartupError } from '../../../kernel/errors';
import type { Identity } from '../../../kernel/identity';

/**
 * The account subgraph's signing keys, from ACCESS_TOKEN_KEYS: a JWKS of private ES256 keys.
 * The first key signs; every key is published, so tokens signed by a key being retired stay
 * valid until they expire (README, "Rotating the signing key").
 */
export class SigningKeys {
  private constructor(
    private readonly signing: { key: KeyLike; kid: string },
    readonly published: KeySet,
  ) {}

  static async fromEnv(env: Env): Promise<SigningKeys> {
    const raw = env.ACCESS_TOKEN_KEYS;
    if (!raw) {
      throw new StartupError('ACCESS_TOKEN_KEYS is not set: `npm start` makes one for development; elsewhere run `npm run keys` and set its output.');
    }
    let keys: JWK[];
    try {
      keys = (JSON.parse(raw) as KeySet).keys;
      if (!Array.isArray(keys) || keys.length === 0) throw new Error('no keys');
    } catch {
      throw new StartupError('ACCESS_TOKEN_KEYS is not a JWKS ({"keys":[…]}) of private ES256 keys: run `npm run keys` to make one.');
    }
    const first = keys[0];
    if (!first.kid || !first.d || keys.some((k) => k.kty !== 'EC' || k.crv !== 'P-256' || !k.kid)) {
      throw new StartupError('ACCESS_TOKEN_KEYS must hold private P-256 (ES256) keys, each with a kid: run `npm run keys` to make one.');
    }
    const key = (await importJWK(first, ACCESS_TOKEN.algorithm)) as KeyLike;
    return new SigningKeys({ key, kid: first.kid }, publicKeySet({ keys }));
  }

  async sign(identity: Required<Pick<Identity, 'roles'>> & { accountId: string }, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((issuedAt + ACCESS_TOKEN.ttlSeconds) * 1000);
    const token = await new SignJWT({ roles: identity.roles })
      .setProtectedHeader({ alg: ACCESS_TOKEN.algorithm, kid: this.signing.kid, typ: 'JWT' })
      .setIssuer(ACCESS_TOKEN.issuer)
      .setAudience(ACCESS_TOKEN.audience)
      .setSubject(identity.accountId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.signing.key);
    return { token, expiresAt };
  }
}
