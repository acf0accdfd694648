import { Schema, type Connection, type Model } from 'mongoose';
import type { Category } from '../tickets/ticket-types.js';

/**
 * past_answers (答复知识库): one row per closed ticket whose reply the caller accepted at the
 * callback (满意 or 基本满意), keyed by the ticket number and written by `_id` when that callback is
 * recorded. 登记 of a 咨询 call reads this small projection (not the tickets) for similar past
 * answers. A reply the caller rejected (不满意) is never written here.
 */
export interface PastAnswerDoc {
  _id: string;
  category: Category;
  content: string;
  place: string;
  /** What the caller was told (the unit's reply, or the clerk's direct answer). */
  reply: string;
  /** The callback that accepted it. */
  outcome: 'satisfied' | 'basically';
  /** When the callback was made. */
  at: Date;
}

const pastAnswerSchema = new Schema<PastAnswerDoc>(
  {
    _id: { type: String, required: true },
    category: { type: String, required: true },
    content: { type: String, required: true },
    place: { type: String, default: '' },
    reply: { type: String, required: true },
    outcome: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'past_answers' },
);

export type PastAnswerModel = Model<PastAnswerDoc>;
export const pastAnswerModel = (conn: Connection): PastAnswerModel => conn.model<PastAnswerDoc>('PastAnswer', pastAnswerSchema);
