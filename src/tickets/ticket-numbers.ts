import dayjs from '../lib/dayjs.js';
import type { CounterModel } from '../models/counter.js';
import type { TicketModel } from '../models/ticket.js';

interface Waiter {
  resolve: (n: number) => void;
  reject: (err: unknown) => void;
}

/**
 * Ticket numbers `ZX-YYYYMMDD-NNNN`, from one counter document per day advanced by `_id`. The
 * intakes waiting in this process are served together: one `$inc` by their count hands each
 * its own number, so 50 clerks pressing 确认登记 at once cost one counter update, not 50
 * (and never a scan of the tickets). The ticket's insert stays the proof: a number taken
 * anyway (another replica on FerretDB, whose `$inc` is read-then-write, or tickets logged
 * before the counter existed) is a duplicate key, and `catchUp` moves the counter past it.
 */
export class TicketNumbers {
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly running = new Set<string>();

  constructor(private readonly deps: { counters: CounterModel; tickets: TicketModel; prefix: string; tz: string }) {}

  /** The next number of the day `now` falls on (in the office's time zone). */
  async next(now: Date): Promise<string> {
    const day = this.day(now);
    const n = await new Promise<number>((resolve, reject) => {
      const queue = this.waiting.get(day) ?? [];
      queue.push({ resolve, reject });
      this.waiting.set(day, queue);
      void this.serve(day);
    });
    return `${this.deps.prefix}-${day}-${String(n).padStart(4, '0')}`;
  }

  /** After a number was found taken: move the day's counter past the highest number in use. */
  async catchUp(now: Date): Promise<void> {
    const day = this.day(now);
    const prefix = `${this.deps.prefix}-${day}-`;
    const today = await this.deps.tickets.find({ _id: { $regex: `^${prefix}` } }, { _id: 1 }).lean();
    const highest = today.reduce((m, d) => Math.max(m, Number(d._id.slice(prefix.length)) || 0), 0);
    await this.deps.counters.updateOne({ _id: this.key(day) }, { $max: { seq: highest } }, { upsert: true });
  }

  private day(now: Date): string {
    return dayjs(now).tz(this.deps.tz).format('YYYYMMDD');
  }

  private key(day: string): string {
    return `ticket:${this.deps.prefix}:${day}`;
  }

  /** One counter update at a time per day; whoever queued meanwhile is served by the next. */
  private async serve(day: string): Promise<void> {
    if (this.running.has(day)) return;
    this.running.add(day);
    try {
      for (;;) {
        const batch = this.waiting.get(day) ?? [];
        this.waiting.delete(day);
        if (batch.length === 0) return;
        try {
          const doc = await this.deps.counters.findOneAndUpdate({ _id: this.key(day) }, { $inc: { seq: batch.length } }, { upsert: true, new: true }).lean();
          const last = doc!.seq;
          batch.forEach((w, i) => w.resolve(last - batch.length + 1 + i));
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.running.delete(day);
    }
  }
}
