import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import pino from 'pino';
import { Arg, Query, Resolver } from 'type-graphql';
import { startGateway } from '../gateway/gateway';
import { maskSubgraphError } from '../kernel/apollo';
import { ManualClock } from '../kernel/clock';
import { buildFederatedSchema } from '../kernel/federation';
import type { RunningService } from '../kernel/http';

@Resolver()
class ProbeResolver {
  @Query(() => String, { description: 'Echoes a date-time.' })
  probe(@Arg('at', () => Date, { description: 'A date-time.' }) at: Date): string {
    return at.toISOString();
  }
}

/**
 * A value the supergraph's generic scalars let through but the subgraph's own scalar refuses (a
 * DateTimeISO that is no date) is the client's input: it reaches the client as BAD_USER_INPUT,
 * whether sent as a variable (the subgraph answers HTTP 400) or written in the document.
 */
describe('a subgraph refusing a value the gateway let through', () => {
  let subgraph: ApolloServer;
  let gateway: RunningService;

  beforeAll(async () => {
    const schema = await buildFederatedSchema({ resolvers: [ProbeResolver] });
    subgraph = new ApolloServer({ schema, formatError: maskSubgraphError, plugins: [ApolloServerPluginInlineTraceDisabled()] });
    const { url } = await startStandaloneServer(subgraph, { listen: { host: '127.0.0.1', port: 0 } });
    const composed = composeServices([{ name: 'order', typeDefs: parse(printSubgraphSchema(schema)), url }]);
    if (composed.errors) throw composed.errors[0];
    gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      internalPort: 0,
      corsOrigins: [],
      subgraphUrls: { account: url, order: url, subscription: url },
      gatewaySecret: 'secret',
      production: false,
      log: pino({ level: 'silent' }),
      clock: new ManualClock('2026-11-18T15:00:00.000Z'),
      supergraphSdl: composed.supergraphSdl,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await subgraph?.stop();
  });

  const send = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: { probe: string | null }; errors?: Array<{ message: string; extensions: { code: string } }> };
  };

  it('as a variable: BAD_USER_INPUT with the subgraph\'s message', async () => {
    const body = await send('query($at: DateTimeISO!) { probe(at: $at) }', { at: 'yesterday' });
    expect(body.errors).toEqual([{ message: expect.stringContaining('yesterday'), extensions: { code: 'BAD_USER_INPUT' } }]);
  });

  it('written in the document: BAD_USER_INPUT too', async () => {
    const body = await send('{ probe(at: "2026-02-30T00:00:00Z") }');
    expect(body.errors?.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('a valid value is answered', async () => {
    expect(await send('query($at: DateTimeISO!) { probe(at: $at) }', { at: '2026-11-18T15:00:00.000Z' })).toEqual({ data: { probe: '2026-11-18T15:00:00.000Z' } });
  });
});
