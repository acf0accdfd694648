import type { Clock } from '../lib/clock.js';
import type { OutboxStore } from './outbox-store.js';
import type { OutgoingMessage } from './outgoing-message.js';

/** What services and handlers use to send: store first, then wake the sender. */
export class Outbox {
  constructor(
    private readonly store: OutboxStore,
    private readonly clock: Clock,
    private readonly wake: () => void,
  ) {}

  async enqueue(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.store.enqueue(messages, this.clock.now());
    this.wake();
  }
}
