import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The account (account subgraph); this subgraph contributes `Account.licenses`. */
@Directive('@key(fields: "id")')
@ObjectType('Account', { description: 'A customer account of the portal.' })
export class AccountRef {
  @Field(() => ID, { description: 'Stable identifier of the account.' })
  id: string;
}

/** The order (order subgraph); this subgraph contributes `Order.licenses`. */
@Directive('@key(fields: "id")')
@ObjectType('Order', { description: 'An order placed in the store.' })
export class OrderRef {
  @Field(() => ID, { description: 'Stable identifier of the order.' })
  id: string;
}

/** The catalog product (order subgraph), referenced by id only. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Product', { description: 'A product of the store catalog.' })
export class ProductRef {
  @Field(() => ID, { description: 'Stable identifier of the product.' })
  id: string;
}
