import { Schema, type Connection, type Model } from 'mongoose';

/**
 * duty_handovers (交接班记录): one per incoming shift, keyed by its id — who handed over what
 * (交班: the note and the open items), and who took over when (接班).
 */
export interface DutyHandoverDoc {
  _id: string; // the incoming shift `<date>:<shift>`
  fromShift?: string;
  handedBy?: string;
  handedAt?: Date;
  note?: string;
  /** Open duty-log entries and incidents handed over. */
  items: string[];
  takenBy?: string;
  takenAt?: Date;
  /** 到岗 at the shift's start: each officer of the shift who pressed 接班, once, with the time (shown on 查岗 results). */
  present?: { who: string; at: Date }[];
}

const schema = new Schema<DutyHandoverDoc>(
  {
    _id: { type: String, required: true },
    fromShift: String,
    handedBy: String,
    handedAt: Date,
    note: String,
    items: { type: [String], default: [] },
    takenBy: String,
    takenAt: Date,
    present: { type: [{ _id: false, who: String, at: Date }], default: undefined },
  },
  { versionKey: false, collection: 'duty_handovers' },
);

export type DutyHandoverModel = Model<DutyHandoverDoc>;
export const dutyHandoverModel = (conn: Connection): DutyHandoverModel => conn.model<DutyHandoverDoc>('DutyHandover', schema);
