import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { maskAddress } from '../../../kernel/masking';
import { requirePublicUrl } from '../downloads/download.resolver';
import type { OrderContext } from '../order.context';
import { Address } from '../orders/address.type';
import { seesPersonalData } from '../orders/order-privacy';
import { Invoice } from './invoice.entity';

/** Fields of the invoice (O13) that depend on who reads it. */
@Resolver(() => Invoice)
export class InvoiceResolver {
  @FieldResolver(() => Address, { description: 'The billing address of the order (masked for analysts).' })
  async billingAddress(@Root() invoice: Invoice, @Ctx() ctx: OrderContext): Promise<Address> {
    return (await this.masked(invoice, ctx)) ? maskAddress(invoice.billingAddress) : invoice.billingAddress;
  }

  @FieldResolver(() => String, {
    description:
      'The invoice as a PDF to print (O13): a signed link on the graph\'s public address that expires in minutes; read the order again for a fresh one. An analyst\'s copy has names and address masked.',
  })
  async pdfUrl(@Root() invoice: Invoice, @Ctx() ctx: OrderContext): Promise<string> {
    const masked = await this.masked(invoice, ctx);
    return ctx.services.downloads.links.invoice(requirePublicUrl(ctx), { orderId: invoice.orderId, number: invoice.number, masked }).url;
  }

  /** The order was read to reach its invoice: the per-request loader already holds it. */
  private async masked(invoice: Invoice, ctx: OrderContext): Promise<boolean> {
    const order = await ctx.loaders.orderById.load(invoice.orderId);
    return !order || !seesPersonalData(ctx.identity, order);
  }
}
