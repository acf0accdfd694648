import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics, one registry per running bot (no module-level default registry). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'govdesk_' });
  const registers = [registry];
  let outboxDepthSource: () => Promise<number> = async () => 0;
  return {
    registry,
    eventsReceived: new Counter({
      name: 'govdesk_events_received_total',
      help: 'Events accepted into the inbox, by event type and transport',
      labelNames: ['type', 'transport'] as const,
      registers,
    }),
    eventsDuplicated: new Counter({
      name: 'govdesk_events_duplicated_total',
      help: 'Deliveries answered as duplicates of an event already in the inbox',
      labelNames: ['type'] as const,
      registers,
    }),
    eventsHandled: new Counter({
      name: 'govdesk_events_handled_total',
      help: 'Handler runs by outcome (done, retry, failed)',
      labelNames: ['type', 'outcome'] as const,
      registers,
    }),
    eventsFailed: new Counter({
      name: 'govdesk_events_failed_total',
      help: 'Events whose handler kept failing and were marked failed',
      labelNames: ['type'] as const,
      registers,
    }),
    requestsRejected: new Counter({
      name: 'govdesk_requests_rejected_total',
      help: 'Deliveries refused before the inbox (bad signature, token, body)',
      labelNames: ['code'] as const,
      registers,
    }),
    sends: new Counter({
      name: 'govdesk_sends_total',
      help: 'Open API send attempts by outcome (sent, rate_limited, retry, failed)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    outboxDepth: new Gauge({
      name: 'govdesk_outbox_depth',
      help: 'Messages waiting in the outbox (pending, retry or sending)',
      registers,
      async collect() {
        this.set(await outboxDepthSource());
      },
    }),
    setOutboxDepthSource(fn: () => Promise<number>) {
      outboxDepthSource = fn;
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
