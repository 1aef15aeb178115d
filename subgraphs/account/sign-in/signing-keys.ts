import { ACCESS_TOKEN, type KeySet } from '../../../kernel/access-token';
import type { Env } from '../../../kernel/config';
import type { Identity } from '../../../kernel/identity';
import { TokenSigner } from '../../../kernel/token-signer';

/**
 * The account subgraph's access-token keys, from ACCESS_TOKEN_KEYS: a JWKS of private ES256 keys
 * (README "Keys"). An access token names the account and its roles.
 */
export class SigningKeys {
  private constructor(private readonly signer: TokenSigner) {}

  static async fromEnv(env: Env): Promise<SigningKeys> {
    return new SigningKeys(await TokenSigner.fromEnv(env, ACCESS_TOKEN));
  }

  get published(): KeySet {
    return this.signer.published;
  }

  sign(identity: Required<Pick<Identity, 'roles'>> & { accountId: string }, now: Date): Promise<{ token: string; expiresAt: Date }> {
    return this.signer.sign(identity.accountId, { roles: identity.roles }, now);
  }
}
