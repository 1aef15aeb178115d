import { Agent } from 'undici';
import { DEFAULT_SUBGRAPH_IDLE_TIMEOUT_MS } from '../kernel/config';

/**
 * The gateway's connections to its subgraphs: one undici pool per subgraph, kept alive.
 *
 * A connection idle for `idleTimeoutMs` is closed by the gateway, which must happen before the
 * subgraph closes it (its keep-alive, KEEP_ALIVE_TIMEOUT_MS, 65 s by default): a request sent
 * on a connection the server is closing at that moment fails with ECONNRESET. undici would
 * otherwise take the server's `Keep-Alive: timeout=65` hint (less 2 s) as its idle timeout,
 * so the hint is capped at ours.
 */
export function subgraphAgent(idleTimeoutMs = DEFAULT_SUBGRAPH_IDLE_TIMEOUT_MS): Agent {
  return new Agent({
    keepAliveTimeout: idleTimeoutMs,
    keepAliveMaxTimeout: idleTimeoutMs,
    // Per subgraph origin: as many as the gateway has requests to it at once, capped.
    connections: 64,
  });
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** The connection broke under the request (the server closed or reset it): worth one more try for a read. */
export function isConnectionReset(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code && RESET_CODES.has(e.code)) return true;
  }
  return false;
}

/** A subgraph operation the gateway planned as a read (`query …` or `{ … }`): never a mutation. */
export function isQueryDocument(document: string | undefined): boolean {
  return document !== undefined && /^\s*(?:query\b|\{)/.test(document);
}
