import { GraphQLError } from 'graphql';
import type { SubgraphName } from './config';
import { HEADERS } from './identity';
import { isInputRefusal } from './input-bounds';

/**
 * A peer subgraph refused the body of an internal call as bad input (a 400 `InputRefusal` of
 * kernel/input-bounds.ts). It is the client's input that was wrong, so it reaches the client as
 * BAD_USER_INPUT, unless the calling service answers with a typed result instead
 * (`onInputRefused`): never as an INTERNAL_SERVER_ERROR.
 */
export class InputRefusedError extends GraphQLError {
  constructor(
    readonly subgraph: SubgraphName,
    readonly route: string,
    readonly field: string,
    message: string,
  ) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', field } });
  }
}

/** For a caller whose answer to refused input is a typed result: the refusal becomes `fallback`; any other failure stays one. */
export function onInputRefused<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if (error instanceof InputRefusedError) return fallback;
    throw error;
  };
}

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
    if (response.status === 400) {
      const refusal: unknown = await response.json().catch(() => null);
      if (isInputRefusal(refusal)) throw new InputRefusedError(subgraph, path, refusal.error.field, refusal.error.message);
    }
    if (!response.ok) throw new Error(`${subgraph} ${path} answered HTTP ${response.status}`);
    return (await response.json()) as T;
  }
}
