import type { Clock } from '../lib/clock.js';
import type { PastAnswerDoc, PastAnswerModel } from '../models/past-answer.js';
import type { TicketDoc, TicketModel, TicketTransitionModel } from '../models/ticket.js';
import { foldTicket, type TicketState } from './ticket-state.js';
import { readTimeline } from './ticket-timeline.js';
import { TextIndex } from './similar-answers.js';

/** How long this process trusts its copy of past_answers (another replica's answers show up within it). */
const REFRESH_MS = 60_000;

/** A past answer as 登记 shows it. */
export type PastAnswer = Pick<PastAnswerDoc, '_id' | 'category' | 'content' | 'reply' | 'outcome' | 'at'> & { score: number };

/** The accepted reply of a ticket as of `state`: only after a callback of 满意 or 基本满意, with a reply. */
export function acceptedAnswer(ticket: Pick<TicketDoc, '_id' | 'category' | 'content' | 'place'>, state: TicketState): PastAnswerDoc | null {
  const callback = [...state.timeline].reverse().find((t) => t.action === 'callback');
  const outcome = callback?.data.outcome;
  if (!callback || (outcome !== 'satisfied' && outcome !== 'basically')) return null;
  if (!state.reply?.reply.trim() || !['closed', 'archived'].includes(state.status)) return null;
  return { _id: ticket._id, category: ticket.category, content: ticket.content, place: ticket.place, reply: state.reply.reply, outcome, at: callback.at };
}

/**
 * 答复知识库: the replies callers accepted, kept in past_answers (by `_id`, written when the
 * callback is recorded) and searched for calls like a new one. The search runs on this process's
 * copy of the collection (read whole at most once a minute, and updated at once by its own
 * callbacks), so 登记 never reads the tickets.
 */
export class PastAnswers {
  private index: TextIndex<PastAnswerDoc> | null = null;
  private loadedAt = 0;
  private loading: Promise<TextIndex<PastAnswerDoc>> | null = null;

  constructor(private readonly deps: { answers: PastAnswerModel; clock: Clock }) {}

  /** After a callback: the ticket's accepted reply stored (written again, it is the same row). */
  async record(ticket: TicketDoc, state: TicketState): Promise<boolean> {
    const row = acceptedAnswer(ticket, state);
    if (!row) return false;
    await this.deps.answers.replaceOne({ _id: row._id }, row, { upsert: true });
    this.index?.put(row._id, row);
    return true;
  }

  /** One accepted answer, by its ticket number. */
  async get(id: string): Promise<PastAnswerDoc | null> {
    return this.deps.answers.findById(id).lean();
  }

  /** Up to `limit` accepted answers to calls like `text`, most similar first. */
  async similar(text: string, limit = 3): Promise<PastAnswer[]> {
    const index = await this.current();
    return index.similar(text, { limit }).map(({ item, score }) => ({ _id: item._id, category: item.category, content: item.content, reply: item.reply, outcome: item.outcome, at: item.at, score }));
  }

  /** past_answers filled from the closed tickets (`open-items rebuild`): how many rows. */
  async rebuild(tickets: TicketModel, transitions: TicketTransitionModel): Promise<number> {
    let n = 0;
    for (const ticket of await tickets.find({ status: { $in: ['closed', 'archived'] }, callback: { $in: ['satisfied', 'basically'] } }).lean()) {
      if (await this.record(ticket, foldTicket((await readTimeline(transitions, ticket)).timeline))) n++;
    }
    this.index = null;
    return n;
  }

  private async current(): Promise<TextIndex<PastAnswerDoc>> {
    const now = this.deps.clock.now().getTime();
    if (this.index && now - this.loadedAt < REFRESH_MS) return this.index;
    this.loading ??= (async () => {
      try {
        const rows = await this.deps.answers.collection.find<PastAnswerDoc>({}).toArray();
        const index = new TextIndex<PastAnswerDoc>((a) => a.content);
        for (const r of rows) index.put(r._id, r);
        this.index = index;
        this.loadedAt = now;
        return index;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
