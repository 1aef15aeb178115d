import { ORDER_TOKEN, type KeySet } from '../../../kernel/access-token';
import type { Env } from '../../../kernel/config';
import { TokenSigner } from '../../../kernel/token-signer';

/**
 * The order subgraph's order tokens (O8), from ORDER_TOKEN_KEYS: a bearer token that opens one
 * order (its subject is `order:<id>`) and nothing else. Signed here, where orders live; the
 * gateway verifies them against the keys this subgraph publishes.
 */
export class OrderTokens {
  private constructor(private readonly signer: TokenSigner) {}

  static async fromEnv(env: Env): Promise<OrderTokens> {
    return new OrderTokens(await TokenSigner.fromEnv(env, ORDER_TOKEN));
  }

  get published(): KeySet {
    return this.signer.published;
  }

  issue(orderId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
    return this.signer.sign(`order:${orderId}`, {}, now);
  }
}
