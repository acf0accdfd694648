import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../src/db/connect-database.js';
import { WorkCalendar } from '../../src/calendar/work-calendar.js';
import { createLogger } from '../../src/lib/logger.js';
import { createModels, ensureIndexes, type Models } from '../../src/models/create-models.js';
import { previousSlot, Scheduler, type Job } from '../../src/schedules/scheduler.js';
import { testDatabaseUri } from '../helpers/test-database.js';

let conn: Connection;
let models: Models;
beforeAll(async () => {
  conn = await connectDatabase(testDatabaseUri('scheduler'));
  models = createModels(conn);
  await ensureIndexes(models);
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

const TZ = 'Asia/Shanghai';
const scheduler = (owner: string, jobs: Job[], now: Date) =>
  new Scheduler({ claims: models.claims, clock: { now: () => now }, log: createLogger('silent'), tz: TZ, owner, settings: models.scheduleSettings, runs: models.jobRuns }, jobs);

describe('Scheduler', () => {
  it('two schedulers against one database run each slot once', async () => {
    let runs = 0;
    const job: Job = { name: 'twice-test', cron: '0 9 * * *', run: async () => void runs++ };
    const slot = new Date('2026-11-23T01:00:00Z');
    const [a, b] = await Promise.all([scheduler('replica-a', [job], slot).fire(job, slot), scheduler('replica-b', [job], slot).fire(job, slot)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
  });

  it('after an outage the latest missed slot runs once, not once per missed slot; a second start runs nothing', async () => {
    let runs = 0;
    const job: Job = { name: 'catchup-test', cron: '*/10 * * * *', run: async () => void (runs++, 3) };
    // Down since 08:00; back at 09:27 — eight slots were missed.
    const back = new Date('2026-11-23T01:27:00Z');
    expect(previousSlot(job.cron, back, TZ).toISOString()).toBe('2026-11-23T01:20:00.000Z');
    await scheduler('after-outage', [job], back).catchUp();
    await scheduler('another-replica', [job], back).catchUp();
    expect(runs).toBe(1);
    const run = await models.jobRuns.findById('catchup-test:2026-11-23T01:20:00.000Z').lean();
    expect(run).toMatchObject({ job: 'catchup-test', owner: 'after-outage', catchUp: true });
  });

  it('catch-up runs a job for its missed slot; one that messages people in office hours waits for working hours', async () => {
    const seen: string[] = [];
    const office: Job = { name: 'office-test', cron: '0 9 * * *', officeHours: true, run: async (slot) => void seen.push(`office ${slot.toISOString()}`) };
    const always: Job = { name: 'always-test', cron: '0 9 * * *', run: async (slot) => void seen.push(`always ${slot.toISOString()}`) };
    let now = new Date('2026-11-24T16:30:00Z'); // Wednesday 00:30 in Shanghai; Tuesday's 09:00 was missed
    const cal = new WorkCalendar(TZ);
    const s = new Scheduler({ claims: models.claims, clock: { now: () => now }, log: createLogger('silent'), tz: TZ, owner: 'night', settings: models.scheduleSettings, runs: models.jobRuns, workingHours: (at) => cal.nextWorkingHours(at) }, [office, always]);
    await s.catchUp();
    expect(seen).toEqual(['always 2026-11-24T01:00:00.000Z']); // as of its slot, not of now
    now = new Date('2026-11-25T00:29:00Z'); // 08:29: not yet
    expect(await s.runDeferred()).toBe(0);
    now = new Date('2026-11-25T00:30:00Z'); // 08:30: working hours
    expect(await s.runDeferred()).toBe(1);
    expect(seen).toEqual(['always 2026-11-24T01:00:00.000Z', 'office 2026-11-24T01:00:00.000Z']);
  });

  it('a job switched off is neither scheduled nor caught up', async () => {
    let runs = 0;
    const job: Job = { name: 'off-test', cron: '*/5 * * * *', run: async () => void runs++ };
    await models.scheduleSettings.create({ _id: 'off-test', enabled: false, by: 'test', at: new Date() });
    await scheduler('x', [job], new Date('2026-11-23T01:27:00Z')).catchUp();
    expect(runs).toBe(0);
  });
});
