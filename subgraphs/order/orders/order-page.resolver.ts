import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { maskAddress } from '../../../kernel/masking';
import type { OrderContext } from '../order.context';
import { Address } from './address.type';
import { seesPersonalData } from './order-privacy';
import { Order } from './order.entity';
import { returnableUntil } from './return-window';

/** Fields of the order information page (O9) that depend on who reads it, or on the rules of O12. */
@Resolver(() => Order)
export class OrderPageResolver {
  @FieldResolver(() => Date, { description: 'The last moment a return can be requested: 30 days after the order was placed (O12, the money-back guarantee).' })
  returnableUntil(@Root() order: Order): Date {
    return returnableUntil(order.placedAt);
  }

  @FieldResolver(() => Address, {
    nullable: true,
    description: 'The billing address given at checkout (masked for analysts); null for orders from before addresses were kept on the order.',
  })
  billingAddress(@Root() order: Order, @Ctx() ctx: OrderContext): Address | null {
    const address = order.billingAddress;
    return address && !seesPersonalData(ctx.identity, order) ? maskAddress(address) : address;
  }

  @FieldResolver(() => Address, {
    nullable: true,
    description: 'Where the physical items ship (masked for analysts); null for an order of downloads only. It cannot change once the order is submitted (O7).',
  })
  shippingAddress(@Root() order: Order, @Ctx() ctx: OrderContext): Address | null {
    const address = order.shippingAddress;
    return address && !seesPersonalData(ctx.identity, order) ? maskAddress(address) : address;
  }
}
