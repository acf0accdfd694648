import type { TicketDoc, TicketTransitionDoc } from '../models/ticket.js';
import { TICKET_URGENCIES, type CallbackOutcome, type TicketStatus, type TicketUrgency } from './ticket-types.js';

export interface TicketState {
  status: TicketStatus;
  /** The sequence number of the last transition: a card built on it carries it. */
  version: number;
  leadUnit?: string;
  coUnits: string[];
  deadline?: Date;
  /** The deadline was counted in working days (not a date picked): it follows the calendar. */
  deadlineCounted?: boolean;
  callback?: CallbackOutcome;
  /** The urgency set at the latest 派单 (the intake's until then: see `urgencyOf`). */
  urgency?: TicketUrgency;
  /** The unit's latest result and the reply it gave the caller (提交结果). */
  reply?: { result: string; reply: string; by: string; at: Date };
  /** Set while an extension request waits for its approval. */
  pendingExtension?: string;
  /** Set while a suspension request (挂起) waits for its approval. */
  pendingSuspension?: string;
  /**
   * 挂起: the clock is stopped since `since` (no deadline in force meanwhile, so nothing is
   * overdue); `was` is the deadline when it stopped, `until` the date the unit expects to resume.
   */
  suspended?: { since: Date; was?: Date; until?: string; reason: string };
  /** 申请改派 waiting for the dispatcher: the request's seq, who asked and why. */
  pendingTransfer?: { seq: number; by: string; reason: string };
  mergedInto?: string;
  /** Answered by the clerk at intake (直接答复) and not dispatched since: nothing is left to file (no 归档). */
  direct?: boolean;
  /** 附件: the pictures and files attached (撤销 takes one away), oldest first. */
  attachments: TicketAttachment[];
  /** Oldest first. */
  timeline: TicketTransitionDoc[];
}

/** A picture or file attached to the ticket: the message it came in, Lark's key, where it is kept. */
export interface TicketAttachment {
  /** The message it came in: the attachment's key (a redelivery attaches it once). */
  messageId: string;
  kind: 'image' | 'file';
  /** Lark's image_key or file_key. */
  key: string;
  name: string;
  size: number;
  /** Where it is kept, relative to the attachment store's directory. */
  path: string;
  by: string;
  at: Date;
}

/** What a direct answer's "result" reads as on cards and in the ledger. */
export const DIRECT_RESULT = '登记时直接答复（直办）';

/** The ticket's state, folded from its transitions (pure). */
export function foldTicket(transitions: TicketTransitionDoc[]): TicketState {
  const timeline = [...transitions].sort((a, b) => a.seq - b.seq);
  const state: TicketState = { status: 'registered', version: 0, coUnits: [], attachments: [], timeline };
  for (const t of timeline) {
    state.status = t.to;
    state.version = t.seq;
    const d = t.data ?? {};
    if (t.action === 'direct_answer') {
      // The clerk's answer is the reply given to the caller: the callback (if any) judges it.
      state.reply = { result: DIRECT_RESULT, reply: String(d.answer ?? ''), by: t.by, at: t.at };
      state.direct = true;
    }
    if (t.action === 'assign' || t.action === 'transfer') {
      delete state.direct;
      state.leadUnit = String(d.leadUnit);
      state.coUnits = Array.isArray(d.coUnits) ? d.coUnits.map(String) : [];
      if ((TICKET_URGENCIES as readonly unknown[]).includes(d.urgency)) state.urgency = d.urgency as TicketUrgency;
      // 改派 with TRANSFER_DEADLINE=keep: the deadline stays as it was (counted or picked).
      if (!d.kept) {
        state.deadline = d.deadline ? new Date(String(d.deadline)) : undefined;
        state.deadlineCounted = d.counted !== undefined;
      }
    }
    if (t.action === 'accept' && d.deadline) {
      state.deadline = new Date(String(d.deadline));
      state.deadlineCounted = true;
    }
    if (t.action === 'deadline_recomputed') state.deadline = new Date(String(d.deadline));
    if (t.action === 'extension_requested') state.pendingExtension = String(d.approval ?? '');
    if (t.action === 'extended') {
      state.deadline = new Date(String(d.deadline));
      state.deadlineCounted = true;
      delete state.pendingExtension;
    }
    if (t.action === 'extension_refused') delete state.pendingExtension;
    if (t.action === 'transfer_requested') state.pendingTransfer = { seq: t.seq, by: t.by, reason: t.note };
    if (t.action === 'transfer' || t.action === 'transfer_refused') delete state.pendingTransfer;
    if (t.action === 'suspension_requested') state.pendingSuspension = String(d.approval ?? '');
    if (t.action === 'suspension_refused') delete state.pendingSuspension;
    if (t.action === 'suspended') {
      delete state.pendingSuspension;
      state.suspended = { since: t.at, ...(state.deadline ? { was: state.deadline } : {}), ...(d.until ? { until: String(d.until) } : {}), reason: String(d.reason ?? '') };
      state.deadline = undefined;
    }
    if (t.action === 'resumed') {
      delete state.suspended;
      state.deadline = d.deadline ? new Date(String(d.deadline)) : undefined;
    }
    if (t.action === 'co_units') state.coUnits = Array.isArray(d.coUnits) ? d.coUnits.map(String) : [];
    if (t.action === 'reply') state.reply = { result: String(d.result ?? ''), reply: String(d.reply ?? ''), by: t.by, at: t.at };
    if (t.action === 'callback') state.callback = d.outcome as CallbackOutcome;
    if (t.action === 'merge') state.mergedInto = String(d.into);
    if (t.action === 'attachment' && !state.attachments.some((a) => a.messageId === d.messageId)) {
      state.attachments.push({ messageId: String(d.messageId), kind: d.kind === 'image' ? 'image' : 'file', key: String(d.key ?? ''), name: String(d.name ?? ''), size: Number(d.size ?? 0), path: String(d.path ?? ''), by: t.by, at: t.at });
    }
    if (t.action === 'attachment_removed') state.attachments = state.attachments.filter((a) => a.messageId !== d.messageId);
  }
  return state;
}

/** The urgency in force: as set at 派单, else as logged at intake. */
export const urgencyOf = (ticket: Pick<TicketDoc, 'urgency'>, state: Pick<TicketState, 'urgency'>): TicketUrgency => state.urgency ?? ticket.urgency;

export const isOverdue = (ticket: Pick<TicketDoc, 'deadline' | 'status'>, now: Date) =>
  Boolean(ticket.deadline) && ['assigned', 'handling', 'returned'].includes(ticket.status) && ticket.deadline!.getTime() < now.getTime();
