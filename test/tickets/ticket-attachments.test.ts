import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonValues, press } from '../approvals/approval-helpers.js';
import { expectValidCard } from '../helpers/card-assertions.js';
import { BOT_OPEN_ID, type RecordedCall } from '../helpers/fake-lark-api.js';
import { messageEvent } from '../helpers/lark-payloads.js';
import { eventually, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { chat, logCall, seedHotline, T, ticketButton } from './ticket-helpers.js';

type Json = Record<string, unknown>;

/** A small PNG (its signature, then filler): what a phone's photo looks like to the bot. */
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(2048, 7)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 1)]);

/** A picture or file message as Lark delivers it (message_content.md), optionally a reply to `parentId`. */
function fileEvent(openId: string, kind: 'image' | 'file', key: string, o: { parentId?: string; name?: string; messageId?: string; chatType?: 'p2p' | 'group' } = {}) {
  const ev = messageEvent({
    openId,
    messageType: kind,
    content: JSON.stringify(kind === 'image' ? { image_key: key } : { file_key: key, file_name: o.name ?? 'file.bin' }),
    ...(o.messageId ? { messageId: o.messageId } : {}),
    ...(o.chatType ? { chatType: o.chatType } : {}),
  });
  ev.event.message.parent_id = o.parentId ?? '';
  ev.event.message.root_id = o.parentId ?? '';
  return ev;
}

/** The bot's reply to a message (card or text). */
const replyTo = async (t: TestBot, messageId: string): Promise<Json> => {
  const reply = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${messageId}/reply`), 15_000);
  return JSON.parse(reply.body.content as string) as Json;
};

/** The Lark message id the fake gave a delivered call (om_fake_<n>, n its place among the deliveries). */
const larkIdOf = (t: TestBot, call: RecordedCall) => `om_fake_${t.fake.delivered.indexOf(call) + 1}`;

const steps = async (t: TestBot, id: string) => t.bot.models.ticketTransitions.find({ ticket: id }).sort({ seq: 1 }).lean();
const downloads = (t: TestBot, key: string) => t.fake.calls.filter((c) => c.method === 'GET' && c.path.endsWith(`/resources/${key}`));

describe('附件: pictures and files sent in a ticket\'s context are attached, listed and re-sent', () => {
  let t: TestBot;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'govdesk-attach-'));
    t = await startTestBot({ env: { GOVDESK_DATA_DIR: dataDir } });
    await seedHotline(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  /** A ticket in hand at 东镇; the handling card its handler got (the Lark call that sent it). */
  async function inHand() {
    const id = await logCall(t);
    await press(t, T.dispatcher, await ticketButton(t, T.dispatcher, id, 'assign'), { leadUnit: 'dz', urgency: 'normal' });
    await press(t, T.dzHandler, await ticketButton(t, T.dzHandler, id, 'accept'));
    const card = await eventually(() =>
      t.fake.delivered.find((c) => c.method === 'POST' && c.body.receive_id === T.dzHandler && c.body.msg_type === 'interactive' && buttonValues(JSON.parse(c.body.content as string)).some((v) => v.id === id && v.op === 'reply')),
    );
    // Known by its Lark message id once sent (ticket_messages, by `_id`).
    await eventually(() => t.bot.models.ticketMessages.findById(larkIdOf(t, card)).lean());
    return { id, cardMessageId: larkIdOf(t, card) };
  }

  it('a photo sent as a reply to the unit\'s ticket card is attached once, listed on the card and in 查询, kept under GOVDESK_DATA_DIR', async () => {
    const { id, cardMessageId } = await inHand();
    t.fake.resources.set('img_v3_work_done', PNG);
    const ev = fileEvent(T.dzHandler, 'image', 'img_v3_work_done', { parentId: cardMessageId });
    await t.send('/lark/events', ev);
    const confirm = await replyTo(t, ev.event.message.message_id);
    expectValidCard(confirm);
    expect(JSON.stringify(confirm)).toContain(`已附到工单 ${id}`);
    expect(buttonValues(confirm).some((v) => v.a === 'tk.att.undo' && v.id === id)).toBe(true);

    // Downloaded through the message resource endpoint (type=image), kept under the data dir.
    const got = downloads(t, 'img_v3_work_done');
    expect(got).toHaveLength(1);
    expect(got[0]!.path).toBe(`/open-apis/im/v1/messages/${ev.event.message.message_id}/resources/img_v3_work_done`);
    expect(got[0]!.query.type).toBe('image');
    const step = (await steps(t, id)).find((s) => s.action === 'attachment')!;
    expect(step.by).toBe(T.dzHandler);
    expect(step.data).toMatchObject({ messageId: ev.event.message.message_id, kind: 'image', key: 'img_v3_work_done', size: PNG.length });
    expect((await readFile(join(dataDir, 'attachments', String(step.data.path)))).equals(PNG)).toBe(true);

    // The same message delivered again (another event id): attached once, downloaded once.
    const again = { ...ev, header: { ...ev.header, event_id: `${ev.header.event_id}-again` } };
    expect((await t.send('/lark/events', again)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect((await steps(t, id)).filter((s) => s.action === 'attachment')).toHaveLength(1);
    expect(downloads(t, 'img_v3_work_done')).toHaveLength(1);
    // …and handled again from scratch (its inbox record gone, as after a purge): still once.
    await t.bot.models.inboxEvents.deleteOne({ _id: `msg:${ev.event.message.message_id}` });
    const replies = () => t.fake.delivered.filter((c) => c.path === `/open-apis/im/v1/messages/${ev.event.message.message_id}/reply`).length;
    const third = { ...ev, header: { ...ev.header, event_id: `${ev.header.event_id}-third` } };
    expect((await t.send('/lark/events', third)).status).toBe(200);
    await eventually(async () => (await t.bot.models.inboxEvents.findById(`msg:${ev.event.message.message_id}`).lean())?.status === 'done');
    expect((await steps(t, id)).filter((s) => s.action === 'attachment')).toHaveLength(1);
    expect(downloads(t, 'img_v3_work_done')).toHaveLength(1);
    expect(replies()).toBe(1);

    // The unit's card is refreshed in place with the attachment, its size and who added it.
    const patched = await eventually(() => t.fake.delivered.find((c) => c.method === 'PATCH' && String(c.body.content).includes('附件 Attachments') && String(c.body.content).includes(id)));
    expect(String(patched.body.content)).toContain('孙联络');
    expect(String(patched.body.content)).toContain('2.0 KB');

    // 查询 lists it too.
    const shown = JSON.stringify(await chat(t, T.dispatcher, `查询 ${id}`));
    expect(shown).toContain('附件 Attachments');
    expect(shown).toContain('图片 Picture');
    expect(shown).toContain('重发附件');
  });

  it('a file after `附件 ZX-…` is attached; the unit gets the attachments re-sent by `附件 ZX-…` and by 重发附件', async () => {
    const { id } = await inHand();
    const opened = await chat(t, T.clerk, `附件 ${id}`);
    expect(String(opened.text)).toContain(`10 分钟内发来的图片和文件将附到工单 ${id}`);
    t.fake.resources.set('file_v3_letter', PDF);
    const ev = fileEvent(T.clerk, 'file', 'file_v3_letter', { name: '来电人补充材料.pdf' });
    await t.send('/lark/events', ev);
    expect(JSON.stringify(await replyTo(t, ev.event.message.message_id))).toContain(`已附到工单 ${id}`);
    expect(downloads(t, 'file_v3_letter')[0]!.query.type).toBe('file');
    const loaded = (await t.bot.tickets.load(id))!;
    expect(loaded.state.attachments.map((a) => [a.name, a.size, a.by])).toEqual([['来电人补充材料.pdf', PDF.length, T.clerk]]);

    // The unit's handler asks for them: a file message with the file's bytes uploaded.
    const uploads = t.fake.uploads.length;
    const resent = await chat(t, T.dzHandler, `附件 ${id}`);
    expect(String(resent.text)).toContain('1 个附件已发给您');
    expect(String(resent.text)).toContain('来电人补充材料.pdf');
    await eventually(() => t.fake.delivered.find((c) => c.body.receive_id === T.dzHandler && c.body.msg_type === 'file'));
    expect(t.fake.uploads.length).toBe(uploads + 1);
    expect(t.fake.uploads.at(-1)!.raw.includes(PDF.subarray(0, 200))).toBe(true);

    // 重发附件 on the card: sent again, to whoever pressed it.
    const before = t.fake.delivered.filter((c) => c.body.receive_id === T.dzHandler && c.body.msg_type === 'file').length;
    const pressed = await press(t, T.dzHandler, { a: 'tk.att.send', id }, undefined, 'om_card_resend');
    expect(pressed.toast?.i18n.zh_cn).toContain('已发给您');
    await eventually(() => t.fake.delivered.filter((c) => c.body.receive_id === T.dzHandler && c.body.msg_type === 'file').length === before + 1);
  });

  it('a picture within 10 minutes of 确认登记 goes to that ticket with 撤销; 撤销 takes it off; after 10 minutes nothing is attached', async () => {
    const id = await logCall(t);
    t.fake.resources.set('img_v3_scene', PNG);
    const ev = fileEvent(T.clerk, 'image', 'img_v3_scene');
    await t.send('/lark/events', ev);
    const confirm = await replyTo(t, ev.event.message.message_id);
    expect(JSON.stringify(confirm)).toContain(`已附到工单 ${id}`);
    const undo = buttonValues(confirm).find((v) => v.a === 'tk.att.undo')!;
    expect(undo).toMatchObject({ id, m: ev.event.message.message_id });
    expect((await t.bot.tickets.load(id))!.state.attachments).toHaveLength(1);

    // Someone else may not take it off; the clerk may, once.
    expect((await press(t, T.dzHandler, undo)).toast?.type).toBe('warning');
    const undone = await press(t, T.clerk, undo);
    expect(undone.toast?.i18n.zh_cn).toBe(`已从工单 ${id} 撤下附件`);
    expectValidCard(undone.card!.data);
    expect((await t.bot.tickets.load(id))!.state.attachments).toHaveLength(0);
    expect((await steps(t, id)).map((s) => s.action)).toContain('attachment_removed');
    expect((await press(t, T.clerk, undo)).toast?.type).toBe('warning');

    // The window closes after 10 minutes: a picture then is not attached (the usual "text only" answer).
    await t.bot.models.attachWindows.updateOne({ _id: T.clerk }, { $set: { until: new Date(Date.now() - 1000) } });
    t.fake.resources.set('img_v3_late', PNG);
    const late = fileEvent(T.clerk, 'image', 'img_v3_late');
    await t.send('/lark/events', late);
    expect(String((await replyTo(t, late.event.message.message_id)).text)).toContain('只能处理文字');
    expect(downloads(t, 'img_v3_late')).toHaveLength(0);
  });

  it('a stranger\'s picture sent as a reply to a ticket card is refused and nothing is attached', async () => {
    const { id, cardMessageId } = await inHand();
    t.fake.resources.set('img_v3_stranger', PNG);
    const ev = fileEvent(T.stranger, 'image', 'img_v3_stranger', { parentId: cardMessageId });
    await t.send('/lark/events', ev);
    const answer = String((await replyTo(t, ev.event.message.message_id)).text);
    expect(answer).toContain(`无法附到工单 ${id}`);
    expect(answer).toMatch(/Cannot attach/);
    expect(downloads(t, 'img_v3_stranger')).toHaveLength(0);
    expect((await t.bot.tickets.load(id))!.state.attachments).toHaveLength(0);
    // Nor may they have the attachments re-sent.
    expect(String((await chat(t, T.stranger, `附件 ${id}`)).text)).not.toContain('10 分钟内');
  });

  it('a file Lark will not serve (gone, too large) is not attached, and the sender is told', async () => {
    const { id, cardMessageId } = await inHand();
    // No such resource at the fake: Lark answers 400 with its code, as for a file over 100 MB.
    const ev = fileEvent(T.dzHandler, 'file', 'file_v3_gone', { parentId: cardMessageId, name: '现场视频.mp4' });
    await t.send('/lark/events', ev);
    const answer = String((await replyTo(t, ev.event.message.message_id)).text);
    expect(answer).toContain(`无法取得这个附件，未附到工单 ${id}`);
    expect(answer).toContain('could not be fetched');
    expect(downloads(t, 'file_v3_gone')).toHaveLength(1);
    expect((await t.bot.tickets.load(id))!.state.attachments).toHaveLength(0);
  });

  it('in a group, a picture replying to a 查询 answer is attached; an unrelated picture there is ignored', async () => {
    const { id } = await inHand();
    const ask = messageEvent({ openId: T.dispatcher, text: `查询 ${id}`, chatType: 'group', chatId: 'oc_hotline_group', mentions: [{ name: '政务助手', openId: BOT_OPEN_ID }] });
    await t.send('/lark/events', ask);
    const answer = await eventually(() => t.fake.delivered.find((c) => c.path === `/open-apis/im/v1/messages/${ask.event.message.message_id}/reply`), 15_000);
    const answerId = larkIdOf(t, answer);
    await eventually(() => t.bot.models.ticketMessages.findById(answerId).lean());

    t.fake.resources.set('img_v3_group', PNG);
    const ev = fileEvent(T.dispatcher, 'image', 'img_v3_group', { parentId: answerId, chatType: 'group' });
    ev.event.message.chat_id = 'oc_hotline_group';
    await t.send('/lark/events', ev);
    expect(JSON.stringify(await replyTo(t, ev.event.message.message_id))).toContain(`已附到工单 ${id}`);

    // Not a reply to a ticket's card: the bot stays out of the group's pictures.
    const stray = fileEvent(T.dispatcher, 'image', 'img_v3_group', { chatType: 'group' });
    stray.event.message.chat_id = 'oc_hotline_group';
    await t.send('/lark/events', stray);
    await eventually(async () => (await t.bot.models.inboxEvents.findById(`msg:${stray.event.message.message_id}`).lean())?.status === 'done');
    expect(t.fake.delivered.some((c) => c.path === `/open-apis/im/v1/messages/${stray.event.message.message_id}/reply`)).toBe(false);
    expect((await t.bot.tickets.load(id))!.state.attachments).toHaveLength(1);
  });
});
