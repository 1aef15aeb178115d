import { createHash } from 'node:crypto';
import http from 'node:http';
import { DEMO } from '../../kernel/demo';
import { startTestGraph, type TestGraph } from '../support/graph';
import { AFTER_SALE, placeOrder, run, type PlacedOrder } from './support';

interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with node:http (no decompression, no retries): what a browser's download manager sends. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/** Starts a download and drops the connection once at least `bytes` arrived: a download that stops. */
function getUntil(url: string, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const request = http.get(url, (response) => {
      response.on('data', (c: Buffer) => {
        chunks.push(c);
        received += c.length;
        if (received >= bytes) {
          request.destroy();
          resolve(Buffer.concat(chunks));
        }
      });
      response.on('end', () => reject(new Error('the whole file arrived before the connection was dropped')));
    });
    request.on('error', (error) => (received >= bytes ? undefined : reject(error)));
  });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** O10: downloads from the order, on the gateway's public port, signed, expiring, resumable. */
describe('downloads (O10)', () => {
  let graph: TestGraph;
  let order: PlacedOrder;
  let files: Array<{ fileName: string; sizeBytes: number; url: string; expiresAt: string; sha256: string }>;
  const downloadsOf = async (id: string, token: string) => (await run(graph, `query($id: ID!) { order(id: $id) { downloads { fileName sizeBytes url expiresAt sha256 orderItemId label } } }`, { id }, { token })).order.downloads;

  beforeAll(async () => {
    graph = await startTestGraph();
    order = await placeOrder(graph, { lines: [{ productId: DEMO.products.maximumSecurity, quantity: 1 }, { productId: DEMO.products.pcTuneUp, quantity: 1 }] });
    files = await downloadsOf(order.id, order.token);
  });
  afterAll(() => graph.close());

  it('O10: OrderPage lists each downloaded item\'s files with name, size, a signed link on the gateway\'s public port, and its expiry', async () => {
    const page = (await run(graph, AFTER_SALE.orderPage, { id: order.id }, { token: order.token })).order;
    expect(page.downloads.map((d: any) => d.fileName).sort()).toEqual(['MaximumSecurity-2026-Setup.exe', 'MaximumSecurity-2026.dmg', 'PCTuneUp-Setup.exe']);
    const origin = new URL(graph.gateway.url).origin;
    for (const file of page.downloads) {
      expect(file.url.startsWith(`${origin}/downloads/${order.id}/`)).toBe(true);
      expect(file.url).toMatch(/[?&]expires=\d+&signature=[A-Za-z0-9_-]{43}$/);
      expect(new Date(file.expiresAt).getTime()).toBe(graph.clock.now().getTime() + 15 * 60_000);
      expect(file.sizeBytes).toBeGreaterThan(2 * 1024 * 1024);
    }
  });

  it('O10: the link streams the whole file, with its ETag and Accept-Ranges, and the bytes hash as the order says', async () => {
    const file = files.find((f) => f.fileName === 'PCTuneUp-Setup.exe')!;
    const whole = await get(file.url);
    expect(whole.status).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-length']).toBe(String(file.sizeBytes));
    expect(whole.headers['content-type']).toBe('application/octet-stream');
    expect(whole.headers['content-disposition']).toBe('attachment; filename=PCTuneUp-Setup.exe');
    expect(whole.headers.etag).toBe(`"${file.sha256}"`);
    expect(whole.headers['content-encoding']).toBeUndefined();
    expect(whole.body.length).toBe(file.sizeBytes);
    expect(sha256(whole.body)).toBe(file.sha256);
    const head = await get(file.url, {}, 'HEAD');
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, String(file.sizeBytes), 0]);
  });

  it('O10: a download stopped halfway resumes with Range and If-Range, and the joined bytes hash like the whole file', async () => {
    const file = files.find((f) => f.fileName === 'MaximumSecurity-2026-Setup.exe')!;
    const firstPart = await getUntil(file.url, Math.floor(file.sizeBytes / 2));
    expect(firstPart.length).toBeLessThan(file.sizeBytes);
    // "Begin download" again: the order gives a fresh link, which resumes where the first left off.
    graph.clock.advance(60_000);
    const again = (await downloadsOf(order.id, order.token)).find((f: any) => f.fileName === file.fileName);
    expect(again.url).not.toBe(file.url);
    const rest = await get(again.url, { range: `bytes=${firstPart.length}-`, 'if-range': `"${file.sha256}"` });
    expect(rest.status).toBe(206);
    expect(rest.headers['content-range']).toBe(`bytes ${firstPart.length}-${file.sizeBytes - 1}/${file.sizeBytes}`);
    expect(rest.headers['content-length']).toBe(String(file.sizeBytes - firstPart.length));
    expect(sha256(Buffer.concat([firstPart, rest.body]))).toBe(file.sha256);
  });

  it('O10: byte ranges as HTTP/1.1 has them: a middle slice, a suffix, 416 past the end, the whole file when If-Range no longer matches', async () => {
    const file = files.find((f) => f.fileName === 'PCTuneUp-Setup.exe')!;
    const whole = (await get(file.url)).body;
    const middle = await get(file.url, { range: 'bytes=1000-1999' });
    expect([middle.status, middle.headers['content-range'], middle.body.equals(whole.subarray(1000, 2000))]).toEqual([206, `bytes 1000-1999/${file.sizeBytes}`, true]);
    const suffix = await get(file.url, { range: 'bytes=-500' });
    expect([suffix.status, suffix.body.equals(whole.subarray(file.sizeBytes - 500))]).toEqual([206, true]);
    const past = await get(file.url, { range: `bytes=${file.sizeBytes}-` });
    expect([past.status, past.headers['content-range'], past.body.length]).toEqual([416, `bytes */${file.sizeBytes}`, 0]);
    const changed = await get(file.url, { range: 'bytes=0-99', 'if-range': '"another-version"' });
    expect([changed.status, changed.body.length]).toEqual([200, file.sizeBytes]);
    const malformed = await get(file.url, { range: 'bytes=oops' });
    expect([malformed.status, malformed.body.length]).toEqual([200, file.sizeBytes]);
    const unchanged = await get(file.url, { 'if-none-match': `"${file.sha256}"` });
    expect([unchanged.status, unchanged.body.length]).toEqual([304, 0]);
  });

  it('O10: a link with one byte changed, another order\'s id, or an old expiry gets 403 and no bytes', async () => {
    const file = files[0];
    const url = new URL(file.url);
    const signature = url.searchParams.get('signature')!;
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    const tampered = [
      file.url.replace(`signature=${signature}`, `signature=${flipped}`),
      file.url.replace(order.id, DEMO.orders.download),
      file.url.replace(/expires=(\d+)/, (_m, t) => `expires=${Number(t) + 3600}`),
      file.url.replace(file.fileName, `${file.fileName}x`),
      file.url.replace(/&signature=.*$/, ''),
    ];
    for (const target of tampered) {
      const refused = await get(target);
      expect([refused.status, JSON.parse(refused.body.toString()).error.code]).toEqual([403, 'LINK_INVALID']);
      expect(refused.body.length).toBeLessThan(200);
    }
    graph.clock.advance(16 * 60_000);
    const expired = await get(file.url);
    expect([expired.status, JSON.parse(expired.body.toString()).error.code]).toEqual([403, 'LINK_EXPIRED']);
    // Re-downloading works at any time: the order gives a fresh link.
    const fresh = (await downloadsOf(order.id, (await run(graph, `mutation($i: LookupOrderInput!) { lookupOrder(input: $i) { ... on OrderAccess { token } } }`, { i: { orderNumber: order.number, orderPassword: order.password } })).lookupOrder.token))[0];
    expect((await get(fresh.url, { range: 'bytes=0-0' })).status).toBe(206);
  });

  it('O10: nothing is delivered while a wire transfer is awaited', async () => {
    const wire = await placeOrder(graph, { payment: { wireTransfer: true } });
    expect(await downloadsOf(wire.id, wire.token)).toEqual([]);
  });

  it('O10: the subgraph serves files only to the gateway', async () => {
    const file = files[0];
    const direct = await get(file.url.replace(new URL(graph.gateway.url).origin, new URL(graph.subgraphs.order.url).origin));
    expect(direct.status).toBe(401);
  });
});
