import { cardActionEvent, inboxIdOf, messageEvent } from '../helpers/lark-payloads.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wsDispatcher } from '../../src/lark/ws-dispatcher.js';
import { createLogger } from '../../src/lib/logger.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';

let t: TestBot;
let dispatcher: ReturnType<typeof wsDispatcher>;
beforeAll(async () => {
  t = await startTestBot({ env: { LARK_TRANSPORT: 'ws' } });
  // what the SDK's WSClient calls with each payload arriving on the long connection
  dispatcher = wsDispatcher(t.bot.receive, createLogger('silent'));
});
afterAll(async () => {
  await t.stop();
});

describe('the long connection feeds the same inbox', () => {
  it('a message event is stored, acknowledged (nothing returned) and answered', async () => {
    const ev = messageEvent({ text: '帮助' });
    expect(await dispatcher.invoke(ev)).toBeUndefined();
    expect(await t.bot.models.inboxEvents.findById(inboxIdOf(ev)).lean()).toMatchObject({ transport: 'ws' });
    await eventually(() => t.fake.delivered.some((c) => c.path.includes(ev.event.message.message_id)));
  });
  it('a duplicate is ignored', async () => {
    const ev = messageEvent({ text: '帮助' });
    await dispatcher.invoke(ev);
    await dispatcher.invoke(ev);
    await eventually(() => t.fake.delivered.some((c) => c.path.includes(ev.event.message.message_id)));
    await new Promise((r) => setTimeout(r, 300));
    expect(t.fake.delivered.filter((c) => c.path.includes(ev.event.message.message_id))).toHaveLength(1);
  });
  it('a card callback returns its answer (sent back over the socket by the SDK)', async () => {
    const answer = (await dispatcher.invoke(cardActionEvent({ value: { a: 'help.show' } }))) as Record<string, unknown>;
    expect(answer.toast).toMatchObject({ i18n: { zh_cn: '这是我能做的事' } });
    expect((answer.card as { type: string }).type).toBe('raw');
  });
  it('a malformed payload is dropped without throwing', async () => {
    expect(await dispatcher.invoke({ schema: '2.0', header: {} })).toBeUndefined();
    expect(await dispatcher.invoke('garbage')).toBeUndefined();
  });
});
