import { Schema, type Connection, type Model } from 'mongoose';
import type { CallbackOutcome, Category, Channel, TicketStatus, TicketUrgency } from '../tickets/ticket-types.js';

/** What the caller said, as logged at intake (登记). */
export interface TicketIntake {
  callerName: string;
  phone: string;
  anonymous: boolean;
  channel: Channel;
  category: Category;
  content: string;
  place: string;
  urgency: TicketUrgency;
}

/**
 * tickets (工单): keyed by the ticket number `ZX-YYYYMMDD-NNNN`. The intake fields never change;
 * everything that happens afterwards is in ticket_transitions, copied into `steps` (read with
 * the ticket by `_id`), and the fields below the line are a cache of the latest state for lists
 * and queries.
 */
export interface TicketDoc extends TicketIntake {
  _id: string;
  /** The intake that created it (an event id): one ticket per intake, however often delivered. */
  intakeKey: string;
  intakeBy: string;
  /** The intake form card the clerk submitted: it becomes their receipt, kept up to date. */
  statusMessageId?: string;
  createdAt: Date;
  /** Earlier tickets from the same phone or place within 30 days. */
  possibleRepeats: string[];
  // — cache of the state —
  status: TicketStatus;
  version: number;
  leadUnit?: string;
  coUnits: string[];
  deadline?: Date;
  /** The urgency in force: set at 派单 (the intake's `urgency` until then); lists filter by it. */
  currentUrgency?: TicketUrgency;
  callback?: CallbackOutcome;
  updatedAt: Date;
  /**
   * The timeline by seq (`{"1": "<json>", "2": …}`): each transition as inserted into
   * ticket_transitions, as JSON text (src/tickets/ticket-steps.ts says why), set with the cache in
   * the same update by `_id`. The insert is what makes a step happen once; a step whose writer
   * stopped before copying it here (or a ticket from before `steps`) is found by probing
   * `<ticket>:<seq>` by `_id` and copied on the next load.
   */
  steps?: Record<string, string>;
}

const ticketSchema = new Schema<TicketDoc>(
  {
    _id: { type: String, required: true },
    intakeKey: { type: String, required: true },
    intakeBy: { type: String, required: true },
    statusMessageId: String,
    callerName: { type: String, default: '' },
    phone: { type: String, default: '' },
    anonymous: { type: Boolean, default: false },
    channel: { type: String, required: true },
    category: { type: String, required: true },
    content: { type: String, required: true },
    place: { type: String, default: '' },
    urgency: { type: String, required: true },
    createdAt: { type: Date, required: true },
    possibleRepeats: { type: [String], default: [] },
    status: { type: String, required: true },
    version: { type: Number, required: true },
    leadUnit: String,
    coUnits: { type: [String], default: [] },
    deadline: Date,
    currentUrgency: String,
    callback: String,
    updatedAt: { type: Date, required: true },
    steps: { type: Schema.Types.Mixed, default: undefined },
  },
  { versionKey: false, collection: 'tickets', minimize: false },
);
ticketSchema.index({ intakeKey: 1 }, { unique: true });
// Lists: by state and unit; repeat detection by phone and place; the daily counter by day.
ticketSchema.index({ status: 1, deadline: 1 });
ticketSchema.index({ leadUnit: 1, status: 1 });
ticketSchema.index({ phone: 1, createdAt: 1 });
ticketSchema.index({ place: 1, createdAt: 1 });
// Reports: the tickets logged in a period.
ticketSchema.index({ createdAt: 1 });

export type TicketModel = Model<TicketDoc>;
export const ticketModel = (conn: Connection): TicketModel => conn.model<TicketDoc>('Ticket', ticketSchema);

/** One step of the loop, as the office's rules want it recorded: who, when, from, to, why. */
export type TicketAction =
  | 'register'
  | 'reject'
  // 直接答复: answered by the clerk at intake (closed at once, or waiting for its callback)
  | 'direct_answer'
  | 'assign'
  | 'accept'
  | 'return'
  | 'progress'
  | 'extension_requested'
  | 'extended'
  | 'extension_refused'
  | 'reply'
  | 'review_accept'
  | 'redo'
  | 'callback'
  | 'close'
  | 'archive'
  | 'merge'
  | 'merged_in'
  | 'instruction'
  // 改派: the lead unit asks, the dispatcher transfers (to another unit) or refuses
  | 'transfer_requested'
  | 'transfer'
  | 'transfer_refused'
  // co-units added or removed after assignment (dispatchers)
  | 'co_units'
  // 挂起/恢复: the clock stopped (approved by a dispatcher through the approval engine) and restarted
  | 'suspension_requested'
  | 'suspended'
  | 'suspension_refused'
  | 'resumed'
  // 催办 by a dispatcher or a leader (the 催办 button): the unit's handlers and head are told
  | 'urge'
  // notes govdesk writes itself (by 'govdesk'): 催办通知, 超期上报, a deadline recomputed on a calendar import
  | 'urged'
  | 'escalated'
  | 'deadline_recomputed'
  // 签收催办: not accepted within ACCEPT_WITHIN_DAYS (stage 1: the unit; stage 2: the dispatchers)
  | 'accept_chased'
  // 附件: a picture or file sent in the ticket's context (keyed by its message id), and its 撤销
  | 'attachment'
  | 'attachment_removed';

/**
 * ticket_transitions: append-only, keyed `<ticket>:<seq>`. A transition is written with the
 * next sequence number of the state it was decided on, so of two concurrent clicks on the same
 * card only one can be written: the other finds its key taken and changes nothing.
 */
export interface TicketTransitionDoc {
  _id: string;
  ticket: string;
  seq: number;
  action: TicketAction;
  from: TicketStatus | null;
  to: TicketStatus;
  by: string;
  at: Date;
  /** The reason or note given (return reason, redo reason, progress, callback note…). */
  note: string;
  /** Whatever else the step set: units, deadline, result, reply, outcome, approval id. */
  data: Record<string, unknown>;
  /** The outbox keys of the messages this step caused (their Lark ids are on those rows). */
  caused: string[];
}

const transitionSchema = new Schema<TicketTransitionDoc>(
  {
    _id: { type: String, required: true },
    ticket: { type: String, required: true },
    seq: { type: Number, required: true },
    action: { type: String, required: true },
    from: { type: String, default: null },
    to: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    note: { type: String, default: '' },
    data: { type: Schema.Types.Mixed, default: {} },
    caused: { type: [String], default: [] },
  },
  { versionKey: false, collection: 'ticket_transitions', minimize: false },
);
transitionSchema.index({ ticket: 1, seq: 1 });

export type TicketTransitionModel = Model<TicketTransitionDoc>;
export const ticketTransitionModel = (conn: Connection): TicketTransitionModel => conn.model<TicketTransitionDoc>('TicketTransition', transitionSchema);
