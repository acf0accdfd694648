import { Schema, type Connection, type Model } from 'mongoose';

/** duty_swaps (换班申请): a shift offered to a colleague; the roster changes only when both the colleague and the approval say yes. */
export interface DutySwapDoc {
  _id: string;
  shift: string;
  from: string;
  to: string;
  role: 'primary' | 'secondary';
  reason: string;
  status: 'asked' | 'declined' | 'accepted' | 'approved' | 'refused';
  approval?: string;
  /** Why an approved swap was not applied (the colleague was no longer free). */
  note?: string;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<DutySwapDoc>(
  {
    _id: { type: String, required: true },
    shift: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    role: { type: String, required: true },
    reason: { type: String, default: '' },
    status: { type: String, required: true },
    approval: String,
    note: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'duty_swaps' },
);

export type DutySwapModel = Model<DutySwapDoc>;
export const dutySwapModel = (conn: Connection): DutySwapModel => conn.model<DutySwapDoc>('DutySwap', schema);
