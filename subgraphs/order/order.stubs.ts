import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The account, owned by the account subgraph; this subgraph contributes `Account.orders`. */
@Directive('@key(fields: "id")')
@ObjectType('Account', { description: 'A customer account of the portal.' })
export class AccountRef {
  @Field(() => ID, { description: 'Stable identifier of the account.' })
  id: string;
}
