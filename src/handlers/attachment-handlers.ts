import { attachedCard, attachmentName, fileSize, TK_ATT_SEND, TK_ATT_UNDO } from '../cards/ticket-cards.js';
import type { Bilingual } from '../cards/card-types.js';
import { toast } from '../cards/toast.js';
import type { Command, CommandReply } from '../commands/command.js';
import type { Directory } from '../directory/directory.js';
import type { Logger } from '../lib/logger.js';
import type { MessageReceiveEvent } from '../lark/envelope.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, textContent } from '../outbox/outgoing-message.js';
import type { AttachmentService, IncomingFile } from '../tickets/attachment-service.js';
import type { TicketService } from '../tickets/ticket-service.js';
import type { CardAction } from './card-action.js';

const say = (b: Bilingual): CommandReply[] => [{ msgType: 'text', content: textContent(`${b.zh}\n${b.en}`) }];
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The message types that carry a file: a picture, a file, a video. */
export const FILE_MESSAGE_TYPES = ['image', 'file', 'media'] as const;

/**
 * What a picture, file or video message carries (message_content.md, 接收消息内容): image
 * `{"image_key"}`; file `{"file_key","file_name"}`; media `{"file_key","image_key","file_name","duration"}`
 * (the video is its file_key, downloaded with type=file). Null for anything else or bad JSON.
 */
export function incomingFile(message: MessageReceiveEvent['message']): IncomingFile | null {
  let c: Record<string, unknown>;
  try {
    c = JSON.parse(message.content) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (message.message_type === 'image' && typeof c.image_key === 'string' && c.image_key) return { messageId: message.message_id, kind: 'image', key: c.image_key, name: '' };
  if ((message.message_type === 'file' || message.message_type === 'media') && typeof c.file_key === 'string' && c.file_key) {
    return { messageId: message.message_id, kind: 'file', key: c.file_key, name: str(c.file_name).slice(0, 200) };
  }
  return null;
}

/**
 * 附件 in chat: a picture or file sent as a reply to a ticket card, or within 10 minutes of the
 * sender's 确认登记 or `附件 ZX-…`, is attached (and confirmed with a card offering 撤销);
 * `附件 ZX-…` opens that window and re-sends what is attached; 重发附件 on the ticket card
 * sends them to whoever presses it.
 */
export function attachmentHandlers(deps: { attachments: AttachmentService; tickets: TicketService; directory: Directory; outbox: Outbox; numberPattern: RegExp }) {
  const { attachments } = deps;

  /** The re-sent attachments of `id` for `to`, and what to say about them. */
  const resend = async (id: string, to: string, key: string): Promise<Bilingual> => {
    const loaded = await deps.tickets.load(id);
    if (!loaded) return { zh: `没有工单 ${id}`, en: `No ticket ${id}` };
    const allowed = await attachments.mayView(await deps.directory.person(to), loaded);
    if (!allowed.allowed) return allowed.reason;
    if (!loaded.state.attachments.length) return { zh: `工单 ${id} 还没有附件`, en: `${id} has no attachments yet` };
    const { messages, skipped } = await attachments.resend(loaded, to, key);
    await deps.outbox.enqueue(messages);
    const list = loaded.state.attachments.map((a) => `- ${attachmentName(a)}（${fileSize(a.size)}）`).join('\n');
    return {
      zh: `工单 ${id} 的 ${messages.length} 个附件已发给您：\n${list}${skipped.length ? `\n未能发送（过大或已缺失）：${skipped.join('、')}` : ''}`,
      en: `${messages.length} attachment(s) of ${id} are on their way to you.${skipped.length ? ` Not sent (too large or missing): ${skipped.join(', ')}` : ''}`,
    };
  };

  /**
   * A picture or file message: attached to the ticket it is about, with the answer; null when it
   * is about none (a group message only counts as a reply to a ticket card).
   */
  const onFileMessage = async (input: { eventId: string; senderOpenId: string; message: MessageReceiveEvent['message']; direct: boolean; log: Logger }): Promise<CommandReply[] | null> => {
    const { message } = input;
    // A reply's parent_id is the message replied to, root_id the thread's first (receive.md).
    const replied = await attachments.ticketOfMessages([message.parent_id, message.root_id]);
    const window = replied || !input.direct ? null : await attachments.windowOf(input.senderOpenId);
    const ticket = replied ?? window?.ticket;
    if (!ticket) return null;
    const file = incomingFile(message);
    if (!file) return say({ zh: '无法读取这个附件（表情包等不能作为附件）', en: 'This attachment cannot be read (stickers and the like cannot be attached)' });
    const o = await attachments.attach(ticket, input.senderOpenId, file);
    if (o.kind === 'refused') return say(o.message);
    return [{ msgType: 'interactive', ticket, content: cardContent(attachedCard({ ticket, attachment: o.attachment, count: o.loaded.state.attachments.length, undo: true })) }];
  };

  const command: Command = {
    id: 'ticket.attach',
    words: ['附件', 'attach'],
    usage: '附件 ZX-20261121-0001',
    summary: { zh: '发送工单的附件给我；之后 10 分钟内发来的图片和文件附到该工单（回复工单卡片也可附上）', en: "Send me a ticket's attachments; pictures and files sent in the next 10 minutes are attached to it (or reply to the ticket card)" },
    async run(ctx) {
      const id = deps.numberPattern.exec(ctx.args.toUpperCase())?.[0];
      if (!id) return say({ zh: '请写工单号，例如「附件 ZX-20261121-0001」，然后发送图片或文件', en: 'Give the ticket number, e.g. "attach ZX-20261121-0001", then send the pictures or files' });
      const loaded = await deps.tickets.load(id);
      if (!loaded) return say({ zh: `没有工单 ${id}`, en: `No ticket ${id}` });
      const allowed = await attachments.mayView(ctx.person, loaded);
      if (!allowed.allowed) return say(allowed.reason);
      await attachments.openWindow(ctx.senderOpenId, id, 'command');
      const open = { zh: `10 分钟内发来的图片和文件将附到工单 ${id}。`, en: `Pictures and files you send in the next 10 minutes are attached to ${id}.` };
      if (!loaded.state.attachments.length) return say({ zh: `${open.zh}\n工单 ${id} 还没有附件。`, en: `${open.en} ${id} has no attachments yet.` });
      const sent = await resend(id, ctx.senderOpenId, `tk-att-send:${ctx.eventId}`);
      return say({ zh: `${sent.zh}\n${open.zh}`, en: `${sent.en} ${open.en}` });
    },
  };

  const actions: Record<string, CardAction> = {
    [TK_ATT_SEND]: async ({ value, event, ctx }) => {
      const id = str(value.id);
      if (!deps.numberPattern.test(id)) return { toast: toast('warning', '这个按钮已失效', 'This button is no longer valid') };
      const said = await resend(id, event.operator.open_id, `tk-att-send:${ctx.eventId}`);
      return { toast: toast('info', said.zh.split('\n')[0]!, said.en) };
    },
    [TK_ATT_UNDO]: async ({ value, event }) => {
      const id = str(value.id);
      const o = await attachments.undo(id, event.operator.open_id, str(value.m));
      if (o.kind === 'refused') return { toast: toast('warning', o.message.zh, o.message.en) };
      return {
        toast: toast('success', `已从工单 ${id} 撤下附件`, `Removed from ${id}`),
        card: { type: 'raw', data: attachedCard({ ticket: id, attachment: o.attachment, count: 0, undo: false, removed: true }) },
      };
    },
  };

  return { onFileMessage, command, actions, windowAfterIntake: (openId: string, ticket: string) => attachments.openWindow(openId, ticket, 'intake'), remember: (messageId: string, ticket: string) => attachments.remember(messageId, ticket) };
}
