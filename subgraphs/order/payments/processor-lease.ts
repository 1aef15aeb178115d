import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { Order } from '../orders/order.entity';

/** How long one step may hold an order's payment; a process that dies frees it after that. */
export const PROCESSOR_LEASE_MS = 2 * 60_000;

/**
 * The processor is called outside any transaction (processor.ts), so two steps of one order — a
 * charge and the refund of a return, say — could otherwise decide from the same rows and both
 * act: the charge taking money the refund has just given up. Each such step first takes this
 * lease with one conditional UPDATE (no lock is held across the network call), decides from what
 * the database says then, calls the processor, and frees the lease with its answer. A step that
 * finds the lease taken fails and is retried by its job's backoff.
 */
export class OrderBusy extends Error {
  override readonly name = 'OrderBusy';
  constructor(orderId: string) {
    super(`order ${orderId}: another payment step is talking to the processor`);
  }
}

export async function takeProcessorLease(dataSource: DataSource, clock: Clock, orderId: string): Promise<void> {
  const now = clock.now();
  const taken = await dataSource
    .createQueryBuilder()
    .update(Order)
    .set({ processorLeaseUntil: new Date(now.getTime() + PROCESSOR_LEASE_MS) })
    .where('id = :orderId AND (processorLeaseUntil IS NULL OR processorLeaseUntil <= :now)', { orderId, now })
    .execute();
  if (taken.affected !== 1) throw new OrderBusy(orderId);
}

/** Frees the lease in the transaction that records the processor's answer. */
export async function freeProcessorLease(manager: EntityManager | DataSource, orderId: string): Promise<void> {
  await manager.createQueryBuilder().update(Order).set({ processorLeaseUntil: null }).where('id = :orderId', { orderId }).execute();
}
