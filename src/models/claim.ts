import { Schema, type Connection, type Model } from 'mongoose';

/**
 * claims: one document per thing that must happen once (an inbox attempt, an outbox attempt,
 * a cron slot). The insert that succeeds is the one that happened; a duplicate key means
 * someone else got there first. Works the same on MongoDB and FerretDB (no atomic updates needed).
 */
export interface ClaimDoc {
  _id: string;
  owner: string;
  at: Date;
}

const claimSchema = new Schema<ClaimDoc>(
  { _id: { type: String, required: true }, owner: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'claims' },
);
// Serves the scheduled purge of old claims: deleteMany({at: {$lt: cutoff}}).
claimSchema.index({ at: 1 });

export type ClaimModel = Model<ClaimDoc>;
export const claimModel = (conn: Connection): ClaimModel => conn.model<ClaimDoc>('Claim', claimSchema);
