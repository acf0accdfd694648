/**
 * The digest and report bench: an office of 300 units with 100,000 tickets (logged over 100
 * days) of which 5,000 are overdue; reports how long computing every head's overdue digest
 * takes (target < 2 s) and the weekly brief's figures (target < 1 s), with the indexes and
 * again without them; with ~5 transitions per ticket seeded (BENCH_DIGEST_TRANSITIONS), also one
 * ticket's transitions lookup (what every ticket button runs) and one week's `report export`.
 * Prints figures only.
 */
import { randomBytes } from 'node:crypto';
import { connectDatabase } from '../src/db/connect-database.js';
import { Directory } from '../src/directory/directory.js';
import { WorkCalendar } from '../src/calendar/work-calendar.js';
import { CalendarStore } from '../src/calendar/calendar-store.js';
import { createLogger } from '../src/lib/logger.js';
import { createModels, ensureIndexes } from '../src/models/create-models.js';
import { ReminderService } from '../src/reminders/reminder-service.js';
import { periodRange, ReportService } from '../src/reports/report-service.js';
import { reportXlsx } from '../src/reports/report-export.js';
import { openBenchDatabase } from './database.js';

const UNITS = Number(process.env.BENCH_DIGEST_UNITS ?? 300);
const TICKETS = Number(process.env.BENCH_DIGEST_TICKETS ?? 100_000);
const OVERDUE = Number(process.env.BENCH_DIGEST_OVERDUE ?? 5_000);
/** Ticket transitions to seed: a year of real use has about 5 per ticket. */
const TRANSITIONS = Number(process.env.BENCH_DIGEST_TRANSITIONS ?? TICKETS * 5);
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
  progress(`seeding ${TICKETS} tickets (${OVERDUE} overdue)`);
  const batch = 5_000;
  for (let start = 0; start < TICKETS; start += batch) {
    const docs = Array.from({ length: Math.min(batch, TICKETS - start) }, (_, k) => {
      const i = start + k;
      const overdue = i < OVERDUE;
      const closed = !overdue && i % 3 !== 0;
      return {
        _id: `ZX-20261101-${String(i).padStart(6, '0')}`,
        intakeKey: `bench-${i}`,
        intakeBy: 'ou_clerk',
        callerName: '',
        phone: '',
        anonymous: true,
        channel: 'phone',
        category: 'help',
        content: `测试工单 ${i}`,
        place: '',
        urgency: 'normal',
        createdAt: new Date(now.getTime() - ((i % 100) + 1) * DAY + (i % 1000) * 1000), // spread over 100 days
        possibleRepeats: [],
        status: closed ? 'closed' : 'handling',
        version: 3,
        leadUnit: `u${i % UNITS}`,
        coUnits: [],
        deadline: new Date(now.getTime() + (overdue ? -((i % 20) + 1) * DAY : 10 * DAY)),
        updatedAt: now,
      };
    });
    await models.tickets.collection.insertMany(docs as never[], { ordered: false });
    if ((start / batch) % 4 === 3) progress(`  ${start + docs.length} tickets`);
  }

  // Transitions as a year of use leaves them: a closed ticket went register → assign → accept →
  // progress… → reply → review_accept → callback → archive; an open one stopped at handling.
  progress(`seeding ${TRANSITIONS} transitions`);
  const closedFlow = [['register', null, 'registered'], ['assign', 'registered', 'assigned'], ['accept', 'assigned', 'handling'], ['reply', 'handling', 'replied'], ['review_accept', 'replied', 'callback'], ['callback', 'callback', 'callback'], ['archive', 'callback', 'closed']] as const;
  const openFlow = [['register', null, 'registered'], ['assign', 'registered', 'assigned'], ['accept', 'assigned', 'handling']] as const;
  const perTicket = TICKETS > 0 ? Math.floor(TRANSITIONS / TICKETS) : 0;
  const extra = TICKETS > 0 ? TRANSITIONS % TICKETS : 0;
  let pending: Record<string, unknown>[] = [];
  let seeded = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    await models.ticketTransitions.collection.insertMany(pending as never[], { ordered: false });
    seeded += pending.length;
    if (Math.floor(seeded / 100_000) !== Math.floor((seeded - pending.length) / 100_000)) progress(`  ${seeded} transitions`);
    pending = [];
  };
  for (let i = 0; i < TICKETS; i++) {
    const id = `ZX-20261101-${String(i).padStart(6, '0')}`;
    const overdue = i < OVERDUE;
    const closed = !overdue && i % 3 !== 0;
    const createdAt = new Date(now.getTime() - ((i % 100) + 1) * DAY + (i % 1000) * 1000);
    const deadline = new Date(now.getTime() + (overdue ? -((i % 20) + 1) * DAY : 10 * DAY));
    const flow = closed ? closedFlow : openFlow;
    const count = perTicket + (i < extra ? 1 : 0);
    for (let k = 0; k < count; k++) {
      // The flow's steps first; beyond them, progress notes (办理进展) before the last step.
      const step = k === count - 1 ? flow[flow.length - 1]! : k < flow.length - 1 ? flow[k]! : (['progress', 'handling', 'handling'] as const);
      const [action, from, to] = step;
      pending.push({
        _id: `${id}:${k + 1}`,
        ticket: id,
        seq: k + 1,
        action,
        from,
        to,
        by: k === 0 ? 'ou_clerk' : `ou_uh_${i % UNITS}`,
        at: new Date(createdAt.getTime() + k * 3_600_000),
        note: action === 'progress' ? '正在处理' : '',
        data: action === 'assign' ? { leadUnit: `u${i % UNITS}`, coUnits: [], deadline: deadline.toISOString(), urgency: 'normal', limitDays: 10 } : action === 'callback' ? { outcome: 'satisfied' } : {},
        caused: [],
      });
    }
    if (pending.length >= 10_000) await flush();
  }
  await flush();

  const calendarStore = new CalendarStore(models.calendarDays, { now: () => now });
  const reminders = new ReminderService({
    models,
    directory: new Directory(models, { now: () => now }),
    outbox: { enqueue: async () => undefined } as never,
    calendar: new WorkCalendar('Asia/Shanghai'),
    calendarStore,
    tickets: {} as never,
    supervision: {} as never,
    clock: { now: () => now },
    log: createLogger('silent'),
    tz: 'Asia/Shanghai',
    thresholds: { urge: 1, director: 3, report: 5 },
  });

  const measure = async (label: string) => {
    const runs: number[] = [];
    let recipients = 0;
    let items = 0;
    for (let r = 0; r < 3; r++) {
      const s = performance.now();
      const digests = await reminders.digests(now);
      runs.push(performance.now() - s);
      recipients = digests.size;
      items = [...digests.values()].reduce((n, m) => n + [...m.values()].reduce((k, l) => k + l.length, 0), 0);
    }
    runs.sort((a, b) => a - b);
    progress(`${label}: ${runs[1]!.toFixed(0)} ms`);
    return { label, medianMs: runs[1]!, recipients, itemLines: items };
  };
  const reports = new ReportService({ models, directory: new Directory(models, { now: () => now }), calendar: new WorkCalendar('Asia/Shanghai'), tz: 'Asia/Shanghai' });
  const week = periodRange('last-week', now, 'Asia/Shanghai')!;
  const measureWeekly = async (label: string) => {
    const runs: number[] = [];
    let tickets = 0;
    for (let r = 0; r < 3; r++) {
      const s0 = performance.now();
      const rep = await reports.report(week);
      runs.push(performance.now() - s0);
      tickets = rep.facts.length;
    }
    runs.sort((a, b) => a - b);
    progress(`weekly brief ${label}: ${runs[1]!.toFixed(0)} ms (${tickets} tickets in the week)`);
    return { medianMs: runs[1]!, tickets };
  };
  const weeklyWith = await measureWeekly('with indexes');
  // One ticket's transitions, as every ticket button loads them (ticket-service load()).
  const lookupRuns: number[] = [];
  for (let r = 0; r < 3; r++) {
    const s0 = performance.now();
    await models.ticketTransitions.find({ ticket: `ZX-20261101-${String((r * 7919) % Math.max(1, TICKETS)).padStart(6, '0')}` }).lean();
    lookupRuns.push(performance.now() - s0);
  }
  lookupRuns.sort((a, b) => a - b);
  progress(`one ticket's transitions: ${lookupRuns[1]!.toFixed(0)} ms`);
  // One week's report export (the CLI's default, xlsx): the ledger with its figures, written out.
  const exportRuns: number[] = [];
  let exported = 0;
  const unitNames = new Map((await models.units.find({}).lean()).map((u) => [u._id, u.name]));
  for (let r = 0; r < 2; r++) {
    const s0 = performance.now();
    const ledger = await reports.ledger(week);
    await reportXlsx(ledger, { unitName: (c: string) => unitNames.get(c) ?? c, tz: 'Asia/Shanghai' });
    exportRuns.push(performance.now() - s0);
    exported = ledger.report.facts.length;
  }
  const exportMs = Math.min(...exportRuns);
  progress(`one week's report export: ${exportMs.toFixed(0)} ms (${exported} tickets)`);
  const withIndexes = await measure('with indexes');
  const indexes = (await models.tickets.collection.indexes()).map((i) => i.name).filter((n) => n !== '_id_');
  const explain = (await models.tickets.collection.find({ status: { $in: ['assigned', 'handling'] }, deadline: { $lt: now } }).explain()) as Record<string, unknown>;
  for (const name of indexes) await models.tickets.collection.dropIndex(name!);
  await models.supervisionItems.collection.dropIndexes();
  const without = await measure('without indexes');
  await models.tickets.collection.dropIndexes().catch(() => undefined);
  const weeklyWithout = await measureWeekly('without indexes');

  process.stdout.write(
    [
      '',
      `Digest run: ${UNITS} units, ${TICKETS.toLocaleString('en')} tickets, ${OVERDUE.toLocaleString('en')} overdue, ${seeded.toLocaleString('en')} transitions; ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB'}`,
      'run                 all digests (median of 3)   recipients   item lines   target < 2 s',
      `${withIndexes.label.padEnd(20)}${`${withIndexes.medianMs.toFixed(0)} ms`.padStart(24)}${String(withIndexes.recipients).padStart(13)}${String(withIndexes.itemLines).padStart(13)}   ${withIndexes.medianMs < 2000 ? 'yes' : 'NO'}`,
      `${without.label.padEnd(20)}${`${without.medianMs.toFixed(0)} ms`.padStart(24)}${String(without.recipients).padStart(13)}${String(without.itemLines).padStart(13)}`,
      `weekly brief (last week, ${weeklyWith.tickets.toLocaleString('en')} tickets of ${TICKETS.toLocaleString('en')}): ${weeklyWith.medianMs.toFixed(0)} ms with indexes, ${weeklyWithout.medianMs.toFixed(0)} ms without; target < 1 s: ${weeklyWith.medianMs < 1000 ? 'yes' : 'NO'}`,
      `one ticket's transitions (find({ticket}), run by every ticket button; median of 3): ${lookupRuns[1]!.toFixed(0)} ms; target < 2 s for the whole card answer: ${lookupRuns[1]! < 2000 ? 'yes' : 'NO'}`,
      `one week's report export (ledger + xlsx, ${exported.toLocaleString('en')} tickets; best of 2): ${exportMs.toFixed(0)} ms`,
      `indexes on tickets: ${indexes.join(', ')}; the overdue query uses status_1_deadline_1 and the weekly one createdAt_1 on MongoDB (the plan below is what this database reports).`,
      `query plan: ${JSON.stringify((explain.queryPlanner as Record<string, unknown> | undefined)?.winningPlan ?? explain).slice(0, 300)}`,
      '',
    ].join('\n'),
  );
  await conn.dropDatabase();
  await conn.close();
} finally {
  await db.close();
}
