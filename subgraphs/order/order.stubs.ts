import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The account, owned by the account subgraph; this subgraph contributes `Account.orders`. */
@Directive('@key(fields: "id")')
@ObjectType('Account', { description: 'A customer account of the portal.' })
export class AccountRef {
  @Field(() => ID, { description: 'Stable identifier of the account.' })
  id: string;
}

/**
 * The license, owned by the subscription subgraph; this subgraph prices its next renewal
 * (`License.nextRenewal`) from the product and the date the subscription subgraph provides.
 */
@Directive('@key(fields: "id")')
@ObjectType('License', { description: 'A product license of an account.' })
export class LicenseRef {
  @Field(() => ID, { description: 'Stable identifier of the license.' })
  id: string;

  @Directive('@external')
  @Field(() => ID, { nullable: true, description: 'The order that first issued the license; null for licenses bought from a partner.' })
  orderId: string | null;

  /** S3: the product licensed (for `nextRenewal`). */
  @Directive('@external')
  @Field(() => ID, { description: 'The catalog product licensed (not in the public graph).' })
  productId?: string;

  /** S3: when the subscription subgraph will ask for the next renewal (for `nextRenewal`). */
  @Directive('@external')
  @Field(() => Date, { nullable: true, description: 'When the next automatic renewal will be charged (not in the public graph).' })
  nextRenewalAt?: Date | null;
}
