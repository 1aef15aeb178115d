import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import { DeliveryStatus, Job, JobStatus, OutboxDelivery } from './outbox.entities';

export interface Backlog {
  eventsPending: number;
  /** Pending deliveries that have failed at least once. */
  eventsRetrying: number;
  jobsPending: number;
  jobsRunning: number;
  jobsDead: number;
}

/** What waits in this subgraph's outbox and job table (two statements). */
export async function readBacklog(dataSource: DataSource): Promise<Backlog> {
  const deliveries: Array<{ retrying: string | number; n: string | number }> = await dataSource
    .getRepository(OutboxDelivery)
    .createQueryBuilder('d')
    .select('CASE WHEN d.attempts > 0 THEN 1 ELSE 0 END', 'retrying')
    .addSelect('COUNT(*)', 'n')
    .where('d.status = :pending', { pending: DeliveryStatus.PENDING })
    .groupBy('retrying')
    .getRawMany();
  const jobs: Array<{ status: string; n: string | number }> = await dataSource
    .getRepository(Job)
    .createQueryBuilder('j')
    .select('j.status', 'status')
    .addSelect('COUNT(*)', 'n')
    .where('j.status <> :done', { done: JobStatus.DONE })
    .groupBy('j.status')
    .getRawMany();
  const jobCount = (status: JobStatus) => Number(jobs.find((r) => r.status === status)?.n ?? 0);
  const retrying = Number(deliveries.find((r) => Number(r.retrying) === 1)?.n ?? 0);
  return {
    eventsPending: deliveries.reduce((sum, r) => sum + Number(r.n), 0),
    eventsRetrying: retrying,
    jobsPending: jobCount(JobStatus.PENDING),
    jobsRunning: jobCount(JobStatus.RUNNING),
    jobsDead: jobCount(JobStatus.DEAD),
  };
}

/** Dead jobs for operators: what failed and why. Payloads stay out (they may hold personal data). */
export async function deadJobs(dataSource: DataSource, limit = 100) {
  const rows = await dataSource.getRepository(Job).find({ where: { status: JobStatus.DEAD }, order: { updatedAt: 'DESC' }, take: limit });
  return rows.map((j) => ({ id: j.id, type: j.type, attempts: j.attempts, lastError: j.lastError, dueAt: j.dueAt, diedAt: j.updatedAt }));
}

/** Puts a dead job back in line, due now, with a fresh set of attempts. */
export async function retryDeadJob(dataSource: DataSource, clock: Clock, id: string): Promise<boolean> {
  const now = clock.now();
  const result = await dataSource
    .createQueryBuilder()
    .update(Job)
    .set({ status: JobStatus.PENDING, attempts: 0, dueAt: now, updatedAt: now })
    .where({ id, status: JobStatus.DEAD })
    .execute();
  return result.affected === 1;
}
