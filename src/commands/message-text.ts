import type { MessageReceiveEvent } from '../lark/envelope.js';

/**
 * The text of a message with every @mention key (`@_user_1`, `@_all`) removed and white space
 * folded; null for messages that carry no text (pictures, files, stickers…) or whose content is
 * not valid JSON. Text messages are `{"text": "@_user_1 …"}`; rich-text (`post`) messages are
 * read too (message_content.md, 接收消息内容: `{title, content: [[{tag:"text"|"a"|"at"…}]]}`).
 */
export function messageText(message: MessageReceiveEvent['message']): string | null {
  const text = rawText(message);
  if (text === null) return null;
  let stripped = text;
  for (const m of message.mentions ?? []) stripped = stripped.split(m.key).join(' ');
  const folded = stripped.replace(/@_(user_\d+|all)/g, ' ').replace(/\s+/g, ' ').trim();
  return folded === '' && message.message_type === 'post' ? null : folded;
}

type PostElement = { tag?: unknown; text?: unknown; user_id?: unknown };
type PostBody = { title?: unknown; content?: unknown };

/** A post's paragraphs as text: text and links as written, @mentions as their keys (`@_user_1`). */
function postText(content: unknown): string | null {
  if (typeof content !== 'object' || content === null) return null;
  // Received posts are flat; a locale-wrapped one ({zh_cn: {...}}) is read too, defensively.
  const c = content as PostBody & Record<string, PostBody | undefined>;
  const body: PostBody = Array.isArray(c.content) ? c : (c.zh_cn ?? c.en_us ?? Object.values(c).find((v): v is PostBody => typeof v === 'object' && v !== null && Array.isArray((v as PostBody).content)) ?? {});
  if (!Array.isArray(body.content)) return null;
  const lines = body.content.map((paragraph: unknown) =>
    (Array.isArray(paragraph) ? (paragraph as PostElement[]) : [])
      .map((e) => ((e.tag === 'text' || e.tag === 'a') && typeof e.text === 'string' ? e.text : e.tag === 'at' && typeof e.user_id === 'string' ? ` ${e.user_id} ` : ''))
      .join(''),
  );
  const text = lines.join('\n').trim();
  return text || (typeof body.title === 'string' ? body.title : '');
}

function rawText(message: MessageReceiveEvent['message']): string | null {
  if (message.message_type !== 'text' && message.message_type !== 'post') return null;
  let content: unknown;
  try {
    content = JSON.parse(message.content);
  } catch {
    return null;
  }
  if (message.message_type === 'post') return postText(content);
  const text = (content as { text?: unknown })?.text;
  return typeof text === 'string' ? text : null;
}

/** Whether this mention is @所有人 (`@_all`; its id may be empty or "all"). */
export const isMentionAll = (m: NonNullable<MessageReceiveEvent['message']['mentions']>[number]) =>
  m.key === '@_all' || m.id.open_id === 'all' || m.id.user_id === 'all';

/**
 * The people @mentioned inside the command (`授权 @张三 dispatcher`), in the order written.
 * Mentions before the first word only address the bot (`@政务助手 帮助`) and are left out, as
 * are the bot itself and @所有人 wherever they stand.
 */
export function mentionedPeople(message: MessageReceiveEvent['message'], botOpenId?: string): { openId: string; name: string }[] {
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
    .filter(({ m, at }) => at >= 0 && m.id.open_id && !isMentionAll(m) && m.id.open_id !== botOpenId)
    .sort((a, b) => a.at - b.at)
    .map(({ m }) => ({ openId: m.id.open_id!, name: m.name }));
}
