import { notRegisteredCard } from '../cards/not-registered-card.js';
import { notUnderstoodCard } from '../cards/not-understood-card.js';
import type { Command, CommandContext, CommandReply } from '../commands/command.js';
import { matchCommand } from '../commands/match-command.js';
import type { Directory } from '../directory/directory.js';
import { cardContent, textContent } from '../outbox/outgoing-message.js';

const onlyText: CommandReply = {
  msgType: 'text',
  content: textContent(
    '目前只能处理文字消息，发送「帮助」查看可用命令。要把图片或文件附到工单，请回复工单卡片发送，或先发送「附件 工单号」。\nI can only read text messages for now. Send "help" to see what I can do. To attach a picture or file to a ticket, send it as a reply to the ticket card, or send "attach" and the ticket number first.',
  ),
};

export type CommandInput = Omit<CommandContext, 'args' | 'text' | 'person'> & { text: string | null };

/**
 * What the bot answers someone who wrote `text` (a message, or a menu item standing for one):
 * the command's replies; the "not registered" card for people the directory does not know
 * (help excepted); "only text" for messages without text; "not understood" otherwise.
 */
export async function commandReplies(deps: { commands: () => Command[]; directory: Directory }, input: CommandInput): Promise<CommandReply[]> {
  const { text } = input;
  const found = await deps.directory.person(input.senderOpenId);
  const person = found?.active ? found : null;
  const match = text === null ? null : matchCommand(deps.commands(), text);
  if (!person && !match?.command.public) {
    input.log.info({ senderOpenId: input.senderOpenId, command: match?.command.id }, 'message from a person not in the directory');
    return [{ msgType: 'interactive', content: cardContent(notRegisteredCard(input.senderOpenId)) }];
  }
  if (text === null) return [onlyText];
  if (!match) return [{ msgType: 'interactive', content: cardContent(notUnderstoodCard(text)) }];
  input.log.info({ command: match.command.id }, 'command');
  return match.command.run({ ...input, args: match.args, text, person });
}
