import type { CardGate } from '../cards/card-gate.js';
import type { Clock } from '../lib/clock.js';
import type { OutboxMessageDoc } from '../models/outbox-message.js';
import type { OutboxStore } from './outbox-store.js';
import type { OutgoingMessage } from './outgoing-message.js';

/**
 * What services and handlers use to send: every card through the card gate, then stored, then
 * the new rows handed to the sender.
 */
export class Outbox {
  constructor(
    private readonly store: OutboxStore,
    private readonly clock: Clock,
    private readonly wake: (inserted: OutboxMessageDoc[]) => void,
    private readonly gate: CardGate,
  ) {}

  async enqueue(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const now = this.clock.now();
    // Rows due later (a delayed card update) are left to the sender's poll.
    this.wake((await this.store.enqueue(this.gate.messages(messages), now)).filter((row) => row.dueAt.getTime() <= now.getTime()));
  }
}
