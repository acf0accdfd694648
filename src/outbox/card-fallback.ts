import { cardAsText } from '../cards/card-as-text.js';
import type { OutboxMessageDoc } from '../models/outbox-message.js';
import { textContent, type OutgoingMessage } from './outgoing-message.js';

const NOTE = {
  sent: '（这张卡片无法显示，以上是它的内容；如需操作，请稍后再试或联系管理员。The card could not be shown; above is what it said. To act on it, try again later or ask an administrator.）',
  updated: '（这张卡片有更新，但新内容无法在卡片中显示，以上是新内容。The card above was updated, but the update could not be shown in it; this is what it says now.）',
};

const parse = (content: string): unknown => {
  try {
    return JSON.parse(content);
  } catch {
    return null;
  }
};

/**
 * The plain-text message that stands in for a card nobody may see (our contract or Lark refused
 * it): a send or reply becomes the same message as text; a card update becomes a text reply to
 * the card it would have changed. The person is always told what the card said.
 */
export function cardFallback(m: OutgoingMessage, key = m.key): OutgoingMessage | null {
  if (m.op === 'send' || m.op === 'reply') {
    if (m.msgType !== 'interactive') return null;
    return { ...m, key, msgType: 'text', content: textContent(`${cardAsText(parse(m.content))}\n${NOTE.sent}`) };
  }
  if (m.op !== 'patch' && m.op !== 'update') return null;
  const content = textContent(`${cardAsText(parse(m.content))}\n${NOTE.updated}`);
  if (m.op === 'update') return m.messageId ? { op: 'reply', key, messageId: m.messageId, msgType: 'text', content } : null;
  return 'messageId' in m ? { op: 'reply', key, messageId: m.messageId, msgType: 'text', content } : { op: 'reply', key, targetKey: m.targetKey, msgType: 'text', content };
}

/** The fallback for a stored row Lark refused (its target already resolved by the sender). */
export function refusedRowFallback(doc: OutboxMessageDoc): OutgoingMessage | null {
  const key = `${doc._id}:text`;
  if (doc.op === 'send' && doc.receiveIdType && doc.receiveId && doc.msgType) {
    return cardFallback({ op: 'send', key, receiveIdType: doc.receiveIdType as 'open_id', receiveId: doc.receiveId, msgType: doc.msgType, content: doc.content });
  }
  if (doc.op === 'reply' && doc.messageId && doc.msgType) {
    return cardFallback({ op: 'reply', key, messageId: doc.messageId, ...(doc.chatId ? { chatId: doc.chatId } : {}), msgType: doc.msgType, content: doc.content });
  }
  if (doc.op === 'patch' && doc.messageId) return cardFallback({ op: 'patch', key, messageId: doc.messageId, content: doc.content });
  if (doc.op === 'update' && doc.messageId && doc.token) return cardFallback({ op: 'update', key, token: doc.token, messageId: doc.messageId, content: doc.content });
  return null;
}
