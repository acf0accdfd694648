import { Schema, type Connection, type Model } from 'mongoose';

/**
 * calendar_days: the admins' word on a day, over the published schedule (a make-up workday
 * 调休/补班, an extra holiday, next year's schedule before the package knows it).
 */
export interface CalendarDayDoc {
  _id: string; // YYYY-MM-DD
  kind: 'workday' | 'holiday';
  note: string;
  by: string;
  at: Date;
}

const schema = new Schema<CalendarDayDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    note: { type: String, default: '' },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'calendar_days' },
);

export type CalendarDayModel = Model<CalendarDayDoc>;
export const calendarDayModel = (conn: Connection): CalendarDayModel => conn.model<CalendarDayDoc>('CalendarDay', schema);
