import { SignJWT, importJWK, type JWK, type JWTPayload, type KeyLike } from 'jose';
import { TOKEN_ALGORITHM, TOKEN_AUDIENCE, publicKeySet, type KeySet, type TokenIssuer } from './access-token';
import type { Env } from './config';
import { StartupError } from './errors';

/**
 * Signs the bearer tokens of one issuer (the account subgraph's access tokens, the order
 * subgraph's order tokens) with the private ES256 keys of an environment variable holding a
 * JWKS. The first key signs; every key is published, so tokens signed by a key being retired
 * stay valid until they expire (README "Keys").
 */
export class TokenSigner {
  private constructor(
    private readonly issuer: TokenIssuer,
    private readonly signing: { key: KeyLike; kid: string },
    /** The public keys, served at the issuer's /.well-known/jwks.json. */
    readonly published: KeySet,
  ) {}

  static async fromEnv(env: Env, issuer: TokenIssuer): Promise<TokenSigner> {
    const variable = issuer.keysVariable;
    const raw = env[variable];
    if (!raw) {
      throw new StartupError(`${variable} is not set: \`npm start\` makes one for development; elsewhere run \`npm run keys\` and set its output.`);
    }
    let keys: JWK[];
    try {
      keys = (JSON.parse(raw) as KeySet).keys;
      if (!Array.isArray(keys) || keys.length === 0) throw new Error('no keys');
    } catch {
      throw new StartupError(`${variable} is not a JWKS ({"keys":[…]}) of private ES256 keys: run \`npm run keys\` to make one.`);
    }
    const first = keys[0];
    if (!first.kid || !first.d || keys.some((k) => k.kty !== 'EC' || k.crv !== 'P-256' || !k.kid)) {
      throw new StartupError(`${variable} must hold private P-256 (ES256) keys, each with a kid: run \`npm run keys\` to make one.`);
    }
    const key = (await importJWK(first, TOKEN_ALGORITHM)) as KeyLike;
    return new TokenSigner(issuer, { key, kid: first.kid }, publicKeySet({ keys }));
  }

  /** A token for `subject` with extra claims, valid for the issuer's lifetime from `now`. */
  async sign(subject: string, claims: JWTPayload, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((issuedAt + this.issuer.ttlSeconds) * 1000);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: this.signing.kid, typ: 'JWT' })
      .setIssuer(this.issuer.issuer)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.signing.key);
    return { token, expiresAt };
  }
}
