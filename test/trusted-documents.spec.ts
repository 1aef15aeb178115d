import { createHash } from 'node:crypto';
import { QueryPlanner } from '@apollo/query-planner';
import { getIntrospectionQuery } from 'graphql';
import { DEMO, DEMO_PASSWORD } from '../kernel/demo';
import { buildManifest } from '../gateway/trusted-documents';
import { nestedCycle } from './support/attacks';
import { startTestGraph, type TestGraph } from './support/graph';
import { clientOperation, clientOperationId } from './support/operations';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const byId = (id: string) => ({ persistedQuery: { version: 1, sha256Hash: id } });
const ARBITRARY = '{ me { id email } }';
const INTROSPECTION = getIntrospectionQuery();
const staff = { analyst: { as: DEMO.accounts.analyst.id, roles: ['analyst' as const] }, support: { as: DEMO.accounts.support.id, roles: ['support' as const] } };

/** Production: clients send trusted documents by id; other documents only from staff (TRUSTED_DOCUMENTS=allow-staff). */
describe('trusted documents in production', () => {
  let graph: TestGraph;
  let plans: jest.SpyInstance;
  beforeAll(async () => {
    graph = await startTestGraph({ production: true });
    plans = jest.spyOn(QueryPlanner.prototype, 'buildQueryPlan');
  });
  afterAll(async () => {
    plans.mockRestore();
    await graph.close();
  });

  it('X1: runs the Dashboard sent by its id alone', async () => {
    const { status, body } = await graph.query(null, {}, { as: DEMO.accounts.dana.id, extensions: byId(clientOperationId('Dashboard')) });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.me).toMatchObject({ id: DEMO.accounts.dana.id, email: DEMO.accounts.dana.email });
    expect(body.data.me.licenses.length).toBeGreaterThan(0);
  });

  it('A3: signs in with SignIn sent by its id alone', async () => {
    const { body } = await graph.query(null, { email: DEMO.accounts.sam.email, password: DEMO_PASSWORD }, { extensions: byId(clientOperationId('SignIn')) });
    expect(body.data.signIn.__typename).toBe('Session');
  });

  it('knows every operation of the web portal by its id (none is refused as unknown or untrusted)', async () => {
    for (const operation of buildManifest().operations) {
      const { body } = await graph.query(null, {}, { as: DEMO.accounts.dana.id, extensions: byId(operation.id) });
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      expect([operation.name, codes.filter((c) => c === 'PERSISTED_QUERY_NOT_FOUND' || c === 'PERSISTED_QUERY_NOT_IN_LIST')]).toEqual([operation.name, []]);
    }
  });

  it('runs a trusted document sent in full, as written in the manifest', async () => {
    const { body } = await graph.query(clientOperation('Dashboard'), {}, { as: DEMO.accounts.dana.id });
    expect(body.data.me.id).toBe(DEMO.accounts.dana.id);
  });

  it.each([
    ['an anonymous caller', {}],
    ['a customer', { as: DEMO.accounts.dana.id }],
  ])('refuses any other document from %s, before planning it', async (_who, as) => {
    const before = plans.mock.calls.length;
    const { status, body } = await graph.query(ARBITRARY, {}, as);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    expect(plans.mock.calls.length).toBe(before);
  });

  it('tells a stranger nothing of the schema: an invalid document is refused as untrusted, not explained', async () => {
    for (const query of ['{ me { emial } }', '{ me { id } }', '{ nothing }', '{ me { licenses { order { account { licenses { order { account { licenses { id } } } } } } } } }']) {
      const { status, body } = await graph.query(query, {}, { as: DEMO.accounts.dana.id });
      expect([status, body.errors?.map((e) => e.extensions?.code)]).toEqual([400, ['PERSISTED_QUERY_NOT_IN_LIST']]);
      expect(body.errors?.[0]?.message).not.toMatch(/emial|nothing|depth/);
    }
  });

  it('a client cannot register a document of its own (the persisted query cache is the manifest, read-only)', async () => {
    const hash = sha256(ARBITRARY);
    const register = await graph.query(ARBITRARY, {}, { as: DEMO.accounts.dana.id, extensions: byId(hash) });
    expect(register.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    const again = await graph.query(null, {}, { as: DEMO.accounts.dana.id, extensions: byId(hash) });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it.each(Object.entries(staff))('lets staff (%s) send any document (Apollo Sandbox)', async (_role, who) => {
    const { body } = await graph.query(`query($id: ID!) { account(id: $id) { id licenses { serialNumber } } }`, { id: DEMO.accounts.dana.id }, who);
    expect(body.errors).toBeUndefined();
    expect(body.data.account.id).toBe(DEMO.accounts.dana.id);
    const schema = await graph.query(INTROSPECTION, {}, who);
    expect(schema.body.data.__schema.queryType.name).toBe('Query');
  });

  it('staff documents keep the operation limits', async () => {
    const { body } = await graph.query(nestedCycle(3), {}, staff.analyst);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('suggests no field names ("Did you mean …") in its errors', async () => {
    const { body } = await graph.query('{ me { emial } }', {}, staff.support);
    expect(body.errors?.[0]).toMatchObject({ message: 'Cannot query field "emial" on type "Account".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(JSON.stringify(body)).not.toMatch(/Did you mean/);
    const coercion = await graph.query('mutation($input: SignInInput!) { signIn(input: $input) { __typename } }', { input: { emial: 'x', password: 'y' } }, staff.support);
    expect(coercion.body.errors?.[0]).toMatchObject({
      message: 'Variable "$input" got invalid value { emial: "x", password: "y" }; Field "emial" is not defined by type "SignInInput".',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});

/** Production with TRUSTED_DOCUMENTS=off: introspection is still for staff only. */
describe('introspection in production', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph({ production: true, env: { TRUSTED_DOCUMENTS: 'off' } });
  });
  afterAll(() => graph.close());

  it.each([
    ['an anonymous caller', {}],
    ['a customer', { as: DEMO.accounts.dana.id }],
  ])('is refused to %s, whether by __schema, __type or inside a fragment', async (_who, as) => {
    for (const query of [INTROSPECTION, '{ __type(name: "Account") { fields { name } } }', '{ me { id } ...T } fragment T on Query { __schema { types { name } } }']) {
      const { status, body } = await graph.query(query, {}, as);
      expect(status).toBe(400);
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['INTROSPECTION_DISABLED']);
    }
  });

  it('lets anyone ask for __typename, and staff introspect', async () => {
    const { body } = await graph.query('{ __typename me { __typename id } }', {}, { as: DEMO.accounts.dana.id });
    expect(body.data).toEqual({ __typename: 'Query', me: { __typename: 'Account', id: DEMO.accounts.dana.id } });
    for (const who of Object.values(staff)) {
      expect((await graph.query(INTROSPECTION, {}, who)).body.data.__schema.queryType.name).toBe('Query');
    }
  });

  it('with trusted documents off, anyone may send other documents', async () => {
    const { body } = await graph.query(ARBITRARY, {}, { as: DEMO.accounts.dana.id });
    expect(body.data.me.id).toBe(DEMO.accounts.dana.id);
  });
});
