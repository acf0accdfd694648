import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson } from '../helpers/directory-fixtures.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { buttonValues, cardsSentTo, press } from '../approvals/approval-helpers.js';
import { logCall, seedHotline, T, ticketButton } from './ticket-helpers.js';

/** 回访 by the desk's group chat (CALLBACK_CHAT_ID): the card goes to the chat, not to each clerk. */
const CHAT = 'oc_5ce1a0callbackdesk';
const CLERK2 = 'ou_cc_clerk2';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ env: { CALLBACK_CHAT_ID: CHAT } });
  await seedHotline(t);
  await seedPerson(t.bot.models, { openId: CLERK2, name: '吴受理', unit: 'zxb', roles: ['intake'] });
});
afterAll(async () => {
  await t.stop();
});

const inChat = () =>
  t.fake.delivered
    .filter((c) => c.method === 'POST' && c.body.receive_id === CHAT && c.body.msg_type === 'interactive')
    .map((c) => JSON.parse(c.body.content as string) as Record<string, unknown>);

describe('回访 in the callback group chat', () => {
  it('the card goes to the chat; a clerk presses it there, the chat card becomes the record; another member who may not call back is refused', async () => {
    const id = await logCall(t);
    await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, id, 'assign'), { leadUnit: 'dz', urgency: 'normal' });
    await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'accept'));
    await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'reply'), { result: '已修复', reply: '已告知' });
    await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, id, 'review_accept'));
    const card = await eventually(() => inChat().find((c) => buttonValues(c).some((v) => v.id === id && v.op === 'callback')));
    expectValidCard(card);
    for (const clerk of [T.clerk, CLERK2]) expect(cardsSentTo(t, clerk).filter((c) => buttonValues(c.card).some((v) => v.id === id && v.op === 'callback'))).toEqual([]);
    const satisfied = buttonValues(card).find((v) => v.op === 'callback' && v.o === 'satisfied')!;
    const refused = await press(t, T.dzHandler, satisfied);
    expect(refused.toast?.type).toBe('warning');
    expect(refused.toast?.i18n.zh_cn).toContain('受理员');
    const done = await press(t, CLERK2, satisfied);
    expect(done.toast?.i18n.zh_cn).toBe('回访完成，已办结');
    const sent = await eventually(async () => (await t.bot.models.outboxMessages.find({ _id: { $regex: `^tk:${id}:s\\d+:callback:${CHAT}$` } }).lean())[0]?.larkMessageId);
    const record = await eventually(() => t.fake.delivered.find((c) => c.method === 'PATCH' && c.path === `/open-apis/im/v1/messages/${sent}` && String(c.body.content).includes('吴受理')));
    const patched = JSON.parse(record.body.content as string) as Record<string, unknown>;
    expectValidCard(patched);
    expect(JSON.stringify(patched)).toContain('回访 Callback**：满意');
    expect(buttonValues(patched).filter((v) => v.op === 'callback')).toEqual([]);
  }, 60_000);
});
