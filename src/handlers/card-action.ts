import type { CardGate } from '../cards/card-gate.js';
import { decodeCardValue, type CardValue } from '../cards/card-value.js';
import { toast } from '../cards/toast.js';
import type { CardAnswer, CardHandler, HandlerContext } from '../inbox/handler-types.js';
import { cardActionEventSchema, type CardActionEvent, type Envelope } from '../lark/envelope.js';
import type { OutgoingMessage } from '../outbox/outgoing-message.js';

export type CardAction = (input: { value: CardValue; event: CardActionEvent; ctx: HandlerContext }) => Promise<CardAnswer>;

const stale = toast('warning', '这个按钮已失效或无法识别', 'This button is no longer valid');

/**
 * The card of an answer that came too late for the callback (the person was told "已收到，正在
 * 处理"): the card they clicked becomes it by a delayed update with the callback's token, e.g.
 * the intake form turns into the new ticket's card. Null when there is nothing to update.
 */
export function lateCardUpdate(eventId: string, envelope: Envelope, answer: CardAnswer): OutgoingMessage | null {
  const parsed = cardActionEventSchema.safeParse(envelope.event);
  if (!parsed.success || !parsed.data.token || !answer.card) return null;
  const messageId = parsed.data.context?.open_message_id;
  return { op: 'update', key: `late:${eventId}`, token: parsed.data.token, ...(messageId ? { messageId } : {}), content: JSON.stringify(answer.card.data) };
}

/**
 * `card.action.trigger`: decode the button's value and run its action; never throws on bad
 * input. Every answer passes the card gate on its way back to Lark.
 */
export function cardActionHandler(actions: Record<string, CardAction>, gate: CardGate): CardHandler {
  return async (envelope, ctx) => {
    const parsed = cardActionEventSchema.safeParse(envelope.event);
    if (!parsed.success) {
      ctx.log.warn({ issue: parsed.error.issues[0]?.message }, 'malformed card action; ignored');
      return { toast: stale };
    }
    const value = decodeCardValue(parsed.data.action.value);
    const action = value ? actions[value.a] : undefined;
    if (!value || !action) {
      ctx.log.warn({ action: value?.a }, 'unknown card action');
      return { toast: stale };
    }
    ctx.log.info({ action: value.a, operator: parsed.data.operator.open_id }, 'card action');
    return gate.answer(await action({ value, event: parsed.data, ctx }));
  };
}
