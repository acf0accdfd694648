import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config.js';
import dayjs from '../../src/lib/dayjs.js';
import { createLogger } from '../../src/lib/logger.js';
import type { Clock } from '../../src/lib/clock.js';
import { reportCard } from '../../src/cards/report-card.js';
import { cardContent } from '../../src/outbox/outgoing-message.js';
import { periodRange, type Report, type ReportFilter, type Range } from '../../src/reports/report-service.js';
import { TicketRollups } from '../../src/reports/ticket-rollups.js';
import type { Category } from '../../src/tickets/ticket-types.js';
import { seedPerson, seedUnit } from '../helpers/directory-fixtures.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

/**
 * The figures kept as work happens (ticket_rollups) are the figures computed from scratch: an
 * office of four units runs four weeks of tickets through the real ticket service — on time,
 * late, returned and re-assigned, redone by review and by an unsatisfied caller, extensions
 * granted and refused, every callback outcome, rejected, merged, archived, left open — and
 * every period and scope the leaders look at reads the same from the rollups as from the tickets.
 */
let t: TestBot;
let now = new Date('2026-10-19T01:00:00Z'); // Monday 09:00 in Shanghai
const clock: Clock = { now: () => now };
const H = 3600_000;
const tz = 'Asia/Shanghai';
const P = { clerk: 'ou_ru_clerk', dispatcher: 'ou_ru_dispatcher', director: 'ou_ru_director', dz: 'ou_ru_dz', zjj: 'ou_ru_zjj', xl: 'ou_ru_xl', nh: 'ou_ru_nh' };
const UNITS = ['dz', 'zjj', 'xl', 'nh'] as const;
const CATS: Category[] = ['help', 'complaint', 'consultation', 'suggestion', 'report', 'criticism'];
const SCENARIOS = ['closed-satisfied', 'closed-late', 'returned-reassigned', 'extension-granted', 'review-redo', 'unsatisfied-redo', 'anonymous-none', 'registered', 'rejected', 'merged', 'archived', 'extension-refused', 'handling-overdue', 'assigned', 'closed-basically', 'direct'] as const;
let seed = 7;
const rnd = (n: number) => ((seed = (seed * 48_271) % 2_147_483_647), seed % n);
const ids: string[] = [];

const act = async (id: string, op: string, by: string, form: Record<string, unknown> = {}, option?: string) => {
  const loaded = (await t.bot.tickets.load(id))!;
  const r = await t.bot.tickets.act({ id, version: loaded.state.version, op, by, form, ...(option ? { option } : {}) });
  expect(r.kind, `${id} ${op}: ${JSON.stringify(r.kind === 'refused' ? r.message : r.kind)}`).toBe('done');
  return r;
};
const later = (hours: number) => (now = new Date(now.getTime() + hours * H));
const deadlineOf = async (id: string) => (await t.bot.tickets.load(id))!.state.deadline!;

async function logCall(n: number, unitless: { anonymous?: boolean; outOfScope?: string; phone?: string; directAnswer?: string } = {}) {
  const r = await t.bot.tickets.intake({
    intake: { callerName: unitless.anonymous ? '' : `来电人${n}`, phone: unitless.anonymous ? '' : unitless.phone ?? `138${String(10_000_000 + n)}`, anonymous: Boolean(unitless.anonymous), channel: 'phone', category: CATS[n % CATS.length]!, content: `诉求 ${n}`, place: `地点 ${n}`, urgency: 'normal', outOfScope: (unitless.outOfScope ?? '') as never, ...(unitless.directAnswer ? { directAnswer: unitless.directAnswer } : {}) },
    by: P.clerk,
    key: `intake-${n}`,
  });
  if ('refused' in r) throw new Error(r.refused.zh);
  ids.push(r.ticket._id);
  return r.ticket._id;
}

/** One ticket, logged at `now`, taken through `scenario` with unit `unit`. */
async function run(n: number, scenario: (typeof SCENARIOS)[number], unit: (typeof UNITS)[number]) {
  const start = now;
  const other = UNITS[(UNITS.indexOf(unit) + 1) % UNITS.length]!;
  if (scenario === 'rejected') return logCall(n, { outOfScope: 'court' });
  if (scenario === 'direct') {
    // 直接答复: closed at intake, or (CALLBACK_AFTER_DIRECT names its category) called back.
    const id = await logCall(n, { directAnswer: `当场答复 ${n}` });
    if ((await t.bot.tickets.load(id))!.state.status === 'callback') {
      later(3);
      await act(id, 'callback', P.clerk, {}, rnd(2) ? 'satisfied' : 'basically');
    }
    now = start;
    return id;
  }
  if (scenario === 'merged') {
    const first = await logCall(n, { phone: '13900000000' });
    const again = await logCall(n + 1000, { phone: '13900000000' });
    await act(again, 'merge', P.dispatcher, { into: first });
    return again;
  }
  const id = await logCall(n, scenario === 'anonymous-none' ? { anonymous: true } : {});
  if (scenario === 'registered') return id;
  later(1);
  const assign = async (u: string) => act(id, 'assign', P.dispatcher, { leadUnit: u, urgency: 'normal' });
  const reply = async () => act(id, 'reply', P[unit], { result: '已处理', reply: '已告知来电人' });
  const close = async (outcome: string) => {
    later(1);
    await act(id, 'review_accept', P.dispatcher);
    later(2);
    await act(id, 'callback', P.clerk, outcome === 'unsatisfied' ? { note: '来电人认为没有解决' } : {}, outcome);
  };
  if (scenario === 'returned-reassigned') {
    await assign(other);
    later(2);
    await act(id, 'return', P[other], { reason: 'wrong_area', note: '不属本单位辖区' });
    later(1);
  }
  await assign(unit);
  if (scenario === 'assigned') return id;
  later(3);
  await act(id, 'accept', P[unit]);
  if (scenario === 'extension-granted' || scenario === 'extension-refused') {
    later(4);
    const asked = await act(id, 'extend', P[unit], { days: '3', note: '需要协调' });
    const approval = /AP\d{8}-[0-9A-F]{6}/.exec(asked.message.zh)![0];
    later(2);
    await t.bot.tickets.settleExtension(approval, id, scenario === 'extension-granted', P.director);
    if (scenario === 'extension-refused') return id;
    // After the first deadline, within the extension: on time.
    now = new Date((await deadlineOf(id)).getTime() - 26 * H);
  }
  if (scenario === 'handling-overdue') {
    now = new Date((await deadlineOf(id)).getTime() + 48 * H);
    await t.bot.tickets.systemNote(id, 'urged', '催办', {}, () => false);
    now = start;
    return id;
  }
  if (scenario === 'closed-late') now = new Date((await deadlineOf(id)).getTime() + 5 * H);
  else later(20);
  await reply();
  if (scenario === 'review-redo') {
    later(1);
    await act(id, 'redo', P.dispatcher, { note: '请写明修复情况' });
    later(5);
    await reply();
  }
  if (scenario === 'unsatisfied-redo') {
    await close('unsatisfied');
    later(6);
    await reply();
  }
  const outcome = scenario === 'anonymous-none' ? 'none' : scenario === 'closed-basically' || scenario === 'review-redo' ? 'basically' : 'satisfied';
  await close(outcome);
  if (scenario === 'archived') {
    later(1);
    await act(id, 'archive', P.dispatcher);
  }
  now = start;
  return id;
}

beforeAll(async () => {
  // Direct answers to complaints and help requests are called back; the others close at intake.
  t = await startTestBot({ start: { clock }, env: { CALLBACK_AFTER_DIRECT: 'complaint,help' } });
  const m = t.bot.models;
  await seedUnit(m, { code: 'zxb', name: '直通办', kind: 'section' });
  await seedUnit(m, { code: 'dz', name: '东镇', kind: 'town' });
  await seedUnit(m, { code: 'zjj', name: '区住建局', kind: 'department' });
  await seedUnit(m, { code: 'xl', name: '西林街道', kind: 'street' });
  await seedUnit(m, { code: 'nh', name: '南湖街道', kind: 'street' });
  await seedPerson(m, { openId: P.clerk, name: '陈受理', unit: 'zxb', roles: ['intake'] });
  await seedPerson(m, { openId: P.dispatcher, name: '林派单', unit: 'zxb', roles: ['dispatcher'] });
  await seedPerson(m, { openId: P.director, name: '王主任', unit: 'zxb', roles: ['director'] });
  for (const u of UNITS) await seedPerson(m, { openId: P[u], name: `${u}联络员`, unit: u, roles: ['unit_handler'] });
  // Four weeks of working days, two or three calls a day: every scenario in the run.
  let n = 0;
  for (let day = 0; day < 26; day++) {
    const date = dayjs.tz('2026-10-19 09:00', tz).add(day, 'day');
    if (!t.bot.calendar.isWorkingDay(date.format('YYYY-MM-DD'))) continue;
    for (let k = 0; k < 2 + (day % 2); k++) {
      now = date.add(k * 2 + rnd(2), 'hour').add(rnd(50), 'minute').toDate();
      await run(n, SCENARIOS[n % SCENARIOS.length]!, UNITS[rnd(UNITS.length)]!);
      n++;
    }
  }
  now = new Date('2026-12-01T01:00:00Z');
}, 600_000);
afterAll(async () => {
  await t?.stop();
});

const range = (from: string, to: string): Range => ({ from: dayjs.tz(from, tz).toDate(), to: dayjs.tz(to, tz).toDate(), label: { zh: `${from}–${to}`, en: `${from}–${to}` } });
const PERIODS: [string, Range][] = [
  ['week 1', range('2026-10-19 00:00', '2026-10-26 00:00')],
  ['week 2', range('2026-10-26 00:00', '2026-11-02 00:00')],
  ['week 3', range('2026-11-02 00:00', '2026-11-09 00:00')],
  ['week 4', range('2026-11-09 00:00', '2026-11-16 00:00')],
  ['October', range('2026-10-01 00:00', '2026-11-01 00:00')],
  ['November', range('2026-11-01 00:00', '2026-12-01 00:00')],
  ['the whole run', range('2026-10-19 00:00', '2026-11-16 00:00')],
  ['up to a Wednesday noon (this month so far)', range('2026-11-01 00:00', '2026-11-11 12:00')],
  ['a month without tickets', range('2026-09-01 00:00', '2026-10-01 00:00')],
];
const FILTERS: [string, ReportFilter][] = [
  ['everyone', {}],
  ['东镇 (its unit head)', { units: ['dz'] }],
  ['住建局 and 西林 (a section head)', { units: ['zjj', 'xl'] }],
  ['complaints', { categories: ['complaint'] }],
];

/** What people see, in a fixed order: the figures, by unit, per day, and which tickets (redone ones listed in the bulletin). */
const seen = (r: Report) => ({
  overall: r.overall,
  byUnit: r.byUnit,
  byCategory: [...r.byCategory].sort((a, b) => a.category.localeCompare(b.category)),
  intakePerDay: r.intakePerDay,
  facts: [...r.facts].sort((a, b) => a.id.localeCompare(b.id)),
});

describe('figures from the rollups equal the figures from scratch', () => {
  it('the seeded office has every kind of ticket', async () => {
    const all = await t.bot.reports.report(PERIODS[6]![1]);
    const o = all.overall;
    expect(all.facts.length).toBeGreaterThan(40);
    expect(o.closed).toBeGreaterThan(0);
    expect(o.onTime).toBeLessThan(o.closed); // some late
    expect(o.onTime).toBeGreaterThan(0);
    expect(o.returned).toBeGreaterThan(0);
    expect(o.redone).toBeGreaterThan(0);
    expect(o.satisfied).toBeLessThan(o.callbacks);
    expect(o.callbacks).toBeLessThan(o.closed); // 无法回访
    expect(o.accepted).toBeLessThan(all.facts.length); // rejected, merged
    // 直办: answered at intake, some called back and some not.
    expect(o.direct).toBeGreaterThan(1);
    const direct = all.facts.filter((f) => f.direct);
    expect(direct.some((f) => f.callback)).toBe(true);
    expect(direct.some((f) => !f.callback)).toBe(true);
    expect(new Set(all.facts.map((f) => f.unit))).toEqual(new Set(['', 'dz', 'zjj', 'xl', 'nh']));
  });

  for (const [period, r] of PERIODS)
    for (const [who, filter] of FILTERS)
      it(`${period}, ${who}`, async () => {
        expect(seen(await t.bot.reports.summary(r, filter))).toEqual(seen(await t.bot.reports.report(r, filter)));
      });

  it('report export lists, for every period and scope, the tickets the figures from scratch count, with the same figures', async () => {
    for (const [, r] of PERIODS)
      for (const [, filter] of FILTERS) {
        const expected = await t.bot.reports.report(r, filter);
        const { report, entries } = await t.bot.reports.ledger(r, filter);
        expect(seen(report)).toEqual(seen(expected));
        expect(entries.map((e) => e.id).sort()).toEqual(expected.facts.map((f) => f.id).sort());
      }
  });

  it('the weekly brief reads the rollups: the same card as the figures from scratch', async () => {
    const monday = new Date('2026-11-02T01:00:00Z');
    now = monday;
    expect(await t.bot.reportJobs.weekly(monday)).toBe(1);
    const expected = reportCard(await t.bot.reports.report(periodRange('last-week', monday, tz)!));
    const brief = await t.bot.models.outboxMessages.findById(`weekly:2026-10-26:${P.director}`).lean();
    expect(JSON.parse(brief!.content)).toEqual(JSON.parse(cardContent(expected)));
  });
});

/** `report rebuild` as an admin runs it, on the bot's database. */
async function rebuildCli(from: string, to: string) {
  let err = '';
  const code = await runCli(['report', 'rebuild', '--from', from, '--to', to], {
    out: new Writable({ write: (_c: Buffer, _e, cb) => cb() }),
    err: new Writable({ write: (c: Buffer, _e, cb) => ((err += c.toString()), cb()) }),
    config: loadConfig({ NODE_ENV: 'test', MONGODB_URI: 'mongodb://unused/x' }),
    log: createLogger('silent'),
    actor: 'cli:test',
    tty: false,
    clock,
    database: async () => ({ connection: t.bot.connection, models: t.bot.models, close: async () => {} }),
  });
  return { code, err };
}

describe('kept exactly once', () => {
  it('written again, late, out of order and by two replicas at once, the rollups still equal the figures from scratch', async () => {
    const m = t.bot.models;
    const all = PERIODS[6]![1];
    const expected = seen(await t.bot.reports.report(all));
    // Two replicas (their own rollup writers) record every ticket at once: now with the full
    // timeline, now with an old one (a step recorded late): many tickets share a unit-day.
    const replicas = [0, 1].map(() => new TicketRollups({ rollups: m.ticketRollups, steps: m.ticketRollupSteps, calendar: t.bot.calendar }));
    const tickets = await m.tickets.find({ _id: { $in: ids } }).lean();
    const steps = await m.ticketTransitions.find({ ticket: { $in: ids } }).lean();
    const timeline = (id: string) => steps.filter((s) => s.ticket === id).sort((a, b) => a.seq - b.seq);
    await Promise.all(tickets.flatMap((tk, i) => [replicas[i % 2]!.record(tk, timeline(tk._id)), replicas[(i + 1) % 2]!.record(tk, timeline(tk._id).slice(0, 2)), replicas[(i + 1) % 2]!.record(tk, timeline(tk._id))]));
    expect(seen(await t.bot.reports.summary(all))).toEqual(expected);
    // The heads are a cache of the steps: without them (every writer stopped before its head
    // update, or heads set back by writers overtaking each other) the figures are the same.
    const heads = await m.ticketRollups.find({}).lean();
    await m.ticketRollups.deleteMany({});
    expect(seen(await t.bot.reports.summary(all))).toEqual(expected);
    await m.ticketRollups.insertMany(heads.map((h) => ({ ...h, seq: 0, entries: '[]' })));
    expect(seen(await t.bot.reports.summary(all))).toEqual(expected);
    // From nothing, by two replicas rebuilding at once.
    await m.ticketRollups.deleteMany({});
    await m.ticketRollupSteps.deleteMany({});
    expect((await t.bot.reports.summary(all)).facts).toEqual([]);
    const [cli] = await Promise.all([rebuildCli('2026-10-19', '2026-11-15'), t.bot.reports.rebuild(all)]);
    expect(cli).toEqual({ code: 0, err: expect.stringContaining('rebuilt the rollups of') });
    expect(seen(await t.bot.reports.summary(all))).toEqual(expected);
  }, 120_000);

  it('what one process records into one cell at the same moment goes in as one step', async () => {
    const m = t.bot.models;
    const all = PERIODS[6]![1];
    const expected = seen(await t.bot.reports.report(all));
    await m.ticketRollups.deleteMany({});
    await m.ticketRollupSteps.deleteMany({});
    const writer = new TicketRollups({ rollups: m.ticketRollups, steps: m.ticketRollupSteps, calendar: t.bot.calendar });
    const tickets = await m.tickets.find({ _id: { $in: ids } }).lean();
    const steps = await m.ticketTransitions.find({ ticket: { $in: ids } }).lean();
    const timeline = (id: string) => steps.filter((s) => s.ticket === id).sort((a, b) => a.seq - b.seq);
    // Every ticket recorded at once, step by step as its timeline grew (each a newer entry).
    await Promise.all(tickets.flatMap((tk) => timeline(tk._id).map((_, k) => writer.record(tk, timeline(tk._id).slice(0, k + 1)))));
    expect(seen(await t.bot.reports.summary(all))).toEqual(expected);
    // A cell's first step goes in at once; whatever queued behind it, as one more step at most.
    const perCell = new Map<string, number>();
    for (const st of await m.ticketRollupSteps.find({}, { _id: 1 }).lean()) perCell.set(st._id.split('#')[0]!, (perCell.get(st._id.split('#')[0]!) ?? 0) + 1);
    expect(Math.max(...perCell.values())).toBeLessThanOrEqual(2);
    expect(perCell.size).toBeGreaterThan(1);
  }, 120_000);

  it('报表 needs no ticket: the figures come from the rollups alone', async () => {
    const all = PERIODS[6]![1];
    const expected = seen(await t.bot.reports.report(all));
    await t.bot.models.tickets.deleteMany({});
    await t.bot.models.ticketTransitions.deleteMany({});
    expect(seen(await t.bot.reports.summary(all))).toEqual(expected);
  });
});
