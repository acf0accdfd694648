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
    /** Hands new rows to this process's sender; returns those it did not take. Null: no sender here (every row is queued). */
    private readonly sender: { offer(rows: OutboxMessageDoc[]): OutboxMessageDoc[]; readonly isRunning: boolean } | null,
    private readonly gate: CardGate,
  ) {}

  async enqueue(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const now = this.clock.now();
    // Rows due now go straight to a running sender, in memory; rows due later (a delayed card
    // update), and those the sender has no room for, are queued for its poll.
    const sender = this.sender?.isRunning ? this.sender : null;
    const dueNow = (row: OutboxMessageDoc) => row.dueAt.getTime() <= now.getTime();
    const inserted = await this.store.enqueue(this.gate.messages(messages), now, (row) => sender !== null && dueNow(row));
    if (sender) await this.store.queueRows(sender.offer(inserted.filter(dueNow)));
  }
}
