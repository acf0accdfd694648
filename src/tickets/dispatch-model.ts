import type { Logger } from '../lib/logger.js';
import type { CounterModel } from '../models/counter.js';
import type { DispatchExampleDoc, DispatchExampleModel, DispatchLogModel } from '../models/dispatch-example.js';
import type { TicketDoc, TicketModel, TicketTransitionModel } from '../models/ticket.js';
import { batchWriterFor } from '../db/batch-writer.js';
import { insertOnce } from '../db/insert-once.js';
import { acceptedUnit } from './accepted-unit.js';
import { readTimeline } from './ticket-timeline.js';
import { UnitSuggester, type DispatchFeatures, type UnitShare } from './unit-suggester.js';

/** The 派单 card suggests units once this many tickets have been assigned and accepted. */
export const DISPATCH_MIN_EXAMPLES = 20;

/** counters: a recent dispatch_log number (a hint: readers go on from it while entries are found). */
const LOG_HEAD = 'dispatch-log';

const featuresOf = (t: { content?: string; place?: string; category?: string }): DispatchFeatures => ({
  content: (t.content ?? '').slice(0, 300),
  place: (t.place ?? '').slice(0, 100),
  category: t.category ?? '',
});

export interface DispatchModelDeps {
  examples: DispatchExampleModel;
  /** Each 签收 numbered, for the other replicas to catch up by `_id` (without it: this process only). */
  journal?: { entries: DispatchLogModel; counters: CounterModel };
  /** For the rebuild from history (a database from before dispatch_examples). */
  tickets: TicketModel;
  transitions: TicketTransitionModel;
  log?: Logger;
}

/**
 * The smart-dispatch model as work happens: dispatch_examples (one document per accepted
 * ticket, by `_id`) read once into memory, and each 签收 written there and learned at once. A
 * ticket accepted again by another unit (after a transfer) is taken away from the unit it was
 * learned under. Suggestions never touch the database: nothing scans the tickets per 派单.
 */
export class DispatchModel {
  private model = new UnitSuggester();
  /** Each learned ticket's unit. */
  private units = new Map<string, string>();
  private loading: Promise<void> | null = null;
  private loaded = false;
  /** Acceptances learned while the examples were still being read: applied after them. */
  private pending: DispatchExampleDoc[] = [];
  /** The last dispatch_log number applied here, and the last this process wrote. */
  private seq = 0;
  private written = 0;

  constructor(private readonly deps: DispatchModelDeps) {}

  /** How many tickets it has learned from. */
  get size(): number {
    return this.model.size;
  }

  /**
   * Read dispatch_examples (once: later calls wait for the same read). An empty collection while
   * tickets have been assigned is a database from before it: rebuilt from the tickets first.
   */
  ready(): Promise<void> {
    this.loading ??= this.load().catch((err: unknown) => {
      this.loading = null;
      throw err;
    });
    return this.loading;
  }

  /**
   * The 3 most likely lead units for the ticket, best first with their shares; null until
   * DISPATCH_MIN_EXAMPLES tickets have been learned, and while the examples are still being read
   * after a start (the card is then built without a suggestion rather than keep the clerk's
   * 确认登记 waiting). `among`: the units that may be picked; `exclude`: units that returned it.
   */
  async suggest(ticket: Pick<TicketDoc, 'content' | 'place' | 'category'>, opts: { among?: string[]; exclude?: string[] } = {}): Promise<UnitShare[] | null> {
    if (!this.loaded) {
      this.ready().catch((err: unknown) => this.deps.log?.warn({ err: String(err) }, 'dispatch examples not read'));
      return null;
    }
    if (this.model.size < DISPATCH_MIN_EXAMPLES) return null;
    const top = this.model.suggest(featuresOf(ticket), { top: 3, ...opts });
    return top.length ? top : null;
  }

  /** `unit` accepted the ticket: written by `_id` (the same again writes the same) and learned. */
  async learn(ticket: Pick<TicketDoc, '_id' | 'content' | 'place' | 'category'>, unit: string, at: Date): Promise<void> {
    const doc: DispatchExampleDoc = { _id: ticket._id, unit, ...featuresOf(ticket), at };
    // By `_id`, batched with whatever other clicks write at the same moment.
    await batchWriterFor(this.deps.examples.collection as never).upsert(doc);
    if (this.loaded) this.apply(doc);
    else this.pending.push(doc);
    await this.append(doc._id);
  }

  /**
   * What the other replicas learned since: dispatch_log read on from the last number applied, by
   * `_id` until one is missing, each ticket's example read by `_id` (run every minute by the bot).
   */
  async catchUp(): Promise<number> {
    const journal = this.deps.journal;
    if (!journal || !this.loaded) return 0;
    let n = 0;
    for (;;) {
      const entry = await journal.entries.findById(String(this.seq + 1)).lean();
      if (!entry) return n;
      const doc = await this.deps.examples.findById(entry.ticket).lean();
      if (doc) this.apply(doc);
      this.seq += 1;
      n++;
    }
  }

  /** The 签收 numbered in dispatch_log: the first free number from what this process knows. */
  private async append(ticket: string): Promise<void> {
    const journal = this.deps.journal;
    if (!journal) return;
    // From the highest number known here: a taken number is skipped; after a few, from counters'.
    let n = Math.max(this.seq, this.written) + 1;
    for (let tries = 1; tries <= 1000; tries++) {
      if (await insertOnce(journal.entries, { _id: String(n), ticket })) {
        this.written = n;
        await batchWriterFor(journal.counters.collection as never).update(LOG_HEAD, { $max: { seq: n } }, true);
        return;
      }
      n = tries % 8 === 0 ? Math.max(n, (await journal.counters.findById(LOG_HEAD).lean())?.seq ?? 0) + 1 : n + 1;
    }
  }

  /** The end of dispatch_log: from the number kept in counters, on by `_id` while found. */
  private async logEnd(): Promise<number> {
    const journal = this.deps.journal;
    if (!journal) return 0;
    let n = (await journal.counters.findById(LOG_HEAD).lean())?.seq ?? 0;
    while (await journal.entries.findById(String(n + 1), { _id: 1 }).lean()) n++;
    return n;
  }

  /**
   * dispatch_examples made again from the tickets (one scan): each ticket a unit accepted, under
   * the unit that accepted it last; examples of tickets no unit holds any more removed. Then
   * read again. Idempotent (`govdesk dispatch rebuild`).
   */
  async rebuild(): Promise<{ examples: number; removed: number }> {
    const keep = new Set<string>();
    let batch: DispatchExampleDoc[] = [];
    const flush = async () => {
      if (batch.length) await this.deps.examples.collection.bulkWrite(batch.map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } })) as never, { ordered: false });
      batch = [];
    };
    const cursor = this.deps.tickets.find({ leadUnit: { $exists: true } }).lean().cursor();
    for await (const ticket of cursor as AsyncIterable<TicketDoc>) {
      const { timeline } = await readTimeline(this.deps.transitions, ticket);
      const unit = acceptedUnit(timeline);
      if (!unit) continue;
      const accepted = [...timeline].reverse().find((t) => t.action === 'accept');
      batch.push({ _id: ticket._id, unit, ...featuresOf(ticket), at: accepted?.at ?? ticket.createdAt });
      keep.add(ticket._id);
      if (batch.length >= 500) await flush();
    }
    await flush();
    const stale = (await this.deps.examples.find({}, { _id: 1 }).lean()).filter((d) => !keep.has(d._id)).map((d) => d._id);
    if (stale.length) await this.deps.examples.deleteMany({ _id: { $in: stale } });
    await this.reload();
    return { examples: keep.size, removed: stale.length };
  }

  private async reload(): Promise<void> {
    this.loaded = false;
    await this.read();
    this.loading = Promise.resolve();
  }

  private async load(): Promise<void> {
    await this.read();
    if (this.units.size > 0) return;
    if (!(await this.deps.tickets.findOne({ leadUnit: { $exists: true } }, { _id: 1 }).lean())) return;
    const r = await this.rebuild();
    this.deps.log?.info(r, 'dispatch_examples rebuilt from the tickets');
  }

  /**
   * The whole collection (through the driver), into a fresh model; then what was learned
   * meanwhile. The log's end is taken first: what other replicas learn during the read is caught
   * up after it (learning an example twice changes nothing).
   */
  private async read(): Promise<void> {
    this.seq = await this.logEnd();
    this.model = new UnitSuggester();
    this.units = new Map();
    for await (const doc of this.deps.examples.collection.find<DispatchExampleDoc>({})) this.apply(doc);
    for (const doc of this.pending.splice(0)) this.apply(doc);
    this.loaded = true;
  }

  private apply(doc: DispatchExampleDoc): void {
    const was = this.units.get(doc._id);
    if (was === doc.unit) return;
    const f = featuresOf(doc);
    if (was) this.model.remove(was, f);
    this.model.add(doc.unit, f);
    this.units.set(doc._id, doc.unit);
  }
}
