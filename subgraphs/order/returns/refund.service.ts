import type { EntityManager } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { Refund, RefundState } from './refund.entity';

/** Job type: a refund reaches the customer on its expected credit date (O12). */
export const REFUND_CREDIT_JOB = 'refund.mark-credited';

/** Owns the lifecycle of refunds (O12). */
export class RefundService {
  private readonly clock: Clock;

  constructor(private readonly deps: ServiceDeps) {
    this.clock = deps.clock;
  }

  /**
   * Schedules the step that marks an initiated refund credited at its expected date, in the
   * transaction that initiates it (so the step exists exactly when the refund does).
   */
  scheduleCredit(manager: EntityManager, refund: Pick<Refund, 'id' | 'expectedCreditBy'>): Promise<string> {
    if (!refund.expectedCreditBy) throw new Error(`refund ${refund.id} has no expected credit date`);
    return this.deps.outbox.schedule(manager, { type: REFUND_CREDIT_JOB, payload: { refundId: refund.id }, dueAt: refund.expectedCreditBy });
  }

  /** The job: an INITIATED refund becomes CREDITED; any other state is left alone (idempotent). */
  async markCredited(manager: EntityManager, refundId: string): Promise<void> {
    await manager.update(Refund, { id: refundId, state: RefundState.INITIATED }, { state: RefundState.CREDITED, creditedAt: this.clock.now() });
  }
}
