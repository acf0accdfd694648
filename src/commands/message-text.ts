import type { MessageReceiveEvent } from '../lark/envelope.js';

/**
 * The text of a message with every @mention key (`@_user_1`, `@_all`) removed and white space
 * folded; null for messages that are not text or whose content is not valid JSON.
 */
export function messageText(message: MessageReceiveEvent['message']): string | null {
  const text = rawText(message);
  if (text === null) return null;
  let stripped = text;
  for (const m of message.mentions ?? []) stripped = stripped.split(m.key).join(' ');
  return stripped.replace(/@_(user_\d+|all)/g, ' ').replace(/\s+/g, ' ').trim();
}

function rawText(message: MessageReceiveEvent['message']): string | null {
  if (message.message_type !== 'text') return null;
  let content: unknown;
  try {
    content = JSON.parse(message.content);
  } catch {
    return null;
  }
  const text = (content as { text?: unknown })?.text;
  return typeof text === 'string' ? text : null;
}

/**
 * The people @mentioned inside the command (`授权 @张三 dispatcher`), in the order written.
 * Mentions before the first word only address the bot (`@政务助手 帮助`) and are left out.
 */
export function mentionedPeople(message: MessageReceiveEvent['message']): { openId: string; name: string }[] {
  const text = rawText(message);
  const mentions = message.mentions ?? [];
  if (text === null || mentions.length === 0) return [];
  let start = 0;
  for (;;) {
    const rest = text.slice(start);
    const lead = /^\s+/.exec(rest)?.[0].length ?? 0;
    const m = mentions.filter((x) => rest.slice(lead).startsWith(x.key)).sort((a, b) => b.key.length - a.key.length)[0];
    if (!m) {
      start += lead;
      break;
    }
    start += lead + m.key.length;
  }
  return mentions
    .map((m) => ({ m, at: text.indexOf(m.key, start) }))
    .filter(({ m, at }) => at >= 0 && m.id.open_id)
    .sort((a, b) => a.at - b.at)
    .map(({ m }) => ({ openId: m.id.open_id!, name: m.name }));
}
