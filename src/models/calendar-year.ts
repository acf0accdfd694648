import { Schema, type Connection, type Model } from 'mongoose';

/**
 * calendar_years: the years whose official holiday schedule (the State Council's notice) an
 * admin imported with `calendar import`. A year is known when it is here or when the calendar
 * package ships it — never because an admin overrode one of its days. `recomputedAt` is set
 * once the bot has recomputed the open deadlines that ran into the year.
 */
export interface CalendarYearDoc {
  _id: string; // YYYY
  importedAt: Date;
  by: string;
  /** How many days the import gave for the year. */
  days: number;
  recomputedAt?: Date;
}

const schema = new Schema<CalendarYearDoc>(
  {
    _id: { type: String, required: true },
    importedAt: { type: Date, required: true },
    by: { type: String, required: true },
    days: { type: Number, required: true },
    recomputedAt: Date,
  },
  { versionKey: false, collection: 'calendar_years' },
);

export type CalendarYearModel = Model<CalendarYearDoc>;
export const calendarYearModel = (conn: Connection): CalendarYearModel => conn.model<CalendarYearDoc>('CalendarYear', schema);
