import { Schema, type Connection, type Model } from 'mongoose';

/**
 * supervision_items (督查督办台账): supervision items the office creates, and the follow-ups a
 * leader's instruction (领导批示) gives each unit it names — one ledger for both. Progress and
 * the end of an item are in supervision_events (insert-only); `status` caches them.
 */
export type SupervisionKind = 'supervision' | 'instruction';
export type SupervisionStatus = 'open' | 'done' | 'closed';

export interface SupervisionItemDoc {
  _id: string;
  kind: SupervisionKind;
  content: string;
  /** 完成标准: what done looks like. */
  standard: string;
  /** 承办单位 (code). */
  leadUnit: string;
  /** 负责领导 (open_id). */
  leader: string;
  deadline: Date;
  status: SupervisionStatus;
  /** What an instruction was written on (an approval, a ticket, a duty log entry). */
  source?: { kind: string; id: string; title: string };
  createdBy: string;
  /**
   * Every card of this item and to whom: sent through the outbox (`key`), or answered to a button
   * on a message (`messageId`; `key` is then `msg:<id>`). Each is patched when the item changes.
   */
  holders?: { key: string; viewer: string; messageId?: string }[];
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<SupervisionItemDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    content: { type: String, required: true },
    standard: { type: String, default: '' },
    leadUnit: { type: String, required: true },
    leader: { type: String, required: true },
    deadline: { type: Date, required: true },
    status: { type: String, required: true },
    source: { kind: String, id: String, title: String },
    createdBy: { type: String, required: true },
    holders: { type: [{ _id: false, key: String, viewer: String, messageId: String }], default: undefined },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'supervision_items' },
);
// The ledger by status and deadline (open, overdue), and a unit's items.
schema.index({ status: 1, deadline: 1 });
schema.index({ leadUnit: 1, status: 1 });

export type SupervisionItemModel = Model<SupervisionItemDoc>;
export const supervisionItemModel = (conn: Connection): SupervisionItemModel => conn.model<SupervisionItemDoc>('SupervisionItem', schema);

/**
 * supervision_events: progress reports, the one `done` (已落实) or `closed` (销号) entry, and the
 * notices govdesk sent about it (`urged` 催办通知, `escalated` 超期上报; by 'govdesk', once each).
 */
export interface SupervisionEventDoc {
  _id: string;
  item: string;
  type: 'progress' | 'done' | 'closed' | 'urged' | 'escalated';
  note: string;
  by: string;
  at: Date;
}

const eventSchema = new Schema<SupervisionEventDoc>(
  {
    _id: { type: String, required: true },
    item: { type: String, required: true },
    type: { type: String, required: true },
    note: { type: String, default: '' },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'supervision_events' },
);
eventSchema.index({ item: 1, at: 1 });

export type SupervisionEventModel = Model<SupervisionEventDoc>;
export const supervisionEventModel = (conn: Connection): SupervisionEventModel => conn.model<SupervisionEventDoc>('SupervisionEvent', eventSchema);
