import type { Directory, Person, Unit } from '../directory/directory.js';
import { decide, type PolicyObject } from '../directory/policy.js';
import type { Clock } from '../lib/clock.js';
import type { TicketDoc, TicketModel, TicketTransitionModel } from '../models/ticket.js';
import { EXPORT_LIMIT, ticketExport, type TicketExport } from './ticket-export.js';
import { isOverdue } from './ticket-state.js';
import type { TicketQuery } from './ticket-query-words.js';

/** What a search reads of each ticket (never its steps): the list line, the match and the scope. */
export type TicketHit = Pick<TicketDoc, '_id' | 'status' | 'content' | 'place' | 'callerName' | 'phone' | 'anonymous' | 'createdAt' | 'deadline' | 'leadUnit' | 'coUnits' | 'intakeBy'>;

const PROJECTION = { _id: 1, status: 1, content: 1, place: 1, callerName: 1, phone: 1, anonymous: 1, createdAt: 1, deadline: 1, leadUnit: 1, coUnits: 1, intakeBy: 1 } as const;

export const PAGE_SIZE = 10;

export interface SearchPage {
  /** How many tickets match that the person may see. */
  total: number;
  /** 1-based, within 1..pages. */
  page: number;
  pages: number;
  items: TicketHit[];
}

/**
 * Who may see a ticket, as the policy decides it (`ticket.view`): its lead and co-units (their
 * handlers and heads), the section heads overseeing those units, the clerk who logged it, and
 * the office roles. The one rule for `查询 <number>`, searches, lists and exports.
 */
export function ticketViewObject(t: Pick<TicketDoc, 'leadUnit' | 'coUnits' | 'intakeBy'>, units: ReadonlyMap<string, Pick<Unit, 'sectionHeads'>>): PolicyObject {
  const codes = [t.leadUnit ?? '', ...(t.coUnits ?? [])].filter(Boolean);
  return { units: codes, overseers: [...new Set(codes.flatMap((c) => units.get(c)?.sectionHeads ?? []))], owner: t.intakeBy };
}

/**
 * How well a ticket matches the phones and words asked for: null when it does not; otherwise
 * the count of exact matches (the whole phone, the caller's name or the place word for word),
 * which ranks it before tickets matched only in part. An anonymous caller is never found by
 * phone or name (the ticket card hides them too): only by place and content.
 */
export function matchScore(t: Pick<TicketDoc, 'phone' | 'callerName' | 'place' | 'content'> & { anonymous?: boolean }, q: Pick<TicketQuery, 'phones' | 'terms'>): number | null {
  let exact = 0;
  const phone = t.anonymous ? '' : (t.phone ?? '').replace(/\D/g, '');
  for (const digits of q.phones) {
    if (phone === digits) exact++;
    else if (!phone || !phone.endsWith(digits)) return null;
  }
  const caller = t.anonymous ? '' : (t.callerName ?? '').toLowerCase();
  const place = (t.place ?? '').toLowerCase();
  const content = (t.content ?? '').toLowerCase();
  for (const term of q.terms) {
    const word = term.toLowerCase();
    if (caller === word || place === word) exact++;
    else if (!caller.includes(word) && !place.includes(word) && !content.includes(word)) return null;
  }
  return exact;
}

/**
 * `查询`, `工单 列表` and `工单 导出`: the tickets matching a query that the person may see, exact
 * matches first, then the newest. It reads the tickets collection with what can be filtered in
 * the database (states, period, urgency, unit) and a projection of the fields it needs: FerretDB
 * scans the collection for it, which a search a person asks for may afford (nothing a click or a
 * job waits for searches). Phones and words are matched here, the same on MongoDB and FerretDB.
 */
export class TicketSearch {
  constructor(
    private readonly deps: {
      tickets: TicketModel;
      transitions: TicketTransitionModel;
      directory: Directory;
      clock: Clock;
      /** The office's day of a time (YYYY-MM-DD), for the ledger's on-time figures. */
      day: (d: Date) => string;
      tz: string;
    },
  ) {}

  /** Every match the person may see, ranked. */
  async all(person: Person, q: TicketQuery): Promise<TicketHit[]> {
    const filter: Record<string, unknown> = {};
    if (q.statuses.length) filter.status = { $in: q.statuses };
    if (q.range) filter.createdAt = { $gte: q.range.from, $lt: q.range.to };
    // The urgency in force (set at 派单); tickets logged before it was kept have only the intake's.
    if (q.urgency) filter.$or = [{ currentUrgency: q.urgency }, { currentUrgency: { $exists: false }, urgency: q.urgency }];
    if (q.unit) filter.leadUnit = q.unit;
    const [docs, units] = await Promise.all([
      this.deps.tickets.find(filter, PROJECTION).lean() as Promise<TicketHit[]>,
      this.deps.directory.units({ includeInactive: true }),
    ]);
    const byCode = new Map(units.map((u) => [u.code, u]));
    const now = this.deps.clock.now();
    const scored: { t: TicketHit; score: number }[] = [];
    for (const t of docs) {
      if (q.overdue && !isOverdue(t, now)) continue;
      const score = matchScore(t, q);
      if (score === null) continue;
      if (!decide(person, 'ticket.view', ticketViewObject(t, byCode)).allowed) continue;
      scored.push({ t, score });
    }
    scored.sort((a, b) => b.score - a.score || b.t.createdAt.getTime() - a.t.createdAt.getTime() || b.t._id.localeCompare(a.t._id));
    return scored.map((s) => s.t);
  }

  /** One page (10 a page) of the matches; a page past the last shows the last. */
  async page(person: Person, q: TicketQuery, page: number): Promise<SearchPage> {
    const hits = await this.all(person, q);
    const pages = Math.max(1, Math.ceil(hits.length / PAGE_SIZE));
    const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
    return { total: hits.length, page: p, pages, items: hits.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE) };
  }

  /** 工单 导出: the matches (up to EXPORT_LIMIT, ranked as shown) with their timelines. */
  async export(person: Person, q: TicketQuery): Promise<{ total: number; file: TicketExport }> {
    const hits = await this.all(person, q);
    const { tickets, transitions, directory, day, tz } = this.deps;
    return { total: hits.length, file: await ticketExport({ tickets, transitions, directory, day, tz }, hits.slice(0, EXPORT_LIMIT)) };
  }
}
