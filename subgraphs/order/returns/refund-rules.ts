import { ProductDelivery, ships } from '../catalog/product.entity';
import { OrderState } from '../orders/order.entity';
import { RefundKind, RefundState } from './refund.entity';

/**
 * The pure rules of a return (O12): what may be returned, what it refunds, and which state
 * follows which. No database, no clock: the service gives them what it read.
 */

export interface ReturnableItem {
  id: string;
  quantity: number;
  delivery: string;
  /** Everything the line cost, tax included (added, or included as VAT). */
  totalAmount: number;
  taxAmount: number;
}

export interface ReturnableOrder {
  totalAmount: number;
  /** Tax of the shipping charge (part of the order's tax). */
  shippingTaxAmount: number;
  items: ReturnableItem[];
}

/** Units of each item already returned (by earlier returns that did not fail), by item id. */
export type ReturnedUnits = ReadonlyMap<string, readonly number[]>;

export interface RequestedLine {
  orderItemId: string;
  quantity: number;
}

export interface PlannedItem {
  orderItemId: string;
  quantity: number;
  units: number[];
  amount: number;
  tax: number;
}

export interface ReturnPlan {
  items: PlannedItem[];
  /** Everything refunded: the items' shares and the shipping, when it goes back. */
  amount: number;
  tax: number;
  shipping: number;
  /** A physical item is among them: the Electronic Letter of Destruction comes first. */
  needsLetterOfDestruction: boolean;
  /** After this return nothing of the order is left unreturned. */
  returnsEverything: boolean;
}

export type ReturnRefusal =
  | { problem: 'UNKNOWN_ITEM'; orderItemId: string }
  | { problem: 'INVALID_QUANTITY'; orderItemId: string }
  | { problem: 'MORE_THAN_BOUGHT'; orderItemId: string; left: number }
  | { problem: 'NOTHING_LEFT' };

/**
 * The share of `total` that units `from+1 … from+count` of `quantity` carry: the difference of
 * two floors, so the shares of every unit add up to the total exactly, whatever the order in
 * which they are returned (no cent lost or paid twice to rounding).
 */
export function unitShare(total: number, quantity: number, from: number, count: number): number {
  return Math.floor((total * (from + count)) / quantity) - Math.floor((total * from) / quantity);
}

/** The shipping charge of an order with its tax: what the total holds beyond its items. */
export function shippingTotal(order: ReturnableOrder): number {
  return order.totalAmount - order.items.reduce((sum, i) => sum + i.totalAmount, 0);
}

/**
 * Plans a return: the whole order when `lines` is empty or absent, else those items and
 * quantities. Never more than was bought and not yet returned. Units are taken from the
 * highest number down (a partial return leaves the first license, most likely the one in use).
 * Each item refunds its share of its total and of its tax; the shipping charge (with its tax)
 * goes back with the last physical unit returned, so returning a whole order refunds exactly
 * what was paid.
 */
export function planReturn(order: ReturnableOrder, returned: ReturnedUnits, lines: readonly RequestedLine[] | null | undefined): ReturnPlan | ReturnRefusal {
  const left = (item: ReturnableItem) => item.quantity - (returned.get(item.id)?.length ?? 0);
  const byId = new Map(order.items.map((i) => [i.id, i]));
  let wanted: RequestedLine[];
  if (!lines || lines.length === 0) {
    wanted = order.items.filter((i) => left(i) > 0).map((i) => ({ orderItemId: i.id, quantity: left(i) }));
    if (wanted.length === 0) return { problem: 'NOTHING_LEFT' };
  } else {
    const merged = new Map<string, number>();
    for (const line of lines) {
      if (!byId.has(line.orderItemId)) return { problem: 'UNKNOWN_ITEM', orderItemId: line.orderItemId };
      if (!Number.isInteger(line.quantity) || line.quantity < 1) return { problem: 'INVALID_QUANTITY', orderItemId: line.orderItemId };
      merged.set(line.orderItemId, (merged.get(line.orderItemId) ?? 0) + line.quantity);
    }
    wanted = [...merged].map(([orderItemId, quantity]) => ({ orderItemId, quantity }));
    for (const line of wanted) {
      const remaining = left(byId.get(line.orderItemId)!);
      if (line.quantity > remaining) return { problem: 'MORE_THAN_BOUGHT', orderItemId: line.orderItemId, left: remaining };
    }
  }

  const items: PlannedItem[] = wanted.map((line) => {
    const item = byId.get(line.orderItemId)!;
    const taken = new Set(returned.get(item.id) ?? []);
    const units: number[] = [];
    for (let unit = item.quantity; unit >= 1 && units.length < line.quantity; unit--) if (!taken.has(unit)) units.push(unit);
    const before = taken.size;
    return {
      orderItemId: item.id,
      quantity: line.quantity,
      units,
      amount: unitShare(item.totalAmount, item.quantity, before, line.quantity),
      tax: unitShare(item.taxAmount, item.quantity, before, line.quantity),
    };
  });

  const after = (item: ReturnableItem) => left(item) - (wanted.find((w) => w.orderItemId === item.id)?.quantity ?? 0);
  const physical = order.items.filter((i) => ships(i.delivery as ProductDelivery));
  const physicalInThis = items.some((p) => ships(byId.get(p.orderItemId)!.delivery as ProductDelivery));
  const lastPhysical = physicalInThis && physical.every((i) => after(i) === 0);
  const shipping = lastPhysical ? shippingTotal(order) : 0;
  const shippingTax = lastPhysical ? order.shippingTaxAmount : 0;
  return {
    items,
    amount: items.reduce((sum, i) => sum + i.amount, 0) + shipping,
    tax: items.reduce((sum, i) => sum + i.tax, 0) + shippingTax,
    shipping,
    needsLetterOfDestruction: physicalInThis,
    returnsEverything: order.items.every((i) => after(i) === 0),
  };
}

/**
 * The tax a tax-exempt customer gets back (O6): the order's tax less what returns already
 * refunded of it (a returned item's tax went back with it).
 */
export function taxToRefund(orderTax: number, taxAlreadyRefunded: number): number {
  return Math.max(0, orderTax - taxAlreadyRefunded);
}

/**
 * O12's state machine: requested (or awaiting the ELOD for a shipment) → initiated → credited;
 * failed when the processor refuses. Each step happens once: a second acceptance of the ELOD, a
 * late credit job, a repeated processor answer change nothing.
 */
const NEXT: Record<RefundState, readonly RefundState[]> = {
  [RefundState.AWAITING_LETTER_OF_DESTRUCTION]: [RefundState.REQUESTED],
  [RefundState.REQUESTED]: [RefundState.INITIATED, RefundState.FAILED],
  [RefundState.INITIATED]: [RefundState.CREDITED],
  [RefundState.CREDITED]: [],
  [RefundState.FAILED]: [],
};

export function canMove(from: RefundState, to: RefundState): boolean {
  return NEXT[from].includes(to);
}

/** The state a new return starts in: a physical item waits for the ELOD (O12). */
export function initialState(plan: Pick<ReturnPlan, 'needsLetterOfDestruction'>): RefundState {
  return plan.needsLetterOfDestruction ? RefundState.AWAITING_LETTER_OF_DESTRUCTION : RefundState.REQUESTED;
}

/** Whether the money of a refund still counts as going back (for what may be returned and the order's state). */
export function countsAsReturned(state: RefundState): boolean {
  return state !== RefundState.FAILED;
}

/**
 * The order's state once returns exist (O12; the help pages' "partly or fully returned,
 * refunded"): returned while a refund is on its way, refunded once every one is credited. A
 * return whose refund failed does not count; without returns the state is fulfilment's.
 */
export function orderStateAfterReturns(current: OrderState, refunds: ReadonlyArray<{ kind: RefundKind; state: RefundState }>, everythingReturned: boolean): OrderState {
  const returns = refunds.filter((r) => r.kind === RefundKind.RETURN && countsAsReturned(r.state));
  if (returns.length === 0) return current;
  const credited = returns.every((r) => r.state === RefundState.CREDITED);
  if (everythingReturned) return credited ? OrderState.REFUNDED : OrderState.RETURNED;
  return credited ? OrderState.PARTIALLY_REFUNDED : OrderState.PARTIALLY_RETURNED;
}
