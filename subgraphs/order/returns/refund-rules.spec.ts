import { OrderState } from '../orders/order.entity';
import { RefundKind, RefundState } from './refund.entity';
import { canMove, initialState, orderStateAfterReturns, planReturn, taxToRefund, unitShare, type ReturnPlan } from './refund-rules';

const download = { id: 'd', quantity: 3, delivery: 'DOWNLOAD', totalAmount: 10_000, taxAmount: 825 };
const boxed = { id: 'b', quantity: 1, delivery: 'PHYSICAL', totalAmount: 4_330, taxAmount: 330 };
const shippingLine = 895 + 74; // shipping and its tax
const order = { totalAmount: download.totalAmount + boxed.totalAmount + shippingLine, shippingTaxAmount: 74, items: [download, boxed] };

describe('the share of a return (O12)', () => {
  it('unit shares add up to the line exactly, whatever the order of the returns', () => {
    expect(unitShare(10_000, 3, 0, 1) + unitShare(10_000, 3, 1, 1) + unitShare(10_000, 3, 2, 1)).toBe(10_000);
    expect(unitShare(10_000, 3, 0, 2) + unitShare(10_000, 3, 2, 1)).toBe(10_000);
    expect(unitShare(825, 3, 0, 1)).toBe(275);
    expect(unitShare(1, 3, 0, 1) + unitShare(1, 3, 1, 2)).toBe(1);
  });

  it('O12: some units of an item refund their share of its total and of its tax, units taken from the highest down', () => {
    const plan = planReturn(order, new Map(), [{ orderItemId: 'd', quantity: 2 }]) as ReturnPlan;
    expect(plan.items).toEqual([{ orderItemId: 'd', quantity: 2, units: [3, 2], amount: 6_666, tax: 550 }]);
    expect(plan).toMatchObject({ amount: 6_666, tax: 550, shipping: 0, needsLetterOfDestruction: false, returnsEverything: false });
    const rest = planReturn(order, new Map([['d', [3, 2]]]), [{ orderItemId: 'd', quantity: 1 }]) as ReturnPlan;
    expect(rest.items[0]).toMatchObject({ units: [1], amount: 3_334, tax: 275 });
  });

  it('O12: the shipping charge and its tax go back with the last physical item; the whole order refunds exactly its total', () => {
    const whole = planReturn(order, new Map(), null) as ReturnPlan;
    expect(whole).toMatchObject({ amount: order.totalAmount, shipping: shippingLine, tax: 825 + 330 + 74, needsLetterOfDestruction: true, returnsEverything: true });
    const afterDownloads = planReturn(order, new Map([['d', [1, 2, 3]]]), []) as ReturnPlan;
    expect(afterDownloads).toMatchObject({ amount: boxed.totalAmount + shippingLine, shipping: shippingLine, returnsEverything: true });
    expect(planReturn(order, new Map(), [{ orderItemId: 'd', quantity: 3 }])).toMatchObject({ shipping: 0, needsLetterOfDestruction: false });
  });

  it('O12: never more than bought and not yet returned, never an unknown item or a quantity under 1, never twice', () => {
    expect(planReturn(order, new Map(), [{ orderItemId: 'd', quantity: 4 }])).toEqual({ problem: 'MORE_THAN_BOUGHT', orderItemId: 'd', left: 3 });
    expect(planReturn(order, new Map([['d', [3]]]), [{ orderItemId: 'd', quantity: 2 }, { orderItemId: 'd', quantity: 1 }])).toEqual({ problem: 'MORE_THAN_BOUGHT', orderItemId: 'd', left: 2 });
    expect(planReturn(order, new Map(), [{ orderItemId: 'x', quantity: 1 }])).toEqual({ problem: 'UNKNOWN_ITEM', orderItemId: 'x' });
    expect(planReturn(order, new Map(), [{ orderItemId: 'd', quantity: 0 }])).toEqual({ problem: 'INVALID_QUANTITY', orderItemId: 'd' });
    expect(planReturn(order, new Map(), [{ orderItemId: 'd', quantity: 1.5 }])).toEqual({ problem: 'INVALID_QUANTITY', orderItemId: 'd' });
    expect(planReturn(order, new Map([['d', [1, 2, 3]], ['b', [1]]]), null)).toEqual({ problem: 'NOTHING_LEFT' });
  });

  it('O6: the tax refunded to a tax-exempt customer is what returns have not already paid back', () => {
    expect(taxToRefund(1_229, 0)).toBe(1_229);
    expect(taxToRefund(1_229, 550)).toBe(679);
    expect(taxToRefund(1_229, 1_229)).toBe(0);
  });
});

describe('the states of a refund (O12)', () => {
  it('a download starts REQUESTED, a physical item waits for the ELOD', () => {
    expect(initialState({ needsLetterOfDestruction: false })).toBe(RefundState.REQUESTED);
    expect(initialState({ needsLetterOfDestruction: true })).toBe(RefundState.AWAITING_LETTER_OF_DESTRUCTION);
  });

  it('moves forward only, each step once', () => {
    expect(canMove(RefundState.AWAITING_LETTER_OF_DESTRUCTION, RefundState.REQUESTED)).toBe(true);
    expect(canMove(RefundState.REQUESTED, RefundState.REQUESTED)).toBe(false);
    expect(canMove(RefundState.REQUESTED, RefundState.INITIATED)).toBe(true);
    expect(canMove(RefundState.REQUESTED, RefundState.FAILED)).toBe(true);
    expect(canMove(RefundState.INITIATED, RefundState.CREDITED)).toBe(true);
    expect(canMove(RefundState.INITIATED, RefundState.REQUESTED)).toBe(false);
    expect(canMove(RefundState.CREDITED, RefundState.INITIATED)).toBe(false);
    expect(canMove(RefundState.FAILED, RefundState.INITIATED)).toBe(false);
  });

  it("item 10: the order reads partly or fully returned, then refunded once every refund is credited; a failed refund or a tax refund does not count", () => {
    const r = (state: RefundState, kind = RefundKind.RETURN) => ({ state, kind });
    expect(orderStateAfterReturns(OrderState.SHIPPED, [], false)).toBe(OrderState.SHIPPED);
    expect(orderStateAfterReturns(OrderState.SHIPPED, [r(RefundState.INITIATED, RefundKind.TAX_EXEMPTION)], false)).toBe(OrderState.SHIPPED);
    expect(orderStateAfterReturns(OrderState.COMPLETED, [r(RefundState.FAILED)], false)).toBe(OrderState.COMPLETED);
    expect(orderStateAfterReturns(OrderState.COMPLETED, [r(RefundState.INITIATED)], false)).toBe(OrderState.PARTIALLY_RETURNED);
    expect(orderStateAfterReturns(OrderState.COMPLETED, [r(RefundState.CREDITED)], false)).toBe(OrderState.PARTIALLY_REFUNDED);
    expect(orderStateAfterReturns(OrderState.SUBMITTED, [r(RefundState.AWAITING_LETTER_OF_DESTRUCTION)], true)).toBe(OrderState.RETURNED);
    expect(orderStateAfterReturns(OrderState.RETURNED, [r(RefundState.CREDITED), r(RefundState.INITIATED)], true)).toBe(OrderState.RETURNED);
    expect(orderStateAfterReturns(OrderState.RETURNED, [r(RefundState.CREDITED), r(RefundState.CREDITED)], true)).toBe(OrderState.REFUNDED);
  });
});
