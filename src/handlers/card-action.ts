import type { CardGate } from '../cards/card-gate.js';
import { decodeCardValue, type CardValue } from '../cards/card-value.js';
import { toast } from '../cards/toast.js';
import type { CardAnswer, CardHandler, HandlerContext } from '../inbox/handler-types.js';
import { cardActionEventSchema, type CardActionEvent } from '../lark/envelope.js';

export type CardAction = (input: { value: CardValue; event: CardActionEvent; ctx: HandlerContext }) => Promise<CardAnswer>;

const stale = toast('warning', '这个按钮已失效或无法识别', 'This button is no longer valid');

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
