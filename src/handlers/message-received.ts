import type { Command } from '../commands/command.js';
import { isMentionAll, mentionedPeople, messageText } from '../commands/message-text.js';
import type { Directory } from '../directory/directory.js';
import type { EventHandler } from '../inbox/handler-types.js';
import type { BotIdentity } from '../lark/bot-identity.js';
import { messageReceiveEventSchema } from '../lark/envelope.js';
import type { Outbox } from '../outbox/outbox.js';
import { commandReplies } from './command-replies.js';

/**
 * `im.message.receive_v1`: in a group, only a message that @mentions the bot itself is for it
 * (with 获取群组中所有消息 every group message arrives, @所有人 and @colleague included;
 * receive.md 注意事项); strip mentions, find the command, run it, reply through the outbox.
 * The event's inbox key is the message id (receive.md: dedupe on message_id), and replies are
 * keyed by it, so a redelivery, a retry or a re-run after a crash sends nothing twice.
 */
export function messageReceivedHandler(deps: { commands: () => Command[]; outbox: Outbox; directory: Directory; bot: BotIdentity }): EventHandler {
  return async (envelope, ctx) => {
    const parsed = messageReceiveEventSchema.safeParse(envelope.event);
    if (!parsed.success) {
      ctx.log.warn({ issue: parsed.error.issues[0]?.message }, 'malformed message event; ignored');
      return;
    }
    const { sender, message } = parsed.data;
    if (sender.sender_type !== 'user') return;
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
    await deps.outbox.enqueue(
      replies.map((r, i) => ({
        op: 'reply' as const,
        key: `reply:${ctx.eventId}:${i}`,
        messageId: message.message_id,
        chatId: message.chat_id,
        msgType: r.msgType,
        content: r.content,
      })),
    );
  };
}
