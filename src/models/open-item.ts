import { Schema, type Connection, type Model } from 'mongoose';
import type { TicketStatus, TicketUrgency } from '../tickets/ticket-types.js';

/**
 * open_items: one row per ticket that still waits for someone (`ticket:<id>`), kept at every
 * ticket step by `_id` and deleted once nothing is left to do (archived, merged, not accepted).
 * A closed ticket stays until it is archived: the dispatchers' 归档 is in their 我的待办. The
 * collection stays as small as the office's open work, so the digests, reminders, escalation,
 * the deadline recompute and 我的待办 read it whole instead of every ticket (on FerretDB 1.x any
 * filter but `{_id}` reads the whole collection).
 */
export interface OpenItemDoc {
  _id: string;
  kind: 'ticket';
  /** The ticket number. */
  item: string;
  status: TicketStatus;
  /** The lead unit (主办), once assigned. */
  unit?: string;
  coUnits: string[];
  deadline?: Date;
  /** When the ticket entered its status (派单 for 待签收, 审核通过 for 待回访): the 签收 chase and callback reminders count from it. */
  since?: Date;
  /** The content, as far as any card shows it (200 characters). */
  title: string;
  /** Who logged the call: the callback (回访) is theirs. */
  owner: string;
  urgency: TicketUrgency;
  /** The ticket version the row was made from. */
  v: number;
}

/**
 * The row as stored: `_id` and the row as JSON text. FerretDB 1.x reads a document field by
 * field, and these rows are read whole by every digest: one string makes a row about 2.5 times
 * cheaper to read than its eleven fields (10,000 rows: 0.7 s against 1.8 s on this 2-core machine).
 */
export interface OpenItemRecord {
  _id: string;
  d: string;
}

const openItemSchema = new Schema<OpenItemRecord>(
  {
    _id: { type: String, required: true },
    d: { type: String, required: true },
  },
  { versionKey: false, collection: 'open_items' },
);
// None beyond `_id`: the collection is small and read whole (MongoDB scans a few thousand rows as fast).

export type OpenItemModel = Model<OpenItemRecord>;
export const openItemModel = (conn: Connection): OpenItemModel => conn.model<OpenItemRecord>('OpenItem', openItemSchema);
