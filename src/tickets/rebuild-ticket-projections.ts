import type { Models } from '../models/create-models.js';
import { OpenItems } from './open-items.js';
import { PastAnswers } from './past-answers.js';
import { TicketKeys } from './ticket-keys.js';

export interface ProjectionCounts {
  /** Open tickets now in open_items. */
  open: number;
  /** Rows removed: tickets no longer open. */
  removed: number;
  /** Tickets of the last 30 days filed in ticket_keys. */
  keyed: number;
  /** Closed tickets whose accepted reply is in past_answers (the answers 登记 suggests). */
  answers: number;
}

/**
 * open_items, ticket_keys and past_answers made again from the tickets (a scan of each kind): for a database
 * from before them (`govdesk open-items rebuild`, and the bot at start-up when open_items is
 * empty while tickets are open). Idempotent: a running bot may keep writing meanwhile.
 */
export async function rebuildTicketProjections(models: Models, now: Date): Promise<ProjectionCounts> {
  const openItems = new OpenItems({ openItems: models.openItems, tickets: models.tickets, transitions: models.ticketTransitions });
  const keys = new TicketKeys({ keys: models.ticketKeys, tickets: models.tickets });
  const { open, removed } = await openItems.rebuild();
  const keyed = await keys.rebuild(now);
  const answers = await new PastAnswers({ answers: models.pastAnswers, clock: { now: () => now } }).rebuild(models.tickets, models.ticketTransitions);
  return { open, removed, keyed, answers };
}

/** The start-up check: rebuilt only when open_items is empty while some ticket is open. */
export async function rebuildTicketProjectionsIfEmpty(models: Models, now: Date): Promise<ProjectionCounts | null> {
  const openItems = new OpenItems({ openItems: models.openItems, tickets: models.tickets, transitions: models.ticketTransitions });
  if (!(await openItems.needsRebuild())) return null;
  return rebuildTicketProjections(models, now);
}
