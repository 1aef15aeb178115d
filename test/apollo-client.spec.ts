import fs from 'node:fs';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { POSSIBLE_TYPES_PATH } from '../scripts/possible-types';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation } from './support/operations';

/**
 * The web portal's operations through a real Apollo Client, set up as README "Apollo Client"
 * shows: the generated possibleTypes, and relayStylePagination for connections. Expected
 * failures (`... on ErrorResult`) keep their code and message, and entities normalize by id.
 */
describe('Apollo Client with InMemoryCache, set up as the README shows', () => {
  let graph: TestGraph;
  const dana = DEMO.accounts.dana;
  const { possibleTypes } = JSON.parse(fs.readFileSync(POSSIBLE_TYPES_PATH, 'utf8')) as { possibleTypes: Record<string, string[]> };

  const newCache = (withPossibleTypes = true) =>
    new InMemoryCache({
      ...(withPossibleTypes ? { possibleTypes } : {}),
      typePolicies: { Account: { fields: { orders: relayStylePagination() } } },
    });
  const newClient = (cache: InMemoryCache, token?: string) =>
    new ApolloClient({
      cache,
      link: new HttpLink({
        uri: graph.gateway.url,
        fetch: globalThis.fetch,
        headers: { 'apollographql-client-name': 'web-portal', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      }),
    });

  const SignIn = gql(clientOperation('SignIn'));
  const Dashboard = gql(clientOperation('Dashboard'));
  const OrderDetails = gql(clientOperation('OrderDetails'));
  const LookupOrder = gql(clientOperation('LookupOrder'));

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.close());

  it('possible-types.json says which results are an ErrorResult', () => {
    expect(possibleTypes.ErrorResult).toEqual(expect.arrayContaining(['InvalidCredentialsError', 'TooManyAttemptsError', 'OrderAccessError', 'PaymentDeclined']));
    expect(possibleTypes.SignInResult).toEqual(['InvalidCredentialsError', 'Session', 'TooManyAttemptsError']);
  });

  it("A3: a failed SignIn keeps its code and message (… on ErrorResult)", async () => {
    const failed = { __typename: 'InvalidCredentialsError', code: 'INVALID_CREDENTIALS', message: 'You did not provide the right information. Please try again.' };
    const { data } = await newClient(newCache()).mutate<any>({ mutation: SignIn, variables: { email: dana.email, password: 'not-the-password' } });
    expect(data).toEqual({ signIn: failed });
    // What a default cache (no possibleTypes) makes of the same answer: it cannot know that an
    // InvalidCredentialsError is an ErrorResult, and silently drops what the fragment asked for.
    const bare = await newClient(newCache(false)).mutate<any>({ mutation: SignIn, variables: { email: dana.email, password: 'not-the-password' } });
    expect(bare.data).toEqual({ signIn: { __typename: 'InvalidCredentialsError' } });
  });

  it('O8: a refused LookupOrder keeps its code and message too', async () => {
    const client = newClient(newCache());
    const { data } = await client.mutate<any>({ mutation: LookupOrder, variables: { input: { orderNumber: 'CG-100004', orderPassword: 'wrong-password-1' } } });
    expect(data.lookupOrder).toMatchObject({ __typename: 'OrderAccessError', code: expect.any(String), message: expect.any(String) });
  });

  it('signs in, runs the Dashboard, and normalizes accounts, licenses, orders and products by id', async () => {
    const signedIn = await newClient(newCache()).mutate<any>({ mutation: SignIn, variables: { email: dana.email, password: DEMO_PASSWORD } });
    expect(signedIn.data.signIn.__typename).toBe('Session');
    const cache = newCache();
    const client = newClient(cache, signedIn.data.signIn.accessToken);

    const { data } = await client.query<any>({ query: Dashboard });
    expect(data.me.id).toBe(dana.id);
    const store = cache.extract() as Record<string, any>;
    expect(store[`Account:${dana.id}`]).toMatchObject({ __typename: 'Account', id: dana.id, email: dana.email });
    expect(store.ROOT_QUERY.me).toEqual({ __ref: `Account:${dana.id}` });
    for (const license of data.me.licenses) expect(store[`License:${license.id}`]).toMatchObject({ serialNumber: license.serialNumber });
    const orderIds = data.me.orders.edges.map((e: any) => e.node.id);
    expect(orderIds).toHaveLength(4);
    for (const id of orderIds) expect(store[`Order:${id}`]).toMatchObject({ __typename: 'Order', id });
    // One order, one cache entry: the license's order and the order in the list are the same object.
    const license = data.me.licenses.find((l: any) => l.order?.id === DEMO.orders.download);
    expect(store[`License:${license.id}`].order).toEqual({ __ref: `Order:${DEMO.orders.download}` });
    expect(store[`Product:${license.product.id}`]).toMatchObject({ name: license.product.name });

    // A second operation on the same order fills in the same entry rather than a copy of it.
    await client.query<any>({ query: OrderDetails, variables: { id: DEMO.orders.download } });
    const order = cache.readFragment<any>({ id: cache.identify({ __typename: 'Order', id: DEMO.orders.download }), fragment: gql`fragment Seen on Order { number state items { quantity } }` });
    expect(order).toMatchObject({ number: 'CG-100002', items: [expect.objectContaining({ quantity: expect.any(Number) })] });
  });

  it('X1: relayStylePagination merges the pages of Account.orders into one list', async () => {
    const cache = newCache();
    const client = newClient(cache, await graph.token(dana.id));
    const first = await client.query<any>({ query: Dashboard, variables: { ordersFirst: 2 } });
    expect(first.data.me.orders.edges.map((e: any) => e.node.number)).toEqual(['CG-100004', 'CG-100003']);
    expect(first.data.me.orders.pageInfo.hasNextPage).toBe(true);
    // The next page from the network, as fetchMore asks for it (cache-first would answer from the
    // merged list, whose key ignores first/after).
    await client.query<any>({ query: Dashboard, variables: { ordersFirst: 2, ordersAfter: first.data.me.orders.pageInfo.endCursor }, fetchPolicy: 'network-only' });
    const merged = cache.readQuery<any>({ query: Dashboard, variables: { ordersFirst: 2 } });
    expect(merged.me.orders.edges.map((e: any) => e.node.number)).toEqual(['CG-100004', 'CG-100003', 'CG-100002', 'CG-100001']);
    expect(merged.me.orders.pageInfo.hasNextPage).toBe(false);
  });
});
