import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { termEnd as nextTermEnd } from '../../../kernel/billing-period';
import type { Clock } from '../../../kernel/clock';
import type { Logger } from '../../../kernel/logger';
import { lockForUpdate } from '../../../kernel/outbox/claim';
import { Job, JobStatus } from '../../../kernel/outbox/outbox.entities';
import type { Outbox } from '../../../kernel/outbox/outbox';
import type { ServiceDeps } from '../../../kernel/subgraph';
import {
  RENEWAL_REMINDER,
  RENEWAL_REQUESTED,
  type RenewalBasis,
  type RenewalDeclined,
  type RenewalPaid,
  type RenewalReminder,
  type RenewalRequested,
} from '../../events';
import { isPartnerSerial, License, LicenseState, licenseState, PurchaseChannel } from '../licenses/license.entity';
import { LicenseTerm } from '../licenses/license-term.entity';
import { nextTermStart } from '../licenses/next-term';
import { CycleState, RenewalCycle } from './renewal-cycle.entity';
import { afterReminder, chargeAt, dueReminderLead, graceEnd, maxAttempts, retryAt } from './renewal-schedule';
import type { RenewalSettings } from './renewal.settings';

/** Job type: the sweep that finds due reminders, renewals and retries, then schedules itself again. */
export const RENEWAL_SWEEP_JOB = 'renewals.sweep';

/** What one sweep did. */
export interface SweepRound {
  reminders: number;
  requests: number;
}

/** Licenses on the Auto-Renewal Plan that this store bills: not revoked, not a partner's (A8), with a term. */
function eligible<T extends SelectQueryBuilder<any>>(query: T): T {
  return query
    .andWhere('l.storedState = :active', { active: LicenseState.ACTIVE })
    .andWhere('l.autoRenew = :on', { on: true })
    .andWhere('l.orderId IS NOT NULL AND l.billingPeriod IS NOT NULL AND l.expiresAt IS NOT NULL')
    .andWhere('l.purchaseChannel = :store', { store: PurchaseChannel.STORE }) as T;
}

/**
 * Auto-Renewal (S3) and failed renewals (S7) on the subscription side: when each reminder and
 * charge of a term is due, the order subgraph is asked through the outbox (it knows price, tax,
 * e-mail and card); its answer extends the license or starts the retries and the grace.
 *
 * A sweep job, not a job per license: the plan can be turned off and on again, a license
 * extended by hand, revoked by a refund, at any time, and the sweep looks at the license as it
 * is when a step is due. Each term has one `renewal_cycles` row (unique per license and term
 * end) and each step is a conditional change of it in the transaction that publishes the
 * event, so a step happens once however many sweeps run (X2).
 */
export class RenewalService {
  private readonly clock: Clock;
  private readonly outbox: Outbox;
  private readonly log: Logger;

  constructor(
    private readonly dataSource: DataSource,
    deps: Pick<ServiceDeps, 'clock' | 'outbox' | 'log'>,
    readonly settings: RenewalSettings,
  ) {
    this.clock = deps.clock;
    this.outbox = deps.outbox;
    this.log = deps.log;
  }

  /** At start: the sweep runs now unless one is already in line (it reschedules itself from then on). */
  async ensureSweep(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const waiting = await manager.countBy(Job, { type: RENEWAL_SWEEP_JOB, status: In([JobStatus.PENDING, JobStatus.RUNNING]) });
      if (waiting === 0) await this.outbox.schedule(manager, { type: RENEWAL_SWEEP_JOB, payload: {}, dueAt: this.clock.now() });
    });
  }

  /**
   * One sweep, in the job's transaction: due cycles (a later reminder, the charge, a retry)
   * first, then licenses whose term has no cycle yet and whose first reminder (or charge) is
   * due. A full batch means more is due: the next sweep is due at once, else after the interval.
   */
  async sweep(manager: EntityManager, job: Job): Promise<SweepRound> {
    const now = this.clock.now();
    const round: SweepRound = { reminders: 0, requests: 0 };
    const { sweepBatch } = this.settings;

    const cycles = await eligible(
      manager
        .createQueryBuilder(RenewalCycle, 'c')
        .innerJoinAndMapOne('c.license', License, 'l', 'l.id = c.licenseId AND l.expiresAt = c.termEnd')
        .where('c.state IN (:...waiting) AND c.nextActionAt <= :now', { waiting: [CycleState.REMINDED, CycleState.DECLINED], now }),
    )
      .orderBy('c.nextActionAt', 'ASC')
      .limit(sweepBatch)
      .getMany();
    for (const cycle of cycles) await this.step(manager, (cycle as RenewalCycle & { license: License }).license, cycle, now, round);

    const horizon = new Date(now.getTime() + Math.max(0, ...this.settings.reminderDays) * 86_400_000 + this.settings.chargeLeadMs);
    const fresh = await eligible(
      manager
        .createQueryBuilder(License, 'l')
        .leftJoin(RenewalCycle, 'c', 'c.licenseId = l.id AND c.termEnd = l.expiresAt')
        .where('c.id IS NULL')
        // A term that ended long ago without a renewal (the plan was turned on after it lapsed) is not charged.
        .andWhere('l.expiresAt <= :horizon AND l.expiresAt > :now', { horizon, now }),
    )
      .orderBy('l.expiresAt', 'ASC')
      .limit(sweepBatch)
      .getMany();
    for (const license of fresh) await this.step(manager, license, null, now, round);

    const more = cycles.length === sweepBatch || fresh.length === sweepBatch;
    const others = await manager.createQueryBuilder(Job, 'j').where('j.type = :type AND j.status = :pending AND j.id <> :id', { type: RENEWAL_SWEEP_JOB, pending: JobStatus.PENDING, id: job.id }).getCount();
    if (others === 0) {
      await this.outbox.schedule(manager, { type: RENEWAL_SWEEP_JOB, payload: {}, dueAt: more ? now : new Date(now.getTime() + this.settings.sweepIntervalMs) });
    }
    if (round.reminders + round.requests > 0) this.log.info({ ...round }, 'renewal sweep');
    return round;
  }

  /** The one step due for a license's current term: a reminder, or the charge (with a reminder first if none went out). */
  private async step(manager: EntityManager, license: License, cycle: RenewalCycle | null, now: Date, round: SweepRound): Promise<void> {
    const termEnd = license.expiresAt!;
    if (cycle?.state === CycleState.DECLINED) {
      await this.request(manager, license, cycle, cycle.attempts + 1, now);
      round.requests += 1;
      return;
    }
    if (now.getTime() >= chargeAt(termEnd, this.settings).getTime()) {
      // S3: at least one reminder goes out before each renewal, even when the plan was turned on
      // inside the lead times: then it goes out just before the charge is asked for.
      if (!cycle || cycle.remindedLeadDays === null) {
        cycle = await this.remind(manager, license, cycle, 0, now);
        round.reminders += 1;
      }
      await this.request(manager, license, cycle, 1, now);
      round.requests += 1;
      return;
    }
    const lead = dueReminderLead(termEnd, now, this.settings, license.startsAt);
    if (lead !== null && (cycle?.remindedLeadDays ?? Number.POSITIVE_INFINITY) > lead) {
      await this.remind(manager, license, cycle, lead, now);
      round.reminders += 1;
    }
  }

  private async remind(manager: EntityManager, license: License, cycle: RenewalCycle | null, lead: number, now: Date): Promise<RenewalCycle> {
    const termEnd = license.expiresAt!;
    const next = lead === 0 ? chargeAt(termEnd, this.settings) : afterReminder(termEnd, lead, this.settings);
    if (!cycle) {
      cycle = Object.assign(new RenewalCycle(), {
        id: randomUUID(),
        licenseId: license.id,
        termEnd,
        state: CycleState.REMINDED,
        remindedLeadDays: lead,
        attempts: 0,
        nextActionAt: next,
        firstDeclinedAt: null,
        lastDeclineReason: null,
        updatedAt: now,
      });
      await manager.insert(RenewalCycle, cycle);
    } else {
      await this.change(manager, cycle, { remindedLeadDays: lead, nextActionAt: next });
      Object.assign(cycle, { remindedLeadDays: lead, nextActionAt: next });
    }
    const payload: RenewalReminder = {
      licenseId: license.id,
      orderId: license.orderId!,
      productId: license.productId,
      serialNumber: license.serialNumber,
      termEnd: termEnd.toISOString(),
      chargeAt: chargeAt(termEnd, this.settings).toISOString(),
    };
    await this.outbox.publish(manager, { type: RENEWAL_REMINDER, aggregateType: 'license', aggregateId: license.id, payload: payload as unknown as Record<string, unknown> });
    return cycle;
  }

  private async request(manager: EntityManager, license: License, cycle: RenewalCycle, attempt: number, now: Date): Promise<void> {
    await this.change(manager, cycle, { state: CycleState.REQUESTED, attempts: attempt, nextActionAt: null });
    const firstDeclined = cycle.firstDeclinedAt ?? now;
    const termEnd = license.expiresAt!;
    const retry = retryAt(firstDeclined, attempt, this.settings);
    const payload: RenewalRequested = {
      licenseId: license.id,
      orderId: license.orderId!,
      productId: license.productId,
      serialNumber: license.serialNumber,
      accountId: license.accountId,
      termEnd: termEnd.toISOString(),
      attempt,
      retryAt: retry?.toISOString() ?? null,
      lapsesAt: (termEnd.getTime() > now.getTime() ? termEnd : now).toISOString(),
    };
    await this.outbox.publish(manager, { type: RENEWAL_REQUESTED, aggregateType: 'license', aggregateId: license.id, payload: payload as unknown as Record<string, unknown> });
  }

  /** A conditional change of a cycle: it must still be as this sweep read it (one sweep at a time, but never trust that). */
  private async change(manager: EntityManager, cycle: RenewalCycle, set: Partial<RenewalCycle>): Promise<void> {
    const result = await manager.update(RenewalCycle, { id: cycle.id, state: cycle.state, attempts: cycle.attempts }, { ...set, updatedAt: this.clock.now() });
    if (result.affected !== 1) throw new Error(`renewal cycle ${cycle.id} changed under the sweep; the sweep is retried`);
  }

  /**
   * S3, S5, X2, on `renewal.paid`: extends the license by one term, same serial and activation
   * code, and records the term with its order (once per order: a second delivery, or a replay
   * with a new event id, finds the term). An automatic renewal extends the term it paid for,
   * from its end, even when paid during the grace (S7); a renewal by hand extends from the
   * current expiry, or from the payment when the license had already lapsed.
   */
  async applyPaid(manager: EntityManager, paid: RenewalPaid): Promise<'extended' | 'already' | 'missing'> {
    const license = await lockForUpdate(this.dataSource, manager.createQueryBuilder(License, 'l').where('l.id = :id', { id: paid.licenseId })).getOne();
    if (!license || !license.billingPeriod || !license.expiresAt) return 'missing';
    if (await manager.existsBy(LicenseTerm, { licenseId: license.id, orderId: paid.orderId })) return 'already';
    const paidAt = new Date(paid.paidAt);
    const current = license.expiresAt;
    let from: Date;
    if (paid.termEnd !== null) {
      const term = new Date(paid.termEnd);
      // Renewed by hand in the meantime: this payment still buys a term, after the one already paid.
      from = current.getTime() > term.getTime() ? current : term;
    } else {
      // By hand (S5): the rule of every renewal; a license revoked since the payment keeps its dates.
      from = license.storedState === LicenseState.REVOKED ? current : nextTermStart(license, paidAt);
    }
    const until = nextTermEnd(from, license.billingPeriod);
    await manager.update(License, { id: license.id }, { startsAt: from, expiresAt: until, graceUntil: null });
    await manager.insert(LicenseTerm, { id: randomUUID(), licenseId: license.id, orderId: paid.orderId, startsAt: from, expiresAt: until });
    // The term's cycle is done, whichever way it was paid: no more retries (S7), no charge (S5).
    await manager.update(RenewalCycle, { licenseId: license.id, termEnd: current }, { state: CycleState.PAID, nextActionAt: null, updatedAt: this.clock.now() });
    return 'extended';
  }

  /**
   * S7, on `renewal.declined`: the next try is due on the schedule counted from the first
   * decline, and the license stays usable (IN_GRACE) past its expiry until then; after the
   * last try, the cycle lapses and so does the license, at once if its term is over.
   */
  async applyDeclined(manager: EntityManager, declined: RenewalDeclined): Promise<'retry' | 'lapsed' | 'stale'> {
    const termEnd = new Date(declined.termEnd);
    const cycle = await manager.findOneBy(RenewalCycle, { licenseId: declined.licenseId, termEnd });
    if (!cycle || cycle.state !== CycleState.REQUESTED || cycle.attempts !== declined.attempt) return 'stale';
    const now = this.clock.now();
    const firstDeclinedAt = cycle.firstDeclinedAt ?? now;
    const next = declined.attempt < maxAttempts(this.settings) ? retryAt(firstDeclinedAt, declined.attempt, this.settings) : null;
    const reason = declined.reason.slice(0, 32);
    if (next) {
      await manager.update(RenewalCycle, { id: cycle.id }, { state: CycleState.DECLINED, nextActionAt: next, firstDeclinedAt, lastDeclineReason: reason, updatedAt: now });
      await manager.update(License, { id: declined.licenseId, expiresAt: termEnd }, { graceUntil: graceEnd(firstDeclinedAt, this.settings) });
      return 'retry';
    }
    await manager.update(RenewalCycle, { id: cycle.id }, { state: CycleState.LAPSED, nextActionAt: null, firstDeclinedAt, lastDeclineReason: reason, updatedAt: now });
    await manager.update(License, { id: declined.licenseId, expiresAt: termEnd }, { graceUntil: null });
    return 'lapsed';
  }

  /** S5: what the order subgraph needs to know before a renewal by hand. */
  async basis(licenseId: string): Promise<RenewalBasis | null> {
    const license = await this.dataSource.getRepository(License).findOneBy({ id: licenseId });
    if (!license) return null;
    return {
      licenseId: license.id,
      accountId: license.accountId,
      orderId: license.orderId,
      productId: license.productId,
      serialNumber: license.serialNumber,
      partner: license.purchaseChannel !== PurchaseChannel.STORE || isPartnerSerial(license.serialNumber) || license.orderId === null,
      revoked: license.storedState === LicenseState.REVOKED,
      billingPeriod: license.billingPeriod,
      expiresAt: license.expiresAt?.toISOString() ?? null,
      autoRenew: license.autoRenew,
    };
  }

  /** The waiting cycles of some licenses (one statement), for `nextRenewalAt`. */
  cyclesOf(licenseIds: readonly string[]): Promise<RenewalCycle[]> {
    return this.dataSource.getRepository(RenewalCycle).findBy({ licenseId: In([...licenseIds]), state: In([CycleState.DECLINED, CycleState.REQUESTED]) });
  }

  /**
   * S3: when the license's next renewal will be charged, or null when none will: the plan is
   * off, the license is a partner's (A8), revoked, perpetual, or lapsed. During the retries of
   * S7 it is the next retry.
   */
  nextRenewalAt(license: License, cycle: RenewalCycle | undefined): Date | null {
    const now = this.clock.now();
    if (!license.autoRenew || license.storedState === LicenseState.REVOKED || !license.expiresAt || !license.billingPeriod) return null;
    if (license.purchaseChannel !== PurchaseChannel.STORE || license.orderId === null || isPartnerSerial(license.serialNumber)) return null;
    const state = licenseState(license, now);
    if (state === LicenseState.EXPIRED) return null;
    const current = cycle && cycle.termEnd.getTime() === license.expiresAt.getTime() ? cycle : undefined;
    if (current?.state === CycleState.DECLINED && current.nextActionAt) return current.nextActionAt;
    const at = chargeAt(license.expiresAt, this.settings);
    return at.getTime() > now.getTime() ? at : now;
  }
}
