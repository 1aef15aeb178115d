import { Field, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../kernel/pagination';
import { Order } from './order.entity';

@ObjectType({ description: 'An order in a page of orders.' })
export class OrderEdge {
  @Field({ description: 'Opaque position of this order; pass it as `after` to continue after it.' })
  cursor: string;

  @Field(() => Order, { description: 'The order.' })
  node: Order;
}

@ObjectType({ description: 'A page of orders, newest first.' })
export class OrderConnection {
  @Field(() => [OrderEdge], { description: 'The orders of this page.' })
  edges: OrderEdge[];

  @Field(() => PageInfo, { description: 'Whether more orders follow, and the cursor to get them.' })
  pageInfo: PageInfo;
}
