import { Schema, type Connection, type Model } from 'mongoose';

/**
 * attach_windows: for 10 minutes after a person's 确认登记 or `附件 ZX-…`, the pictures and
 * files they send are attached to that ticket. One row per person (`_id` their open_id), the
 * latest ticket wins; read by `_id` only.
 */
export interface AttachWindowDoc {
  _id: string;
  ticket: string;
  /** 确认登记 (`intake`: the attachment is confirmed with a card offering 撤销) or `附件 ZX-…` (`command`). */
  origin: 'intake' | 'command';
  until: Date;
}

const attachWindowSchema = new Schema<AttachWindowDoc>(
  {
    _id: { type: String, required: true },
    ticket: { type: String, required: true },
    origin: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { versionKey: false, collection: 'attach_windows' },
);

export type AttachWindowModel = Model<AttachWindowDoc>;
export const attachWindowModel = (conn: Connection): AttachWindowModel => conn.model<AttachWindowDoc>('AttachWindow', attachWindowSchema);
