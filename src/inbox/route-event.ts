import { CARD_ACTION_EVENT, type Envelope } from '../lark/envelope.js';
import type { CardAnswer, CardHandler, EventHandler, HandlerContext } from './handler-types.js';

export type EventRouter = (envelope: Envelope, ctx: HandlerContext) => Promise<CardAnswer | undefined>;

/** Routes an envelope by event type; events nobody handles are done (logged once per type, at debug). */
export function createEventRouter(events: Record<string, EventHandler>, card: CardHandler): EventRouter {
  const unhandled = new Set<string>();
  return async (envelope, ctx) => {
    if (envelope.header.event_type === CARD_ACTION_EVENT) return card(envelope, ctx);
    const handler = events[envelope.header.event_type];
    if (!handler) {
      if (!unhandled.has(envelope.header.event_type)) ctx.log.debug({ eventType: envelope.header.event_type }, 'no handler for this event type; ignored (logged once)');
      unhandled.add(envelope.header.event_type);
      return undefined;
    }
    await handler(envelope, ctx);
    return undefined;
  };
}
