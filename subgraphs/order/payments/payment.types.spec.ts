import { graphql, isEnumType, isInputObjectType, printType, type GraphQLSchema } from 'graphql';
import { Arg, Field, ObjectType, Query, Resolver, buildSchema } from 'type-graphql';
import { CardNetwork, PaymentProblem } from './card';
import { DeclineReason } from './declines';
import { CardInput, PaymentInput } from './payment.types';

/**
 * The payment inputs and enums are a client contract (schema/clients/store.graphql): checked here
 * in a schema of their own until the checkout's mutations put them in the order subgraph.
 */
@ObjectType({ description: 'What the probe saw.' })
class Probe {
  @Field({ description: 'JSON of the argument as a log line would show it.' })
  logged: string;

  @Field({ description: 'Whether the card arrived as a CardInput.' })
  isCardInput: boolean;

  @Field(() => CardNetwork, { nullable: true, description: 'A network.' })
  network: CardNetwork | null;

  @Field(() => DeclineReason, { nullable: true, description: 'A decline reason.' })
  reason: DeclineReason | null;

  @Field(() => PaymentProblem, { nullable: true, description: 'A problem.' })
  problem: PaymentProblem | null;
}

@Resolver()
class ProbeResolver {
  @Query(() => Probe, { description: 'Echoes a payment.' })
  probe(@Arg('payment', () => PaymentInput, { description: 'A payment.' }) payment: PaymentInput): Probe {
    return Object.assign(new Probe(), { logged: JSON.stringify(payment), isCardInput: payment.card instanceof CardInput, network: 'MASTERCARD', reason: 'EXPIRED_CARD', problem: 'CARD_EXPIRED' });
  }
}

describe('payment inputs of the graph (O3)', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildSchema({ resolvers: [ProbeResolver], validate: false });
  });

  it('have the contract’s names and shapes', () => {
    const print = (name: string) => printType(schema.getType(name)!).replace(/"""[^]*?"""\s*|"[^"\n]*"\s*/g, '').replace(/\s+/g, ' ');
    expect(print('PaymentInput')).toBe('input PaymentInput { card: CardInput paypal: PayPalInput wireTransfer: Boolean }');
    expect(print('CardInput')).toBe('input CardInput { number: String! expiryMonth: Int! expiryYear: Int! cvc: String! holderName: String! }');
    expect(print('PayPalInput')).toBe('input PayPalInput { payerEmail: String! }');
    expect(print('CardNetwork')).toBe('enum CardNetwork { VISA MASTERCARD DISCOVER AMERICAN_EXPRESS DINERS_CLUB JCB }');
    expect(print('DeclineReason')).toContain('EXPIRED_CARD CREDIT_LIMIT_REACHED DAILY_LIMIT_EXCEEDED PROCESSING_ERROR ADDRESS_MISMATCH');
  });

  it('describe every type, field and value, inputs with their length bounds', () => {
    const missing: string[] = [];
    for (const name of ['PaymentInput', 'CardInput', 'PayPalInput', 'CardNetwork', 'DeclineReason', 'PaymentProblem']) {
      const type = schema.getType(name)!;
      if (!type.description) missing.push(name);
      if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${name}.${field.name}`);
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${name}.${value.name}`);
    }
    expect(missing).toEqual([]);
    const fields = (schema.getType('CardInput') as import('graphql').GraphQLInputObjectType).getFields();
    expect(fields.number.description).toMatch(/12 to 19 digits/);
    expect(fields.cvc.description).toMatch(/3 digits .* 4 digits/);
    expect(fields.holderName.description).toMatch(/At most 100 characters/);
    expect(fields.expiryMonth.description).toMatch(/1 to 12/);
    expect((schema.getType('CardNetwork') as import('graphql').GraphQLEnumType).getValue('MASTERCARD')!.description).toBe('MasterCard or EuroCard.');
  });

  it('a card argument arrives as a CardInput that logs no card data', async () => {
    const result = await graphql({
      schema,
      source: 'query($p: PaymentInput!) { probe(payment: $p) { logged isCardInput network reason problem } }',
      variableValues: { p: { card: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030, cvc: '739', holderName: 'Dana Scully' } } },
    });
    expect(result.errors).toBeUndefined();
    const probe = result.data!.probe as { logged: string; isCardInput: boolean };
    expect(probe.isCardInput).toBe(true);
    expect(probe.logged).not.toContain('4242424242424242');
    expect(probe.logged).not.toContain('"739"');
    expect(probe.logged).not.toContain('Dana Scully');
    expect(result.data!.probe).toMatchObject({ network: 'MASTERCARD', reason: 'EXPIRED_CARD', problem: 'CARD_EXPIRED' });
  });
});
