import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../logger';

/**
 * Marks work that is not a client's request (relay and worker loops, health checks, metric
 * scrapes), so that SQL statements are counted apart from the ones requests cost.
 */
export const operationalWork = new AsyncLocalStorage<true>();

export function asOperationalWork<T>(run: () => Promise<T>): Promise<T> {
  return operationalWork.run(true, run);
}

/**
 * Calls `tick` every `intervalMs` (never overlapping) until stopped. A timer only paces the
 * polling: what is due is decided by the rows' due times on the one clock, so a process that
 * dies loses nothing.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly tick: () => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = asOperationalWork(() => this.tick())
        .then(
          () => undefined,
          (error: Error) => this.log.error({ loop: this.name, err: error.message }, 'background work failed'),
        )
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
