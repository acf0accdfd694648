/**
 * What people feel (issue 15): end-to-end reply latency (event in → the Open API send call),
 * handled latency (event in → reply queued in the outbox), handling throughput, and how card
 * callbacks (确认登记, 签收) are answered at 1 and at N concurrent clicks. Every event and click
 * goes to the bot's HTTP routes signed and encrypted as Lark sends it. Prints figures only.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { createModels } from '../src/models/create-models.js';
import type { ChildServer } from './child.js';
import type { InboxProbe } from './inbox-probe.js';
import { prepareCardClick, prepareMessageDeliveries, type PreparedDelivery } from './payloads.js';
import { measureClosedLoop, measureOpenLoop, type LoadFigures } from './phases.js';
import { EVENTS_PATH, type BenchSettings } from './settings.js';
import { perSecond, summarise, type LatencySummary } from './stats.js';
import type { ResourceWatch, WatchResult } from './watch.js';

export interface BotUnderTest {
  server: ChildServer;
  probe: InboxProbe;
  stop(): Promise<void>;
}

/** What run.ts lends the phases: a fresh bot on a fresh database (seeded first if asked), resource watching. */
export interface Harness {
  settings: BenchSettings;
  startBot(phase: string, seed?: (uri: string) => Promise<void>): Promise<BotUnderTest>;
  watch(bot: BotUnderTest): ResourceWatch;
  track(phase: string, resources: WatchResult): void;
  progress(msg: string): void;
}

export interface EndToEndFigures {
  kind: 'reply' | 'handled';
  targetRate: number;
  seconds: number;
  ack: LoadFigures;
  /** Over every acknowledged event; one that never got there counts as infinitely late. */
  latency: LatencySummary;
  acknowledged: number;
  /** Events whose reply got there (send call made / row queued) by the end of the drain. */
  reached: number;
  /** Inbox events not yet handled, and outbox rows not yet sent, when the load stopped. */
  backlogAtEnd: number;
  outboxAtEnd: number;
  backlogAfterDrain: number;
  outboxAfterDrain: number;
  drainMs: number;
}

export interface HandlingFigures {
  events: number;
  acknowledged: number;
  ackRate: number;
  handled: number;
  /** Handled events / (last doneAt − first receivedAt). */
  handledPerSecond: number;
  spanMs: number;
  backlogAtEnd: number;
  backlogAfterDrain: number;
  drainMs: number;
}

export interface ClickFigures {
  action: '确认登记' | '签收';
  concurrency: number;
  clicks: number;
  latency: LatencySummary;
  /** Answered with the result (ticket number / new card), with 已收到，正在处理, or otherwise. */
  result: number;
  pending: number;
  other: number;
  firstOther?: string;
}

export interface FeelFigures {
  reply?: EndToEndFigures;
  handled?: EndToEndFigures;
  handling?: HandlingFigures;
  cards?: ClickFigures[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (bounded) until the inbox and, if asked, the outbox are empty; returns what is left. */
async function drainAll(bot: BotUnderTest, maxMs: number, outboxToo: boolean): Promise<{ backlog: number; outbox: number }> {
  const until = Date.now() + maxMs;
  for (;;) {
    const backlog = await bot.probe.backlog();
    const outbox = outboxToo ? await bot.probe.outboxWaiting() : 0;
    if ((backlog === 0 && outbox === 0) || Date.now() >= until) return { backlog, outbox };
    await sleep(250);
  }
}

/** Open loop of 帮助 messages at `rate` for `seconds`; latency from each event's planned send to its reply's send call (reply) or outbox row (handled). */
export async function measureEndToEnd(h: Harness, kind: 'reply' | 'handled', rate: number, seconds: number): Promise<EndToEndFigures> {
  const items = prepareMessageDeliveries(rate * seconds, kind);
  const bot = await h.startBot(kind);
  try {
    await sleep(1000);
    h.progress(`${kind}: ${rate} events/s for ${seconds} s (open loop)`);
    const m = await measureOpenLoop({ target: { port: bot.server.ports.bot!, path: EVENTS_PATH }, items, rate, maxSockets: h.settings.concurrency, watch: h.watch(bot) });
    h.track(`${kind} ${rate}/s`, m.figures.resources);
    const backlogAtEnd = await bot.probe.backlog();
    const outboxAtEnd = await bot.probe.outboxWaiting();
    h.progress(`${kind}: load stopped with ${backlogAtEnd} events unhandled and ${outboxAtEnd} replies unsent; draining (up to ${h.settings.drainSeconds} s)`);
    const drainStart = performance.now();
    const w = h.watch(bot).start();
    const left = await drainAll(bot, h.settings.drainSeconds * 1000, kind === 'reply');
    const drainMs = performance.now() - drainStart;
    h.track(`${kind} ${rate}/s (drain)`, await w.stop());
    const ok = new Set(m.okIds);
    const okItems = items.map((d, i) => ({ d, planned: m.plannedAtEpochMs![i]! })).filter(({ d }) => ok.has(d.inboxId));
    const arrived = kind === 'reply' ? await bot.server.replyCalls() : await bot.probe.replyQueuedAt(okItems.map(({ d }) => d.messageId));
    const lat = okItems.map(({ d, planned }) => {
      const at = arrived.get(d.messageId);
      return at === undefined ? Infinity : Math.max(0, at - planned);
    });
    const fig: EndToEndFigures = {
      kind,
      targetRate: rate,
      seconds,
      ack: m.figures,
      latency: summarise(lat),
      acknowledged: okItems.length,
      reached: lat.filter(Number.isFinite).length,
      backlogAtEnd,
      outboxAtEnd,
      backlogAfterDrain: left.backlog,
      outboxAfterDrain: left.outbox,
      drainMs,
    };
    h.progress(`${kind}: p50 ${fig.latency.p50.toFixed(0)} ms, p99 ${fig.latency.p99.toFixed(0)} ms; ${fig.reached} of ${fig.acknowledged} reached`);
    return fig;
  } finally {
    await bot.stop();
  }
}

/** As many 帮助 messages as `handlingEvents`, closed loop, then a bounded drain: events fully handled per second. */
export async function measureHandling(h: Harness): Promise<HandlingFigures> {
  const s = h.settings;
  const items = prepareMessageDeliveries(s.handlingEvents, 'handling');
  const bot = await h.startBot('handling');
  try {
    await sleep(1000);
    h.progress(`handling: ${s.handlingEvents} help commands, ${s.concurrency} senders`);
    const m = await measureClosedLoop({ target: { port: bot.server.ports.bot!, path: EVENTS_PATH }, warmup: [], items, concurrency: s.concurrency, maxMs: s.maxSeconds * 1000, watch: h.watch(bot) });
    h.track('handling', m.figures.resources);
    const backlogAtEnd = await bot.probe.backlog();
    const drainStart = performance.now();
    const w = h.watch(bot).start();
    const left = await drainAll(bot, s.drainSeconds * 1000, false);
    const drainMs = performance.now() - drainStart;
    h.track('handling (drain)', await w.stop());
    const times = await bot.probe.inboxTimes(m.okIds);
    let first = Infinity;
    let last = -Infinity;
    let handled = 0;
    for (const t of times.values()) {
      first = Math.min(first, t.receivedAt);
      if (t.doneAt !== undefined) {
        handled++;
        last = Math.max(last, t.doneAt);
      }
    }
    const spanMs = handled > 0 ? Math.max(1, last - first) : 0;
    const fig: HandlingFigures = {
      events: s.handlingEvents,
      acknowledged: m.figures.ok,
      ackRate: m.figures.rate,
      handled,
      handledPerSecond: perSecond(handled, spanMs),
      spanMs,
      backlogAtEnd,
      backlogAfterDrain: left.backlog,
      drainMs,
    };
    h.progress(`handling: ${handled} of ${m.figures.ok} handled, ${fig.handledPerSecond.toFixed(1)} events/s`);
    return fig;
  } finally {
    await bot.stop();
  }
}

// ---- card callbacks

const CLERK = 'ou_bench_clerk';
const DISPATCHER = 'ou_bench_dispatcher';
const HANDLER = 'ou_bench_handler';
const PENDING = '已收到，正在处理';
/** The intake form as Lark posts it (test/tickets/ticket-helpers.ts INTAKE). */
const INTAKE_FORM = { callerName: '张三', phone: '13812345678', anonymous: 'no', channel: 'phone', category: 'help', content: '幸福小区3栋路灯坏了三天', place: '幸福小区', urgency: 'normal' };

/** The hotline's people: a clerk (intake), a dispatcher, a handler of the town 东镇. */
async function seedHotline(uri: string): Promise<void> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000 });
  await conn.asPromise();
  try {
    const models = createModels(conn);
    const now = new Date();
    await models.units.insertMany([
      { _id: 'zxb', name: '直通办', kind: 'section', sectionHeads: [], active: true, updatedAt: now },
      { _id: 'dz', name: '东镇', kind: 'town', sectionHeads: [], active: true, updatedAt: now },
    ]);
    const person = (openId: string, name: string, unit: string, roles: string[]) => ({ _id: openId, name, title: '', phone: '', unit, roles, active: true, source: 'import', updatedAt: now });
    await models.people.insertMany([person(CLERK, '陈受理', 'zxb', ['intake']), person(DISPATCHER, '林派单', 'zxb', ['dispatcher']), person(HANDLER, '孙联络', 'dz', ['unit_handler'])]);
  } finally {
    await conn.close();
  }
}

interface Answer {
  ms: number;
  status: number;
  toast?: { type?: string; i18n?: { zh_cn?: string } };
}

function click(agent: Agent, port: number, d: PreparedDelivery): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request({ agent, host: '127.0.0.1', port, path: '/lark/card', method: 'POST', headers: d.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => {
        const ms = performance.now() - started;
        let toast: Answer['toast'];
        try {
          toast = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { toast?: Answer['toast'] }).toast;
        } catch {
          toast = undefined;
        }
        resolve({ ms, status: res.statusCode ?? 0, ...(toast ? { toast } : {}) });
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error('no answer in 30 s')));
    req.once('error', (err) => resolve({ ms: performance.now() - started, status: 0, toast: { i18n: { zh_cn: `error: ${err.message}` } } }));
    req.end(d.body);
  });
}

function clickFigures(action: ClickFigures['action'], concurrency: number, answers: Answer[]): ClickFigures {
  let result = 0;
  let pending = 0;
  let firstOther: string | undefined;
  for (const a of answers) {
    const zh = a.toast?.i18n?.zh_cn ?? '';
    if (a.status === 200 && zh === PENDING) pending++;
    else if (a.status === 200 && a.toast?.type === 'success') result++;
    else firstOther ??= `HTTP ${a.status}: ${zh || 'no toast'}`;
  }
  return { action, concurrency, clicks: answers.length, latency: summarise(answers.map((a) => a.ms)), result, pending, other: answers.length - result - pending, ...(firstOther ? { firstOther } : {}) };
}

/** `single` clicks one after another, then `rounds` bursts of `burst` at once (the bot drained between bursts). */
async function clickSeries(h: Harness, bot: BotUnderTest, action: ClickFigures['action'], build: (i: number) => PreparedDelivery): Promise<ClickFigures[]> {
  const s = h.settings;
  const port = bot.server.ports.bot!;
  const agent = new Agent({ keepAlive: true, maxSockets: s.cardBurst, maxFreeSockets: s.cardBurst });
  try {
    let n = 0;
    const singles = Array.from({ length: s.cardSingle }, () => build(n++));
    const one: Answer[] = [];
    const w = h.watch(bot).start();
    for (const d of singles) one.push(await click(agent, port, d));
    await drainAll(bot, s.drainSeconds * 1000, false);
    const many: Answer[] = [];
    for (let r = 0; r < s.cardRounds; r++) {
      const burst = Array.from({ length: s.cardBurst }, () => build(n++));
      many.push(...(await Promise.all(burst.map((d) => click(agent, port, d)))));
      await drainAll(bot, s.drainSeconds * 1000, false);
    }
    h.track(`cards ${action}`, await w.stop());
    const out = [clickFigures(action, 1, one), clickFigures(action, s.cardBurst, many)];
    for (const f of out) h.progress(`${action} at ${f.concurrency}: p99 ${f.latency.p99.toFixed(0)} ms, ${f.result}/${f.clicks} with the result, ${f.pending} 正在处理, ${f.other} other${f.firstOther ? ` (${f.firstOther})` : ''}`);
    return out;
  } finally {
    agent.destroy();
  }
}

/** 确认登记 (intake form submit) and 签收 (accept) at 1 and at `cardBurst` concurrent clicks. */
export async function measureCards(h: Harness): Promise<ClickFigures[]> {
  const s = h.settings;
  const bot = await h.startBot('cards', seedHotline);
  try {
    await sleep(1000);
    const total = s.cardSingle + s.cardRounds * s.cardBurst;
    h.progress(`cards: 确认登记 ${s.cardSingle} one by one, then ${s.cardRounds} × ${s.cardBurst} at once`);
    const intake = await clickSeries(h, bot, '确认登记', () => prepareCardClick({ openId: CLERK, value: { a: 'tk.intake' }, formValue: INTAKE_FORM, label: 'intake' }));

    // Not measured: the dispatcher assigns every ticket to 东镇, so that each can be accepted once.
    const registered = (await bot.probe.tickets()).filter((t) => t.status === 'registered');
    h.progress(`cards: assigning ${registered.length} tickets (of ${total} submitted) to 东镇`);
    const agent = new Agent({ keepAlive: true, maxSockets: 5 });
    try {
      for (let i = 0; i < registered.length; i += 5) {
        await Promise.all(
          registered.slice(i, i + 5).map((t) => click(agent, bot.server.ports.bot!, prepareCardClick({ openId: DISPATCHER, value: { a: 'tk.act', id: t._id, v: t.version, op: 'assign' }, formValue: { leadUnit: 'dz', urgency: 'normal' }, label: 'assign' }))),
        );
      }
    } finally {
      agent.destroy();
    }
    await drainAll(bot, s.drainSeconds * 1000, false);
    const assigned = (await bot.probe.tickets()).filter((t) => t.status === 'assigned');
    if (assigned.length < total) h.progress(`cards: only ${assigned.length} tickets assigned; 签收 clicks beyond those are refused and counted as "other"`);
    h.progress(`cards: 签收 ${s.cardSingle} one by one, then ${s.cardRounds} × ${s.cardBurst} at once`);
    const accept = await clickSeries(h, bot, '签收', (i) => {
      const t = assigned[i] ?? { _id: 'ZX-00000000-0000', version: 2 };
      return prepareCardClick({ openId: HANDLER, value: { a: 'tk.act', id: t._id, v: t.version, op: 'accept' }, label: 'accept' });
    });
    return [...intake, ...accept];
  } finally {
    await bot.stop();
  }
}
