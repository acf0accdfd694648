import { notRegisteredCard } from '../cards/not-registered-card.js';
import { notUnderstoodCard } from '../cards/not-understood-card.js';
import type { Command, CommandReply } from '../commands/command.js';
import { matchCommand } from '../commands/match-command.js';
import { mentionedPeople, messageText } from '../commands/message-text.js';
import type { Directory } from '../directory/directory.js';
import type { EventHandler } from '../inbox/handler-types.js';
import { messageReceiveEventSchema } from '../lark/envelope.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, textContent } from '../outbox/outgoing-message.js';

const onlyText: CommandReply = {
  msgType: 'text',
  content: textContent('目前只能处理文字消息，发送「帮助」查看可用命令。\nI can only read text messages for now. Send "help" to see what I can do.'),
};

/**
 * `im.message.receive_v1`: strip mentions, find the command, run it, reply through the outbox.
 * People the directory does not know get the "not registered" card for anything but help.
 * Replies are keyed by the event id, so a re-run after a crash or a retry sends nothing twice.
 */
export function messageReceivedHandler(deps: { commands: () => Command[]; outbox: Outbox; directory: Directory }): EventHandler {
  return async (envelope, ctx) => {
    const parsed = messageReceiveEventSchema.safeParse(envelope.event);
    if (!parsed.success) {
      ctx.log.warn({ issue: parsed.error.issues[0]?.message }, 'malformed message event; ignored');
      return;
    }
    const { sender, message } = parsed.data;
    if (sender.sender_type !== 'user') return;
    const isGroup = message.chat_type !== 'p2p';
    // In groups Lark delivers only messages that @mention the bot (unless the app may read
    // all group messages): answer only when someone is mentioned.
    if (isGroup && (message.mentions?.length ?? 0) === 0) return;

    const text = messageText(message);
    const senderOpenId = sender.sender_id.open_id;
    const found = await deps.directory.person(senderOpenId);
    const person = found?.active ? found : null;
    const match = text === null ? null : matchCommand(deps.commands(), text);
    let replies: CommandReply[];
    if (!person && !match?.command.public) {
      ctx.log.info({ senderOpenId, command: match?.command.id }, 'message from a person not in the directory');
      replies = [{ msgType: 'interactive', content: cardContent(notRegisteredCard(senderOpenId)) }];
    } else if (text === null) {
      replies = [onlyText];
    } else {
      if (match) {
        ctx.log.info({ command: match.command.id }, 'command');
        replies = await match.command.run({
          eventId: ctx.eventId,
          args: match.args,
          text,
          senderOpenId,
          person,
          mentions: mentionedPeople(message),
          chatId: message.chat_id,
          chatType: message.chat_type,
          messageId: message.message_id,
          now: ctx.now,
          log: ctx.log,
        });
      } else {
        replies = [{ msgType: 'interactive', content: cardContent(notUnderstoodCard(text)) }];
      }
    }
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
