import type { OpenItemDoc, OpenItemRecord } from '../models/open-item.js';
import type { TicketDoc } from '../models/ticket.js';
import { urgencyOf, type TicketState } from './ticket-state.js';
import type { TicketStatus } from './ticket-types.js';

/** States in which nobody has anything left to do: the ticket leaves open_items. */
export const FINISHED: readonly TicketStatus[] = ['archived', 'merged', 'rejected'];

export const openItemId = (ticket: string) => `ticket:${ticket}`;

/** A ticket's open_items row as of `state` (pure), or null once it is finished. */
export function openItemOf(ticket: Pick<TicketDoc, '_id' | 'content' | 'intakeBy' | 'urgency'>, state: TicketState): OpenItemDoc | null {
  if (FINISHED.includes(state.status)) return null;
  // A direct answer (直办) closed: nothing is left to do, not even 归档.
  if (state.status === 'closed' && state.direct) return null;
  return {
    _id: openItemId(ticket._id),
    kind: 'ticket',
    item: ticket._id,
    status: state.status,
    ...(state.leadUnit ? { unit: state.leadUnit } : {}),
    coUnits: state.coUnits,
    ...(state.deadline ? { deadline: state.deadline } : {}),
    ...((at) => (at ? { since: at } : {}))(statusSince(state)),
    title: ticket.content.slice(0, 200),
    owner: ticket.intakeBy,
    urgency: urgencyOf(ticket, state),
    v: state.version,
  };
}

/** When the ticket entered its current status: the step that changed the status last (notes within a state do not count). */
export function statusSince(state: TicketState): Date | undefined {
  const t = state.timeline;
  for (let i = t.length - 1; i >= 0; i--) if (t[i]!.from !== t[i]!.to || i === 0) return t[i]!.at;
  return undefined;
}

/** The row as stored (`{_id, d: <json>}`). */
export const encodeOpenItem = (row: OpenItemDoc): OpenItemRecord => ({ _id: row._id, d: JSON.stringify(row) });

/** The row as read back. */
export function decodeOpenItem(record: OpenItemRecord): OpenItemDoc {
  const row = JSON.parse(record.d) as OpenItemDoc & { deadline?: string; since?: string };
  const { deadline, since, ...rest } = row;
  return { ...rest, _id: record._id, ...(deadline ? { deadline: new Date(deadline) } : {}), ...(since ? { since: new Date(since) } : {}) };
}
