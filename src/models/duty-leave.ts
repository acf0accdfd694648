import { Schema, type Connection, type Model } from 'mongoose';

/** duty_leave: days an officer cannot be rostered (roster generation respects them). */
export interface DutyLeaveDoc {
  _id: string; // <open_id>:<from>
  openId: string;
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD, inclusive
  note: string;
  by: string;
  at: Date;
}

const schema = new Schema<DutyLeaveDoc>(
  {
    _id: { type: String, required: true },
    openId: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    note: { type: String, default: '' },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'duty_leave' },
);
schema.index({ openId: 1, from: 1 });

export type DutyLeaveModel = Model<DutyLeaveDoc>;
export const dutyLeaveModel = (conn: Connection): DutyLeaveModel => conn.model<DutyLeaveDoc>('DutyLeave', schema);
