import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The account (account subgraph); this subgraph contributes `Account.licenses`. */
@Directive('@key(fields: "id")')
@ObjectType('Account', { description: 'A customer account of the portal.' })
export class AccountRef {
  @Field(() => ID, { description: 'Stable identifier of the account.' })
  id: string;
}

/**
 * The order (order subgraph); this subgraph contributes `Order.licenses`, and provides the
 * order's `number` it received in `order.confirmed` on `License.order`.
 */
@Directive('@key(fields: "id")')
@ObjectType('Order', { description: 'An order placed in the store.' })
export class OrderRef {
  @Field(() => ID, { description: 'Stable identifier of the order.' })
  id: string;

  @Directive('@external')
  @Field({ description: 'The order number the customer quotes to customer service and uses for Quick Order Lookup.' })
  number?: string;
}

/**
 * The catalog product (order subgraph), referenced by id; its `name` as sold, received in
 * `order.confirmed`, is provided on `License.product`.
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Product', { description: 'A product of the store catalog.' })
export class ProductRef {
  @Field(() => ID, { description: 'Stable identifier of the product.' })
  id: string;

  @Directive('@external')
  @Field({ description: 'Name shown to customers.' })
  name?: string;
}
