import { MAX_UNITS_PER_ORDER, MalformedOrderConfirmed, parseOrderConfirmed } from './order-confirmed';

const line = { orderItemId: 'item-1', productId: 'product-1', productName: 'Maximum Security (1 year, 3 devices)', quantity: 2, devices: 3, term: 'ANNUAL', autoRenew: true };
const valid = { orderId: 'order-1', orderNumber: 'CG-100100', accountId: 'account-1', confirmedAt: '2026-11-18T15:00:00.000Z', lines: [line] };

describe('the order.confirmed contract as the subscription subgraph checks it (O1, S1)', () => {
  it('accepts a buyer\'s order, a guest\'s (accountId null), a perpetual line and an order with no licensed line', () => {
    expect(parseOrderConfirmed(valid)).toEqual(valid);
    expect(parseOrderConfirmed({ ...valid, accountId: null }).accountId).toBeNull();
    expect(parseOrderConfirmed({ ...valid, lines: [{ ...line, term: null, autoRenew: false }] }).lines[0].term).toBeNull();
    expect(parseOrderConfirmed({ ...valid, lines: [] }).lines).toEqual([]);
    expect(parseOrderConfirmed({ ...valid, confirmedAt: '2026-11-18T10:00:00-05:00' }).confirmedAt).toBe('2026-11-18T10:00:00-05:00');
    // X1: an event from before lines carried the product's name is still accepted, without one.
    const { productName: _, ...older } = line;
    expect(parseOrderConfirmed({ ...valid, lines: [older] }).lines[0].productName).toBeNull();
  });

  it.each([
    [{ orderId: '' }, /orderId/],
    [{ accountId: undefined }, /accountId/],
    [{ confirmedAt: '18/11/2026' }, /confirmedAt/],
    [{ confirmedAt: '2026-11-18' }, /confirmedAt/],
    [{ lines: 'none' }, /lines must be a list/],
    [{ lines: [{ ...line, quantity: 0 }] }, /quantity/],
    [{ lines: [{ ...line, quantity: 1.5 }] }, /quantity/],
    [{ lines: [{ ...line, devices: 0 }] }, /devices/],
    [{ lines: [{ ...line, term: 'WEEKLY' }] }, /term/],
    [{ lines: [{ ...line, autoRenew: 'yes' }] }, /autoRenew/],
    [{ lines: [{ ...line, productName: '' }] }, /productName/],
    [{ lines: [{ ...line, productName: 'x'.repeat(201) }] }, /productName/],
    [{ lines: [{ ...line, productName: 42 }] }, /productName/],
    [{ lines: [{ ...line, term: null, autoRenew: true }] }, /perpetual license .* cannot have the Auto-Renewal Plan/],
    [{ lines: [line, line] }, /appears twice/],
    [{ lines: [{ ...line, quantity: MAX_UNITS_PER_ORDER }, { ...line, orderItemId: 'item-2', quantity: 1 }] }, /at most 1000 licenses/],
  ])('refuses %p', (change, reason) => {
    const attempt = () => parseOrderConfirmed({ ...valid, ...change } as Record<string, unknown>);
    expect(attempt).toThrow(MalformedOrderConfirmed);
    expect(attempt).toThrow(reason);
  });
});
