import type { Clock } from '../../../kernel/clock';
import { intFromEnv, type Env } from '../../../kernel/config';
import type { StreamReply } from '../../../kernel/ranged-reply';
import { urlSignerFromEnv, type UrlSigner } from '../../../kernel/signed-url';

/** Which file a verified link names. */
export type FileLink =
  | { kind: 'download'; orderId: string; itemId: string; fileId: string }
  | { kind: 'invoice'; orderId: string; masked: boolean };

/**
 * The signed links of an order's files (O10 downloads, O13 invoice PDFs), on the gateway's
 * public address: `/downloads/<order>/<item>/<file>/<file name>` and
 * `/invoices/<order>/<invoice number>.pdf`, each valid for DOWNLOAD_LINK_MINUTES (15). The
 * gateway passes requests for them to this subgraph, which checks the signature before it reads
 * anything. A link is made afresh each time the order is read, so re-downloading works at any
 * time while each link expires soon.
 */
export class FileLinks {
  constructor(
    private readonly signer: UrlSigner,
    private readonly clock: Clock,
    readonly ttlMs: number,
  ) {}

  static fromEnv(env: Env, clock: Clock): FileLinks {
    return new FileLinks(urlSignerFromEnv(env), clock, intFromEnv(env, 'DOWNLOAD_LINK_MINUTES', 15, 1, 24 * 60) * 60_000);
  }

  private expiry(): Date {
    return new Date(Math.floor((this.clock.now().getTime() + this.ttlMs) / 1000) * 1000);
  }

  download(publicUrl: string, file: { orderId: string; itemId: string; fileId: string; fileName: string }): { url: string; expiresAt: Date } {
    const expiresAt = this.expiry();
    const path = ['downloads', file.orderId, file.itemId, file.fileId, file.fileName].map(encodeURIComponent).join('/');
    return { url: `${publicUrl}${this.signer.sign(`/${path}`, expiresAt)}`, expiresAt };
  }

  /** An analyst's link renders the invoice with the personal data masked; the flag is signed with the rest. */
  invoice(publicUrl: string, invoice: { orderId: string; number: string; masked: boolean }): { url: string; expiresAt: Date } {
    const expiresAt = this.expiry();
    const path = `/invoices/${encodeURIComponent(invoice.orderId)}/${encodeURIComponent(invoice.number)}.pdf${invoice.masked ? '?view=masked' : ''}`;
    return { url: `${publicUrl}${this.signer.sign(path, expiresAt)}`, expiresAt };
  }

  /** What a request's target names, or the 403 to answer (no bytes of any file). */
  verify(target: string): FileLink | StreamReply {
    const checked = this.signer.verify(target, this.clock.now());
    if (!checked.ok) {
      return checked.reason === 'expired'
        ? refusal(403, 'LINK_EXPIRED', 'This link has expired. Open your order again for a fresh one.')
        : refusal(403, 'LINK_INVALID', 'This link is not valid. Open your order again for a working one.');
    }
    const parts = checked.path.split('/').slice(1).map((part) => decodeURIComponent(part));
    if (parts[0] === 'downloads' && parts.length === 5) return { kind: 'download', orderId: parts[1], itemId: parts[2], fileId: parts[3] };
    if (parts[0] === 'invoices' && parts.length === 3) return { kind: 'invoice', orderId: parts[1], masked: checked.params.get('view') === 'masked' };
    return refusal(403, 'LINK_INVALID', 'This link is not valid. Open your order again for a working one.');
  }
}

/** A refusal of a file route: a short JSON body, never file bytes. */
export function refusal(status: number, code: string, message: string): StreamReply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify({ error: { code, message } }) };
}
