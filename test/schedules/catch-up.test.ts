import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { allJobs } from '../../src/schedules/all-jobs.js';
import { Scheduler } from '../../src/schedules/scheduler.js';
import { cardsSentTo } from '../approvals/approval-helpers.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';

let t: TestBot;
let now = new Date('2026-12-07T02:00:00Z'); // Monday 10:00 in Shanghai
const clock = { now: () => now };
const at = (iso: string) => (now = new Date(iso));
const HEAD = 'ou_cu_section_head';

beforeAll(async () => {
  t = await startTestBot({ start: { clock, schedules: false } });
  const m = t.bot.models;
  await seedUnit(m, { code: 'zxb', name: '直通办', kind: 'section' });
  await seedUnit(m, { code: 'dz', name: '东镇', kind: 'town', sectionHeads: [HEAD] });
  await seedPerson(m, { openId: 'ou_cu_clerk', name: '陈受理', unit: 'zxb', roles: ['intake'] });
  await seedPerson(m, { openId: 'ou_cu_dispatcher', name: '林派单', unit: 'zxb', roles: ['dispatcher'] });
  await seedPerson(m, { openId: HEAD, name: '李科长', unit: 'zxb', roles: ['section_head'] });
});
afterAll(async () => {
  await t.stop();
});

/** The bot's scheduler as it is after a restart (its own clock, the office's working hours), with the digest job only. */
const restarted = () => {
  const jobs = allJobs({ models: t.bot.models, approvals: t.bot.approvals, reminders: t.bot.reminders, chase: t.bot.chase, duty: t.bot.duty, handover: t.bot.handover, presence: t.bot.presence, reportJobs: t.bot.reportJobs, log: createLogger('silent') });
  const digest = jobs.find((j) => j.name === 'overdue-digest')!;
  const scheduler = new Scheduler(
    { claims: t.bot.models.claims, clock, log: createLogger('silent'), tz: 'Asia/Shanghai', owner: 'restarted', settings: t.bot.models.scheduleSettings, runs: t.bot.models.jobRuns, workingHours: (x) => t.bot.calendar.nextWorkingHours(x) },
    [digest],
  );
  return { scheduler, digest };
};
const digests = () => cardsSentTo(t, HEAD).map((c) => c.card).filter((c) => JSON.stringify(c).includes('超期事项日报'));

describe('catch-up after downtime', () => {
  it('runs the missed 09:00 digest for its own day, at the next working hours — not at 00:30 — and the next 09:00 run is its own', async () => {
    const r = await t.bot.tickets.intake({
      intake: { callerName: '张三', phone: '', anonymous: true, channel: 'phone', category: 'help', content: '东镇 路灯不亮', place: '', urgency: 'normal', outOfScope: '' },
      by: 'ou_cu_clerk',
      key: 'test:catch-up',
    });
    if ('refused' in r) throw new Error('refused');
    expect((await t.bot.tickets.act({ id: r.ticket._id, version: 1, op: 'assign', by: 'ou_cu_dispatcher', form: { leadUnit: 'dz', deadline: '2026-12-08' } })).kind).toBe('done');

    // The bot was down over Wednesday 9 December 09:00 and comes back at 00:30 on Thursday.
    at('2026-12-09T16:30:00Z');
    const { scheduler, digest } = restarted();
    await scheduler.catchUp();
    await new Promise((r) => setTimeout(r, 300));
    expect(digests()).toEqual([]); // nobody is messaged at night
    expect(await t.bot.models.jobRuns.countDocuments({ job: 'overdue-digest' })).toBe(0);

    // 08:30 Thursday, working hours: Wednesday's digest, titled Wednesday.
    at('2026-12-10T00:30:00Z');
    expect(await scheduler.runDeferred()).toBe(1);
    const wednesday = await eventually(() => digests().find((c) => JSON.stringify(c).includes('超期事项日报 · 2026-12-09')));
    expectValidCard(wednesday);
    expect(await t.bot.models.jobRuns.findById('overdue-digest:2026-12-09T01:00:00.000Z').lean()).toMatchObject({ catchUp: true });

    // 09:00 Thursday: the real run is Thursday's, not swallowed as a duplicate.
    at('2026-12-10T01:00:00Z');
    expect(await scheduler.fire(digest, now)).toBe(true);
    const thursday = await eventually(() => digests().find((c) => JSON.stringify(c).includes('超期事项日报 · 2026-12-10')));
    expectValidCard(thursday);
    expect(digests()).toHaveLength(2);
    expect(await scheduler.runDeferred()).toBe(0); // nothing left waiting
  }, 30_000);
});
