import { Schema, type Connection, type Model } from 'mongoose';

/**
 * approval_requests (审批): what was asked, by whom, with its marks. The request's progress is
 * not kept here but derived from approval_events (an insert-only log whose unique keys make
 * every decision happen once); `status`, `round` and `step` are a cache of that for listing.
 */
export type Urgency = 'normal' | 'urgent' | 'very_urgent'; // 普通 / 急件 / 特急
export type SecurityMark = 'none' | 'secret' | 'confidential' | 'top_secret'; // 无 / 秘密 / 机密 / 绝密
export type ApprovalStatus = 'pending' | 'returned' | 'approved' | 'withdrawn';

export interface ApprovalFields {
  title: string;
  summary: string;
  /** A link or an attachment reference (文号, file name). */
  link: string;
  urgency: Urgency;
  security: SecurityMark;
  /** 规范性文件: adds the legal review step to the document flow. */
  normative: boolean;
}

export interface ApprovalRequestDoc extends ApprovalFields {
  _id: string;
  flow: string;
  requester: string;
  requesterUnit: string;
  /** What the request is about, for requests other features start (a ticket, a roster swap). */
  subject?: { kind: string; id: string };
  /** The requester's status card when it is the form card they submitted (its Lark message id). */
  statusMessageId?: string;
  /** 特急 3 days, 急件 a week; none for ordinary requests. */
  deadline?: Date;
  status: ApprovalStatus;
  round: number;
  step: number;
  /**
   * The outbox keys of every card, update and note already enqueued for this request. Kept
   * here, not read back from the outbox, because sent messages are purged after a week: a
   * request re-derived later (the sweep) sends only what is not listed. Absent on requests
   * made before it existed.
   */
  notified?: string[];
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<ApprovalRequestDoc>(
  {
    _id: { type: String, required: true },
    flow: { type: String, required: true },
    title: { type: String, required: true },
    summary: { type: String, default: '' },
    link: { type: String, default: '' },
    urgency: { type: String, required: true },
    security: { type: String, required: true },
    normative: { type: Boolean, default: false },
    requester: { type: String, required: true },
    requesterUnit: { type: String, default: '' },
    subject: { kind: String, id: String },
    deadline: Date,
    statusMessageId: String,
    status: { type: String, required: true },
    round: { type: Number, required: true },
    step: { type: Number, required: true },
    notified: { type: [String], default: undefined },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'approval_requests' },
);
// "My requests" and the office's list of open ones.
schema.index({ requester: 1, createdAt: -1 });
schema.index({ status: 1, updatedAt: 1 });

export type ApprovalRequestModel = Model<ApprovalRequestDoc>;
export const approvalRequestModel = (conn: Connection): ApprovalRequestModel => conn.model<ApprovalRequestDoc>('ApprovalRequest', schema);
