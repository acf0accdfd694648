import { inboxIdOf, messageEvent } from '../helpers/lark-payloads.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLarkApi } from '../helpers/fake-lark-api.js';
import { testDatabaseUri } from '../helpers/test-database.js';
import { eventually, startTestBot } from '../helpers/test-bot.js';

const mongoUri = testDatabaseUri('dup');
let fake: FakeLarkApi;
beforeAll(async () => {
  fake = await new FakeLarkApi().start();
});
afterAll(async () => {
  await fake.stop();
});

describe('duplicate deliveries', () => {
  it('20 concurrent copies of one event: all answered 200, stored once, answered once', async () => {
    const t = await startTestBot({ mongoUri, fake });
    const ev = messageEvent({ text: '帮助' });
    const results = await Promise.all(Array.from({ length: 20 }, () => t.send('/lark/events', ev)));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await t.bot.models.inboxEvents.countDocuments({ _id: inboxIdOf(ev) })).toBe(1);
    await eventually(async () => (await t.bot.models.inboxEvents.findById(inboxIdOf(ev)).lean())?.status === 'done');
    await fake.waitForDelivered(1);
    await new Promise((r) => setTimeout(r, 300));
    const replies = fake.delivered.filter((c) => c.path.includes(ev.event.message.message_id));
    expect(replies).toHaveLength(1);
    await t.stop();

    // after a restart, Lark's retry of the same event is still recognised and ignored
    const again = await startTestBot({ mongoUri, fake });
    const res = await again.send('/lark/events', ev);
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    expect(fake.delivered.filter((c) => c.path.includes(ev.event.message.message_id))).toHaveLength(1);
    expect(again.logs.some((l) => l.msg === 'duplicate delivery ignored' && l.eventId === ev.header.event_id)).toBe(true);
    await again.stop();
  });
});
