import type { TicketDoc, TicketTransitionDoc } from '../models/ticket.js';
import { urgencyOf, type TicketState } from './ticket-state.js';

/** The steps a ticket document carries, oldest first, shaped as ticket_transitions holds them. */
export function stepsOf(ticket: Pick<TicketDoc, '_id' | 'steps'>): TicketTransitionDoc[] {
  return Object.values(ticket.steps ?? {})
    .map((s) => ({ ...s, _id: s._id ?? `${ticket._id}:${s.seq}`, ticket: s.ticket ?? ticket._id, from: s.from ?? null, note: s.note ?? '', data: s.data ?? {}, caused: s.caused ?? [] }))
    .sort((a, b) => a.seq - b.seq);
}

/** `$set` paths that copy `steps` onto the ticket document (`steps.<seq>`), one path each. */
export function stepPaths(steps: TicketTransitionDoc[]): Record<string, TicketTransitionDoc> {
  return Object.fromEntries(steps.map((s) => [`steps.${s.seq}`, s]));
}

/** The cached state a ticket document carries for lists and queries (its `$set`). */
export function ticketCache(ticket: Pick<TicketDoc, 'urgency'>, state: TicketState, now: Date): Partial<TicketDoc> {
  return {
    status: state.status,
    version: state.version,
    coUnits: state.coUnits,
    updatedAt: now,
    ...(state.leadUnit ? { leadUnit: state.leadUnit } : {}),
    ...(state.deadline ? { deadline: state.deadline } : {}),
    ...(state.callback ? { callback: state.callback } : {}),
    currentUrgency: urgencyOf(ticket, state),
  };
}

/** The ticket document as written after `timeline` (the bench seeds with it): cache and steps. */
export function ticketWithSteps(ticket: TicketDoc, state: TicketState, now: Date): TicketDoc {
  return { ...ticket, ...ticketCache(ticket, state, now), steps: Object.fromEntries(state.timeline.map((s) => [String(s.seq), s])) };
}
