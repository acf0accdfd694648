import { toast } from '../cards/toast.js';
import type { Clock } from '../lib/clock.js';
import { errorMessage } from '../lib/errors.js';
import type { LoadGauge } from '../lib/load-gauge.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import { CARD_ACTION_EVENT, type Envelope } from '../lark/envelope.js';
import type { CardAnswer } from './handler-types.js';
import type { InboxStore, Transport } from './inbox-store.js';
import type { InboxWorker } from './inbox-worker.js';

export interface DeliveryResult {
  status: 'accepted' | 'duplicate';
  /** For card callbacks: the answer (toast and card) to send back. */
  answer?: CardAnswer;
  /** For events: call once the acknowledgement is on its way, to start the handler. */
  dispatch?: () => void;
}

export type ReceiveDelivery = (envelope: Envelope, transport: Transport) => Promise<DeliveryResult>;

/** When the poll may take over a card callback whose inline run did not finish. */
const CARD_RETRY_AFTER_MS = 60_000;

const alreadyReceived = toast('info', '已收到，请勿重复操作', 'Already received');

/**
 * Both transports (webhook and long connection) end here: store the event once, then either
 * acknowledge and handle it afterwards (events) or handle it inline (card callbacks, which
 * Lark expects to be answered within 3 s and never re-sends).
 */
export function createDeliveryReceiver(deps: {
  store: InboxStore;
  worker: InboxWorker;
  metrics: Metrics;
  clock: Clock;
  log: Logger;
  load?: LoadGauge;
}): ReceiveDelivery {
  return async (envelope, transport) => {
    const { event_id: eventId, event_type: type } = envelope.header;
    deps.load?.note();
    const now = deps.clock.now();
    // A card callback is handled inline; the poll looks at it only if that run dies.
    const dueAt = type === CARD_ACTION_EVENT ? new Date(now.getTime() + CARD_RETRY_AFTER_MS) : now;
    const doc = await deps.store.accept(envelope, transport, now, dueAt);
    const status = doc ? 'accepted' : 'duplicate';
    if (!doc) {
      deps.metrics.eventsDuplicated.inc({ type });
      deps.log.info({ eventId, eventType: type, transport }, 'duplicate delivery ignored');
      return { status, ...(type === CARD_ACTION_EVENT ? { answer: { toast: alreadyReceived } } : {}) };
    }
    deps.metrics.eventsReceived.inc({ type, transport });
    deps.log.info({ eventId, eventType: type, transport }, 'event accepted');
    if (type === CARD_ACTION_EVENT) return { status, answer: await deps.worker.runCard(doc) };
    // Handled in memory as soon as the answer is on its way; queued for the poll if the worker has no room.
    return {
      status,
      dispatch: () => {
        if (!deps.worker.dispatch(doc)) void deps.store.enqueue(doc).catch((err) => deps.log.error({ eventId, err: errorMessage(err) }, 'could not queue an event'));
      },
    };
  };
}
