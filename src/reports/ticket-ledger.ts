import dayjs from '../lib/dayjs.js';
import type { TicketDoc, TicketTransitionDoc } from '../models/ticket.js';
import { foldTicket } from '../tickets/ticket-state.js';
import {
  CALLBACK_LABELS,
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  STATUS_LABELS,
  TICKET_URGENCIES,
  TICKET_URGENCY_LABELS,
  type CallbackOutcome,
  type Category,
  type Channel,
  type TicketStatus,
  type TicketUrgency,
} from '../tickets/ticket-types.js';
import type { TicketFacts } from './ticket-figures.js';

/**
 * One line of the ledger (台账) an office files for each ticket: who called, about what, who
 * handled it, by when, what was done and told, how the caller judged it. Built from the ticket
 * and its transitions (the state folded by the tickets' own `foldTicket`).
 */
export interface LedgerEntry {
  id: string;
  loggedAt: Date;
  channel: Channel;
  category: Category;
  /** The urgency in force: set at 派单 when the dispatcher changed it, else the intake's. */
  urgency: TicketUrgency;
  callerName: string;
  anonymous: boolean;
  phone: string;
  content: string;
  place: string;
  unit: string;
  coUnits: string[];
  status: TicketStatus;
  /** The first assignment (派单). */
  assignedAt?: Date;
  /** The deadline in force (extensions included). */
  deadline?: Date;
  /** Approved extensions, in order. */
  extensions: { days: number; deadline: Date }[];
  extensionPending: boolean;
  /** The last result submitted (提交结果) and the reply given to the caller. */
  result?: string;
  reply?: string;
  closedAt?: Date;
  /** Every callback made, in order (a dissatisfied caller, then the one after the redo). */
  callbacks: CallbackOutcome[];
  onTime: boolean;
  returned: boolean;
  redone: boolean;
}

export function ledgerEntry(t: TicketDoc, transitions: TicketTransitionDoc[], facts: TicketFacts): LedgerEntry {
  const state = foldTicket(transitions);
  const steps = state.timeline;
  const assigns = steps.filter((s) => s.action === 'assign');
  const lastUrgency = String(assigns.at(-1)?.data.urgency ?? '');
  const lastReply = steps.filter((s) => s.action === 'reply').at(-1);
  const closedAt = steps.find((s) => s.to === 'closed' && s.from !== 'closed')?.at;
  const entry: LedgerEntry = {
    id: t._id,
    loggedAt: t.createdAt,
    channel: t.channel,
    category: t.category,
    urgency: (TICKET_URGENCIES as readonly string[]).includes(lastUrgency) ? (lastUrgency as TicketUrgency) : t.urgency,
    callerName: t.callerName,
    anonymous: t.anonymous,
    phone: t.phone,
    content: t.content,
    place: t.place,
    unit: state.leadUnit ?? t.leadUnit ?? '',
    coUnits: state.coUnits,
    status: steps.length ? state.status : t.status,
    extensions: steps.filter((s) => s.action === 'extended' && s.data.deadline).map((s) => ({ days: Number(s.data.days ?? 0), deadline: new Date(String(s.data.deadline)) })),
    extensionPending: Boolean(state.pendingExtension),
    callbacks: steps.filter((s) => s.action === 'callback').map((s) => s.data.outcome as CallbackOutcome),
    onTime: facts.onTime,
    returned: facts.returned,
    redone: facts.redone,
  };
  if (assigns[0]) entry.assignedAt = assigns[0].at;
  if (state.deadline) entry.deadline = state.deadline;
  if (lastReply) {
    entry.result = String(lastReply.data.result ?? '');
    entry.reply = String(lastReply.data.reply ?? '');
  } else if (state.reply) {
    // 直接答复: the clerk's answer at intake is what the caller was told.
    entry.result = state.reply.result;
    entry.reply = state.reply.reply;
  }
  if (closedAt) entry.closedAt = closedAt;
  return entry;
}

/** The ledger's columns: Chinese first, as the office reads and files them. */
export const LEDGER_HEADER = [
  '工单号 No.',
  '登记时间 Logged',
  '来源 Channel',
  '类别 Category',
  '紧急程度 Urgency',
  '来电人 Caller',
  '联系电话 Phone',
  '诉求内容 Content',
  '地点 Place',
  '主办单位 Lead unit',
  '协办单位 Co-units',
  '派单时间 Assigned',
  '办理期限 Deadline',
  '延期 Extensions',
  '办理结果 Result',
  '答复内容 Reply given',
  '办结日期 Closed',
  '状态 Status',
  '按期 On time',
  '回访结果 Callback',
  '退单 Returned',
  '重办 Redone',
] as const;

/** Column widths (in characters) for the .xlsx sheet, in the header's order. */
export const LEDGER_WIDTHS = [18, 17, 8, 9, 9, 10, 15, 40, 20, 14, 14, 17, 17, 24, 40, 40, 11, 14, 6, 10, 6, 6];

const yes = (b: boolean) => (b ? '是' : '否');

/** One ledger line as the office reads it: every code as its Chinese label, times in the office's zone. */
export function ledgerRow(e: LedgerEntry, opts: { unitName: (code: string) => string; tz: string }): string[] {
  const time = (d: Date | undefined) => (d ? dayjs(d).tz(opts.tz).format('YYYY-MM-DD HH:mm') : '');
  const day = (d: Date | undefined) => (d ? dayjs(d).tz(opts.tz).format('YYYY-MM-DD') : '');
  const extensions = [
    ...e.extensions.map((x) => `延期${x.days}个工作日，至${day(x.deadline)}`),
    ...(e.extensionPending ? ['延期申请审批中'] : []),
  ].join('；');
  const closed = e.status === 'closed' || e.status === 'archived';
  return [
    e.id,
    time(e.loggedAt),
    CHANNEL_LABELS[e.channel]?.zh ?? e.channel,
    CATEGORY_LABELS[e.category]?.zh ?? e.category,
    TICKET_URGENCY_LABELS[e.urgency]?.zh ?? e.urgency,
    e.anonymous ? '匿名' : e.callerName,
    e.anonymous ? '' : e.phone,
    e.content,
    e.place,
    e.unit ? opts.unitName(e.unit) : '',
    e.coUnits.map(opts.unitName).join('、'),
    time(e.assignedAt),
    time(e.deadline),
    extensions,
    e.result ?? '',
    e.reply ?? '',
    day(e.closedAt),
    STATUS_LABELS[e.status]?.zh ?? e.status,
    closed ? yes(e.onTime) : '',
    e.callbacks.map((c) => CALLBACK_LABELS[c]?.zh ?? c).join('→'),
    e.assignedAt ? yes(e.returned) : '',
    yes(e.redone),
  ];
}
