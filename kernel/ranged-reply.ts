import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import parseRange from 'range-parser';

/**
 * A stored file as HTTP serves it: its size and validators, and a way to read all of it or one
 * byte range (inclusive bounds, as HTTP counts them) as a stream, so that nothing holds a
 * whole file in memory.
 */
export interface RangedSource {
  size: number;
  /** A strong validator (quoted), the same for the same bytes on every replica. */
  etag: string;
  lastModified: Date;
  contentType: string;
  /** `Content-Disposition`, e.g. `attachment; filename="…"`. */
  disposition: string;
  open(range?: { start: number; end: number }): Promise<Readable>;
}

/** What a streaming route answers: status, headers, and a body (a stream for file bytes). */
export interface StreamReply {
  status: number;
  headers: Record<string, string>;
  body: Readable | Buffer | string | null;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** If-None-Match: a list of entity tags (weak comparison, as RFC 9110 asks for this header), or "*". */
function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * If-Range: resume only if the file is the one the client started with. An entity tag must
 * match strongly (a weak one never does); a date must not be older than the file's last change.
 */
function rangeStillApplies(header: string | undefined, source: RangedSource): boolean {
  if (!header) return true;
  const value = header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === source.etag;
  const date = Date.parse(value);
  return Number.isFinite(date) && Math.floor(source.lastModified.getTime() / 1000) * 1000 <= date;
}

/**
 * HTTP/1.1 byte ranges (RFC 9110 §14) over a stored file, as the `send` package serves files
 * from disk, for a source that is not a local path (the storage port: a directory, or an
 * S3-compatible bucket): `Accept-Ranges: bytes`; one range gets 206 with `Content-Range`; a
 * range past the end gets 416 with `Content-Range: bytes *\/size` and no bytes; a malformed
 * Range header, several ranges, or an `If-Range` the file no longer matches get the whole file
 * (200), which the RFC allows; `If-None-Match` gets 304. The Range header is parsed by
 * `range-parser` (the parser of `send` and Express).
 */
export async function rangedReply(source: RangedSource, request: { method: string; headers: IncomingHttpHeaders }): Promise<StreamReply> {
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    etag: source.etag,
    'last-modified': source.lastModified.toUTCString(),
    'content-type': source.contentType,
    'content-disposition': source.disposition,
    // A signed link is one person's: shared caches keep nothing, and nothing re-encodes the bytes
    // (a compressed body would not match the byte ranges).
    'cache-control': 'private, no-transform',
  };
  const head = request.method === 'HEAD';
  if (noneMatch(single(request.headers['if-none-match']), source.etag)) return { status: 304, headers, body: null };

  const range = single(request.headers.range);
  if (range && rangeStillApplies(single(request.headers['if-range']), source)) {
    const ranges = parseRange(source.size, range, { combine: true });
    if (ranges === -1) return { status: 416, headers: { ...headers, 'content-range': `bytes */${source.size}`, 'content-length': '0' }, body: null };
    if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1) {
      const [{ start, end }] = ranges;
      headers['content-range'] = `bytes ${start}-${end}/${source.size}`;
      headers['content-length'] = String(end - start + 1);
      return { status: 206, headers, body: head ? null : await source.open({ start, end }) };
    }
  }
  headers['content-length'] = String(source.size);
  return { status: 200, headers, body: head ? null : await source.open() };
}
