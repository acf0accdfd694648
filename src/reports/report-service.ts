import type { WorkCalendar } from '../calendar/work-calendar.js';
import type { Directory, Person } from '../directory/directory.js';
import dayjs from '../lib/dayjs.js';
import type { Models } from '../models/create-models.js';
import { CATEGORY_LABELS } from '../tickets/ticket-types.js';
import type { TicketDoc, TicketTransitionDoc } from '../models/ticket.js';
import { figures, ticketFacts, type Figures, type TicketFacts } from './ticket-figures.js';
import { ledgerEntry, type LedgerEntry } from './ticket-ledger.js';
import { TicketRollups } from './ticket-rollups.js';
import { forEachPooled } from '../lib/for-each-pooled.js';
import { stepsOf } from '../tickets/ticket-steps.js';
import { readTimeline } from '../tickets/ticket-timeline.js';

/** How many tickets a ledger reads at once (by `_id`). */
const LOAD_CONCURRENCY = 8;

export interface Range {
  from: Date;
  to: Date;
  label: { zh: string; en: string };
}

export interface ReportFilter {
  /** Lead units to keep; null or absent for all. */
  units?: string[] | null;
  categories?: string[];
}

export interface Report {
  range: Range;
  overall: Figures;
  byUnit: { unit: string; name: string; figures: Figures }[];
  byCategory: { category: string; name: string; figures: Figures }[];
  intakePerDay: { day: string; count: number }[];
  facts: TicketFacts[];
}

/** The report's periods, in the office's time zone. */
export function periodRange(period: string, now: Date, tz: string): Range | null {
  const local = dayjs(now).tz(tz);
  const startOfDay = (d: dayjs.Dayjs) => dayjs.tz(d.format('YYYY-MM-DD 00:00:00'), tz);
  switch (period) {
    case '上周':
    case 'last-week': {
      const monday = startOfDay(local.subtract((local.day() + 6) % 7, 'day'));
      return { from: monday.subtract(7, 'day').toDate(), to: monday.toDate(), label: { zh: '上周', en: 'Last week' } };
    }
    case '上月':
    case 'last-month': {
      const first = startOfDay(local.date(1));
      return { from: first.subtract(1, 'month').toDate(), to: first.toDate(), label: { zh: `${first.subtract(1, 'month').format('YYYY年M月')}`, en: 'Last month' } };
    }
    case '本月':
    case 'this-month':
      return { from: startOfDay(local.date(1)).toDate(), to: now, label: { zh: `${local.format('YYYY年M月')}（至今）`, en: 'This month' } };
    case '今年':
    case 'this-year':
      return { from: dayjs.tz(`${local.year()}-01-01 00:00:00`, tz).toDate(), to: now, label: { zh: `${local.year()}年（至今）`, en: 'This year' } };
    default:
      return null;
  }
}

/**
 * The report service: the figures for any period, units and categories, read from the rollups
 * kept at every ticket step (`summary`, the ledger's list of tickets) or computed from scratch
 * from the tickets logged in the period (`report`: the definition, `report rebuild`). The
 * arithmetic happens here, so it runs the same on MongoDB and FerretDB, which lacks most
 * aggregation stages.
 */
export class ReportService {
  /** The figures kept as work happens (ticket_rollups): what 报表, the weekly brief and the bulletin read. */
  readonly rollups: TicketRollups;

  constructor(private readonly deps: { models: Models; directory: Directory; calendar: WorkCalendar; tz: string }) {
    this.rollups = new TicketRollups({ rollups: deps.models.ticketRollups, steps: deps.models.ticketRollupSteps, calendar: deps.calendar });
  }

  /** The units a person may see figures for: null for all (leaders, the director, admins). */
  async scope(viewer: Person): Promise<string[] | null> {
    if (['leader', 'director', 'admin'].some((r) => viewer.roles.includes(r as never))) return null;
    const units = new Set<string>();
    if (viewer.roles.includes('section_head')) for (const u of await this.deps.directory.unitsOverseenBy(viewer.openId)) units.add(u.code);
    if (viewer.roles.includes('unit_head') && viewer.unit) units.add(viewer.unit);
    return [...units];
  }

  /**
   * The figures from the rollups (ticket_rollups, kept at every step): the period's days read by
   * `_id`, never the tickets. Equal to `report` (a test holds them together).
   */
  async summary(range: Range, filter: ReportFilter = {}): Promise<Report> {
    return this.summarise(range, await this.rollups.facts(range, filter));
  }

  /** The figures of `report` for fewer units (a unit head's page of the bulletin), without reading anything again. */
  narrow(report: Report, units: string[]): Report {
    const names = new Map(report.byUnit.map((u) => [u.unit, u.name]));
    return summariseFacts(report.range, report.facts.filter((f) => units.includes(f.unit)), names);
  }

  /** The figures from scratch: every ticket logged in the period and its transitions (the definition the rollups are held to; `report rebuild`). */
  async report(range: Range, filter: ReportFilter = {}): Promise<Report> {
    const { tickets, byTicket } = await this.load(range, filter);
    return this.summarise(range, tickets.map((t) => this.facts(t, byTicket)));
  }

  /** Writes every ticket logged in the period into the rollups again, from its transitions: how many tickets. */
  async rebuild(range: Range): Promise<number> {
    const { tickets, byTicket } = await this.load(range, {});
    await this.rollups.rebuild(tickets.map((ticket) => ({ ticket, timeline: byTicket.get(ticket._id) ?? [] })));
    return tickets.length;
  }

  /**
   * The report and, for each ticket, its ledger line (台账): what `report export` and `报表 导出`
   * write. Which tickets: the ones the period's rollups name (the period's days by `_id`, not a
   * scan of every ticket); each is then read by `_id` with the steps it carries.
   */
  async ledger(range: Range, filter: ReportFilter = {}): Promise<{ report: Report; entries: LedgerEntry[] }> {
    const ids = (await this.rollups.facts(range, filter)).map((f) => f.id);
    const tickets: TicketDoc[] = [];
    await forEachPooled(ids, LOAD_CONCURRENCY, async (id) => {
      const t = await this.deps.models.tickets.findById(id).lean();
      if (t) tickets.push(t);
    });
    const byTicket = await this.timelines(tickets);
    const facts = tickets.map((t) => this.facts(t, byTicket));
    const entries = tickets.map((t, i) => ledgerEntry(t, byTicket.get(t._id) ?? [], facts[i]!));
    entries.sort((a, b) => a.loggedAt.getTime() - b.loggedAt.getTime() || a.id.localeCompare(b.id));
    return { report: await this.summarise(range, facts), entries };
  }

  private facts(t: TicketDoc, byTicket: Map<string, TicketTransitionDoc[]>): TicketFacts {
    return ticketFacts(t, byTicket.get(t._id) ?? [], (d) => this.deps.calendar.day(d));
  }

  /**
   * The tickets logged in the period (and scope) with their transitions: one query, the steps
   * coming with each ticket. A ticket whose steps fall short of its version (from before `steps`)
   * has its timeline read by `_id` (ticket_transitions `<ticket>:<seq>`).
   */
  private async load(range: Range, filter: ReportFilter) {
    const { models } = this.deps;
    const query: Record<string, unknown> = { createdAt: { $gte: range.from, $lt: range.to } };
    if (filter.units) query.leadUnit = { $in: filter.units };
    if (filter.categories?.length) query.category = { $in: filter.categories };
    const tickets = await models.tickets.find(query).lean();
    return { tickets, byTicket: await this.timelines(tickets) };
  }

  /** Each ticket's timeline: the steps it carries, or read by `_id` when they fall short of its version. */
  private async timelines(tickets: TicketDoc[]): Promise<Map<string, TicketTransitionDoc[]>> {
    const byTicket = new Map<string, TicketTransitionDoc[]>();
    const short: TicketDoc[] = [];
    for (const t of tickets) {
      const steps = stepsOf(t);
      if ((steps.at(-1)?.seq ?? 0) < t.version) short.push(t);
      else byTicket.set(t._id, steps);
    }
    for (let i = 0; i < short.length; i += 16) {
      await Promise.all(short.slice(i, i + 16).map(async (t) => byTicket.set(t._id, (await readTimeline(this.deps.models.ticketTransitions, t)).timeline)));
    }
    return byTicket;
  }

  private async summarise(range: Range, facts: TicketFacts[]): Promise<Report> {
    const unitNames = new Map((await this.deps.directory.units({ includeInactive: true })).map((u) => [u.code, u.name]));
    return summariseFacts(range, facts, unitNames);
  }
}

/** The report of `unordered` (pure): the figures overall, by unit, by category and per day. */
function summariseFacts(range: Range, unordered: TicketFacts[], unitNames: Map<string, string>): Report {
  // By ticket number, so the figures (sums of fractions of days too) do not depend on read order.
  const facts = [...unordered].sort((a, b) => a.id.localeCompare(b.id));
  const group = <K extends string>(key: (f: TicketFacts) => K) => {
    const m = new Map<K, TicketFacts[]>();
    for (const f of facts) {
      const k = key(f);
      const list = m.get(k);
      if (list) list.push(f);
      else m.set(k, [f]);
    }
    return m;
  };
  const byUnit = [...group((f) => f.unit)].filter(([u]) => u).map(([unit, fs]) => ({ unit, name: unitNames.get(unit) ?? unit, figures: figures(fs) }));
  byUnit.sort((a, b) => (b.figures.onTimeRate ?? -1) - (a.figures.onTimeRate ?? -1) || b.figures.closed - a.figures.closed || a.unit.localeCompare(b.unit));
  const byCategory = [...group((f) => f.category)].map(([category, fs]) => ({ category, name: CATEGORY_LABELS[category as keyof typeof CATEGORY_LABELS]?.zh ?? category, figures: figures(fs) }));
  const perDay = group((f) => f.loggedDay as string);
  const intakePerDay = [...perDay].map(([day, fs]) => ({ day, count: fs.length })).sort((a, b) => a.day.localeCompare(b.day));
  return { range, overall: figures(facts), byUnit, byCategory, intakePerDay, facts };
}
