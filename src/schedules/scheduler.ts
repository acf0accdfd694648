import { CronExpressionParser } from 'cron-parser';
import cron, { type ScheduledTask } from 'node-cron';
import { claimOnce } from '../db/claims.js';
import type { Clock } from '../lib/clock.js';
import { errorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { ClaimModel } from '../models/claim.js';
import type { JobRunModel, ScheduleSettingModel } from '../models/schedule-setting.js';

export interface Job {
  name: string;
  /** Default cron expression, in the configured time zone (an admin may change it). */
  cron: string;
  /** What it does, for `schedules list`. */
  summary?: string;
  /** It sends people messages in office hours: a catch-up after downtime waits for working hours. */
  officeHours?: boolean;
  /** Runs for the slot `now`; returns how many messages it enqueued. */
  run(now: Date): Promise<number | void>;
}

export interface SchedulerDeps {
  claims: ClaimModel;
  clock: Clock;
  log: Logger;
  tz: string;
  owner: string;
  settings?: ScheduleSettingModel;
  runs?: JobRunModel;
  /** The first moment at or after `at` within working hours (a working day, 08:30–17:30 by default). */
  workingHours?: (at: Date) => Date;
}

/** A job as configured now: its cron (default or an admin's) and whether it is on. */
export interface EffectiveJob {
  job: Job;
  cron: string;
  enabled: boolean;
}

/** The slot a firing belongs to: the minute it was scheduled for. */
export const slotOf = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

/** The latest time `cronExpr` fired at or before `now`. */
export function previousSlot(cronExpr: string, now: Date, tz: string): Date {
  return CronExpressionParser.parse(cronExpr, { tz, currentDate: new Date(now.getTime() + 1) }).prev().toDate();
}

export function nextSlot(cronExpr: string, now: Date, tz: string): Date {
  return CronExpressionParser.parse(cronExpr, { tz, currentDate: now }).next().toDate();
}

/** The jobs with the admins' settings applied. */
export async function effectiveJobs(jobs: Job[], settings: ScheduleSettingModel | undefined): Promise<EffectiveJob[]> {
  const docs = settings ? await settings.find({}).lean() : [];
  const byName = new Map(docs.map((d) => [d._id, d]));
  return jobs.map((job) => {
    const s = byName.get(job.name);
    return { job, cron: s?.cron ?? job.cron, enabled: s?.enabled ?? true };
  });
}

/**
 * node-cron fires in every replica; the claim `job:<name>:<slot>` makes exactly one of them run
 * each slot, and a job_runs entry records it. At start, a job whose latest slot passed while no
 * process was running is run once for that slot (not once per missed slot), as of that slot —
 * a 09:00 digest caught up is the digest of its own day, so the next day's 09:00 run is its own.
 * A job that messages people in office hours (`officeHours`) is not caught up at night or on a
 * day off: it waits for the next working hours. Settings (on/off, time) are re-read every
 * minute, so a change from the CLI takes effect without a restart.
 */
export class Scheduler {
  private tasks: ScheduledTask[] = [];
  private current = '';
  private reload: NodeJS.Timeout | undefined;
  /** Catch-ups waiting for working hours: job name → its missed slot and when it may run. */
  private readonly deferred = new Map<string, { job: Job; slot: Date; at: Date }>();

  constructor(
    private readonly deps: SchedulerDeps,
    private readonly jobs: Job[],
  ) {}

  async start(): Promise<void> {
    await this.apply();
    await this.catchUp();
    this.reload = setInterval(() => {
      void this.apply().catch((err) => this.deps.log.warn({ err: errorMessage(err) }, 'schedule settings not reloaded'));
      void this.runDeferred().catch((err) => this.deps.log.warn({ err: errorMessage(err) }, 'deferred catch-up failed'));
    }, 60_000);
    this.reload.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.reload);
    for (const task of this.tasks.splice(0)) await task.stop();
  }

  private async apply(): Promise<void> {
    const effective = await effectiveJobs(this.jobs, this.deps.settings);
    const signature = JSON.stringify(effective.map((e) => [e.job.name, e.cron, e.enabled]));
    if (signature === this.current) return;
    this.current = signature;
    for (const task of this.tasks.splice(0)) await task.stop();
    for (const e of effective) {
      if (!e.enabled || !cron.validate(e.cron)) continue;
      this.tasks.push(cron.schedule(e.cron, (ctx) => void this.fire(e.job, ctx.date), { timezone: this.deps.tz, name: e.job.name, noOverlap: true }));
    }
  }

  /**
   * After downtime: each enabled job's latest slot, if nobody ran it, runs once for that slot —
   * now, or (jobs that message people in office hours) at the next working hours.
   */
  async catchUp(): Promise<void> {
    const now = this.deps.clock.now();
    for (const e of await effectiveJobs(this.jobs, this.deps.settings)) {
      if (!e.enabled || !cron.validate(e.cron)) continue;
      const slot = previousSlot(e.cron, now, this.deps.tz);
      // Only slots from the last day: a job never run before does not start with history.
      if (now.getTime() - slot.getTime() > 24 * 3600_000) continue;
      const at = e.job.officeHours && this.deps.workingHours ? this.deps.workingHours(now) : now;
      if (at.getTime() > now.getTime()) {
        this.deferred.set(e.job.name, { job: e.job, slot, at });
        this.deps.log.info({ job: e.job.name, slot: slot.toISOString(), at: at.toISOString() }, 'missed slot: caught up at the next working hours');
        continue;
      }
      await this.fire(e.job, slot, true);
    }
  }

  /** Runs the deferred catch-ups whose working hours have come (every minute); how many ran. */
  async runDeferred(): Promise<number> {
    const now = this.deps.clock.now();
    let ran = 0;
    for (const [name, d] of [...this.deferred]) {
      if (d.at.getTime() > now.getTime()) continue;
      this.deferred.delete(name);
      if (await this.fire(d.job, d.slot, true)) ran++;
    }
    return ran;
  }

  /** Runs `job` for the slot `scheduledAt` unless someone already did. */
  async fire(job: Job, scheduledAt: Date, catchUp = false): Promise<boolean> {
    const slot = slotOf(scheduledAt);
    const key = `job:${job.name}:${slot.toISOString()}`;
    const log = this.deps.log.child({ job: job.name, slot: slot.toISOString(), catchUp });
    if (!(await claimOnce(this.deps.claims, key, this.deps.owner, this.deps.clock.now()))) {
      log.debug('slot already taken');
      return false;
    }
    const startedAt = this.deps.clock.now();
    const t0 = Date.now();
    let messages = 0;
    let error: string | undefined;
    try {
      // Always as of the slot: a catch-up is that slot's run (its day, its title), not today's.
      messages = (await job.run(slot)) ?? 0;
      log.info({ ms: Date.now() - t0, messages }, 'job done');
    } catch (err) {
      error = errorMessage(err);
      log.error({ err: error }, 'job failed');
    }
    await this.deps.runs
      ?.create({ _id: `${job.name}:${slot.toISOString()}`, job: job.name, slot, startedAt, owner: this.deps.owner, durationMs: Date.now() - t0, messages, catchUp, ...(error ? { error } : {}) })
      .catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'job run not recorded'));
    return true;
  }
}
