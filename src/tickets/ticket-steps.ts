import type { TicketDoc, TicketTransitionDoc } from '../models/ticket.js';
import { urgencyOf, type TicketState } from './ticket-state.js';

/**
 * A step as the ticket document carries it: the transition as JSON text. FerretDB 1.x reads a
 * nested document field by field (7 steps of 11 fields made a ticket six times slower to read
 * in any scan — lists, reports); one string per step costs little more than the flat ticket.
 */
export const encodeStep = (step: TicketTransitionDoc): string => JSON.stringify(step);

function decodeStep(ticket: string, text: string): TicketTransitionDoc {
  const s = JSON.parse(text) as TicketTransitionDoc & { at: string };
  return { ...s, _id: s._id ?? `${ticket}:${s.seq}`, ticket: s.ticket ?? ticket, at: new Date(s.at), from: s.from ?? null, note: s.note ?? '', data: s.data ?? {}, caused: s.caused ?? [] };
}

/** The steps a ticket document carries, oldest first, shaped as ticket_transitions holds them. */
export function stepsOf(ticket: Pick<TicketDoc, '_id' | 'steps'>): TicketTransitionDoc[] {
  return Object.values(ticket.steps ?? {})
    .map((text) => decodeStep(ticket._id, text))
    .sort((a, b) => a.seq - b.seq);
}

/** `$set` paths that copy `steps` onto the ticket document (`steps.<seq>`), one path each. */
export function stepPaths(steps: TicketTransitionDoc[]): Record<string, string> {
  return Object.fromEntries(steps.map((s) => [`steps.${s.seq}`, encodeStep(s)]));
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

/** The ticket document as written after `state`'s timeline (the bench seeds with it): cache and steps. */
export function ticketWithSteps(ticket: TicketDoc, state: TicketState, now: Date): TicketDoc {
  return { ...ticket, ...ticketCache(ticket, state, now), steps: Object.fromEntries(state.timeline.map((s) => [String(s.seq), encodeStep(s)])) };
}
