import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { insertRows } from '../../../kernel/db';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { intFromEnv } from '../../../kernel/config';
import { isCurrencyCode } from '../../../kernel/currency';
import { ErrorCode } from '../../../kernel/error-codes';
import type { Identity } from '../../../kernel/identity';
import { money } from '../../../kernel/money';
import { lockForUpdate } from '../../../kernel/outbox/claim';
import type { Outbox } from '../../../kernel/outbox/outbox';
import type { ServiceDeps } from '../../../kernel/subgraph';
import type { CatalogService } from '../catalog/catalog.service';
import { OrderItem } from '../orders/order-item.entity';
import { Order, OrderState } from '../orders/order.entity';
import { mayActOnOrder } from '../orders/order-privacy';
import { Product, ProductDelivery } from '../catalog/product.entity';
import { ProductPrice } from '../catalog/product-price.entity';
import { AttemptState, PaymentAttempt } from '../checkout/payment-attempt.entity';
import { Address } from '../orders/address.type';
import { shippingOptions, type ShippingMethod } from '../shipping/shipping';
import type { TaxCurrency, TaxTables } from '../tax/tax';
import { CartLine } from './cart-line.entity';
import { physicalUnits, quoteCart, type Quote, type QuoteProblem } from './cart-pricing';
import { Cart, CartState } from './cart.entity';
import { CART_LIMITS, cartError, CartLineView, CartView, type CartError, type CartLineInput } from './cart.types';

/** Job type: an abandoned cart is deleted when it has been left untouched long enough (O1). */
export const CART_EXPIRY_JOB = 'cart.expire';

const DAY = 86_400_000;

/** A cart as loaded for a request: its stored row, its lines, and the id its holder sent. */
export interface LoadedCart {
  id: string;
  cart: Cart;
  lines: CartLine[];
}

/** The catalog facts a cart change needs, loaded in two statements for any number of products. */
interface CatalogSlice {
  products: Map<string, Product>;
  prices: ProductPrice[];
}

const NOT_FOUND_MESSAGE = 'This cart was not found: it may have expired. Please start a new cart.';

/**
 * O1, O2: shopping carts. A cart id is a capability of 128 random bits: whoever holds it reads
 * and changes the cart (only its SHA-256 is stored); a cart used by a signed-in shopper is tied
 * to that account from then on, and another caller gets the same answer as for a cart that does
 * not exist. Every change re-prices the cart (cart-pricing.ts) in the transaction that makes it,
 * with the cart row locked, so the figures stored are the ones the shopper is shown.
 */
export class CartService {
  private readonly clock: Clock;
  private readonly outbox: Outbox;
  private readonly ttlMs: number;

  constructor(
    private readonly dataSource: DataSource,
    deps: ServiceDeps,
    private readonly catalog: CatalogService,
    private readonly tables: TaxTables,
  ) {
    this.clock = deps.clock;
    this.outbox = deps.outbox;
    this.ttlMs = intFromEnv(deps.env, 'CART_ABANDONED_DAYS', 30, 1, 365) * DAY;
  }

  static hashId(id: string): string {
    return createHash('sha256').update(id).digest('hex');
  }

  /** The cart the caller may use, or null: unknown, expired, or another account's (the same answer). */
  async find(identity: Identity, id: string, manager: EntityManager = this.dataSource.manager): Promise<LoadedCart | null> {
    if (!id || id.length > CART_LIMITS.cartIdMax) return null;
    const idHash = CartService.hashId(id);
    const cart = await manager.findOneBy(Cart, { idHash });
    if (!cart || !this.mayUse(identity, cart)) return null;
    const lines = await manager.find(CartLine, { where: { cartIdHash: idHash }, order: { position: 'ASC' } });
    return { id, cart, lines };
  }

  private mayUse(identity: Identity, cart: Cart): boolean {
    if (cart.expiresAt.getTime() <= this.clock.now().getTime()) return false;
    return cart.accountId === null || cart.accountId === identity.accountId;
  }

  /** O1, O2: adds lines to the cart (a new one when `cartId` is null). */
  async add(identity: Identity, cartId: string | null, inputs: CartLineInput[]): Promise<CartView | CartError> {
    if (inputs.length === 0) return cartError(ErrorCode.INVALID_QUANTITY, 'Choose at least one product to add.', ['lines']);
    if (inputs.length > CART_LIMITS.linesPerRequest) return cartError(ErrorCode.TOO_MANY_LINES, `Add at most ${CART_LIMITS.linesPerRequest} products at a time.`, ['lines']);
    return this.change(identity, cartId, async (loaded, manager) => {
      const slice = await this.catalogFor([...inputs.map((i) => i.productId), ...loaded.lines.map((l) => l.productId)], manager);
      const problem = this.checkInputs(inputs, slice);
      if (problem) return problem;
      const lines = [...loaded.lines];
      const byId = new Map(lines.map((l) => [l.id, l]));
      for (const [index, input] of inputs.entries()) {
        const product = slice.products.get(input.productId)!;
        const autoRenew = input.autoRenew ?? false;
        const backupCdFor = input.backupCdFor ?? null;
        const backupCdForOrderItem = input.backupCdForOrderItem ?? null;
        if (product.isAddOn && backupCdForOrderItem) {
          const problem = await this.laterBackupCd(manager, identity, backupCdForOrderItem, input.quantity, lines, index);
          if (problem) return problem;
        } else if (product.isAddOn) {
          const target = backupCdFor ? byId.get(backupCdFor) : undefined;
          if (!backupCdFor || !target) {
            return cartError(ErrorCode.BACKUP_CD_ALONE, 'A Backup CD is sold only with a download product: add it for a download line of this cart.', ['lines', index, 'backupCdFor']);
          }
          const targetProduct = slice.products.get(target.productId);
          if (!targetProduct || targetProduct.delivery !== ProductDelivery.DOWNLOAD || targetProduct.isAddOn) {
            return cartError(ErrorCode.BACKUP_CD_NOT_FOR_PHYSICAL, 'A Backup CD is only for a download product; this line already ships on a medium.', ['lines', index, 'backupCdFor']);
          }
        }
        const same = lines.find((l) => l.productId === product.id && l.autoRenew === autoRenew && l.backupCdForLineId === backupCdFor && l.backupCdForOrderItemId === backupCdForOrderItem);
        if (same) {
          if (same.quantity + input.quantity > CART_LIMITS.quantityMax) {
            return cartError(ErrorCode.INVALID_QUANTITY, `You can have at most ${CART_LIMITS.quantityMax} of one product in a cart.`, ['lines', index, 'quantity']);
          }
          same.quantity += input.quantity;
        } else {
          if (lines.length >= CART_LIMITS.linesPerCart) return cartError(ErrorCode.TOO_MANY_LINES, `A cart holds at most ${CART_LIMITS.linesPerCart} lines.`, ['lines', index]);
          const line = Object.assign(new CartLine(), {
            id: randomUUID(),
            cartIdHash: loaded.cart.idHash,
            position: lines.reduce((max, l) => Math.max(max, l.position), -1) + 1,
            productId: product.id,
            quantity: input.quantity,
            autoRenew,
            backupCdForLineId: backupCdFor,
            backupCdForOrderItemId: backupCdForOrderItem,
            unitPriceAmount: 0,
            taxAmount: 0,
            totalAmount: 0,
          });
          lines.push(line);
          byId.set(line.id, line);
        }
      }
      // O2: no more Backup CDs for a download line than it has units.
      for (const line of lines) {
        if (!line.backupCdForLineId) continue;
        const target = byId.get(line.backupCdForLineId)!;
        if (line.quantity > target.quantity) {
          return cartError(ErrorCode.INVALID_QUANTITY, 'One Backup CD per copy of the download product at most.', ['lines']);
        }
      }
      return this.saveLines(manager, loaded, lines);
    });
  }

  /** Removes a line; removing a download line also removes its Backup CD (O2). */
  async remove(identity: Identity, cartId: string, lineId: string): Promise<CartView | CartError> {
    return this.change(identity, cartId, async (loaded, manager) => {
      if (!loaded.lines.some((l) => l.id === lineId)) return cartError(ErrorCode.CART_LINE_NOT_FOUND, 'This line is not in the cart.', ['lineId']);
      const removed = new Set([lineId]);
      for (const line of loaded.lines) if (line.backupCdForLineId && removed.has(line.backupCdForLineId)) removed.add(line.id);
      return this.saveLines(manager, loaded, loaded.lines.filter((l) => !removed.has(l.id)));
    });
  }

  /** O1: empties the cart to start a new order: no lines, no checkout details. */
  async empty(identity: Identity, cartId: string): Promise<CartView | CartError> {
    return this.change(identity, cartId, async (loaded, manager) => {
      Object.assign(loaded.cart, { email: null, billingAddress: null, shippingAddress: null, shippingMethod: null, currency: 'USD' });
      return this.saveLines(manager, loaded, []);
    });
  }

  /**
   * Runs a change of a cart in one transaction with the cart row locked: the holder's check, the
   * change, the new quote and the new expiry commit together, or nothing does.
   */
  async change(
    identity: Identity,
    cartId: string | null,
    apply: (loaded: LoadedCart, manager: EntityManager) => Promise<CartView | CartError>,
  ): Promise<CartView | CartError> {
    return this.dataSource.transaction(async (manager) => {
      let loaded: LoadedCart;
      if (cartId === null) {
        loaded = await this.create(manager, identity);
      } else {
        const found = await this.lockAndFind(manager, identity, cartId);
        if (!found) return cartError(ErrorCode.CART_NOT_FOUND, NOT_FOUND_MESSAGE, ['cartId']);
        if (found.cart.state === CartState.ORDERED) return cartError(ErrorCode.CART_ALREADY_ORDERED, 'This cart has become an order. Please start a new cart.', ['cartId']);
        if (await this.placing(manager, found.cart.idHash)) return cartError(ErrorCode.ORDER_IN_PROGRESS, 'This cart is being placed as an order right now.', ['cartId']);
        loaded = found;
      }
      // A guest's cart used by a signed-in shopper becomes theirs (O1: tied to the account).
      if (loaded.cart.accountId === null && identity.accountId) loaded.cart.accountId = identity.accountId;
      const result = await apply(loaded, manager);
      // Nothing of a refused change is kept: throwing rolls the transaction back.
      if (!(result instanceof CartView)) throw new RefusedChange(result);
      return result;
    }).catch((error) => {
      if (error instanceof RefusedChange) return error.result;
      throw error;
    });
  }

  private async lockAndFind(manager: EntityManager, identity: Identity, id: string): Promise<LoadedCart | null> {
    if (!id || id.length > CART_LIMITS.cartIdMax) return null;
    const idHash = CartService.hashId(id);
    const cart = await lockForUpdate(this.dataSource, manager.getRepository(Cart).createQueryBuilder('c').where('c.idHash = :idHash', { idHash })).getOne();
    if (!cart || !this.mayUse(identity, cart)) return null;
    const lines = await manager.find(CartLine, { where: { cartIdHash: idHash }, order: { position: 'ASC' } });
    return { id, cart, lines };
  }

  /** Whether a placeOrder of this cart is in flight (its lock is held by a pending attempt). */
  private async placing(manager: EntityManager, idHash: string): Promise<boolean> {
    return (await manager.countBy(PaymentAttempt, { lockKey: idHash, state: AttemptState.PENDING })) > 0;
  }

  private async create(manager: EntityManager, identity: Identity): Promise<LoadedCart> {
    const id = randomBytes(16).toString('base64url'); // 128 random bits (O1: an unguessable capability)
    const now = this.clock.now();
    const cart = Object.assign(new Cart(), {
      idHash: CartService.hashId(id),
      accountId: identity.accountId,
      state: CartState.OPEN,
      currency: 'USD',
      email: null,
      billingAddress: null,
      shippingAddress: null,
      shippingMethod: null,
      subtotalAmount: 0,
      shippingAmount: 0,
      shippingTaxAmount: 0,
      taxAmount: 0,
      totalAmount: 0,
      taxIncluded: false,
      quoteComplete: false,
      orderId: null,
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
    });
    await insertRows(manager, Cart, cart);
    // Abandoned carts expire through a job (O1); it looks again when the cart was touched since.
    await this.outbox.schedule(manager, { type: CART_EXPIRY_JOB, payload: { idHash: cart.idHash }, dueAt: cart.expiresAt });
    return { id, cart, lines: [] };
  }

  /** Writes the lines and the new quote of a cart, and moves its expiry. */
  async saveLines(manager: EntityManager, loaded: LoadedCart, lines: CartLine[]): Promise<CartView | CartError> {
    const slice = await this.catalogFor(lines.map((l) => l.productId), manager);
    const quote = this.quote(loaded.cart, lines, slice);
    if ('code' in quote) return cartError(quote.code, quote.message, ['lines']);
    const { cart } = loaded;
    const now = this.clock.now();
    Object.assign(cart, {
      subtotalAmount: quote.subtotalAmount,
      shippingAmount: quote.shippingAmount,
      shippingTaxAmount: quote.shippingTaxAmount,
      taxAmount: quote.taxAmount,
      totalAmount: quote.totalAmount,
      taxIncluded: quote.taxIncluded,
      quoteComplete: quote.complete && lines.length > 0 && cart.email !== null,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
    });
    const quoted = new Map(quote.lines.map((l) => [l.id, l]));
    for (const line of lines) Object.assign(line, { unitPriceAmount: quoted.get(line.id)!.unitPriceAmount, taxAmount: quoted.get(line.id)!.taxAmount, totalAmount: quoted.get(line.id)!.totalAmount });
    // Lines are few (at most 50): rewriting them is simpler and as cheap as diffing. They go by
    // primary key, not by cart: on MySQL a delete by cart takes gap locks on the cart index, even
    // where there is no line, and two new carts whose hashes share a gap then deadlock on their
    // inserts (seen at concurrency 8 in npm run bench:checkout). The cart row's lock keeps
    // `loaded.lines` the cart's lines.
    await deleteLines(manager, loaded.lines);
    if (lines.length > 0) await insertRows(manager, CartLine, lines);
    const { idHash, ...values } = cart;
    await manager.update(Cart, { idHash }, values);
    return this.view({ ...loaded, lines }, slice.products);
  }

  /** The quote of a cart with the catalog and tax tables as they are now. */
  quote(cart: Cart, lines: ReadonlyArray<Pick<CartLine, 'id' | 'productId' | 'quantity'>>, slice: CatalogSlice): Quote | QuoteProblem {
    return quoteCart(
      {
        currency: cart.currency as TaxCurrency,
        lines,
        products: slice.products,
        prices: slice.prices,
        billing: cart.billingAddress,
        shipping: cart.shippingAddress,
        shippingMethod: cart.shippingMethod as ShippingMethod | null,
      },
      this.tables,
    );
  }

  async catalogFor(productIds: readonly string[], manager?: EntityManager): Promise<CatalogSlice> {
    const ids = [...new Set(productIds)].filter((id) => typeof id === 'string' && id.length > 0 && id.length <= 36);
    if (ids.length === 0) return { products: new Map(), prices: [] };
    const products = manager ? await manager.findBy(Product, { id: In(ids) }) : await this.catalog.byIds(ids);
    const prices = manager ? await manager.findBy(ProductPrice, { productId: In(ids) }) : await this.catalog.pricesOf(ids);
    return { products: new Map(products.map((p) => [p.id, p])), prices };
  }

  /**
   * O2, a Backup CD bought later: for a download item of an order the caller may act on (its
   * account, the holder of its order token, support), one CD per copy at most counting those
   * bought since and those in the cart. Someone else's order answers as one that does not exist.
   */
  private async laterBackupCd(manager: EntityManager, identity: Identity, orderItemId: string, quantity: number, lines: CartLine[], index: number): Promise<CartError | null> {
    const field = ['lines', index, 'backupCdForOrderItem'];
    const item = await manager.findOneBy(OrderItem, { id: orderItemId });
    const order = item ? await manager.findOneBy(Order, { id: item.orderId }) : null;
    if (!item || !order || !mayActOnOrder(identity, order) || order.state === OrderState.AWAITING_PAYMENT || order.state === OrderState.PAYMENT_LAPSED) {
      return cartError(ErrorCode.ORDER_NOT_FOUND, 'We could not find that order item among your orders.', field);
    }
    if (item.delivery !== ProductDelivery.DOWNLOAD || item.devices === null) {
      return cartError(ErrorCode.BACKUP_CD_ORDER_ITEM_NOT_DOWNLOAD, 'A Backup CD is only for a download item; this item already ships on a medium.', field);
    }
    const bought = await manager.find(OrderItem, { where: { backupCdForOrderItemId: orderItemId } });
    const inCart = lines.filter((l) => l.backupCdForOrderItemId === orderItemId).reduce((sum, l) => sum + l.quantity, 0);
    if (bought.reduce((sum, i) => sum + i.quantity, 0) + inCart + quantity > item.quantity) {
      return cartError(ErrorCode.INVALID_QUANTITY, 'One Backup CD per copy of the download product at most.', ['lines', index, 'quantity']);
    }
    return null;
  }

  /** O1, O2, S3: what each requested line may be, before anything is written. */
  private checkInputs(inputs: CartLineInput[], slice: CatalogSlice): CartError | null {
    for (const [index, input] of inputs.entries()) {
      const product = slice.products.get(input.productId);
      if (!product || !product.onSale) return cartError(ErrorCode.UNKNOWN_PRODUCT, 'This product is not in the catalog.', ['lines', index, 'productId']);
      if (!Number.isInteger(input.quantity) || input.quantity < CART_LIMITS.quantityMin || input.quantity > CART_LIMITS.quantityMax) {
        return cartError(ErrorCode.INVALID_QUANTITY, `Choose a quantity from ${CART_LIMITS.quantityMin} to ${CART_LIMITS.quantityMax}.`, ['lines', index, 'quantity']);
      }
      if (input.autoRenew && !product.autoRenewAvailable) {
        return cartError(ErrorCode.AUTO_RENEW_NOT_AVAILABLE, `The Auto-Renewal Plan is not available for ${product.name}.`, ['lines', index, 'autoRenew']);
      }
      if (!product.isAddOn && input.backupCdFor) {
        return cartError(ErrorCode.NOT_AN_ADD_ON, 'Only a Backup CD names the download line it belongs to.', ['lines', index, 'backupCdFor']);
      }
      if (!product.isAddOn && input.backupCdForOrderItem) {
        return cartError(ErrorCode.NOT_AN_ADD_ON, 'Only a Backup CD names the order item it belongs to.', ['lines', index, 'backupCdForOrderItem']);
      }
      if (input.backupCdFor && input.backupCdForOrderItem) {
        return cartError(ErrorCode.BACKUP_CD_ALONE, 'Name one: the download line of this cart, or the download item of an earlier order.', ['lines', index, 'backupCdForOrderItem']);
      }
    }
    return null;
  }

  /** The cart as its holder sees it. */
  view(loaded: LoadedCart, products: ReadonlyMap<string, Product>): CartView {
    const { cart, lines } = loaded;
    const currency = isCurrencyCode(cart.currency) ? cart.currency : 'USD';
    const units = physicalUnits(lines, products);
    return Object.assign(new CartView(), {
      id: loaded.id,
      lines: lines.map((line) =>
        Object.assign(new CartLineView(), {
          id: line.id,
          productId: line.productId,
          quantity: line.quantity,
          autoRenew: line.autoRenew,
          backupCdFor: line.backupCdForLineId,
          backupCdForOrderItem: line.backupCdForOrderItemId,
          unitPrice: money(line.unitPriceAmount, currency),
          tax: money(line.taxAmount, currency),
          total: money(line.totalAmount, currency),
        }),
      ),
      currency,
      email: cart.email,
      billingAddress: cart.billingAddress ? Address.of(cart.billingAddress) : null,
      shippingAddress: cart.shippingAddress ? Address.of(cart.shippingAddress) : null,
      shippingMethod: units > 0 ? (cart.shippingMethod as ShippingMethod | null) : null,
      shippingOptions: shippingOptions(cart.shippingAddress, currency, units),
      requiresShipping: units > 0,
      subtotal: money(cart.subtotalAmount, currency),
      shipping: money(cart.shippingAmount, currency),
      tax: money(cart.taxAmount, currency),
      taxIncluded: cart.taxIncluded,
      total: money(cart.totalAmount, currency),
      readyToPlace: cart.state === CartState.OPEN && cart.quoteComplete && lines.length > 0,
      expiresAt: cart.expiresAt,
    });
  }

  /**
   * The job (O1): deletes a cart left untouched past its expiry, or looks again at its new
   * expiry when it was used since. An ordered cart goes too: its order keeps everything.
   */
  async expire(manager: EntityManager, idHash: string): Promise<void> {
    const cart = await manager.findOneBy(Cart, { idHash });
    if (!cart) return;
    if (cart.expiresAt.getTime() > this.clock.now().getTime()) {
      await this.outbox.schedule(manager, { type: CART_EXPIRY_JOB, payload: { idHash }, dueAt: cart.expiresAt });
      return;
    }
    await deleteLines(manager, await manager.find(CartLine, { select: { id: true }, where: { cartIdHash: idHash } }));
    await manager.delete(Cart, { idHash });
  }
}

/** Carries a refused change out of its transaction, which rolls back. */
class RefusedChange extends Error {
  constructor(readonly result: CartError) {
    super(result.message);
  }
}

/** Deletes these lines by primary key: record locks only, no gap locks on the cart index (see saveLines). */
async function deleteLines(manager: EntityManager, lines: ReadonlyArray<Pick<CartLine, 'id'>>): Promise<void> {
  if (lines.length > 0) await manager.delete(CartLine, { id: In(lines.map((l) => l.id)) });
}
