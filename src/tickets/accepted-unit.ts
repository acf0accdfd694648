import type { TicketTransitionDoc } from '../models/ticket.js';
import { foldTicket } from './ticket-state.js';

/**
 * The unit a ticket is learned under: the last unit that accepted it (签收). A unit that returned
 * it (退回) was a wrong guess and teaches nothing; after a transfer the unit that accepted it last
 * counts. Undefined while no unit has accepted it.
 */
export function acceptedUnit(timeline: TicketTransitionDoc[]): string | undefined {
  const steps = [...timeline].sort((a, b) => a.seq - b.seq);
  let unit: string | undefined;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i]!.action !== 'accept') continue;
    // The lead unit the ticket had when it was accepted, as the ticket's own fold says.
    unit = foldTicket(steps.slice(0, i + 1)).leadUnit ?? unit;
  }
  return unit;
}

/** The units that returned the ticket (not to be suggested again for it). */
export function returningUnits(timeline: TicketTransitionDoc[]): string[] {
  return [...new Set(timeline.filter((t) => t.action === 'return' && typeof t.data?.unit === 'string').map((t) => String(t.data.unit)))];
}
