import type { MessageReceiveEvent } from '../lark/envelope.js';

/**
 * The text of a message with every @mention key (`@_user_1`, `@_all`) removed and white space
 * folded; null for messages that are not text or whose content is not valid JSON.
 */
export function messageText(message: MessageReceiveEvent['message']): string | null {
  if (message.message_type !== 'text') return null;
  let content: unknown;
  try {
    content = JSON.parse(message.content);
  } catch {
    return null;
  }
  const text = (content as { text?: unknown })?.text;
  if (typeof text !== 'string') return null;
  let stripped = text;
  for (const m of message.mentions ?? []) stripped = stripped.split(m.key).join(' ');
  return stripped.replace(/@_(user_\d+|all)/g, ' ').replace(/\s+/g, ' ').trim();
}
