import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { DEFAULT_BACKOFF, backoffDelay, describeFailure, type Backoff } from './backoff';
import { claimTransaction, lockForClaim } from './claim';
import { isLockConflict } from '../db';
import { Job, JobStatus } from './outbox.entities';

/** Runs one due job. Its database effects use `manager`: they commit with the job's completion. */
export type JobStep<TServices = unknown, TPrepared = unknown> = (
  payload: any,
  context: { manager: EntityManager; services: TServices; job: Job },
  prepared: TPrepared,
) => Promise<void>;

/**
 * A job that must call another system (the payment processor) before it records the outcome:
 * `prepare` runs outside any transaction (a network call must not hold row locks or, on SQLite,
 * the one connection), `apply` records its answer in the job's transaction with the DONE mark.
 * A crash between the two leaves the job to be claimed again, and `prepare` repeats its call
 * with the same idempotency key: the other system answers as before, so the effect happens once.
 */
export interface TwoPhaseJobHandler<TServices = unknown, TPrepared = any> {
  prepare(payload: any, context: { services: TServices; job: Job }): Promise<TPrepared>;
  apply: JobStep<TServices, TPrepared>;
}

export type JobHandler<TServices = unknown> = JobStep<TServices, undefined> | TwoPhaseJobHandler<TServices>;

export interface WorkerOptions {
  /** Identifies this worker in the rows it claims (host and pid, say). */
  workerId: string;
  backoff?: Backoff;
  /** How long a claim holds a job; a worker that dies loses its jobs to others after that. */
  leaseMs?: number;
}

export interface WorkerRound {
  done: number;
  retried: number;
  dead: number;
}

class LeaseLost extends Error {}

/**
 * Runs due jobs. Claims take rows with FOR UPDATE SKIP LOCKED (on MySQL), so any number of
 * workers in any number of replicas never run one job twice at once; a job's database effect
 * and its DONE mark commit in one transaction, which rolls back if the claim was lost. Failed
 * jobs are retried with backoff; after `maxAttempts` they stop as DEAD with the error kept.
 */
export class JobWorker<TServices> {
  private readonly backoff: Backoff;
  private readonly leaseMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly handlers: Readonly<Record<string, JobHandler<TServices>>>,
    private readonly services: TServices,
    private readonly options: WorkerOptions,
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  async runDue(limit = 20): Promise<WorkerRound> {
    const round: WorkerRound = { done: 0, retried: 0, dead: 0 };
    for (const job of await this.claim(limit)) {
      const outcome = await this.run(job);
      round[outcome] += 1;
    }
    return round;
  }

  private async claim(limit: number): Promise<Job[]> {
    const now = this.clock.now();
    // A RUNNING job whose lease ran out belonged to a worker that died: back in line. (Should
    // that worker still finish, its DONE mark no longer matches and its effects roll back.)
    // Two workers reclaiming while the other claims can deadlock on MySQL; the loser's UPDATE did
    // nothing and the next round (of either worker) reclaims those rows, so it is not an error.
    await claimTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .update(Job)
        .set({ status: JobStatus.PENDING, lockedBy: null, lockedUntil: null, updatedAt: now })
        .where('status = :running AND lockedUntil <= :now', { running: JobStatus.RUNNING, now })
        .execute(),
    ).catch((error: unknown) => {
      if (!isLockConflict(error)) throw error;
    });
    return claimTransaction(this.dataSource, async (manager) => {
      // Index-friendly (status, dueAt): the scan stops after `limit` rows, so only those are locked.
      const query = manager
        .getRepository(Job)
        .createQueryBuilder('job')
        .where('job.status = :pending AND job.dueAt <= :now', { pending: JobStatus.PENDING, now })
        .orderBy('job.dueAt', 'ASC')
        .limit(limit);
      const jobs = await lockForClaim(this.dataSource, query).getMany();
      if (jobs.length === 0) return [];
      const lockedUntil = new Date(now.getTime() + this.leaseMs);
      await manager
        .createQueryBuilder()
        .update(Job)
        .set({ status: JobStatus.RUNNING, lockedBy: this.options.workerId, lockedUntil, updatedAt: now, attempts: () => 'attempts + 1' })
        .where({ id: In(jobs.map((j) => j.id)) })
        .execute();
      return jobs.map((job) => Object.assign(job, { status: JobStatus.RUNNING, attempts: job.attempts + 1, lockedBy: this.options.workerId, lockedUntil }));
    });
  }

  private async run(job: Job): Promise<'done' | 'retried' | 'dead'> {
    const handler = this.handlers[job.type];
    try {
      if (!handler) throw new Error(`no handler for jobs of type ${job.type}`);
      const payload = JSON.parse(job.payload);
      const prepared = typeof handler === 'function' ? undefined : await handler.prepare(payload, { services: this.services, job });
      await this.dataSource.transaction(async (manager) => {
        if (typeof handler === 'function') await handler(payload, { manager, services: this.services, job }, undefined);
        else await handler.apply(payload, { manager, services: this.services, job }, prepared);
        const result = await manager
          .createQueryBuilder()
          .update(Job)
          .set({ status: JobStatus.DONE, lockedBy: null, lockedUntil: null, lastError: null, updatedAt: this.clock.now() })
          .where({ id: job.id, lockedBy: this.options.workerId, status: JobStatus.RUNNING })
          .execute();
        // Another worker took the job over (our lease ran out): undo this run's effects.
        if (result.affected !== 1) throw new LeaseLost(`job ${job.id} was claimed by another worker`);
      });
      return 'done';
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.log.warn({ jobId: job.id, type: job.type }, 'job lease lost; its effects were rolled back');
        return 'retried';
      }
      return this.recordFailure(job, describeFailure(error));
    }
  }

  private async recordFailure(job: Job, lastError: string): Promise<'retried' | 'dead'> {
    const now = this.clock.now();
    const dead = job.attempts >= job.maxAttempts;
    await this.dataSource
      .createQueryBuilder()
      .update(Job)
      .set({
        status: dead ? JobStatus.DEAD : JobStatus.PENDING,
        dueAt: dead ? job.dueAt : new Date(now.getTime() + backoffDelay(job.attempts, this.backoff)),
        lockedBy: null,
        lockedUntil: null,
        lastError,
        updatedAt: now,
      })
      .where({ id: job.id, lockedBy: this.options.workerId })
      .execute();
    if (dead) this.log.error({ jobId: job.id, type: job.type, attempts: job.attempts, error: lastError }, 'job is dead: it will not be retried');
    else this.log.warn({ jobId: job.id, type: job.type, attempts: job.attempts, error: lastError }, 'job failed; it will be retried');
    return dead ? 'dead' : 'retried';
  }
}
