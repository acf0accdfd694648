import { DEFAULT_SENDER, cardActionEvent, inboxIdOf, larkDelivery, messageEvent, post } from '../helpers/lark-payloads.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPerson } from '../helpers/directory-fixtures.js';
import { eventually, startTestBot, TEST_SECRETS, type TestBot } from '../helpers/test-bot.js';
import { expectValidCard } from '../helpers/card-assertions.js';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
  await seedPerson(t.bot.models, { openId: DEFAULT_SENDER, name: '张三' });
});
afterAll(async () => {
  await t.stop();
});

const inboxCount = () => t.bot.models.inboxEvents.countDocuments();
const repliesTo = (messageId: string) =>
  t.fake.delivered.filter((c) => c.path === `/open-apis/im/v1/messages/${messageId}/reply`);
const cardOf = (call: { body: Record<string, unknown> }) => JSON.parse(call.body.content as string) as Record<string, unknown>;

describe('the URL-verification challenge', () => {
  it('is answered encrypted (unsigned, as Lark may send it) with the challenge', async () => {
    const d = larkDelivery(
      { type: 'url_verification', challenge: 'c-0ab1', token: TEST_SECRETS.verificationToken },
      { encryptKey: TEST_SECRETS.encryptKey, sign: false },
    );
    const res = await post(t.bot.url, '/lark/events', d);
    expect(res).toMatchObject({ status: 200, body: { challenge: 'c-0ab1' } });
  });
  it('is refused with the wrong token', async () => {
    const d = larkDelivery({ type: 'url_verification', challenge: 'c-2', token: 'nope' }, { encryptKey: TEST_SECRETS.encryptKey });
    expect((await post(t.bot.url, '/lark/events', d)).status).toBe(403);
  });
});

describe('refusals store nothing', () => {
  it('forged signature → 401', async () => {
    const before = await inboxCount();
    const d = larkDelivery(messageEvent({ token: TEST_SECRETS.verificationToken }), { encryptKey: TEST_SECRETS.encryptKey });
    d.headers['x-lark-signature'] = '0'.repeat(64);
    const res = await post(t.bot.url, '/lark/events', d);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'bad_signature' });
    expect(await inboxCount()).toBe(before);
  });
  it('signed with another key → 401', async () => {
    const d = larkDelivery(messageEvent({ token: TEST_SECRETS.verificationToken }), { encryptKey: 'someone-else' });
    expect((await post(t.bot.url, '/lark/card', d)).status).toBe(401);
  });
  it('unsigned event → 401', async () => {
    const d = larkDelivery(messageEvent({ token: TEST_SECRETS.verificationToken }), { encryptKey: TEST_SECRETS.encryptKey, sign: false });
    expect((await post(t.bot.url, '/lark/events', d)).status).toBe(401);
  });
  it('wrong verification token → 403', async () => {
    const before = await inboxCount();
    const res = await t.send('/lark/events', messageEvent({ token: 'stolen' }));
    expect(res.status).toBe(403);
    expect(await inboxCount()).toBe(before);
  });
  it('malformed bodies → 4xx with a reason, never 5xx', async () => {
    const bodies = ['', 'garbage', '[]', 'null', '{"encrypt":"###"}', '{"encrypt":1}'];
    for (const body of bodies) {
      const res = await fetch(`${t.bot.url}/lark/events`, { method: 'POST', body });
      expect(res.status, body).toBeGreaterThanOrEqual(400);
      expect(res.status, body).toBeLessThan(500);
      expect(((await res.json()) as { msg: string }).msg.length).toBeGreaterThan(3);
    }
    for (const payload of [{ schema: '2.0' }, { schema: '2.0', header: { event_id: '' }, event: {} }, { schema: '1.0' }] as Record<string, unknown>[]) {
      const res = await t.send('/lark/events', payload);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const huge = await fetch(`${t.bot.url}/lark/events`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    // the connection is still usable afterwards
    expect((await fetch(`${t.bot.url}/healthz`)).status).toBe(200);
  });
  it('a structurally valid event with a malformed message is acknowledged, logged and answered nothing', async () => {
    const ev = messageEvent();
    (ev.event as Record<string, unknown>).message = { content: 5 };
    const res = await t.send('/lark/events', ev);
    expect(res.status).toBe(200);
    const doc = await eventually(async () => {
      const d = await t.bot.models.inboxEvents.findById(inboxIdOf(ev)).lean();
      return d?.status === 'done' ? d : null;
    });
    expect(doc.status).toBe('done');
  });
});

describe('help', () => {
  it('in a direct chat: 200 {} at once, then a help card in reply', async () => {
    const ev = messageEvent({ text: '帮助', chatType: 'p2p' });
    const res = await t.send('/lark/events', ev);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const replies = await eventually(() => (repliesTo(ev.event.message.message_id).length ? repliesTo(ev.event.message.message_id) : null));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body.msg_type).toBe('interactive');
    const card = cardOf(replies[0]!);
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('政务助手 · 使用帮助');
    expect(replies[0]!.body.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
  it('in English, "help" works the same', async () => {
    const ev = messageEvent({ text: 'Help' });
    await t.send('/lark/events', ev);
    const replies = await eventually(() => (repliesTo(ev.event.message.message_id).length ? repliesTo(ev.event.message.message_id) : null));
    expect(JSON.stringify(cardOf(replies[0]!))).toContain('govdesk · Help');
  });
  it('in a group when the bot is @mentioned (the mention is stripped)', async () => {
    const ev = messageEvent({ text: '帮助', chatType: 'group', chatId: 'oc_group_1', mentions: [{ name: '政务助手', openId: 'ou_bot' }] });
    await t.send('/lark/events', ev);
    const replies = await eventually(() => (repliesTo(ev.event.message.message_id).length ? repliesTo(ev.event.message.message_id) : null));
    expect(JSON.stringify(cardOf(replies[0]!))).toContain('使用帮助');
  });
  it('in a group without a mention: nothing is said', async () => {
    const ev = messageEvent({ text: '帮助', chatType: 'group', chatId: 'oc_group_2' });
    await t.send('/lark/events', ev);
    await eventually(async () => (await t.bot.models.inboxEvents.findById(inboxIdOf(ev)).lean())?.status === 'done');
    await new Promise((r) => setTimeout(r, 200));
    expect(repliesTo(ev.event.message.message_id)).toHaveLength(0);
  });
  it("the bot's own or other apps' messages are not answered", async () => {
    const ev = messageEvent({ text: '帮助', senderType: 'app' });
    await t.send('/lark/events', ev);
    await eventually(async () => (await t.bot.models.inboxEvents.findById(inboxIdOf(ev)).lean())?.status === 'done');
    expect(repliesTo(ev.event.message.message_id)).toHaveLength(0);
  });
});

describe('text the bot does not understand', () => {
  it('gets a short card pointing to 帮助, never silence', async () => {
    const ev = messageEvent({ text: '今天天气怎么样' });
    await t.send('/lark/events', ev);
    const replies = await eventually(() => (repliesTo(ev.event.message.message_id).length ? repliesTo(ev.event.message.message_id) : null));
    const text = JSON.stringify(cardOf(replies[0]!));
    expect(text).toContain('今天天气怎么样');
    expect(text).toContain('发送 **帮助**');
    expect(text).toContain('Send **help**');
  });
  it('a picture gets a text answer saying only text is read', async () => {
    const ev = messageEvent({ messageType: 'image', content: JSON.stringify({ image_key: 'img_v2_x' }) });
    await t.send('/lark/events', ev);
    const replies = await eventually(() => (repliesTo(ev.event.message.message_id).length ? repliesTo(ev.event.message.message_id) : null));
    expect(replies[0]!.body.msg_type).toBe('text');
    expect(JSON.parse(replies[0]!.body.content as string).text).toContain('目前只能处理文字消息');
  });
});

describe('card callbacks on /lark/card', () => {
  it('"查看帮助" answers within the request with a toast and the help card in place', async () => {
    const ev = cardActionEvent({ value: { a: 'help.show' } });
    const res = await t.send('/lark/card', ev);
    expect(res.status).toBe(200);
    expect(res.body.toast).toMatchObject({ type: 'info', i18n: { zh_cn: '这是我能做的事', en_us: 'Here is what I can do' } });
    const card = (res.body.card as { type: string; data: Record<string, unknown> });
    expect(card.type).toBe('raw');
    expectValidCard(card.data);
    const row = await t.bot.models.inboxEvents.findById(inboxIdOf(ev)).lean();
    expect(row).toMatchObject({ status: 'done' });
    // Handled inline; the poll would have looked at it only a minute later, had the run died.
    expect(row!.dueAt.getTime() - row!.receivedAt.getTime()).toBeGreaterThanOrEqual(55_000);
  });
  it('an unknown or forged button value gets a warning toast and changes nothing', async () => {
    for (const value of [{ a: 'nope.never' }, { a: '$where' }, { x: 1 }]) {
      const res = await t.send('/lark/card', cardActionEvent({ value }));
      expect(res.status).toBe(200);
      expect(res.body.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: '这个按钮已失效或无法识别' } });
      expect(res.body.card).toBeUndefined();
    }
  });
  it('a repeated delivery of the same click is answered without running again', async () => {
    const ev = cardActionEvent({ value: { a: 'help.show' } });
    await t.send('/lark/card', ev);
    const again = await t.send('/lark/card', ev);
    expect(again.body.toast).toMatchObject({ i18n: { zh_cn: '已收到，请勿重复操作' } });
  });
});

describe('operations', () => {
  it('/healthz and /readyz', async () => {
    expect(await (await fetch(`${t.bot.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.bot.url}/readyz`);
    expect(ready.status).toBe(200);
  });
  it('/metrics counts events received, duplicated and sends', async () => {
    const ev = messageEvent({ text: 'help' });
    await t.send('/lark/events', ev);
    await t.send('/lark/events', ev);
    await eventually(() => repliesTo(ev.event.message.message_id).length === 1);
    const text = await eventually(async () => {
      const body = await (await fetch(`${t.bot.url}/metrics`)).text();
      return /govdesk_sends_total\{outcome="sent"\} [1-9]/.test(body) ? body : null;
    });
    expect(text).toMatch(/govdesk_events_received_total\{type="im.message.receive_v1",transport="webhook"\} [1-9]/);
    expect(text).toMatch(/govdesk_events_duplicated_total\{type="im.message.receive_v1"\} [1-9]/);
    expect(text).toMatch(/govdesk_requests_rejected_total\{code="bad_signature"\} [1-9]/);
    expect(text).toMatch(/govdesk_outbox_depth \d+/);
  });
  it('logs are JSON with the event id on every handler line, and carry no secret', async () => {
    const ev = messageEvent({ text: '帮助' });
    await t.send('/lark/events', ev);
    await eventually(() => repliesTo(ev.event.message.message_id).length === 1);
    const lines = t.logs.filter((l) => JSON.stringify(l).includes(ev.header.event_id));
    expect(lines.length).toBeGreaterThan(1);
    const handlerLines = t.logs.filter((l) => l.component === 'inbox' && l.eventType === 'im.message.receive_v1');
    for (const l of handlerLines) expect(l.eventId).toBeTruthy();
    const all = JSON.stringify(t.logs);
    for (const secret of Object.values(TEST_SECRETS).filter((s) => !s.startsWith('cli_'))) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/t-fake-\d/);
  });
});
