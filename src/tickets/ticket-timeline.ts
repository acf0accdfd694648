import type { TicketDoc, TicketTransitionDoc, TicketTransitionModel } from '../models/ticket.js';
import { stepsOf } from './ticket-steps.js';

/**
 * A ticket's whole timeline from `_id` lookups alone: the steps its document carries, any seq
 * missing among them (a copy lost to a concurrent update on FerretDB, which applies updates as
 * read-then-write), and the steps after the last one (`<ticket>:<max + 1>` and on while found:
 * a writer that stopped, or is still, between its insert and its copy; a ticket from before
 * `steps` starts at 1). `found` are the steps read from ticket_transitions: the ones the
 * document should be given.
 */
export async function readTimeline(transitions: TicketTransitionModel, ticket: Pick<TicketDoc, '_id' | 'steps'>): Promise<{ timeline: TicketTransitionDoc[]; found: TicketTransitionDoc[] }> {
  const carried = stepsOf(ticket);
  const have = new Set(carried.map((s) => s.seq));
  const last = carried.at(-1)?.seq ?? 0;
  const gaps: number[] = [];
  for (let seq = 1; seq < last; seq++) if (!have.has(seq)) gaps.push(seq);
  const byId = async (seq: number) => (await transitions.findById(`${ticket._id}:${seq}`).lean()) as TicketTransitionDoc | null;
  const found: TicketTransitionDoc[] = [];
  for (const t of await Promise.all(gaps.map(byId))) if (t) found.push(t);
  for (let seq = last + 1; ; seq++) {
    const next = await byId(seq);
    if (!next) break;
    found.push(next);
  }
  return { timeline: [...carried, ...found].sort((a, b) => a.seq - b.seq), found };
}
