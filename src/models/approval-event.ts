import { Schema, type Connection, type Model } from 'mongoose';
import type { ApprovalFields } from './approval-request.js';

/**
 * approval_events: the permanent record of a request, insert-only. The `_id` of each entry is
 * what must happen once — `AP…:r1:s2:decide` for a step anyone of a role decides,
 * `AP…:r1:s2:decide:<open_id>` for each decider of a joint step (会签), `AP…:r1:s2:transfer:1`
 * for the first hand-over — so a second click, a retry or another replica gets a duplicate key
 * and changes nothing.
 */
export type ApprovalEvent =
  | { type: 'submitted'; round: number; fromStep: number; fields: ApprovalFields }
  | { type: 'opened'; round: number; step: number; deciders: string[]; mode: 'any' | 'all'; dueAt: Date }
  | { type: 'decided'; round: number; step: number; outcome: 'approve' | 'return'; comment: string }
  | { type: 'transferred'; round: number; step: number; from: string; to: string; comment: string }
  | { type: 'withdrawn' };

export type ApprovalEventDoc = ApprovalEvent & {
  _id: string;
  request: string;
  /** Who did it (open_id); the requester for submissions and withdrawals. */
  by: string;
  at: Date;
};

const schema = new Schema(
  {
    _id: { type: String, required: true },
    request: { type: String, required: true },
    type: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    round: Number,
    step: Number,
    fromStep: Number,
    fields: Schema.Types.Mixed,
    deciders: [String],
    mode: String,
    dueAt: Date,
    outcome: String,
    comment: String,
    from: String,
    to: String,
  },
  { versionKey: false, collection: 'approval_events' },
);
schema.index({ request: 1, at: 1 });

export type ApprovalEventModel = Model<ApprovalEventDoc>;
export const approvalEventModel = (conn: Connection): ApprovalEventModel => conn.model<ApprovalEventDoc>('ApprovalEvent', schema);
