/** What a handler or service asks to be sent. `key` must be derived from what caused it. */
export type OutgoingMessage =
  | { op: 'send'; key: string; receiveIdType: 'open_id' | 'user_id' | 'union_id' | 'email' | 'chat_id'; receiveId: string; msgType: 'text' | 'interactive'; content: string }
  | { op: 'reply'; key: string; messageId: string; chatId?: string; msgType: 'text' | 'interactive'; content: string }
  /**
   * Update a card: the message is named by its Lark id, or by the outbox key of the message
   * that sent it (`targetKey`), resolved when that one has been sent. Of several patches to one
   * target, only the newest is sent.
   */
  | { op: 'patch'; key: string; messageId: string; content: string }
  | { op: 'patch'; key: string; targetKey: string; content: string };

export const textContent = (text: string) => JSON.stringify({ text });
export const cardContent = (card: Record<string, unknown>) => JSON.stringify(card);
