/**
 * The digest and report bench: an office of 300 units with 100,000 tickets (logged over 100
 * days) of which 5,000 are overdue, seeded in the data layout the service writes (the steps on
 * each ticket, ticket_transitions, open_items, ticket_keys). It times every head's overdue digest
 * (target < 2 s), one ticket's load and one button (签收-like: what every card click runs), repeat
 * detection at intake, the weekly brief's figures from scratch and one week's `report export`.
 * Prints figures only.
 */
import { randomBytes } from 'node:crypto';
import { connectDatabase } from '../src/db/connect-database.js';
import { Directory } from '../src/directory/directory.js';
import { WorkCalendar } from '../src/calendar/work-calendar.js';
import { CalendarStore } from '../src/calendar/calendar-store.js';
import { createLogger } from '../src/lib/logger.js';
import { createModels, ensureIndexes } from '../src/models/create-models.js';
import type { OpenItemDoc } from '../src/models/open-item.js';
import type { TicketAction, TicketDoc, TicketTransitionDoc } from '../src/models/ticket.js';
import { encodeOpenItem, openItemOf } from '../src/tickets/open-item-of.js';
import { repeatKeys } from '../src/tickets/repeat-keys.js';
import { REPEAT_DAYS } from '../src/tickets/ticket-keys.js';
import { ticketCollections, TicketService } from '../src/tickets/ticket-service.js';
import { foldTicket } from '../src/tickets/ticket-state.js';
import { ticketWithSteps } from '../src/tickets/ticket-steps.js';
import type { TicketStatus } from '../src/tickets/ticket-types.js';
import { ReminderService } from '../src/reminders/reminder-service.js';
import { periodRange, ReportService } from '../src/reports/report-service.js';
import { reportXlsx } from '../src/reports/report-export.js';
import { TicketRollups } from '../src/reports/ticket-rollups.js';
import { timeRollupFigures } from './time-rollup-figures.js';
import { openBenchDatabase } from './database.js';

const UNITS = Number(process.env.BENCH_DIGEST_UNITS ?? 300);
const TICKETS = Number(process.env.BENCH_DIGEST_TICKETS ?? 100_000);
const OVERDUE = Number(process.env.BENCH_DIGEST_OVERDUE ?? 5_000);
/** Tickets logged within this many days are still open (besides the overdue ones). */
const OPEN_DAYS = Number(process.env.BENCH_DIGEST_OPEN_DAYS ?? 10);
const t0 = performance.now();
const progress = (msg: string) => process.stderr.write(`[digest ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);

const db = await openBenchDatabase(progress);
try {
  const conn = await connectDatabase(db.uriFor(`digest_${randomBytes(3).toString('hex')}`));
  const models = createModels(conn);
  await ensureIndexes(models);
  const now = new Date('2026-11-23T01:00:00Z'); // a Monday, 09:00 in Shanghai
  const DAY = 86_400_000;

  progress(`seeding ${UNITS} units, their heads and handlers`);
  const heads = 30;
  await models.units.insertMany(
    Array.from({ length: UNITS }, (_, i) => ({ _id: `u${i}`, name: `单位${i}`, kind: 'department', sectionHeads: [`ou_sh_${i % heads}`], active: true, updatedAt: now })),
  );
  await models.people.insertMany([
    ...Array.from({ length: heads }, (_, i) => ({ _id: `ou_sh_${i}`, name: `科长${i}`, title: '', phone: '', unit: '', roles: ['section_head'], active: true, source: 'import', updatedAt: now })),
    ...Array.from({ length: UNITS }, (_, i) => ({ _id: `ou_uh_${i}`, name: `负责人${i}`, title: '', phone: '', unit: `u${i}`, roles: ['unit_head'], active: true, source: 'import', updatedAt: now })),
  ]);
  // Each ticket as the service leaves it, built by the same pure functions it writes with: its
  // transitions (the exactly-once log), the ticket document carrying them as steps with its cached
  // state, its open_items row while open, and its ticket_keys entries for the last 30 days. An
  // archived ticket went register → assign → accept → reply → review_accept → callback → archive;
  // an open one is in hand (accepted, with a progress note). Tickets are logged over 100 days; the
  // first OVERDUE are overdue, and the rest logged within the last OPEN_DAYS days are still open
  // (a time limit is at most 13 working days: nothing logged 100 days ago is open and not overdue).
  progress(`seeding ${TICKETS} tickets (${OVERDUE} overdue, open when logged in the last ${OPEN_DAYS} days)`);
  const idOf = (i: number) => `ZX-20261101-${String(i).padStart(6, '0')}`;
  const keyEntries = new Map<string, { id: string; at: Date }[]>();
  let seeded = 0;
  let openRows = 0;
  const batch = 2_000;
  for (let start = 0; start < TICKETS; start += batch) {
    const docs: TicketDoc[] = [];
    const steps: TicketTransitionDoc[] = [];
    const rows: OpenItemDoc[] = [];
    for (let i = start; i < Math.min(TICKETS, start + batch); i++) {
      const ageDays = (i % 100) + 1;
      const createdAt = new Date(now.getTime() - ageDays * DAY + (i % 1000) * 1000);
      const overdue = i < OVERDUE;
      const open = overdue || ageDays <= OPEN_DAYS;
      const unit = `u${i % UNITS}`;
      const deadline = new Date(now.getTime() + (overdue ? -((i % 20) + 1) * DAY : 10 * DAY));
      const base: TicketDoc = {
        _id: idOf(i),
        intakeKey: `bench-${i}`,
        intakeBy: 'ou_clerk',
        callerName: '',
        phone: `138${String(i % 40_000).padStart(8, '0')}`,
        anonymous: false,
        channel: 'phone',
        category: 'help',
        content: `测试工单 ${i}`,
        place: `幸福小区${i % 5_000}号楼`,
        urgency: 'normal',
        createdAt,
        possibleRepeats: [],
        status: 'registered',
        version: 1,
        coUnits: [],
        updatedAt: createdAt,
      };
      type Step = [TicketAction, TicketStatus | null, TicketStatus, Record<string, unknown>];
      const rest: Step[] = open
        ? [['progress', 'handling', 'handling', {}]]
        : [
            ['reply', 'handling', 'replied', { result: '已处理', reply: '已电话告知' }],
            ['review_accept', 'replied', 'callback', {}],
            ['callback', 'callback', 'closed', { outcome: 'satisfied' }],
            ['archive', 'closed', 'archived', {}],
          ];
      const flow: Step[] = [
        ['register', null, 'registered', {}],
        ['assign', 'registered', 'assigned', { leadUnit: unit, coUnits: [], deadline: deadline.toISOString(), urgency: 'normal', limitDays: 10 }],
        ['accept', 'assigned', 'handling', {}],
        ...rest,
      ];
      const timeline: TicketTransitionDoc[] = flow.map(([action, from, to, data], k) => ({
        _id: `${base._id}:${k + 1}`,
        ticket: base._id,
        seq: k + 1,
        action,
        from,
        to,
        by: k === 0 ? 'ou_clerk' : `ou_uh_${i % UNITS}`,
        at: new Date(createdAt.getTime() + k * 3_600_000),
        note: action === 'progress' ? '正在处理' : '',
        data,
        caused: [],
      }));
      const state = foldTicket(timeline);
      docs.push(ticketWithSteps(base, state, timeline.at(-1)!.at));
      steps.push(...timeline);
      const row = openItemOf(base, state);
      if (row) rows.push(row);
      if (now.getTime() - createdAt.getTime() <= REPEAT_DAYS * DAY) for (const key of repeatKeys(base)) keyEntries.set(key, [...(keyEntries.get(key) ?? []), { id: base._id, at: createdAt }]);
    }
    await models.tickets.collection.insertMany(docs as never[], { ordered: false });
    await models.ticketTransitions.collection.insertMany(steps as never[], { ordered: false });
    if (rows.length) await models.openItems.collection.insertMany(rows.map(encodeOpenItem) as never[], { ordered: false });
    seeded += steps.length;
    openRows += rows.length;
    if ((start / batch) % 10 === 9) progress(`  ${start + docs.length} tickets, ${seeded} transitions`);
  }
  const keyDocs = [...keyEntries].map(([_id, tickets]) => ({ _id, tickets }));
  for (let k = 0; k < keyDocs.length; k += 5_000) await models.ticketKeys.collection.insertMany(keyDocs.slice(k, k + 5_000) as never[], { ordered: false });
  progress(`seeded ${seeded} transitions, ${openRows} open_items rows, ${keyDocs.length} ticket_keys`);

  const clock = { now: () => now };
  const calendar = new WorkCalendar('Asia/Shanghai');
  const calendarStore = new CalendarStore(models.calendarDays, clock);
  const directory = new Directory(models, clock);
  const log = createLogger('silent');
  const outbox = { enqueue: async () => undefined } as never;
  const tickets = new TicketService({
    ...ticketCollections(models),
    directory,
    outbox,
    approvals: {} as never,
    calendar,
    clock,
    log,
    tz: 'Asia/Shanghai',
    prefix: 'ZX',
    rollups: new TicketRollups({ rollups: models.ticketRollups, steps: models.ticketRollupSteps, calendar }),
  });
  const reminders = new ReminderService({ models, directory, outbox, calendar, calendarStore, tickets, supervision: {} as never, clock, log, tz: 'Asia/Shanghai', thresholds: { urge: 1, director: 3, report: 5 } });

  /** Median (and all runs) of `runs` timings of `fn`. */
  const time = async <T>(label: string, runs: number, fn: (r: number) => Promise<T>): Promise<{ medianMs: number; last: T }> => {
    const ms: number[] = [];
    let last: T | undefined;
    for (let r = 0; r < runs; r++) {
      const s0 = performance.now();
      last = await fn(r);
      ms.push(performance.now() - s0);
    }
    ms.sort((a, b) => a - b);
    progress(`${label}: ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms (median of ${runs})`);
    return { medianMs: ms[Math.floor(ms.length / 2)]!, last: last as T };
  };

  const digests = await time('all overdue digests', 3, () => reminders.digests(now));
  const recipients = digests.last.size;
  const itemLines = [...digests.last.values()].reduce((n, m) => n + [...m.values()].reduce((k, l) => k + l.length, 0), 0);
  // One ticket's load (what every ticket button runs first), on open and archived tickets alike.
  const load = await time("one ticket's load", 7, (r) => tickets.load(idOf((r * 7919) % Math.max(1, TICKETS))));
  // One button on an open card (a progress note: insert, read back, update, plan the cards).
  const openIds = (await tickets.openItems.tickets()).slice(0, 5);
  const button = await time('one button (办理进展 on an open ticket)', openIds.length, async (r) => {
    const { item, unit } = openIds[r]!;
    const loaded = (await tickets.load(item))!;
    const out = await tickets.act({ id: item, version: loaded.state.version, op: 'progress', by: `ou_uh_${unit!.slice(1)}`, form: { note: '继续办理' } });
    if (out.kind !== 'done') throw new Error(`the button was not taken: ${JSON.stringify(out).slice(0, 200)}`);
    return out;
  });
  // Repeat detection at intake: the phone's and the place's keys, by _id.
  const repeats = await time('repeat detection (phone and place)', 5, (r) => tickets.keys.repeats({ phone: `138${String(r * 11).padStart(8, '0')}`, place: `幸福小区${r * 11}号楼` }, now));

  const reports = new ReportService({ models, directory, calendar, tz: 'Asia/Shanghai' });
  const week = periodRange('last-week', now, 'Asia/Shanghai')!;
  const weekly = await time('weekly brief from scratch (the tickets of the week)', 1, () => reports.report(week));
  // The rollups (which the ledger also takes its tickets from), built and read as the bot does.
  const seededDays = { from: new Date(now.getTime() - 101 * DAY), to: now, label: { zh: '', en: '' } };
  const rollupLines = await timeRollupFigures({ reports, models, directory, outbox, calendar, tz: 'Asia/Shanghai', now, seeded: seededDays, week, fromScratch: weekly.last, time });
  // One week's report export (the CLI's default, xlsx): the ledger with its figures, written out.
  const unitNames = new Map((await models.units.find({}).lean()).map((u) => [u._id, u.name]));
  const exported = await time("one week's report export", 2, async () => {
    const ledger = await reports.ledger(week);
    await reportXlsx(ledger, { unitName: (c: string) => unitNames.get(c) ?? c, tz: 'Asia/Shanghai' });
    return ledger.report.facts.length;
  });

  const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
  process.stdout.write(
    [
      '',
      `Digest run: ${UNITS} units, ${TICKETS.toLocaleString('en')} tickets (${OVERDUE.toLocaleString('en')} overdue, ${openRows.toLocaleString('en')} open), ${seeded.toLocaleString('en')} transitions; ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB'}`,
      `all overdue digests (open_items, median of 3): ${digests.medianMs.toFixed(0)} ms, ${recipients} recipients, ${itemLines} item lines; target < 2 s: ${yes(digests.medianMs < 2000)}`,
      `one ticket's load (findById + probe, run by every ticket button; median of 7): ${load.medianMs.toFixed(1)} ms`,
      `one button, 办理进展 (load, insert, read back, update, open_items, cards planned; median of ${openIds.length}): ${button.medianMs.toFixed(0)} ms; target < 2 s for the whole card answer: ${yes(button.medianMs < 2000)}`,
      `repeat detection at intake (ticket_keys by _id; median of 5): ${repeats.medianMs.toFixed(1)} ms`,
      `weekly brief from scratch (last week, ${weekly.last.facts.length.toLocaleString('en')} tickets of ${TICKETS.toLocaleString('en')}; one run): ${weekly.medianMs.toFixed(0)} ms`,
      ...rollupLines,
      `one week's report export (ledger + xlsx, ${exported.last.toLocaleString('en')} tickets; median of 2): ${exported.medianMs.toFixed(0)} ms`,
      '',
    ].join('\n'),
  );
  await conn.dropDatabase();
  await conn.close();
} finally {
  await db.close();
}
