import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, type Identity } from '../kernel/identity';
import { buildManifest, loadManifest, manifestCache, printManifest, trustedDocumentsModeFromEnv, trustedDocumentsPlugin, type PersistedQueryManifest, type TrustedDocumentsMode } from './trusted-documents';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clients-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('the trusted documents manifest', () => {
  it('holds every operation of every .graphql file of the folder, with the fragments it uses, in the Apollo format', () => {
    const dir = folder({
      'store.graphql': 'query Cart($id: ID!) { cart(id: $id) { ...CartView } }\nfragment CartView on Cart { id lines { ...Line } }',
      'shared.graphql': 'fragment Line on CartLine { id quantity }\nfragment Unused on Cart { id }',
      'web-portal.graphql': '# comment\nquery Me { me { id } }\nmutation SignOut($t: String!) { signOut(refreshToken: $t) }',
      'README.md': 'not a client file',
    });
    const manifest = buildManifest(dir);
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    expect(manifest.version).toBe(1);
    expect(manifest.operations.map((o) => [o.name, o.type])).toEqual([
      ['Cart', 'query'],
      ['Me', 'query'],
      ['SignOut', 'mutation'],
    ]);
    const cart = manifest.operations[0];
    // The operation, then the fragments it needs (from any file), by name; never the unused one.
    expect(cart.body).toBe(
      'query Cart($id: ID!) {\n  cart(id: $id) {\n    ...CartView\n  }\n}\n\n' +
        'fragment CartView on Cart {\n  id\n  lines {\n    ...Line\n  }\n}\n\n' +
        'fragment Line on CartLine {\n  id\n  quantity\n}',
    );
    for (const operation of manifest.operations) expect(operation.id).toBe(sha256(operation.body));
  });

  it('refuses a folder where clients could not look an operation up by name', () => {
    expect(() => buildManifest(folder({ 'a.graphql': 'query Me { me { id } }', 'b.graphql': 'query Me { me { email } }' }))).toThrow(/operation Me is defined in both a.graphql and b.graphql/);
    expect(() => buildManifest(folder({ 'a.graphql': '{ me { id } }' }))).toThrow(/needs a name/);
    expect(() => buildManifest(folder({ 'a.graphql': 'query Me { me { ...Gone } }' }))).toThrow(/unknown fragment Gone/);
  });

  it('is loaded only when every id is the SHA-256 of its body', () => {
    const manifest = buildManifest(folder({ 'a.graphql': 'query Me { me { id } }' }));
    const good = path.join(folder({}), 'm.json');
    fs.writeFileSync(good, printManifest(manifest));
    expect(loadManifest(good)).toEqual(manifest);
    const tampered = path.join(folder({}), 'm.json');
    fs.writeFileSync(tampered, printManifest({ ...manifest, operations: [{ ...manifest.operations[0], body: '{ me { email } }' }] }));
    expect(() => loadManifest(tampered)).toThrow(/not the SHA-256 of its body/);
    expect(() => loadManifest(path.join(folder({}), 'missing.json'))).toThrow(/run npm run compose/);
  });

  it('serves the persisted query cache read-only, by the hash with or without the server prefix', async () => {
    const manifest = buildManifest(folder({ 'a.graphql': 'query Me { me { id } }' }));
    const cache = manifestCache(manifest);
    const { id, body } = manifest.operations[0];
    expect(await cache.get(`apq:${id}`)).toBe(body);
    expect(await cache.get(id)).toBe(body);
    await cache.set(`apq:${sha256('{ me { email } }')}`, '{ me { email } }');
    expect(await cache.get(`apq:${sha256('{ me { email } }')}`)).toBeUndefined();
  });
});

describe('who may send a document outside the manifest', () => {
  const manifest: PersistedQueryManifest = { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: sha256('{ me { id } }'), name: 'Me', type: 'query', body: '{ me { id } }' }] };
  const customer: Identity = { accountId: 'a1', roles: ['customer'] };
  const analyst: Identity = { accountId: 's1', roles: ['analyst'] };
  const support: Identity = { accountId: 's2', roles: ['support'] };

  /** Runs the plugin's check as Apollo Server would; the code of the refusal, or null. */
  async function check(mode: TrustedDocumentsMode, identity: Identity, document: string): Promise<string | null> {
    const listener = await trustedDocumentsPlugin(manifest, mode).requestDidStart!({} as never);
    try {
      await listener?.didResolveOperation?.({ queryHash: sha256(document), contextValue: { identity } } as never);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(GraphQLError);
      return String((error as GraphQLError).extensions.code);
    }
  }

  it.each<[TrustedDocumentsMode, Identity, string | null]>([
    ['off', ANONYMOUS, null],
    ['off', customer, null],
    ['allow-staff', ANONYMOUS, 'PERSISTED_QUERY_NOT_IN_LIST'],
    ['allow-staff', customer, 'PERSISTED_QUERY_NOT_IN_LIST'],
    ['allow-staff', analyst, null],
    ['allow-staff', support, null],
    ['strict', analyst, 'PERSISTED_QUERY_NOT_IN_LIST'],
    ['strict', support, 'PERSISTED_QUERY_NOT_IN_LIST'],
  ])('%s: %j gets %s for another document', async (mode, identity, expected) => {
    expect(await check(mode, identity, '{ me { email } }')).toBe(expected);
  });

  it('an invalid document from a caller who may not send it is refused in place of its validation errors (they would describe the schema)', async () => {
    const listener = await trustedDocumentsPlugin(manifest, 'allow-staff').requestDidStart!({} as never);
    const errors = [new GraphQLError('Cannot query field "emial" on type "Account". Did you mean "email"?'), new GraphQLError('another')];
    const end = await listener!.validationDidStart!({ queryHash: sha256('{ me { emial } }'), contextValue: { identity: customer } } as never);
    await end!(errors);
    expect(errors.map((e) => [e.message.slice(0, 40), e.extensions.code])).toEqual([['This server runs only the operations its', 'PERSISTED_QUERY_NOT_IN_LIST']]);
    // Staff see what is wrong with their document.
    expect(await listener!.validationDidStart!({ queryHash: sha256('{ me { emial } }'), contextValue: { identity: analyst } } as never)).toBeUndefined();
  });

  it.each<TrustedDocumentsMode>(['off', 'allow-staff', 'strict'])('%s: anyone may send a manifest document', async (mode) => {
    expect(await check(mode, ANONYMOUS, '{ me { id } }')).toBeNull();
  });

  it('defaults to allow-staff in production and off elsewhere; a wrong value stops the gateway', () => {
    expect(trustedDocumentsModeFromEnv({}, true)).toBe('allow-staff');
    expect(trustedDocumentsModeFromEnv({}, false)).toBe('off');
    expect(trustedDocumentsModeFromEnv({ TRUSTED_DOCUMENTS: 'strict' }, false)).toBe('strict');
    expect(() => trustedDocumentsModeFromEnv({ TRUSTED_DOCUMENTS: 'on' }, true)).toThrow(/TRUSTED_DOCUMENTS=on is not a mode/);
  });
});
