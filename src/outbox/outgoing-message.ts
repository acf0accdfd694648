/** What a handler or service asks to be sent. `key` must be derived from what caused it. */
export type OutgoingMessage =
  | { op: 'send'; key: string; receiveIdType: 'open_id' | 'user_id' | 'union_id' | 'email' | 'chat_id'; receiveId: string; msgType: 'text' | 'interactive'; content: string }
  | { op: 'reply'; key: string; messageId: string; chatId?: string; msgType: 'text' | 'interactive'; content: string }
  /** A reply to a message named by the outbox key that sent it, resolved once that one is sent. */
  | { op: 'reply'; key: string; targetKey: string; msgType: 'text' | 'interactive'; content: string }
  /**
   * Update a card: the message is named by its Lark id, or by the outbox key of the message
   * that sent it (`targetKey`), resolved when that one has been sent. Of several patches to one
   * target, only the newest is sent.
   */
  | { op: 'patch'; key: string; messageId: string; content: string }
  | { op: 'patch'; key: string; targetKey: string; content: string }
  /**
   * 延时更新 (delay-update-message-card): replace the card a click came from, by the click's
   * token (valid 30 min), when the answer to the click could not carry it in time. Sent only
   * a moment after it is stored, since Lark undoes an update that overtakes the answer.
   * `messageId` names that card (for the rate limit and the text fallback).
   */
  | { op: 'update'; key: string; token: string; messageId?: string; content: string }
  /** 加急: flag a sent message (by its outbox key) as urgent for these people, in the app, by SMS or by phone. */
  | { op: 'urgent'; key: string; targetKey: string; urgentKind: 'app' | 'sms' | 'phone'; content: string }
  /** A file message: the file (base64 in `content`) is uploaded, then sent; up to a few MB. */
  | { op: 'file'; key: string; receiveIdType: 'open_id' | 'chat_id'; receiveId: string; fileName: string; content: string };

/** The content of an `urgent` row: whom to alert. */
export const urgentContent = (openIds: string[]) => JSON.stringify({ user_id_list: openIds });

export const textContent = (text: string) => JSON.stringify({ text });
export const cardContent = (card: Record<string, unknown>) => JSON.stringify(card);
