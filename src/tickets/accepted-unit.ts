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

/** Steps by which a unit said the ticket is not theirs: 退回, and 申请改派 (issue 16, item 1). */
const DISOWNED = new Set<string>(['return', 'transfer_requested']);

/** The units that returned the ticket or asked to hand it on (not to be suggested again for it). */
export function returningUnits(timeline: TicketTransitionDoc[]): string[] {
  return [...new Set(timeline.filter((t) => DISOWNED.has(t.action) && typeof t.data?.unit === 'string').map((t) => String(t.data.unit)))];
}
