import { GraphQLError } from 'graphql';
import { assertCanReadAccount, identityFromHeaders, identityToHeaders, isGatewaySecret } from './identity';

describe('identity passed from the gateway to subgraphs', () => {
  it('round-trips through headers and drops unknown roles', () => {
    const headers = identityToHeaders({ accountId: 'acc-1', roles: ['customer', 'support'] });
    expect(identityFromHeaders(headers)).toEqual({ accountId: 'acc-1', roles: ['customer', 'support'] });
    expect(identityFromHeaders({ 'x-identity-roles': 'admin,analyst' })).toEqual({ accountId: null, roles: ['analyst'] });
  });

  it('compares the gateway secret exactly', () => {
    expect(isGatewaySecret('s3cret', 's3cret')).toBe(true);
    expect(isGatewaySecret('s3cre', 's3cret')).toBe(false);
    expect(isGatewaySecret(undefined, 's3cret')).toBe(false);
    expect(isGatewaySecret('', '')).toBe(false);
  });

  it('lets the holder and staff read an account, nobody else', () => {
    const code = (f: () => void) => {
      try {
        f();
        return 'OK';
      } catch (error) {
        return (error as GraphQLError).extensions.code;
      }
    };
    expect(code(() => assertCanReadAccount({ accountId: 'a', roles: ['customer'] }, 'a'))).toBe('OK');
    expect(code(() => assertCanReadAccount({ accountId: null, roles: ['analyst'] }, 'a'))).toBe('OK');
    expect(code(() => assertCanReadAccount({ accountId: 'b', roles: ['customer'] }, 'a'))).toBe('FORBIDDEN');
    expect(code(() => assertCanReadAccount({ accountId: null, roles: [] }, 'a'))).toBe('UNAUTHENTICATED');
  });
});
