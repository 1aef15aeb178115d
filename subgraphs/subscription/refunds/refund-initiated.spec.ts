import { MalformedRefundInitiated, parseRefundInitiated } from './refund-initiated';

const valid = {
  refundId: '00000000-0000-4000-a000-00000000e001',
  orderId: '00000000-0000-4000-a000-00000000c004',
  orderNumber: 'CG-100004',
  initiatedAt: '2026-11-18T15:00:00.000Z',
  items: [{ orderItemId: '00000000-0000-4000-a000-00000000d001', units: [2, 3] }],
};

describe('the refund.initiated contract (O12, X2)', () => {
  it('reads a payload that keeps it', () => {
    expect(parseRefundInitiated(valid)).toEqual(valid);
    expect(parseRefundInitiated({ ...valid, items: [] }).items).toEqual([]);
  });

  it.each([
    ['no order id', { ...valid, orderId: '' }],
    ['no refund id', { ...valid, refundId: 7 }],
    ['a date that is not one', { ...valid, initiatedAt: 'yesterday' }],
    ['items that are not a list', { ...valid, items: {} }],
    ['unit 0', { ...valid, items: [{ orderItemId: 'x', units: [0] }] }],
    ['a unit that is not a number', { ...valid, items: [{ orderItemId: 'x', units: ['1'] }] }],
    ['too many units', { ...valid, items: [{ orderItemId: 'x', units: Array.from({ length: 1001 }, (_, i) => i + 1) }] }],
  ])('refuses %s: nothing is changed and the delivery is retried', (_, payload) => {
    expect(() => parseRefundInitiated(payload as Record<string, unknown>)).toThrow(MalformedRefundInitiated);
  });
});
