import type { WorkCalendar } from '../calendar/work-calendar.js';
import { insertOnce } from '../db/insert-once.js';
import { isDuplicateKeyError } from '../db/is-duplicate-key-error.js';
import dayjs from '../lib/dayjs.js';
import type { TicketDoc, TicketTransitionDoc } from '../models/ticket.js';
import type { RollupEntry, TicketRollupModel, TicketRollupRevModel } from '../models/ticket-rollup.js';
import { foldTicket } from '../tickets/ticket-state.js';
import { ticketFacts, type TicketFacts } from './ticket-figures.js';

/** How many unit-days are read at once. */
const READ_CONCURRENCY = 16;
/** A unit-day changed this often under one writer's feet means something is wrong: give up loudly. */
const MAX_ATTEMPTS = 100;

export const rollupKey = (unit: string, day: string) => `${unit || '-'}:${day}`;

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/**
 * The figures kept as work happens: each ticket's facts (src/reports/ticket-figures.ts, the one
 * definition) recomputed from its whole timeline after every transition and written into the
 * rollup of its lead unit and the day it was logged (ticket_rollups, `<unit>:<YYYY-MM-DD>`).
 *
 * Exactly once on both databases without transactions or `$inc`:
 * - a ticket's entry is set, not added to: writing it again (a retry, a second replica, a
 *   rebuild) changes nothing, and an entry computed from an older version never replaces a newer
 *   one; a ticket re-assigned leaves a `gone` mark in its earlier unit-days;
 * - each change of a unit-day is claimed by inserting its next revision under a unique key, so
 *   two writers of one unit-day (FerretDB applies updates as read-then-write) cannot lose each
 *   other's entries: the one who loses the key reads again and retries.
 * Reading a period enumerates its units × days by `_id`, so it costs the same with 100 or
 * 100,000 tickets in the database.
 */
export class TicketRollups {
  constructor(private readonly deps: { rollups: TicketRollupModel; revs: TicketRollupRevModel; calendar: WorkCalendar }) {}

  /** After a transition: the ticket's entry as of its timeline (all of it, oldest first or not). */
  async record(ticket: TicketDoc, timeline: TicketTransitionDoc[], opts: { force?: boolean } = {}): Promise<void> {
    const state = foldTicket(timeline);
    const { leadUnit: _cached, ...rest } = ticket;
    const facts = ticketFacts(state.leadUnit ? { ...rest, leadUnit: state.leadUnit } : rest, timeline, (d) => this.deps.calendar.day(d));
    const base = { id: ticket._id, v: state.version, at: ticket.createdAt.getTime() };
    const entry: RollupEntry = { ...base, category: facts.category, accepted: facts.accepted, assigned: facts.assigned, closed: facts.closed, onTime: facts.onTime, returned: facts.returned, redone: facts.redone };
    if (facts.callback) entry.callback = facts.callback;
    if (facts.handlingDays !== undefined) entry.handlingDays = facts.handlingDays;
    await this.change(facts.unit, facts.loggedDay, entry, opts.force ?? false);
    // The unit-days it was in before (unassigned, earlier lead units) no longer count it: marked
    // with the version that took it away, so the mark is written once, and an entry from before
    // that version (a late write) cannot bring it back.
    const leftAt = new Map<string, number>();
    let lead = '';
    for (const t of state.timeline) {
      if (t.action !== 'assign' || String(t.data.leadUnit ?? '') === lead) continue;
      leftAt.set(lead, t.seq);
      lead = String(t.data.leadUnit ?? '');
    }
    leftAt.delete(facts.unit);
    for (const [unit, v] of leftAt) await this.change(unit, facts.loggedDay, { ...base, v, gone: true }, opts.force ?? false);
  }

  /** The facts of the tickets logged in [from, to) whose lead unit is one of `units` ('' for unassigned). */
  async facts(range: { from: Date; to: Date }, units: string[], categories?: string[]): Promise<TicketFacts[]> {
    const days: string[] = [];
    const last = this.deps.calendar.day(new Date(range.to.getTime() - 1));
    for (let d = this.deps.calendar.day(range.from); d <= last; d = dayjs.utc(d).add(1, 'day').format('YYYY-MM-DD')) days.push(d);
    const cells = units.flatMap((unit) => days.map((day) => ({ unit, day })));
    const out: TicketFacts[] = [];
    const from = range.from.getTime();
    const to = range.to.getTime();
    await pool(cells, READ_CONCURRENCY, async ({ unit, day }) => {
      for (const e of (await this.current(rollupKey(unit, day))).tickets) {
        if (e.gone || e.at < from || e.at >= to) continue;
        if (categories?.length && !categories.includes(e.category ?? '')) continue;
        out.push({
          id: e.id, unit, category: e.category!, loggedDay: day, accepted: Boolean(e.accepted), assigned: Boolean(e.assigned), closed: Boolean(e.closed), onTime: Boolean(e.onTime),
          ...(e.callback ? { callback: e.callback } : {}), returned: Boolean(e.returned), redone: Boolean(e.redone), ...(e.handlingDays !== undefined ? { handlingDays: e.handlingDays } : {}),
        });
      }
    });
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** A unit-day as of its latest revision (the head, and any revision written after it). */
  private async current(id: string): Promise<{ rev: number; tickets: RollupEntry[] }> {
    const head = await this.deps.rollups.findById(id).lean();
    let rev = head?.rev ?? 0;
    let tickets = head?.tickets ?? [];
    for (;;) {
      const next = await this.deps.revs.findById(`${id}#${rev + 1}`).lean();
      if (!next) return { rev, tickets };
      rev = next.rev;
      tickets = next.tickets;
    }
  }

  private async change(unit: string, day: string, entry: RollupEntry, force: boolean): Promise<void> {
    const id = rollupKey(unit, day);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const cur = await this.current(id);
      const old = cur.tickets.find((e) => e.id === entry.id);
      // Never behind a newer version; a rebuild (`force`) rewrites the same version if it differs.
      if (old && (old.v > entry.v || (old.v === entry.v && (!force || JSON.stringify(old) === JSON.stringify(entry))))) return;
      const tickets = [...cur.tickets.filter((e) => e.id !== entry.id), entry];
      const rev = cur.rev + 1;
      if (!(await insertOnce(this.deps.revs, { _id: `${id}#${rev}`, rev, tickets }))) continue;
      // The head caches the latest revision; an older writer arriving late cannot move it back.
      try {
        await this.deps.rollups.updateOne({ _id: id, rev: { $lt: rev } }, { $set: { unit: unit || '-', day, rev, tickets } }, { upsert: true });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      return;
    }
    throw new Error(`ticket rollup ${id}: too many concurrent changes`);
  }
}
