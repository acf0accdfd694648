import { CARD_ACTION_EVENT, type Envelope } from '../lark/envelope.js';
import type { CardAnswer, CardHandler, EventHandler, HandlerContext } from './handler-types.js';

export type EventRouter = (envelope: Envelope, ctx: HandlerContext) => Promise<CardAnswer | undefined>;

/** Routes an envelope by event type; events nobody handles are logged and considered done. */
export function createEventRouter(events: Record<string, EventHandler>, card: CardHandler): EventRouter {
  return async (envelope, ctx) => {
    if (envelope.header.event_type === CARD_ACTION_EVENT) return card(envelope, ctx);
    const handler = events[envelope.header.event_type];
    if (!handler) {
      ctx.log.info({ eventType: envelope.header.event_type }, 'no handler for this event type; ignored');
      return undefined;
    }
    await handler(envelope, ctx);
    return undefined;
  };
}
