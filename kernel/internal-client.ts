import type { SubgraphName } from './config';
import { HEADERS } from './identity';

/**
 * Synchronous calls between subgraphs, for the few answers a customer must get in the same
 * request (A2: is this activation code valid and free?). Effects never go this way: they go
 * through the outbox (X2). Calls carry the internal secret, like gateway traffic.
 */
export class InternalClient {
  constructor(
    private readonly urls: Partial<Record<SubgraphName, string>>,
    private readonly secret: string,
    private readonly timeoutMs = 5000,
  ) {}

  async post<T>(subgraph: SubgraphName, path: string, body: unknown, requestId?: string): Promise<T> {
    const base = this.urls[subgraph];
    if (!base) throw new Error(`no URL configured for the ${subgraph} subgraph`);
    const response = await fetch(base.replace(/\/graphql$/, '') + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [HEADERS.gatewaySecret]: this.secret, ...(requestId ? { [HEADERS.requestId]: requestId } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`${subgraph} ${path} answered HTTP ${response.status}`);
    return (await response.json()) as T;
  }
}
