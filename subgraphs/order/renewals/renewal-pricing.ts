import type { EntityManager } from 'typeorm';
import { ErrorCode } from '../../../kernel/error-codes';
import { quoteCart, type Quote } from '../cart/cart-pricing';
import { ProductPrice } from '../catalog/product-price.entity';
import { Product, ProductDelivery } from '../catalog/product.entity';
import { Order } from '../orders/order.entity';
import type { TaxTables, TaxCurrency } from '../tax/tax';
import { ChargeState, RenewalCharge } from './renewal-charge.entity';

/** The quote's one line: the renewal of the license's product. */
export const RENEWAL_LINE = 'renewal';

/** What a renewal charges and to what. */
export interface RenewalPrice {
  /** The order whose billing address, e-mail and stored payment method the renewal uses. */
  source: Order;
  /** The product as the renewal order records it: delivered as a download (nothing ships again). */
  product: Product;
  quote: Quote;
}

/**
 * The order a license's next renewal is billed like: the latest paid renewal whose payment
 * method was kept for reuse (a renewal by hand with a new card while the plan is on: S5), or
 * else the order that first issued the license (S3: the card of the original purchase).
 */
export async function billingOrder(manager: EntityManager, licenseId: string, originalOrderId: string): Promise<Order | null> {
  const latest = await manager
    .createQueryBuilder(Order, 'o')
    .innerJoin(RenewalCharge, 'rc', 'rc.orderId = o.id')
    .where('rc.licenseId = :licenseId AND rc.state = :paid AND o.paymentReference IS NOT NULL', { licenseId, paid: ChargeState.PAID })
    .orderBy('rc.settledAt', 'DESC')
    .addOrderBy('o.placedAt', 'DESC')
    .getOne();
  return latest ?? manager.findOneBy(Order, { id: originalOrderId });
}

/**
 * S3: the price of a renewal now: the current price list price of the product in the currency
 * of the billing order, with the tax of its billing address (O6), as a download (a renewal
 * ships nothing). The same figures for the reminder, `License.nextRenewal` and the charge.
 */
export async function priceRenewal(manager: EntityManager, tables: TaxTables, licenseId: string, originalOrderId: string, productId: string): Promise<RenewalPrice | { problem: ErrorCode; message: string }> {
  const source = await billingOrder(manager, licenseId, originalOrderId);
  if (!source || !source.billingAddressData) return { problem: ErrorCode.NOT_SOLD_IN_CURRENCY, message: 'The order this license was bought with cannot be found.' };
  const listed = await manager.findOneBy(Product, { id: productId });
  if (!listed) return { problem: ErrorCode.NOT_SOLD_IN_CURRENCY, message: 'This product is no longer in the catalog.' };
  const product = Object.assign(new Product(), { ...listed, delivery: ProductDelivery.DOWNLOAD });
  const prices = await manager.findBy(ProductPrice, { productId });
  const quote = quoteCart(
    {
      currency: source.currency as TaxCurrency,
      lines: [{ id: RENEWAL_LINE, productId, quantity: 1 }],
      products: new Map([[productId, product]]),
      prices,
      billing: source.billingAddressData,
      shipping: null,
      shippingMethod: null,
    },
    tables,
  );
  if ('code' in quote) return { problem: quote.code, message: quote.message };
  return { source, product, quote };
}
