import type { TicketDoc, TicketTransitionDoc } from '../models/ticket.js';
import type { CallbackOutcome, Category } from '../tickets/ticket-types.js';

/**
 * The office's figures, defined once (README "Reports" says the same):
 * - Period: a ticket belongs to the period in which it was logged (登记).
 * - Accepted (受理): logged in the period, neither 不予受理 nor merged into another.
 * - 办结率 completion rate: closed or archived / accepted.
 * - 按期办结率 on-time rate: of the closed, those whose last result (提交结果) came on or before
 *   the deadline in force then — an approved extension moves it, so a ticket closed after an
 *   extension, within it, is on time. A redone ticket counts once, by its last result.
 * - 满意率 satisfaction: of the closed tickets whose caller was called back, those whose first
 *   callback was 满意 or 基本满意 (a caller dissatisfied once counts as dissatisfied, even if the
 *   redo later pleased them; each ticket counts once); 无法回访 (anonymous, unreachable) is left out.
 * - 回访率 callback rate: closed tickets called back / closed tickets due a callback (those 无法回访
 *   included; a direct answer closed without a callback, as CALLBACK_AFTER_DIRECT allows, is not due one).
 * - 直办 answered at once: accepted tickets the clerk answered at intake (直接答复). Their answer is
 *   their result, given at once: closed, they are on time; they have no handling time (never assigned).
 * - 退单率 return rate: tickets returned by a unit at least once / tickets assigned.
 * - 重办 redone: tickets sent back for redo (review or an unsatisfied caller) at least once.
 * - Average handling time: days from the first assignment to closing, over the closed.
 */
export interface TicketFacts {
  id: string;
  unit: string;
  category: Category;
  loggedDay: string;
  accepted: boolean;
  assigned: boolean;
  closed: boolean;
  onTime: boolean;
  callback?: CallbackOutcome;
  returned: boolean;
  redone: boolean;
  handlingDays?: number;
  /** 直办: answered by the clerk at intake (直接答复). */
  direct?: boolean;
}

export interface Figures {
  accepted: number;
  closed: number;
  completionRate: number | null;
  onTime: number;
  onTimeRate: number | null;
  callbacks: number;
  satisfied: number;
  satisfactionRate: number | null;
  callbackRate: number | null;
  assigned: number;
  returned: number;
  returnRate: number | null;
  redone: number;
  averageHandlingDays: number | null;
  /** 直办: accepted tickets answered at intake (直接答复). */
  direct: number;
}

const rate = (n: number, d: number) => (d === 0 ? null : n / d);

/** The facts the figures need, from one ticket and its transitions. */
export function ticketFacts(t: TicketDoc, transitions: TicketTransitionDoc[], day: (d: Date) => string): TicketFacts {
  const steps = [...transitions].sort((a, b) => a.seq - b.seq);
  let deadline: Date | undefined;
  let lastReplyOnTime = false;
  let firstAssign: Date | undefined;
  let closedAt: Date | undefined;
  let callback: CallbackOutcome | undefined;
  for (const s of steps) {
    if (s.action === 'assign') {
      deadline = s.data.deadline ? new Date(String(s.data.deadline)) : deadline;
      firstAssign ??= s.at;
    }
    if (s.action === 'accept' && s.data.deadline) deadline = new Date(String(s.data.deadline));
    if (s.action === 'extended' && s.data.deadline) deadline = new Date(String(s.data.deadline));
    // A direct answer is the reply, given as the call was logged: nothing was due yet.
    if (s.action === 'direct_answer') lastReplyOnTime = true;
    if (s.action === 'reply') lastReplyOnTime = !deadline || s.at.getTime() <= deadline.getTime();
    // The first callback actually made decides satisfaction; 无法回访 only if none was made.
    if (s.action === 'callback' && (!callback || callback === 'none')) callback = s.data.outcome as CallbackOutcome;
    if (s.to === 'closed' && s.from !== 'closed') closedAt = s.at;
  }
  const status = steps.at(-1)?.to ?? t.status;
  const closed = status === 'closed' || status === 'archived';
  return {
    id: t._id,
    unit: t.leadUnit ?? '',
    category: t.category,
    loggedDay: day(t.createdAt),
    accepted: status !== 'rejected' && status !== 'merged',
    assigned: Boolean(firstAssign),
    closed,
    onTime: closed && lastReplyOnTime,
    ...(callback ? { callback } : {}),
    returned: steps.some((s) => s.action === 'return'),
    redone: steps.some((s) => s.action === 'redo' || (s.action === 'callback' && s.data.outcome === 'unsatisfied')),
    ...(closed && firstAssign && closedAt ? { handlingDays: (closedAt.getTime() - firstAssign.getTime()) / 86_400_000 } : {}),
    direct: steps.some((s) => s.action === 'direct_answer'),
  };
}

export function figures(facts: TicketFacts[]): Figures {
  const accepted = facts.filter((f) => f.accepted);
  const closed = accepted.filter((f) => f.closed);
  const onTime = closed.filter((f) => f.onTime).length;
  const madeCallbacks = closed.filter((f) => f.callback && f.callback !== 'none');
  // A direct answer closed without any callback was not due one (CALLBACK_AFTER_DIRECT).
  const dueCallback = closed.filter((f) => !(f.direct && !f.callback));
  const satisfied = madeCallbacks.filter((f) => f.callback === 'satisfied' || f.callback === 'basically').length;
  const assigned = accepted.filter((f) => f.assigned);
  const returned = assigned.filter((f) => f.returned).length;
  const days = closed.map((f) => f.handlingDays).filter((d): d is number => d !== undefined);
  return {
    accepted: accepted.length,
    closed: closed.length,
    completionRate: rate(closed.length, accepted.length),
    onTime,
    onTimeRate: rate(onTime, closed.length),
    callbacks: madeCallbacks.length,
    satisfied,
    satisfactionRate: rate(satisfied, madeCallbacks.length),
    callbackRate: rate(madeCallbacks.length, dueCallback.length),
    assigned: assigned.length,
    returned,
    returnRate: rate(returned, assigned.length),
    redone: accepted.filter((f) => f.redone).length,
    averageHandlingDays: days.length ? days.reduce((a, b) => a + b, 0) / days.length : null,
    direct: accepted.filter((f) => f.direct).length,
  };
}

export const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
