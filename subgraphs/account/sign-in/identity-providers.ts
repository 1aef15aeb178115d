import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Env } from '../../../kernel/config';

/**
 * Google and Apple sign-in (A3): OpenID Connect ID tokens, checked against the provider's
 * published keys (JWKS), issuer, audience (our client id) and expiry. A provider is enabled by
 * setting its client id; its JWKS URL and issuer default to the provider's published ones.
 */
export type ProviderName = 'google' | 'apple';

interface ProviderConfig {
  jwksUrl: string;
  issuers: string[];
  clientId: string | null;
}

export function providerConfigFromEnv(env: Env): Record<ProviderName, ProviderConfig> {
  return {
    google: {
      jwksUrl: env.GOOGLE_JWKS_URL || 'https://www.googleapis.com/oauth2/v3/certs',
      issuers: env.GOOGLE_ISSUER ? [env.GOOGLE_ISSUER] : ['https://accounts.google.com', 'accounts.google.com'],
      clientId: env.GOOGLE_CLIENT_ID || null,
    },
    apple: {
      jwksUrl: env.APPLE_JWKS_URL || 'https://appleid.apple.com/auth/keys',
      issuers: [env.APPLE_ISSUER || 'https://appleid.apple.com'],
      clientId: env.APPLE_CLIENT_ID || null,
    },
  };
}

export type IdTokenCheck = { email: string } | { problem: 'NOT_CONFIGURED' | 'INVALID' | 'EMAIL_NOT_VERIFIED' };

export class IdentityProviders {
  private readonly keySets = new Map<ProviderName, JWTVerifyGetKey>();

  constructor(private readonly config: Record<ProviderName, ProviderConfig>) {}

  /** The verified e-mail address an ID token vouches for, or why it does not. */
  async verify(provider: ProviderName, idToken: string, now: Date): Promise<IdTokenCheck> {
    const config = this.config[provider];
    if (!config.clientId) return { problem: 'NOT_CONFIGURED' };
    let keys = this.keySets.get(provider);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 60 * 60_000 });
      this.keySets.set(provider, keys);
    }
    try {
      const { payload } = await jwtVerify(idToken, keys, {
        issuer: config.issuers,
        audience: config.clientId,
        algorithms: ['RS256', 'ES256'],
        currentDate: now,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      // Google sends a boolean, Apple the string "true".
      const verified = payload.email_verified === true || payload.email_verified === 'true';
      if (typeof payload.email !== 'string' || !payload.email) return { problem: 'INVALID' };
      if (!verified) return { problem: 'EMAIL_NOT_VERIFIED' };
      return { email: payload.email };
    } catch {
      return { problem: 'INVALID' };
    }
  }
}
