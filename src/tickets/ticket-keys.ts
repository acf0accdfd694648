import { batchWriterFor } from '../db/batch-writer.js';
import type { TicketKeyModel } from '../models/ticket-key.js';
import type { TicketModel } from '../models/ticket.js';
import { repeatKeys } from './repeat-keys.js';

export const REPEAT_DAYS = 30;
const DAY = 86_400_000;
/** Earlier tickets a new one names as possible repeats, at most. */
const SHOWN = 5;

/**
 * Repeat detection by `_id` (ticket_keys): a new call's phone and place each name one document
 * listing the tickets logged under it in the last 30 days. Adding is `$addToSet` of the same
 * `{id, at}` (a retried intake adds nothing); entries past 30 days are pulled when read.
 */
export class TicketKeys {
  constructor(private readonly deps: { keys: TicketKeyModel; tickets: TicketModel }) {}

  /** The latest (by number) earlier tickets under the call's phone or place, logged within 30 days, not merged. */
  async repeats(intake: { phone: string; place: string }, now: Date): Promise<string[]> {
    const since = now.getTime() - REPEAT_DAYS * DAY;
    const ids = new Set<string>();
    for (const key of repeatKeys(intake)) {
      const doc = await this.deps.keys.findById(key).lean();
      if (!doc) continue;
      const expired = doc.tickets.filter((e) => e.at.getTime() < since);
      if (expired.length) await this.deps.keys.updateOne({ _id: key }, { $pullAll: { tickets: expired } });
      for (const e of doc.tickets) if (e.at.getTime() >= since) ids.add(e.id);
    }
    // The latest first, read together (a merged one is skipped, so a few more than shown are read).
    const latest = [...ids].sort().reverse().slice(0, SHOWN * 2);
    const statuses = await Promise.all(latest.map((id) => this.deps.tickets.findById(id, { status: 1 }).lean()));
    return latest.filter((_, i) => statuses[i] && statuses[i]!.status !== 'merged').slice(0, SHOWN).reverse();
  }

  /** Files a ticket under its phone and place (idempotent). */
  async add(ticket: { _id: string; phone: string; place: string; createdAt: Date }): Promise<void> {
    // By `_id` alone, together, and batched with the other intakes of the moment.
    const keys = batchWriterFor(this.deps.keys.collection as never);
    await Promise.all(repeatKeys(ticket).map((key) => keys.update(key, { $addToSet: { tickets: { id: ticket._id, at: ticket.createdAt } } }, true)));
  }

  /** Rebuilt from the tickets logged in the last 30 days (one scan): for databases from before ticket_keys. */
  async rebuild(now: Date): Promise<number> {
    const recent = await this.deps.tickets.find({ createdAt: { $gte: new Date(now.getTime() - REPEAT_DAYS * DAY) } }, { phone: 1, place: 1, createdAt: 1 }).lean();
    for (const t of recent) await this.add(t);
    return recent.length;
  }
}
