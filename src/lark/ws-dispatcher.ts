import type { ReceiveDelivery } from '../inbox/receive-delivery.js';
import type { Logger } from '../lib/logger.js';
import { errorMessage } from '../lib/errors.js';
import { envelopeSchema } from './envelope.js';

/**
 * What the SDK's WSClient calls for each event or card callback that arrives on the long
 * connection (`eventDispatcher.invoke(payload)`): it feeds the same inbox as the webhook.
 * The connection itself is authenticated, so there is no signature to check. Returning sends
 * the acknowledgement (and, for cards, the answer) back over the socket.
 */
export function wsDispatcher(receive: ReceiveDelivery, log: Logger) {
  return {
    async invoke(data: unknown): Promise<unknown> {
      const parsed = envelopeSchema.safeParse(data);
      if (!parsed.success) {
        log.warn({ issue: parsed.error.issues[0]?.message }, 'malformed event on the long connection; ignored');
        return undefined;
      }
      try {
        const result = await receive(parsed.data, 'ws');
        if (result.dispatch) setImmediate(result.dispatch);
        return result.answer;
      } catch (err) {
        log.error({ eventId: parsed.data.header.event_id, err: errorMessage(err) }, 'could not store event from long connection');
        throw err;
      }
    },
  };
}
