import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { createLogger } from '../../src/lib/logger.js';
import { approvalSweepJob } from '../../src/schedules/approval-sweep-job.js';
import { purgeJob } from '../../src/schedules/purge-job.js';
import { buttonValues, cardsSentTo, DOC, P, seedOffice, submitDocument, textsSentTo } from './approval-helpers.js';

let t: TestBot;
let offset = 0;
const DAY = 86_400_000;
beforeAll(async () => {
  t = await startTestBot({ start: { clock: { now: () => new Date(Date.now() + offset) }, schedules: false } });
  // Lark forgets a message's uuid after about an hour: days later a resend would reach people.
  t.fake.now = () => Date.now() + offset;
  await seedOffice(t);
});
afterAll(async () => {
  await t.stop();
});

const deciderCards = (id: string) => cardsSentTo(t, P.secretariat).filter((c) => buttonValues(c.card).some((v) => v.a === 'ap.decide' && v.id === id));

describe('Lark cards stop working after 14 days', () => {
  it('a step still open after a week gets a fresh card, once per week, and the sweep finds it', async () => {
    const { id } = await submitDocument(t, P.drafter);
    await eventually(() => deciderCards(id).length === 1);
    offset = 3 * DAY;
    for (const rid of await t.bot.approvals.openIds()) await t.bot.approvals.advance(rid);
    await new Promise((r) => setTimeout(r, 300));
    expect(deciderCards(id)).toHaveLength(1);
    offset = 8 * DAY;
    for (const rid of await t.bot.approvals.openIds()) await t.bot.approvals.advance(rid);
    await t.bot.approvals.advance(id);
    await eventually(() => deciderCards(id).length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(deciderCards(id)).toHaveLength(2);
  }, 30_000);
});

describe('the purge of sent messages does not make the sweep send again', () => {
  const now = () => new Date(Date.now() + offset);
  const waiting = () => t.bot.models.outboxMessages.countDocuments({ status: { $in: ['pending', 'retry', 'sending'] } });
  const purge = () => purgeJob(t.bot.models).run(now());
  /** The 5-minute sweep, as the scheduler runs it, then every send done. */
  const sweep = async () => {
    await approvalSweepJob(t.bot.approvals, createLogger('silent')).run(now());
    await eventually(async () => (await waiting()) === 0);
  };

  it('a request open for weeks: one fresh card a week, and no card or note sent twice', async () => {
    const title = '关于调整城区公交线路的请示（清理测试）';
    const formMessage = 'om_form_purge';
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title }, formMessage);
    const notes = () => textsSentTo(t, P.drafter).filter((x) => x.includes(title));
    const statusPatches = () => t.fake.delivered.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/${formMessage}`)).length;
    await eventually(() => deciderCards(id).length === 1 && notes().length === 1);
    await eventually(async () => (await waiting()) === 0);
    const patches = statusPatches();
    // What was enqueued is recorded on the request, where no purge reaches.
    expect((await t.bot.models.approvalRequests.findById(id).lean())?.notified).toContain(`ap:${id}:r1:s0:card:${P.secretariat}`);

    const sentForIt = (msgType?: string) => t.bot.models.outboxMessages.countDocuments({ _id: { $regex: `^ap:${id}:` }, ...(msgType ? { msgType } : {}) });
    expect(await sentForIt('text')).toBeGreaterThan(0);
    offset += 8 * DAY;
    await purge();
    // The purge really removed the notes sent for the request (its cards' rows stay 14 days,
    // while Lark lets them be updated)…
    expect(await sentForIt('text')).toBe(0);
    await sweep();
    // …and the sweep sent only the week's fresh card: not the first card, not the note again.
    expect(deciderCards(id)).toHaveLength(2);
    expect(notes()).toHaveLength(1);
    expect(statusPatches()).toBe(patches);

    offset += 7 * DAY;
    await purge();
    // …and, past 14 days, the first card's row too.
    expect(await t.bot.models.outboxMessages.countDocuments({ _id: `ap:${id}:r1:s0:card:${P.secretariat}` })).toBe(0);
    await sweep();
    await purge();
    await sweep();
    expect(deciderCards(id)).toHaveLength(3);
    expect(notes()).toHaveLength(1);
    expect(statusPatches()).toBe(patches);
  }, 60_000);

  it('a request made before sends were recorded on it: after the purge only the week’s fresh card goes out', async () => {
    const title = '关于增设便民服务点的请示（旧记录）';
    const { id } = await submitDocument(t, P.drafter, { ...DOC, title }, 'om_form_legacy');
    const notes = () => textsSentTo(t, P.drafter).filter((x) => x.includes(title));
    await eventually(() => deciderCards(id).length === 1 && notes().length === 1);
    await eventually(async () => (await waiting()) === 0);
    await t.bot.models.approvalRequests.updateOne({ _id: id }, { $unset: { notified: '' } });
    offset += 8 * DAY;
    await purge();
    await sweep();
    expect(deciderCards(id)).toHaveLength(2);
    expect(notes()).toHaveLength(1);
    await sweep();
    expect(deciderCards(id)).toHaveLength(2);
  }, 60_000);
});
