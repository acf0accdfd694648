import cron, { type ScheduledTask } from 'node-cron';
import { claimOnce } from '../db/claims.js';
import type { Clock } from '../lib/clock.js';
import { errorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { ClaimModel } from '../models/claim.js';

export interface Job {
  name: string;
  /** Cron expression, in the configured time zone. */
  cron: string;
  run(now: Date): Promise<void>;
}

/**
 * node-cron fires in every replica; the claim `job:<name>:<slot>` makes exactly one of them run
 * each slot. Each job only calls services.
 */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];

  constructor(
    private readonly deps: { claims: ClaimModel; clock: Clock; log: Logger; tz: string; owner: string },
    private readonly jobs: Job[],
  ) {}

  start(): void {
    for (const job of this.jobs) {
      this.tasks.push(
        cron.schedule(job.cron, (ctx) => this.fire(job, ctx.date), { timezone: this.deps.tz, name: job.name, noOverlap: true }),
      );
    }
  }

  async stop(): Promise<void> {
    for (const task of this.tasks.splice(0)) await task.stop();
  }

  /** Runs `job` for the slot `scheduledAt` (truncated to the minute) unless someone already did. */
  async fire(job: Job, scheduledAt: Date): Promise<boolean> {
    const slot = new Date(Math.floor(scheduledAt.getTime() / 60_000) * 60_000).toISOString();
    const log = this.deps.log.child({ job: job.name, slot });
    if (!(await claimOnce(this.deps.claims, `job:${job.name}:${slot}`, this.deps.owner, this.deps.clock.now()))) {
      log.debug('slot already taken by another replica');
      return false;
    }
    const started = Date.now();
    try {
      await job.run(this.deps.clock.now());
      log.info({ ms: Date.now() - started }, 'job done');
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'job failed');
    }
    return true;
  }
}
