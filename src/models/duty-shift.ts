import { Schema, type Connection, type Model } from 'mongoose';

/**
 * duty_shifts (值班表): one document per shift of the roster, keyed `<date>:<shift>`, with the
 * primary (主班), the secondary (副班) and the leader on duty (带班领导) when there is one.
 */
export interface DutyShiftDoc {
  _id: string;
  date: string; // YYYY-MM-DD the shift starts on
  shift: string;
  start: Date;
  end: Date;
  primary: string;
  secondary?: string;
  leader?: string;
  source: 'import' | 'generate' | 'swap';
  /** When who or when last changed (iCalendar LAST-MODIFIED). */
  updatedAt: Date;
  /** How many times who or when changed (iCalendar SEQUENCE, RFC 5545 3.8.7.4); absent: 0. */
  sequence?: number;
}

const schema = new Schema<DutyShiftDoc>(
  {
    _id: { type: String, required: true },
    date: { type: String, required: true },
    shift: { type: String, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    primary: { type: String, required: true },
    secondary: String,
    leader: String,
    source: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    sequence: Number,
  },
  { versionKey: false, collection: 'duty_shifts' },
);
// Who is on now and next; a person's shifts.
schema.index({ start: 1 });
schema.index({ primary: 1, start: 1 });
schema.index({ secondary: 1, start: 1 });

export type DutyShiftModel = Model<DutyShiftDoc>;
export const dutyShiftModel = (conn: Connection): DutyShiftModel => conn.model<DutyShiftDoc>('DutyShift', schema);
