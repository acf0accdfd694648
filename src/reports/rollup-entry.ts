import type { TicketDoc, TicketTransitionDoc } from '../models/ticket.js';
import { foldTicket } from '../tickets/ticket-state.js';
import type { CallbackOutcome, Category } from '../tickets/ticket-types.js';
import { ticketFacts, type TicketFacts } from './ticket-figures.js';

/**
 * One ticket's part in the figures: its facts (src/reports/ticket-figures.ts, the one
 * definition) as of ticket version `v`, in the rollup cell of the day it was logged. Flags are
 * present only when true, to keep cells small.
 */
export interface RollupEntry {
  id: string;
  v: number;
  /** When the ticket was logged (ms): a period ending mid-day keeps only what was logged before it. */
  at: number;
  /** The lead unit ('' while unassigned). */
  unit: string;
  category: Category;
  accepted?: true;
  assigned?: true;
  closed?: true;
  onTime?: true;
  callback?: CallbackOutcome;
  returned?: true;
  redone?: true;
  handlingDays?: number;
  /** 直办: answered at intake. */
  direct?: true;
}

/** Shards per day: concurrent steps on tickets of one day meet on one cell a quarter as often. */
export const ROLLUP_SHARDS = 4;

/** The shard of a ticket (FNV-1a of its number): fixed for the ticket's life. */
export function rollupShard(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % ROLLUP_SHARDS;
}

/** The `_id` of a rollup cell: the day tickets were logged and a shard. */
export const rollupCell = (day: string, shard: number) => `${day}:${shard}`;

/** The ticket's entry after `timeline` (all of it), and the day it belongs to. */
export function rollupEntry(ticket: TicketDoc, timeline: TicketTransitionDoc[], day: (d: Date) => string): { day: string; entry: RollupEntry } {
  const state = foldTicket(timeline);
  // The document may be from before the step (the cache is refreshed after): the unit is the timeline's.
  const { leadUnit: _cached, ...rest } = ticket;
  const f = ticketFacts(state.leadUnit ? { ...rest, leadUnit: state.leadUnit } : rest, timeline, day);
  const entry: RollupEntry = { id: f.id, v: state.version, at: ticket.createdAt.getTime(), unit: f.unit, category: f.category };
  if (f.accepted) entry.accepted = true;
  if (f.assigned) entry.assigned = true;
  if (f.closed) entry.closed = true;
  if (f.onTime) entry.onTime = true;
  if (f.callback) entry.callback = f.callback;
  if (f.returned) entry.returned = true;
  if (f.redone) entry.redone = true;
  if (f.handlingDays !== undefined) entry.handlingDays = f.handlingDays;
  if (f.direct) entry.direct = true;
  return { day: f.loggedDay, entry };
}

/** The facts an entry of the cell of `day` stands for. */
export function entryFacts(e: RollupEntry, day: string): TicketFacts {
  return {
    id: e.id,
    unit: e.unit,
    category: e.category,
    loggedDay: day,
    accepted: Boolean(e.accepted),
    assigned: Boolean(e.assigned),
    closed: Boolean(e.closed),
    onTime: Boolean(e.onTime),
    ...(e.callback ? { callback: e.callback } : {}),
    returned: Boolean(e.returned),
    redone: Boolean(e.redone),
    ...(e.handlingDays !== undefined ? { handlingDays: e.handlingDays } : {}),
    direct: Boolean(e.direct),
  };
}

const factsKey = ({ v: _v, ...facts }: RollupEntry) => JSON.stringify(facts, Object.keys(facts).sort());

/**
 * Whether `e` replaces `old` in a cell: never an entry from an older version; a newer version
 * only if the facts changed (a note changes nothing, so it writes nothing); the same version
 * only when rebuilding (`force`) and different. Writers and readers fold a cell's steps by this
 * one rule, so every reader of a cell's steps 1..n gets the same entries.
 */
export function supersedes(old: RollupEntry | undefined, e: RollupEntry, force: boolean): boolean {
  if (!old) return true;
  if (old.v > e.v || factsKey(old) === factsKey(e)) return false;
  return old.v < e.v || force;
}

/** Applies a step's entries to a cell's entries (by ticket). */
export function foldEntries(cell: Map<string, RollupEntry>, entries: readonly RollupEntry[], force: boolean): void {
  for (const e of entries) if (supersedes(cell.get(e.id), e, force)) cell.set(e.id, e);
}
