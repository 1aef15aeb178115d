import { UrlSigner, urlSignerFromEnv } from './signed-url';

describe('signed links (O10, O13)', () => {
  const signer = new UrlSigner('k'.repeat(32));
  const now = new Date('2026-11-18T15:00:00.000Z');
  const inFifteen = new Date(now.getTime() + 15 * 60_000);

  it('verifies its own link until it expires, and gives back the path and parameters', () => {
    const link = signer.sign('/invoices/o-1/INV-2026-000001.pdf?view=masked', inFifteen);
    expect(link).toMatch(/^\/invoices\/o-1\/INV-2026-000001\.pdf\?view=masked&expires=\d+&signature=[A-Za-z0-9_-]{43}$/);
    const checked = signer.verify(link, now);
    expect(checked.ok && [checked.path, checked.params.get('view'), checked.params.has('expires')]).toEqual(['/invoices/o-1/INV-2026-000001.pdf', 'masked', false]);
    expect(signer.verify(link, inFifteen)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a link with any byte changed, another key\'s link, and a link without a signature', () => {
    const link = signer.sign('/downloads/o/i/f/Setup.exe', inFifteen);
    for (let at = 0; at < link.length; at++) {
      const changed = link.slice(0, at) + (link[at] === 'x' ? 'y' : 'x') + link.slice(at + 1);
      expect(signer.verify(changed, now).ok).toBe(false);
    }
    expect(new UrlSigner('j'.repeat(32)).verify(link, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(signer.verify(link.replace(/&signature=.*/, ''), now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('needs DOWNLOAD_URL_KEY of 32+ characters in production', () => {
    expect(() => urlSignerFromEnv({ NODE_ENV: 'production' })).toThrow(/^DOWNLOAD_URL_KEY is not set/);
    expect(() => urlSignerFromEnv({ NODE_ENV: 'production', DOWNLOAD_URL_KEY: 'short' })).toThrow(/at least 32 characters/);
    expect(urlSignerFromEnv({})).toBeInstanceOf(UrlSigner);
  });
});
