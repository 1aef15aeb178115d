import type { IncomingHttpHeaders } from 'node:http';
import { traceIdOf, traceparentOf } from './tracing';

/** The header Apollo Client, Apollo's iOS and Kotlin clients and Sandbox name themselves in. */
export const CLIENT_NAME_HEADER = 'apollographql-client-name';
/** A client name as metrics and logs keep it; anything else is not recorded. */
export const CLIENT_NAME = /^[\w .@/:-]{1,64}$/;

/** The caller's client name, when it sent one of an acceptable shape. */
export function clientNameOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers[CLIENT_NAME_HEADER];
  return typeof value === 'string' && CLIENT_NAME.test(value) ? value : undefined;
}

/**
 * What every log line of a request carries besides `reqId`: `client` (apollographql-client-name)
 * and, when the process does not trace, the trace id of the client's `traceparent` (`trace_id`),
 * so that its lines can still be found from the client's trace. A process that traces writes
 * its own span's ids instead, once the span is open (kernel/http.ts). The operation's name
 * (`operation`) joins once GraphQL has read the document (kernel/apollo.ts).
 */
export function requestLogBindings(headers: IncomingHttpHeaders, tracing: boolean): { client?: string; trace_id?: string } {
  const bindings: { client?: string; trace_id?: string } = {};
  const client = clientNameOf(headers);
  if (client) bindings.client = client;
  if (!tracing) {
    const traceparent = traceparentOf(headers);
    if (traceparent) bindings.trace_id = traceIdOf(traceparent);
  }
  return bindings;
}
