import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isProduction, type Env } from './config';
import { StartupError } from './errors';

/**
 * Links a client follows without a bearer token (O10 downloads, O13 invoice PDFs): the path
 * and query, including an expiry, signed with a server key (HMAC-SHA-256), so that a link is
 * bound to what it names (the order, the file) and stops working when it expires. Every byte
 * before the signature is signed: a link with one byte changed, or with an expiry moved, is
 * refused. Links are made fresh with every query, so an old one expiring costs nothing.
 *
 * A link is `<path>?<params>&expires=<unix seconds>&signature=<base64url>`; the verifier gets
 * the raw request target (path and query as sent, not re-encoded), which the gateway passes on
 * unchanged.
 */
export class UrlSigner {
  constructor(private readonly key: string) {}

  /** Signs `target` (a path starting with "/", with or without a query) until `expiresAt`. */
  sign(target: string, expiresAt: Date): string {
    if (!target.startsWith('/')) throw new Error('a signed link starts with /');
    const signed = `${target}${target.includes('?') ? '&' : '?'}expires=${Math.floor(expiresAt.getTime() / 1000)}`;
    return `${signed}&signature=${this.mac(signed).toString('base64url')}`;
  }

  /**
   * Whether a request target carries a valid, unexpired signature; when it does, its path and
   * query parameters (without the signature).
   */
  verify(target: string, now: Date): { ok: true; path: string; params: URLSearchParams } | { ok: false; reason: 'invalid' | 'expired' } {
    const at = target.lastIndexOf('&signature=');
    if (at < 0) return { ok: false, reason: 'invalid' };
    const signed = target.slice(0, at);
    const presented = Buffer.from(target.slice(at + '&signature='.length), 'base64url');
    const expected = this.mac(signed);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { ok: false, reason: 'invalid' };
    const url = new URL(signed, 'http://link.invalid');
    const expires = Number(url.searchParams.get('expires'));
    if (!Number.isInteger(expires) || expires * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
    url.searchParams.delete('expires');
    return { ok: true, path: url.pathname, params: url.searchParams };
  }

  private mac(signed: string): Buffer {
    // A purpose prefix: this key signs nothing else, but a digest of these bytes means one thing.
    return createHmac('sha256', this.key).update('commerce-graph link v1\n').update(signed).digest();
  }
}

/**
 * DOWNLOAD_URL_KEY: 32+ characters, the same on every replica of the order subgraph; `npm start`
 * keeps one in .data/. Changing it ends the links out, which last minutes. Production must set
 * it; elsewhere an unset key is a random one of this process (its links die with it).
 */
export function urlSignerFromEnv(env: Env): UrlSigner {
  const key = env.DOWNLOAD_URL_KEY ?? '';
  if (!key && !isProduction(env)) return new UrlSigner(randomBytes(32).toString('base64url'));
  if (!key) throw new StartupError('DOWNLOAD_URL_KEY is not set: production needs 32+ random characters (openssl rand -base64 32), the same on every order subgraph replica.');
  if (key.length < 32) throw new StartupError('DOWNLOAD_URL_KEY must be at least 32 characters: use openssl rand -base64 32.');
  return new UrlSigner(key);
}
