import type { Directory } from '../directory/directory.js';
import dayjs from '../lib/dayjs.js';
import { forEachPooled } from '../lib/for-each-pooled.js';
import type { TicketDoc, TicketModel, TicketTransitionDoc, TicketTransitionModel } from '../models/ticket.js';
import { ticketFacts } from '../reports/ticket-figures.js';
import { ledgerEntry, type LedgerEntry } from '../reports/ticket-ledger.js';
import type { TicketHit } from './ticket-search.js';
import { readTimeline } from './ticket-timeline.js';
import { CALLBACK_LABELS, OUT_OF_SCOPE_LABELS, RETURN_REASON_LABELS, STATUS_LABELS, type TicketStatus } from './ticket-types.js';

/** At most this many tickets go into one file (the outbox carries the file in one row). */
export const EXPORT_LIMIT = 2000;

/** How many tickets are read at once (by `_id`). */
const LOAD_CONCURRENCY = 8;

/** What 工单 导出 writes: the ledger line of each ticket, and every step of its timeline. */
export interface TicketExport {
  entries: LedgerEntry[];
  /** 工单号, 时间, 操作人, 操作, 原状态, 新状态, 说明 — in ticket order, then by step. */
  steps: string[][];
}

export const TIMELINE_HEADER = ['工单号 No.', '时间 Time', '操作人 By', '操作 Step', '原状态 From', '新状态 To', '说明 Details'];
export const TIMELINE_WIDTHS = [18, 17, 10, 12, 14, 14, 60];

/** Step names as the timeline shows them (the ticket card's labels, kept plain for a sheet). */
const STEP_NAMES: Record<string, string> = {
  register: '登记',
  reject: '不予受理',
  assign: '派单',
  accept: '签收',
  return: '退回',
  progress: '办理进展',
  extension_requested: '申请延期',
  extended: '延期获批',
  extension_refused: '延期未获批',
  reply: '提交结果',
  review_accept: '审核通过',
  redo: '重办',
  callback: '回访',
  close: '办结',
  archive: '归档',
  merge: '合并',
  merged_in: '并入重复件',
  instruction: '领导批示',
  urged: '催办通知',
  escalated: '超期上报',
  deadline_recomputed: '期限重算',
};

/** What a step did, in words: the units, deadline, result and reply, reason or outcome it set, and its note. */
function stepDetails(t: TicketTransitionDoc, unitName: (c: string) => string, tz: string): string {
  const d = t.data ?? {};
  const day = (v: unknown) => (v ? dayjs(new Date(String(v))).tz(tz).format('YYYY-MM-DD') : '—');
  const parts: string[] = [];
  if (t.action === 'assign') parts.push(`主办 ${unitName(String(d.leadUnit ?? ''))}${Array.isArray(d.coUnits) && d.coUnits.length ? `，协办 ${d.coUnits.map((c) => unitName(String(c))).join('、')}` : ''}，期限 ${day(d.deadline)}`);
  if (t.action === 'return') parts.push(RETURN_REASON_LABELS[d.reason as keyof typeof RETURN_REASON_LABELS]?.zh ?? '');
  if (t.action === 'reply') parts.push(`办理结果：${String(d.result ?? '')}`, `答复来电人：${String(d.reply ?? '')}`);
  if (t.action === 'callback') parts.push(CALLBACK_LABELS[d.outcome as keyof typeof CALLBACK_LABELS]?.zh ?? '');
  if (t.action === 'extension_requested') parts.push(`${String(d.days ?? '')} 个工作日`);
  if (t.action === 'extended' || t.action === 'deadline_recomputed') parts.push(`新期限 ${day(d.deadline)}`);
  if (t.action === 'reject') parts.push(OUT_OF_SCOPE_LABELS[d.outOfScope as keyof typeof OUT_OF_SCOPE_LABELS]?.reason.zh ?? '');
  if (t.action === 'merge') parts.push(`并入 ${String(d.into ?? '')}`);
  if (t.action === 'merged_in') parts.push(`并入 ${String(d.from ?? '')}`);
  if (t.note) parts.push(t.note);
  return parts.filter(Boolean).join('；');
}

/**
 * The tickets found, read whole by `_id` with their timelines (the steps each carries, and any
 * step not yet copied onto it), as the ledger's lines and the timeline's rows.
 */
export async function ticketExport(
  deps: { tickets: TicketModel; transitions: TicketTransitionModel; directory: Directory; day: (d: Date) => string; tz: string },
  hits: TicketHit[],
): Promise<TicketExport> {
  const loaded = new Map<string, { ticket: TicketDoc; timeline: TicketTransitionDoc[] }>();
  await forEachPooled(hits, LOAD_CONCURRENCY, async (hit) => {
    const ticket = await deps.tickets.findById(hit._id).lean();
    if (!ticket) return;
    loaded.set(ticket._id, { ticket, timeline: (await readTimeline(deps.transitions, ticket)).timeline });
  });
  const ordered = hits.map((h) => loaded.get(h._id)).filter((x): x is { ticket: TicketDoc; timeline: TicketTransitionDoc[] } => Boolean(x));
  const units = new Map((await deps.directory.units({ includeInactive: true })).map((u) => [u.code, u.name]));
  const unitName = (c: string) => units.get(c) ?? c;
  const names = await deps.directory.names(new Set(ordered.flatMap((x) => x.timeline.map((s) => s.by))));
  const who = (id: string) => (id === 'govdesk' ? '政务助手' : names.get(id) ?? id);
  const status = (s: TicketStatus | null) => (s ? STATUS_LABELS[s]?.zh ?? s : '');
  return {
    entries: ordered.map(({ ticket, timeline }) => ledgerEntry(ticket, timeline, ticketFacts(ticket, timeline, deps.day))),
    steps: ordered.flatMap(({ ticket, timeline }) =>
      timeline.map((s) => [ticket._id, dayjs(s.at).tz(deps.tz).format('YYYY-MM-DD HH:mm'), who(s.by), STEP_NAMES[s.action] ?? s.action, status(s.from), status(s.to), stepDetails(s, unitName, deps.tz)]),
    ),
  };
}
