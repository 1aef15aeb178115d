import { Arg, Ctx, Field, FieldResolver, ObjectType, Mutation, Resolver, Root } from 'type-graphql';
import { requireStaffRole } from '../../../kernel/identity';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import { Money, money } from '../../../kernel/money';
import { OrderItem } from './order-item.entity';
import { Shipment } from '../fulfilment/shipment.entity';
import type { OrderContext } from '../order.context';
import { ShippingMethod } from '../shipping/shipping';
import { Order, OrderState } from './order.entity';

@ObjectType({ description: 'Where to send the money of an order paid by wire transfer (O3).' })
export class WireTransferInstructions {
  @Field({ description: 'The account holder (the seller of record).' })
  accountHolder: string;

  @Field({ description: 'The bank.' })
  bankName: string;

  @Field({ description: 'IBAN of the account.' })
  iban: string;

  @Field({ description: 'BIC (SWIFT code) of the bank.' })
  bic: string;

  @Field({ description: 'What to write as the reference of the transfer: the order number.' })
  reference: string;

  @Field(() => Money, { description: 'The amount to transfer.' })
  amount: Money;

  @Field({ description: 'The order lapses if the money has not arrived by then.' })
  dueBy: Date;
}

/** Fields of an order about its delivery and payment (O3, O7). */
@Resolver(() => Order)
export class OrderPaymentResolver {
  @FieldResolver(() => ShippingMethod, { nullable: true, description: 'How the physical items ship (O7); null for downloads. It cannot change once the order is submitted.' })
  shippingMethod(@Root() order: Order): ShippingMethod | null {
    return (order.shippingMethod as ShippingMethod | null) ?? null;
  }

  @FieldResolver(() => WireTransferInstructions, { nullable: true, description: 'The bank details to pay to, while a wire-transfer order waits for its money; null otherwise.' })
  wireTransfer(@Root() order: Order, @Ctx() ctx: OrderContext): WireTransferInstructions | null {
    if (order.state !== OrderState.AWAITING_PAYMENT || !order.paymentDueBy) return null;
    const bank = ctx.services.seller.bank;
    return Object.assign(new WireTransferInstructions(), {
      accountHolder: bank.accountHolder,
      bankName: bank.name,
      iban: bank.iban,
      bic: bank.bic,
      reference: order.number,
      amount: money(order.totalAmount, order.currency),
      dueBy: order.paymentDueBy,
    });
  }

  @Mutation(() => Order, { description: "Support records that an order's wire transfer arrived (O3): the order goes to fulfilment and its licenses are issued. Support only." })
  recordWireTransfer(
    @Arg('orderNumber', { description: bounded('The order number the transfer quoted as its reference.', BOUNDS.orderNumber) }) orderNumber: string,
    @Ctx() ctx: OrderContext,
  ): Promise<Order> {
    requireStaffRole(ctx.identity, 'support');
    return ctx.services.wireTransfers.received(orderNumber);
  }
}

@Resolver(() => Shipment)
export class ShipmentResolver {
  @FieldResolver(() => ShippingMethod, { description: 'How the parcel ships (O7).' })
  method(@Root() shipment: Shipment): ShippingMethod {
    return shipment.methodCode as ShippingMethod;
  }

  @FieldResolver(() => [OrderItem], { description: 'The order items in the parcel.' })
  async items(@Root() shipment: Shipment, @Ctx() ctx: OrderContext): Promise<OrderItem[]> {
    const items = await ctx.loaders.itemsByOrder.load(shipment.orderId);
    return items.filter((i) => i.id === shipment.orderItemId);
  }
}
