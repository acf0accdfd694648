import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { larkDelivery, messageEvent, post } from '../helpers/lark-payloads.js';
import { eventually, startTestBot, TEST_SECRETS, type TestBot } from '../helpers/test-bot.js';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t.stop();
});

const signed = (ev: ReturnType<typeof messageEvent>, secondsAgo = 0) =>
  larkDelivery({ ...ev, header: { ...ev.header, token: TEST_SECRETS.verificationToken } }, { encryptKey: TEST_SECRETS.encryptKey, timestamp: Math.floor(Date.now() / 1000) - secondsAgo });
const repliesTo = (messageId: string) => t.fake.delivered.filter((c) => c.path === `/open-apis/im/v1/messages/${messageId}/reply`);

describe('replayed deliveries', () => {
  it('a validly signed delivery stamped 3 days ago is refused with 401 and never handled', async () => {
    const ev = messageEvent({ text: '帮助' });
    const res = await post(t.bot.url, '/lark/events', signed(ev, 3 * 86_400));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ msg: 'request timestamp outside the replay window' });
    await new Promise((r) => setTimeout(r, 400));
    expect(await t.bot.models.inboxEvents.countDocuments({ eventId: ev.header.event_id })).toBe(0);
    expect(repliesTo(ev.event.message.message_id)).toHaveLength(0);
  });

  it('a fresh duplicate, and Lark\'s last retry hours later with the first timestamp, get 200 and no second answer', async () => {
    const ev = messageEvent({ text: '帮助' });
    const first = signed(ev);
    expect((await post(t.bot.url, '/lark/events', first)).status).toBe(200);
    await eventually(() => repliesTo(ev.event.message.message_id).length === 1);
    expect((await post(t.bot.url, '/lark/events', first)).status).toBe(200);
    expect((await post(t.bot.url, '/lark/events', signed(ev, 7 * 3600 + 300))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(repliesTo(ev.event.message.message_id)).toHaveLength(1);
  });
});
