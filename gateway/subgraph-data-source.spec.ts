import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { HEADERS } from '../kernel/identity';
import { createLogger } from '../kernel/logger';
import { Metrics } from '../kernel/metrics';
import type { GatewayContext } from './gateway';
import { SubgraphDataSource } from './subgraph-data-source';
import { subgraphAgent } from './subgraph-fetcher';

/**
 * The data source on a stand-in subgraph that answers what each test sets: what the gateway
 * sends (its own headers, never a client's) and how it reads each kind of answer.
 */
describe('SubgraphDataSource', () => {
  let answer: { status: number; headers?: Record<string, string>; body: string };
  const received: Array<{ headers: http.IncomingHttpHeaders; body: any }> = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(text) });
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body);
    });
  });
  const agent = subgraphAgent();
  let source: SubgraphDataSource;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    source = new SubgraphDataSource(url, 'order', 'the-secret', agent, new Metrics('gateway').subgraphFetches(), createLogger('test', 'silent'));
  });
  afterAll(async () => {
    await agent.close();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received.length = 0;
    answer = { status: 200, body: JSON.stringify({ data: { me: { id: 'a1' } } }) };
  });

  const context = {
    identity: { accountId: 'a1', roles: ['CUSTOMER'], orderId: null },
    requestId: 'r1',
    clientIp: '203.0.113.9',
    publicUrl: 'https://api.shop.example',
    clientName: 'web-portal',
  } as unknown as GatewayContext;
  const restricted: unknown[] = [];
  const send = (http?: { headers: Iterable<[string, string]> }) =>
    source.process({
      kind: 'incoming operation',
      request: { query: 'query Q { me { id } }', operationName: 'Q', variables: { n: 1 }, http },
      context,
      incomingRequestContext: { overallCachePolicy: { restrict: (hint: unknown) => restricted.push(hint) } },
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);

  it('sends the operation with the gateway secret and the verified identity, and returns the answer', async () => {
    await expect(send()).resolves.toEqual({ data: { me: { id: 'a1' } } });
    expect(received[0].body).toEqual({ query: 'query Q { me { id } }', operationName: 'Q', variables: { n: 1 } });
    expect(received[0].headers).toMatchObject({
      'content-type': 'application/json',
      [HEADERS.gatewaySecret]: 'the-secret',
      [HEADERS.accountId]: 'a1',
      [HEADERS.roles]: 'CUSTOMER',
      [HEADERS.requestId]: 'r1',
      [HEADERS.clientIp]: '203.0.113.9',
      [HEADERS.publicUrl]: 'https://api.shop.example',
      'apollographql-client-name': 'web-portal',
    });
  });

  it('passes on what the executor asks for, but never a trusted name from it', async () => {
    await send({ headers: [['apollo-federation-include-trace', 'ftv1'], [HEADERS.accountId, 'someone-else'], [HEADERS.orderId, 'o9']] });
    expect(received[0].headers['apollo-federation-include-trace']).toBe('ftv1');
    expect(received[0].headers[HEADERS.accountId]).toBe('a1');
    expect(received[0].headers[HEADERS.orderId]).toBeUndefined();
  });

  it('makes the policy of the answer uncacheable unless the subgraph says otherwise', async () => {
    restricted.length = 0;
    await send();
    answer.headers = { 'cache-control': 'max-age=60, private' };
    await send();
    expect(restricted).toEqual([{ maxAge: 0 }, { maxAge: 60, scope: 'PRIVATE' }]);
  });

  it('turns a non-2xx answer into the error RemoteGraphQLDataSource makes of it', async () => {
    answer = { status: 401, body: JSON.stringify({ errors: [{ message: 'no' }] }) };
    await expect(send()).rejects.toMatchObject({ message: '401: Unauthorized', extensions: { code: 'UNAUTHENTICATED', response: { status: 401, body: { errors: [{ message: 'no' }] } } } });
    answer = { status: 403, body: '{}' };
    await expect(send()).rejects.toMatchObject({ message: '403: Forbidden', extensions: { code: 'FORBIDDEN' } });
    answer = { status: 500, body: '{}' };
    await expect(send()).rejects.toMatchObject({ message: '500: Internal Server Error', extensions: { response: { status: 500 } } });
  });

  it("relays a 400 the subgraph gave for the client's input as BAD_USER_INPUT with its message", async () => {
    answer = { status: 400, body: JSON.stringify({ errors: [{ message: 'Variable "$at" got invalid value "yesterday"', extensions: { code: 'BAD_USER_INPUT' } }] }) };
    await expect(send()).rejects.toMatchObject({ message: 'Variable "$at" got invalid value "yesterday"', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('answers a subgraph that is down with SUBGRAPH_UNAVAILABLE at the fields it was asked for', async () => {
    const down = new SubgraphDataSource('http://127.0.0.1:1/graphql', 'order', 's', agent, new Metrics('gateway').subgraphFetches(), createLogger('test', 'silent'));
    const response = await down.process({ kind: 'incoming operation', request: { query: 'query Q { me { id } }' }, context } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
    expect(response.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['me'], 'SUBGRAPH_UNAVAILABLE']]);
  });
});
