import { Schema, type Connection, type Model } from 'mongoose';

/**
 * duty_calendar_feeds (值班日历订阅): each person's secret token for the iCalendar feed of their
 * shifts (GET /duty/ical/<token>.ics), made the first time `我的值班` shows the link. `_id` is
 * the open_id, so two replicas making it at once keep one.
 */
export interface DutyCalendarFeedDoc {
  _id: string;
  token: string;
  createdAt: Date;
  /** The message (event id) of the last `我的值班 重置链接`, and when. */
  resetBy?: string;
  resetAt?: Date;
}

const schema = new Schema<DutyCalendarFeedDoc>(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    createdAt: { type: Date, required: true },
    resetBy: String,
    resetAt: Date,
  },
  { versionKey: false, collection: 'duty_calendar_feeds' },
);
// The feed route finds the person by token.
schema.index({ token: 1 }, { unique: true });

export type DutyCalendarFeedModel = Model<DutyCalendarFeedDoc>;
export const dutyCalendarFeedModel = (conn: Connection): DutyCalendarFeedModel => conn.model<DutyCalendarFeedDoc>('DutyCalendarFeed', schema);
