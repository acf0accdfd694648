import { describe, expect, it } from 'vitest';
import { messageEvent } from '../helpers/lark-payloads.js';
import { eventually, startTestBot } from '../helpers/test-bot.js';

describe('acknowledgement while the Open API is slow', () => {
  it('answers 200 before the reply is sent, while the Open API holds every answer', async () => {
    const t = await startTestBot();
    t.fake.hold();
    const ev = messageEvent({ text: '帮助' });
    const res = await t.send('/lark/events', ev);
    expect(res.status).toBe(200);
    expect(t.fake.delivered).toHaveLength(0);
    // the handler ran after the answer, and the send is now waiting on the Open API
    await eventually(() => t.fake.calls.length > 0);
    expect(t.fake.delivered).toHaveLength(0);
    // more events are acknowledged meanwhile
    const more = await Promise.all([1, 2, 3].map(() => t.send('/lark/events', messageEvent({ text: 'help' }))));
    expect(more.map((r) => r.status)).toEqual([200, 200, 200]);
    t.fake.release();
    await t.fake.waitForDelivered(4);
    await t.stop();
  });
});
