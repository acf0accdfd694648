import type { WorkCalendar } from '../calendar/work-calendar.js';
import { insertOnce } from '../db/insert-once.js';
import { isDuplicateKeyError } from '../db/is-duplicate-key-error.js';
import dayjs from '../lib/dayjs.js';
import { forEachPooled } from '../lib/for-each-pooled.js';
import type { TicketDoc, TicketTransitionDoc } from '../models/ticket.js';
import type { TicketRollupModel, TicketRollupStepModel } from '../models/ticket-rollup.js';
import { entryFacts, foldEntries, rollupCell, rollupEntry, rollupShard, ROLLUP_SHARDS, supersedes, type RollupEntry } from './rollup-entry.js';
import type { TicketFacts } from './ticket-figures.js';

/** How many cells are read (or rebuilt) at once. */
const CONCURRENCY = 8;
/** A cell changed this often under one writer's feet means something is wrong: give up loudly. */
const MAX_ATTEMPTS = 100;

interface Cell {
  seq: number;
  entries: Map<string, RollupEntry>;
}

/**
 * The figures kept as work happens: after every step, the ticket's facts (recomputed from its
 * whole timeline by the one definition, src/reports/ticket-figures.ts) are set in the rollup
 * cell of the day it was logged and its shard (ticket_rollups `<YYYY-MM-DD>:<shard>`). A
 * ticket's cell never changes, so its entry has one home, whichever unit it is assigned to.
 *
 * Exactly once on both databases, without transactions or `$inc`:
 * - each change of a cell is a step inserted under the next free key `<cell>#<seq>`
 *   (ticket_rollup_steps): of two writers one wins the key, the other reads on and retries,
 *   so neither loses the other's entry (FerretDB applies updates as read-then-write);
 * - a cell is the fold of its steps by one rule (`supersedes`): an entry is set, never added,
 *   so writing it again changes nothing, and an older version never replaces a newer one;
 * - the head document caches the fold as of some step; readers and writers look past it for
 *   later steps by `_id`, so a stale head (a writer that stopped, or two that overtook each
 *   other) costs a lookup, never a figure.
 * A week is 7 days x ROLLUP_SHARDS cells, two `_id` lookups each, whatever the tickets in the database.
 */
export class TicketRollups {
  /** Entries waiting for their cell's writer in this process, by cell. */
  private readonly pending = new Map<string, { day: string; shard: number; entries: RollupEntry[]; waiters: { resolve: () => void; reject: (err: unknown) => void }[] }>();
  /** Cells this process is writing a step to now. */
  private readonly writing = new Set<string>();

  constructor(private readonly deps: { rollups: TicketRollupModel; steps: TicketRollupStepModel; calendar: WorkCalendar }) {}

  /**
   * After a step: the ticket's entry as of its timeline (all of it), in place once this resolves.
   * The entries this process records into one cell at the same moment go into it as one step, by
   * one writer (fifty clerks logging calls at once would otherwise race for each cell's next
   * step, each loser reading on and trying again).
   */
  record(ticket: TicketDoc, timeline: TicketTransitionDoc[]): Promise<void> {
    const { day, entry } = rollupEntry(ticket, timeline, (d) => this.deps.calendar.day(d));
    const shard = rollupShard(entry.id);
    const id = rollupCell(day, shard);
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(id) ?? { day, shard, entries: [], waiters: [] };
      waiting.entries.push(entry);
      waiting.waiters.push({ resolve, reject });
      this.pending.set(id, waiting);
      void this.drain(id);
    });
  }

  /** One writer per cell in this process: each turn writes everything that waited meanwhile. */
  private async drain(id: string): Promise<void> {
    if (this.writing.has(id)) return;
    this.writing.add(id);
    try {
      for (let batch = this.pending.get(id); batch; batch = this.pending.get(id)) {
        this.pending.delete(id);
        try {
          await this.change(batch.day, batch.shard, batch.entries, false);
          for (const w of batch.waiters) w.resolve();
        } catch (err) {
          for (const w of batch.waiters) w.reject(err);
        }
      }
    } finally {
      this.writing.delete(id);
    }
  }

  /**
   * `report rebuild`: the entries of these tickets written again (rewriting an entry of the same
   * version when it differs), one step per cell: how many entries changed.
   */
  async rebuild(tickets: { ticket: TicketDoc; timeline: TicketTransitionDoc[] }[]): Promise<number> {
    const cells = new Map<string, { day: string; shard: number; entries: RollupEntry[] }>();
    for (const { ticket, timeline } of tickets) {
      const { day, entry } = rollupEntry(ticket, timeline, (d) => this.deps.calendar.day(d));
      const shard = rollupShard(entry.id);
      const id = rollupCell(day, shard);
      if (!cells.has(id)) cells.set(id, { day, shard, entries: [] });
      cells.get(id)!.entries.push(entry);
    }
    let changed = 0;
    await forEachPooled([...cells.values()], CONCURRENCY, async ({ day, shard, entries }) => {
      changed += await this.change(day, shard, entries, true);
    });
    return changed;
  }

  /** The facts of the tickets logged in [from, to), of `units` ('' for unassigned; all if absent) and `categories`. */
  async facts(range: { from: Date; to: Date }, filter: { units?: string[] | null; categories?: string[] } = {}): Promise<TicketFacts[]> {
    const { calendar } = this.deps;
    const cells: { day: string; shard: number }[] = [];
    const last = calendar.day(new Date(range.to.getTime() - 1));
    for (let day = calendar.day(range.from); day <= last; day = dayjs.utc(day).add(1, 'day').format('YYYY-MM-DD'))
      for (let shard = 0; shard < ROLLUP_SHARDS; shard++) cells.push({ day, shard });
    const from = range.from.getTime();
    const to = range.to.getTime();
    const units = filter.units ? new Set(filter.units) : null;
    const categories = filter.categories?.length ? new Set<string>(filter.categories) : null;
    const out: TicketFacts[] = [];
    await forEachPooled(cells, CONCURRENCY, async ({ day, shard }) => {
      for (const e of (await this.read(rollupCell(day, shard))).entries.values()) {
        if (e.at < from || e.at >= to || (units && !units.has(e.unit)) || (categories && !categories.has(e.category))) continue;
        out.push(entryFacts(e, day));
      }
    });
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** A cell as of its latest step: the head, then every step after it. */
  private async read(id: string): Promise<Cell> {
    const head = await this.deps.rollups.findById(id).lean();
    const cell: Cell = { seq: head?.seq ?? 0, entries: new Map((head ? (JSON.parse(head.entries) as RollupEntry[]) : []).map((e) => [e.id, e])) };
    await this.readOn(id, cell);
    return cell;
  }

  /** Folds the steps after `cell.seq` into it. */
  private async readOn(id: string, cell: Cell): Promise<void> {
    for (;;) {
      const step = await this.deps.steps.findById(`${id}#${cell.seq + 1}`).lean();
      if (!step) return;
      foldEntries(cell.entries, JSON.parse(step.entries) as RollupEntry[], Boolean(step.force));
      cell.seq++;
    }
  }

  /** Sets `entries` in their cell as its next step (unless none changes anything): how many changed. */
  private async change(day: string, shard: number, entries: RollupEntry[], force: boolean): Promise<number> {
    const id = rollupCell(day, shard);
    const cell = await this.read(id);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // The one rule the fold applies, on the latest entries: the step holds only what it changes.
      const changes = new Map<string, RollupEntry>();
      for (const e of entries) if (supersedes(changes.get(e.id) ?? cell.entries.get(e.id), e, force)) changes.set(e.id, e);
      if (changes.size === 0) return 0;
      const step = [...changes.values()];
      if (!(await insertOnce(this.deps.steps, { _id: `${id}#${cell.seq + 1}`, entries: JSON.stringify(step), ...(force ? { force } : {}) }))) {
        await this.readOn(id, cell);
        continue;
      }
      foldEntries(cell.entries, step, force);
      cell.seq++;
      // The head caches this fold; a writer overtaking another may set an older one: readers read on.
      try {
        await this.deps.rollups.updateOne({ _id: id }, { $set: { day, shard, seq: cell.seq, entries: JSON.stringify([...cell.entries.values()]) } }, { upsert: true });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      return step.length;
    }
    throw new Error(`ticket rollup ${id}: too many concurrent changes`);
  }
}
