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

  @Field(() => [Order], { description: 'The orders of this page, without their cursors (the nodes of `edges`).' })
  nodes: Order[];

  @Field(() => PageInfo, { description: 'Whether orders come before or after this page, and the cursors of its ends.' })
  pageInfo: PageInfo;
}
