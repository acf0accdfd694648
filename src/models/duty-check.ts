import { Schema, type Connection, type Model } from 'mongoose';

/**
 * duty_checks (查岗记录): one per spot check, keyed by `_id` `CG-<shift>-<n>` — who asked, the
 * officers asked, when answers are due (10 minutes after), each 到岗 answer with its time (once
 * per officer), and when the result went to the section head.
 */
export interface DutyCheckDoc {
  _id: string;
  shift: string;
  by: string;
  at: Date;
  due: Date;
  officers: string[];
  answers: { who: string; at: Date }[];
  resultAt?: Date;
}

const schema = new Schema<DutyCheckDoc>(
  {
    _id: { type: String, required: true },
    shift: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    due: { type: Date, required: true },
    officers: { type: [String], default: [] },
    answers: { type: [{ _id: false, who: String, at: Date }], default: [] },
    resultAt: Date,
  },
  { versionKey: false, collection: 'duty_checks' },
);

export type DutyCheckModel = Model<DutyCheckDoc>;
export const dutyCheckModel = (conn: Connection): DutyCheckModel => conn.model<DutyCheckDoc>('DutyCheck', schema);
