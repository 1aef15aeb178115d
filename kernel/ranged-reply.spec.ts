import { Readable } from 'node:stream';
import { rangedReply, type RangedSource } from './ranged-reply';

/** HTTP/1.1 byte ranges (RFC 9110 §14) over a stored file: the rules, without a server. */
describe('byte ranges (O10)', () => {
  const bytes = Buffer.from('0123456789abcdefghij');
  const opened: Array<{ start: number; end: number } | undefined> = [];
  const source: RangedSource = {
    size: bytes.length,
    etag: '"v1"',
    lastModified: new Date('2026-11-18T10:00:00.000Z'),
    contentType: 'application/octet-stream',
    disposition: 'attachment; filename=x.bin',
    open: async (range) => {
      opened.push(range);
      return Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes]);
    },
  };
  const reply = (headers: Record<string, string>, method = 'GET') => rangedReply(source, { method, headers });
  const read = async (body: unknown) => Buffer.concat(await (body as Readable).toArray()).toString();

  it('answers the whole file with Accept-Ranges and validators', async () => {
    const whole = await reply({});
    expect([whole.status, whole.headers['accept-ranges'], whole.headers.etag, whole.headers['content-length'], await read(whole.body)]).toEqual([200, 'bytes', '"v1"', '20', bytes.toString()]);
  });

  it('answers one range with 206 and Content-Range, a suffix too', async () => {
    const part = await reply({ range: 'bytes=5-9' });
    expect([part.status, part.headers['content-range'], part.headers['content-length'], await read(part.body)]).toEqual([206, 'bytes 5-9/20', '5', '56789']);
    const suffix = await reply({ range: 'bytes=-3' });
    expect([suffix.headers['content-range'], await read(suffix.body)]).toEqual(['bytes 17-19/20', 'hij']);
    const open = await reply({ range: 'bytes=18-' });
    expect(await read(open.body)).toBe('ij');
  });

  it('answers 416 with the size and no bytes for a range past the end', async () => {
    opened.length = 0;
    const past = await reply({ range: 'bytes=20-' });
    expect([past.status, past.headers['content-range'], past.body]).toEqual([416, 'bytes */20', null]);
    expect(opened).toEqual([]);
  });

  it('answers the whole file for a malformed Range, several ranges, or an If-Range that no longer matches', async () => {
    for (const headers of <Array<Record<string, string>>>[{ range: 'bytes=x-y' }, { range: 'bytes=0-1,5-6' }, { range: 'items=0-1' }, { range: 'bytes=0-1', 'if-range': '"v0"' }, { range: 'bytes=0-1', 'if-range': 'W/"v1"' }, { range: 'bytes=0-1', 'if-range': 'Tue, 17 Nov 2026 10:00:00 GMT' }]) {
      expect((await reply(headers)).status).toBe(200);
    }
    expect((await reply({ range: 'bytes=0-1', 'if-range': '"v1"' })).status).toBe(206);
    expect((await reply({ range: 'bytes=0-1', 'if-range': 'Wed, 18 Nov 2026 10:00:00 GMT' })).status).toBe(206);
  });

  it('answers 304 for a matching If-None-Match, and HEAD without opening the file', async () => {
    expect((await reply({ 'if-none-match': 'W/"v1", "v2"' })).status).toBe(304);
    opened.length = 0;
    const head = await reply({ range: 'bytes=0-4' }, 'HEAD');
    expect([head.status, head.headers['content-length'], head.body, opened]).toEqual([206, '5', null, []]);
  });
});
