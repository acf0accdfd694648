import { batchWriterFor } from '../db/batch-writer.js';
import type { OpenItemDoc, OpenItemModel, OpenItemRecord } from '../models/open-item.js';
import type { TicketDoc, TicketModel, TicketTransitionModel } from '../models/ticket.js';
import { decodeOpenItem, encodeOpenItem, FINISHED, openItemId, openItemOf } from './open-item-of.js';
import { foldTicket, type TicketState } from './ticket-state.js';
import { readTimeline } from './ticket-timeline.js';

/**
 * Every open ticket's row: the whole collection (small: only what is open), read through the
 * driver — mongoose's lean read adds a fifth to a read FerretDB already spends ~0.07 ms a row on.
 */
export async function openTicketRows(openItems: OpenItemModel): Promise<OpenItemDoc[]> {
  const records = await openItems.collection.find<OpenItemRecord>({}).toArray();
  return records.map(decodeOpenItem).filter((r) => r.kind === 'ticket');
}

/**
 * The open_items projection of tickets: written by `_id` at every ticket step (a retried step
 * writes the same row), removed when the ticket is finished, and read whole by whatever asks
 * "what is open" (digests, reminders, escalation, the deadline recompute, 我的待办).
 */
export class OpenItems {
  constructor(private readonly deps: { openItems: OpenItemModel; tickets: TicketModel; transitions: TicketTransitionModel }) {}

  /** The ticket's row as of `state`: replaced whole, or deleted once the ticket is finished. */
  async sync(ticket: TicketDoc, state: TicketState): Promise<void> {
    const row = openItemOf(ticket, state);
    // By `_id` alone, batched with the rows other clicks write at the same moment.
    const rows = batchWriterFor(this.deps.openItems.collection as never);
    if (row) await rows.upsert(encodeOpenItem(row));
    else await rows.delete(openItemId(ticket._id));
  }

  /** Every open ticket row (the collection is small: only what is open). */
  async tickets(): Promise<OpenItemDoc[]> {
    return openTicketRows(this.deps.openItems);
  }

  /** One ticket's row, if it is open. */
  async get(ticket: string): Promise<OpenItemDoc | null> {
    const record = await this.deps.openItems.findById(openItemId(ticket)).lean();
    return record ? decodeOpenItem(record) : null;
  }

  /**
   * Rebuilt from the tickets (one scan): each unfinished ticket's row from its whole timeline,
   * rows of tickets no longer open removed. For databases from before open_items; idempotent.
   */
  async rebuild(): Promise<{ open: number; removed: number }> {
    const keep = new Set<string>();
    for (const ticket of await this.deps.tickets.find({ status: { $nin: FINISHED } }).lean()) {
      const { timeline } = await readTimeline(this.deps.transitions, ticket);
      const state = foldTicket(timeline);
      await this.sync(ticket, state);
      if (openItemOf(ticket, state)) keep.add(openItemId(ticket._id));
    }
    const stale = (await this.deps.openItems.find({}, { _id: 1 }).lean()).filter((r) => r._id.startsWith('ticket:') && !keep.has(r._id));
    for (const r of stale) await this.deps.openItems.deleteOne({ _id: r._id });
    return { open: keep.size, removed: stale.length };
  }

  /** Empty while some ticket is open: a database from before open_items (the start-up check). */
  async needsRebuild(): Promise<boolean> {
    if (await this.deps.openItems.findOne({}, { _id: 1 }).lean()) return false;
    return Boolean(await this.deps.tickets.findOne({ status: { $nin: FINISHED } }, { _id: 1 }).lean());
  }
}
