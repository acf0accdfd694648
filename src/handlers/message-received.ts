import type { Command, CommandReply } from '../commands/command.js';
import { isMentionAll, mentionedPeople, messageText } from '../commands/message-text.js';
import type { Directory } from '../directory/directory.js';
import type { EventHandler, HandlerContext } from '../inbox/handler-types.js';
import type { BotIdentity } from '../lark/bot-identity.js';
import { messageReceiveEventSchema, type MessageReceiveEvent } from '../lark/envelope.js';
import type { Outbox } from '../outbox/outbox.js';
import { FILE_MESSAGE_TYPES } from './attachment-handlers.js';
import { commandReplies } from './command-replies.js';

/**
 * `im.message.receive_v1`: in a group, only a message that @mentions the bot itself is for it
 * (with 获取群组中所有消息 every group message arrives, @所有人 and @colleague included;
 * receive.md 注意事项); strip mentions, find the command, run it, reply through the outbox.
 * The event's inbox key is the message id (receive.md: dedupe on message_id), and replies are
 * keyed by it, so a redelivery, a retry or a re-run after a crash sends nothing twice.
 */
export function messageReceivedHandler(deps: {
  commands: () => Command[];
  outbox: Outbox;
  directory: Directory;
  bot: BotIdentity;
  /** 附件: a picture or file about a ticket (a reply to its card, or within the sender's window) is attached; null when about none. */
  attachments?: { onFileMessage(input: { eventId: string; senderOpenId: string; message: MessageReceiveEvent['message']; direct: boolean; log: HandlerContext['log'] }): Promise<CommandReply[] | null> };
}): EventHandler {
  const send = (eventId: string, message: MessageReceiveEvent['message'], replies: CommandReply[]) =>
    deps.outbox.enqueue(
      replies.map((r, i) => ({
        op: 'reply' as const,
        // A reply showing a ticket is keyed `tk:<ticket>:…`: once sent, replies to it find the ticket (附件).
        key: r.ticket ? `tk:${r.ticket}:r:${eventId}:${i}` : `reply:${eventId}:${i}`,
        messageId: message.message_id,
        chatId: message.chat_id,
        msgType: r.msgType,
        content: r.content,
      })),
    );
  return async (envelope, ctx) => {
    const parsed = messageReceiveEventSchema.safeParse(envelope.event);
    if (!parsed.success) {
      ctx.log.warn({ issue: parsed.error.issues[0]?.message }, 'malformed message event; ignored');
      return;
    }
    const { sender, message } = parsed.data;
    if (sender.sender_type !== 'user') return;
    // A picture or file about a ticket — in a group only as a reply to the ticket's card (it
    // cannot @mention the bot) — is attached to it.
    if (deps.attachments && (FILE_MESSAGE_TYPES as readonly string[]).includes(message.message_type)) {
      const replies = await deps.attachments.onFileMessage({ eventId: ctx.eventId, senderOpenId: sender.sender_id.open_id, message, direct: message.chat_type === 'p2p', log: ctx.log });
      if (replies) {
        await send(ctx.eventId, message, replies);
        return;
      }
    }
    let botOpenId: string | undefined;
    if (message.chat_type !== 'p2p') {
      const mentions = message.mentions ?? [];
      // @所有人 alone never addresses the bot; without any mention there is nothing to ask.
      if (!mentions.some((m) => !isMentionAll(m))) return;
      botOpenId = (await deps.bot.get()).openId;
      if (!mentions.some((m) => m.id.open_id === botOpenId)) {
        ctx.log.debug({ chatId: message.chat_id }, 'group message not addressed to the bot; ignored');
        return;
      }
    }
    const replies = await commandReplies(deps, {
      eventId: ctx.eventId,
      text: messageText(message),
      senderOpenId: sender.sender_id.open_id,
      mentions: mentionedPeople(message, botOpenId),
      chatId: message.chat_id,
      chatType: message.chat_type,
      messageId: message.message_id,
      now: ctx.now,
      log: ctx.log,
    });
    await send(ctx.eventId, message, replies);
  };
}
