import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxIdOf, messageEvent } from '../helpers/lark-payloads.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { BOT_OPEN_ID } from '../helpers/fake-lark-api.js';

let t: TestBot;
const CLERK = 'ou_mr_clerk0000000000000000000001';
const COLLEAGUE = 'ou_mr_colleague000000000000000002';
beforeAll(async () => {
  t = await startTestBot();
  await seedUnit(t.bot.models, { code: 'zxb', name: '直通办', kind: 'section' });
  await seedPerson(t.bot.models, { openId: CLERK, name: '陈受理', roles: ['intake'], unit: 'zxb' });
  await seedPerson(t.bot.models, { openId: COLLEAGUE, name: '林同事', roles: ['dispatcher'], unit: 'zxb' });
});
afterAll(async () => {
  await t.stop();
});

const repliesTo = (messageId: string) => t.fake.delivered.filter((c) => c.path === `/open-apis/im/v1/messages/${messageId}/reply`);
type Ev = ReturnType<typeof messageEvent>;
/** Sends the event and waits until the bot has handled it; returns its replies. */
const handled = async (ev: Ev) => {
  expect((await t.send('/lark/events', ev)).status).toBe(200);
  await eventually(async () => (await t.bot.models.inboxEvents.findById(inboxIdOf(ev)).lean())?.status === 'done');
  await new Promise((r) => setTimeout(r, 150));
  return repliesTo(ev.event.message.message_id);
};
/** A group message with mentions written into the text as Lark delivers them. */
const groupMessage = (text: string, mentions: { key: string; id: Record<string, string>; name: string }[]) => {
  const ev = messageEvent({ openId: CLERK, chatType: 'group', chatId: 'oc_mr_group', text: 'x' });
  ev.event.message.content = JSON.stringify({ text });
  (ev.event.message as { mentions?: unknown }).mentions = mentions.map((m) => ({ ...m, tenant_key: '2ca1d211f64f6438' }));
  return ev;
};
const bot = { key: '@_user_1', id: { open_id: BOT_OPEN_ID, union_id: 'on_bot' }, name: '政务助手' };
const colleague = (key: string) => ({ key, id: { open_id: COLLEAGUE, union_id: 'on_c' }, name: '林同事' });
// @所有人 as the official SDK's fixtures carry it (key "@_all", id empty); see research notes.
const all = { key: '@_all', id: {}, name: '所有人' };

describe('group manners: only a mention of the bot itself addresses it', () => {
  it('@所有人 alone gets no answer', async () => {
    expect(await handled(groupMessage('@_all 帮助', [all]))).toHaveLength(0);
  });
  it('a message mentioning only a colleague gets no answer', async () => {
    expect(await handled(groupMessage('@_user_1 帮助', [colleague('@_user_1')]))).toHaveLength(0);
  });
  it('a message with no mention gets no answer', async () => {
    expect(await handled(groupMessage('帮助', []))).toHaveLength(0);
  });
  it('@政务助手 gets the answer, also beside @所有人 and colleagues', async () => {
    const replies = await handled(groupMessage('@_all @_user_1 帮助 @_user_2', [all, bot, colleague('@_user_2')]));
    expect(replies).toHaveLength(1);
    expect(String(replies[0]!.body.content)).toContain('使用帮助');
  });
});

describe('rich-text (post) messages', () => {
  // message_content.md (接收消息内容): a received post is {title, content:[[{tag, text|user_id…}]]}.
  const post = (content: unknown[][], title = '') => {
    const ev = messageEvent({ openId: CLERK, text: 'x' });
    ev.event.message.message_type = 'post';
    ev.event.message.content = JSON.stringify({ title, content });
    return ev;
  };
  it('reads the command out of the paragraphs', async () => {
    const replies = await handled(post([[{ tag: 'text', text: '我是谁', style: ['bold'] }]], '请问'));
    expect(replies).toHaveLength(1);
    expect(String(replies[0]!.body.content)).toContain('陈受理');
  });
  it('reads a group post addressed to the bot with an at element', async () => {
    const ev = post([[{ tag: 'at', user_id: '@_user_1', user_name: '政务助手', style: [] }, { tag: 'text', text: ' 帮助' }]]);
    ev.event.message.chat_type = 'group';
    (ev.event.message as { mentions?: unknown }).mentions = [bot];
    const replies = await handled(ev);
    expect(String(replies[0]!.body.content)).toContain('使用帮助');
  });
  it('a post with only a picture is answered that only text is read', async () => {
    const replies = await handled(post([[{ tag: 'img', image_key: 'img_47354fbc-a159-40ed-86ab-2ad0f1acb42g' }]]));
    expect(JSON.parse(String(replies[0]!.body.content)).text).toContain('只能处理文字');
  });
});

describe('the same message delivered twice under different event ids', () => {
  it('is answered once (receive.md: dedupe by message_id)', async () => {
    const ev = messageEvent({ openId: CLERK, text: '帮助' });
    const again = { ...ev, header: { ...ev.header, event_id: `${ev.header.event_id}_again` } };
    expect((await t.send('/lark/events', ev)).status).toBe(200);
    expect((await t.send('/lark/events', again)).status).toBe(200);
    await eventually(() => repliesTo(ev.event.message.message_id).length === 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(repliesTo(ev.event.message.message_id)).toHaveLength(1);
  });
});
