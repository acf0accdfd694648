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
  /** The content, as far as any card shows it (200 characters). */
  title: string;
  /** Who logged the call: the callback (回访) is theirs. */
  owner: string;
  urgency: TicketUrgency;
  /** The ticket version the row was made from. */
  v: number;
}

const openItemSchema = new Schema<OpenItemDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    item: { type: String, required: true },
    status: { type: String, required: true },
    unit: String,
    coUnits: { type: [String], default: [] },
    deadline: Date,
    title: { type: String, default: '' },
    owner: { type: String, required: true },
    urgency: { type: String, required: true },
    v: { type: Number, required: true },
  },
  { versionKey: false, collection: 'open_items' },
);
// None beyond `_id`: the collection is small and read whole (MongoDB scans a few thousand rows as fast).

export type OpenItemModel = Model<OpenItemDoc>;
export const openItemModel = (conn: Connection): OpenItemModel => conn.model<OpenItemDoc>('OpenItem', openItemSchema);
