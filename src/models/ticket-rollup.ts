import { Schema, type Connection, type Model } from 'mongoose';
import type { CallbackOutcome, Category } from '../tickets/ticket-types.js';

/**
 * One ticket's part in its unit-day's figures: the facts the figures are summed from
 * (src/reports/ticket-figures.ts), as of ticket version `v`. `gone` marks a ticket that has
 * left this unit-day (re-assigned to another unit) as of `v`, so an older write cannot bring it back.
 */
export interface RollupEntry {
  id: string;
  v: number;
  /** When the ticket was logged (ms): a period ending mid-day keeps only what was logged before it. */
  at: number;
  gone?: boolean;
  category?: Category;
  accepted?: boolean;
  assigned?: boolean;
  closed?: boolean;
  onTime?: boolean;
  callback?: CallbackOutcome;
  returned?: boolean;
  redone?: boolean;
  handlingDays?: number;
}

/**
 * ticket_rollups: the figures of one lead unit on one day (the day tickets were logged), keyed
 * `<unit>:<YYYY-MM-DD>` (`-` for tickets not yet assigned) and read by `_id` only — the one
 * lookup FerretDB 1.x pushes down to SQLite — by enumerating units × days. `rev` counts its
 * changes: each change is first claimed as revision `<unit>:<day>#<rev>` in
 * ticket_rollup_revs (a unique key, so of two writers only one gets a revision); this head is a
 * cache of the latest one, and readers look past it for newer revisions.
 */
export interface TicketRollupDoc {
  _id: string;
  unit: string;
  day: string;
  rev: number;
  tickets: RollupEntry[];
}

/** ticket_rollup_revs: every revision of a unit-day, `<unit>:<day>#<rev>`, written once. */
export interface TicketRollupRevDoc {
  _id: string;
  rev: number;
  tickets: RollupEntry[];
}

const entries = { type: Schema.Types.Mixed, default: [] } as const;
const rollupSchema = new Schema<TicketRollupDoc>(
  { _id: { type: String, required: true }, unit: { type: String, required: true }, day: { type: String, required: true }, rev: { type: Number, required: true }, tickets: entries },
  { versionKey: false, collection: 'ticket_rollups', minimize: false },
);
const revSchema = new Schema<TicketRollupRevDoc>(
  { _id: { type: String, required: true }, rev: { type: Number, required: true }, tickets: entries },
  { versionKey: false, collection: 'ticket_rollup_revs', minimize: false },
);

export type TicketRollupModel = Model<TicketRollupDoc>;
export type TicketRollupRevModel = Model<TicketRollupRevDoc>;
export const ticketRollupModel = (conn: Connection): TicketRollupModel => conn.model<TicketRollupDoc>('TicketRollup', rollupSchema);
export const ticketRollupRevModel = (conn: Connection): TicketRollupRevModel => conn.model<TicketRollupRevDoc>('TicketRollupRev', revSchema);
