import { createUnionType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CurrencyCode } from '../../../kernel/currency';
import { ErrorCode } from '../../../kernel/error-codes';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import { ErrorResult } from '../../../kernel/error-result';
import { Money } from '../../../kernel/money';
import { Address } from '../orders/address.type';
import { AddressInput } from '../shipping/address';
import { ShippingMethod, ShippingOption } from '../shipping/shipping';

/** Bounds of what one request may put in a cart. */
export const CART_LIMITS = { quantityMin: 1, quantityMax: 99, linesPerRequest: 20, linesPerCart: 50, cartIdMax: 64, emailMax: 254 } as const;

@InputType({ description: 'A product to put in the cart (O1, O2).' })
export class CartLineInput {
  @Field(() => ID, { description: bounded('The product (Product.id).', BOUNDS.id) })
  productId: string;

  @Field(() => Int, { description: `How many, ${CART_LIMITS.quantityMin} to ${CART_LIMITS.quantityMax}. Adding a product already in the cart with the same options adds to its quantity.` })
  quantity: number;

  @Field(() => Boolean, { nullable: true, description: 'Buy with the Auto-Renewal Plan (S3); only for a product whose autoRenewAvailable is true. False when omitted.' })
  autoRenew?: boolean | null;

  @Field(() => ID, {
    nullable: true,
    description: bounded('For a Backup CD (O2): the id of the cart line of the download product it belongs to, in the same cart. A Backup CD is never sold alone.', BOUNDS.id),
  })
  backupCdFor?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: bounded(
      'For a Backup CD bought later (O2): the id of the download item (OrderItem.id) of an earlier order it is for. Only for the account that placed that order or the holder of its order token. Give backupCdFor or this, not both.',
      BOUNDS.id,
    ),
  })
  backupCdForOrderItem?: string | null;
}

@InputType({ description: 'Who buys and where it goes (O6, O7): tax and shipping are computed from these.' })
export class CheckoutDetailsInput {
  @Field({ description: bounded('E-mail address for the order confirmation and Quick Order Lookup (O8).', BOUNDS.email) })
  email: string;

  @Field(() => AddressInput, { description: 'Billing address, exactly as on the card statement (O3). Its country sets the currency and the tax of downloads.' })
  billingAddress: AddressInput;

  @Field(() => AddressInput, { nullable: true, description: 'Where physical items ship; required when the cart has any, ignored otherwise.' })
  shippingAddress?: AddressInput | null;

  @Field(() => ShippingMethod, { nullable: true, description: 'How physical items ship (one of shippingOptions); required when the cart has any, ignored otherwise.' })
  shippingMethod?: ShippingMethod | null;
}

@ObjectType('CartLine', { description: 'A line of a cart: a product, how many, its options and what it costs.' })
export class CartLineView {
  @Field(() => ID, { description: 'Stable identifier of the line (name it in removeFromCart, or as backupCdFor).' })
  id: string;

  productId: string;

  @Field(() => Int, { description: 'How many, 1 to 99.' })
  quantity: number;

  @Field({ description: 'Whether the Auto-Renewal Plan was chosen (S3).' })
  autoRenew: boolean;

  @Field(() => ID, { nullable: true, description: 'For a Backup CD: the line of the download product it belongs to (O2).' })
  backupCdFor: string | null;

  @Field(() => ID, { nullable: true, description: 'For a Backup CD bought later: the download item of the earlier order it is for (O2).' })
  backupCdForOrderItem: string | null;

  @Field(() => Money, { description: "Price of one unit from the cart currency's price list (VAT included when the cart has taxIncluded)." })
  unitPrice: Money;

  @Field(() => Money, { description: 'Tax on the line (included in it, or added to it), once the billing address is known.' })
  tax: Money;

  @Field(() => Money, { description: 'What the line costs in all, tax included.' })
  total: Money;
}

@ObjectType('Cart', {
  description:
    'A shopping cart (O1). Its id is a secret capability: whoever holds it reads and changes the cart, nobody else; a signed-in shopper\'s cart is also tied to the account. Once the checkout details are set, the total is exactly what placeOrder authorizes (O6).',
})
export class CartView {
  @Field(() => ID, { description: 'The cart id: keep it secret, send it with every cart operation.' })
  id: string;

  @Field(() => [CartLineView], { description: 'The lines, in the order they were added.' })
  lines: CartLineView[];

  @Field(() => CurrencyCode, { description: "The price list in use: the billing country's currency (EUR in the EU, USD elsewhere), USD until it is known." })
  currency: CurrencyCode;

  @Field(() => String, { nullable: true, description: 'E-mail address given at checkout.' })
  email: string | null;

  @Field(() => Address, { nullable: true, description: 'Billing address given at checkout.' })
  billingAddress: Address | null;

  @Field(() => Address, { nullable: true, description: 'Shipping address given at checkout (physical items only).' })
  shippingAddress: Address | null;

  @Field(() => ShippingMethod, { nullable: true, description: 'Shipping method chosen at checkout (physical items only).' })
  shippingMethod: ShippingMethod | null;

  @Field(() => [ShippingOption], { description: 'How physical items can ship, with price and delivery window (O7); empty for downloads only.' })
  shippingOptions: ShippingOption[];

  @Field({ description: 'Whether the cart holds physical items (a shipping address and method are then needed).' })
  requiresShipping: boolean;

  @Field(() => Money, { description: 'Sum of the lines before shipping.' })
  subtotal: Money;

  @Field(() => Money, { description: 'Shipping charge; zero until a shipping method is chosen, and for downloads.' })
  shipping: Money;

  @Field(() => Money, { description: 'Sales tax or VAT (O6); zero until the billing (and shipping) address is known.' })
  tax: Money;

  @Field({ description: 'Whether prices include the tax (EU VAT, EUR carts) rather than having it added (US sales tax, USD carts).' })
  taxIncluded: boolean;

  @Field(() => Money, { description: 'The final price: what placeOrder authorizes once the details are set (O6).' })
  total: Money;

  @Field({ description: 'Whether the cart can be placed: it has lines, and the e-mail, billing and (for physical items) shipping details are set.' })
  readyToPlace: boolean;

  @Field({ description: 'When the cart is deleted if left untouched (abandoned carts expire).' })
  expiresAt: Date;
}

@ObjectType({ implements: ErrorResult, description: 'Why a cart or checkout operation was refused; nothing was changed.' })
export class CartError extends ErrorResult {
  @Field(() => [String], { nullable: true, description: 'Path of the input at fault, e.g. ["lines", "0", "quantity"] or ["details", "billingAddress", "postalCode"].' })
  field: string[] | null;
}

export function cartError(code: ErrorCode, message: string, field: Array<string | number> | null = null): CartError {
  return Object.assign(new CartError(), { code, message, field: field?.map(String) ?? null });
}

export const CartResult = createUnionType({
  name: 'CartResult',
  description: 'The cart as it now stands, or why the operation was refused.',
  types: () => [CartView, CartError] as const,
});
