/**
 * npm run bench: how fast govdesk acknowledges signed, encrypted Lark events, next to a bare
 * Koa route and the verify-and-decrypt path alone; a steady open-loop run with a lost-event
 * count; the largest sustainable rate; the bot's memory. Prints figures, asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ChildServer } from './child.js';
import { compileForNode, type CompiledTree } from './compile.js';
import { openBenchDatabase, type BenchDatabase } from './database.js';
import { InboxProbe } from './inbox-probe.js';
import { prepareMessageDeliveries } from './payloads.js';
import { measureClosedLoop, measureOpenLoop, type LoadFigures } from './phases.js';
import { explanation, printReport } from './report.js';
import { measureCards, measureEndToEnd, measureHandling, type Harness } from './feel.js';
import type { WatchResult } from './watch.js';
import type { BenchResults, StepFigures } from './results.js';
import { EVENTS_PATH, loadSettings, type BenchSettings } from './settings.js';
import { waitUntilQuiet } from './proc-stats.js';
import { ResourceWatch, type WatchedProcess } from './watch.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const t0 = performance.now();
const progress = (msg: string) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What must be stopped at the end, newest first; run on success, error and Ctrl-C alike. */
const cleanups: { name: string; run: () => Promise<void> }[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const c = cleanups.pop()!;
      await c.run().catch((err: unknown) => progress(`cleanup of ${c.name} failed: ${String(err)}`));
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping everything`);
    void cleanup().finally(() => process.exit(130));
  });
}

interface RunningBot {
  server: ChildServer;
  probe: InboxProbe;
  stop(): Promise<void>;
}

/**
 * Node options for the servers under test: those `npm start` gives the bot (package.json's start
 * script, e.g. its heap limit), then BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
const serverNodeArgs = (): string[] => {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: { start?: string } }).scripts?.start ?? '';
  const startFlags = start.split(/\s+/).filter((a) => a.startsWith('--'));
  return [...startFlags, ...(process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '')];
};

/** How to start a server script of bench/: compiled JavaScript under plain node, or the .ts under tsx. */
type Launcher = (name: string, benchScript: string, env: Record<string, string>) => Promise<ChildServer>;

function launcher(settings: BenchSettings): Launcher {
  if (settings.runner === 'tsx') {
    return (name, benchScript, env) => ChildServer.start(name, join(root, 'bench', benchScript), { cwd: root, execArgv: [...serverNodeArgs(), '--import', 'tsx'], env });
  }
  let tree: CompiledTree | undefined;
  return (name, benchScript, env) => {
    if (!tree) {
      progress('transpiling src/ and bench/ to JavaScript for the servers under test');
      const compiled = compileForNode(root, ['src', 'bench']);
      cleanups.unshift({ name: 'transpiled JavaScript', run: async () => compiled.remove() });
      tree = compiled;
    }
    return ChildServer.start(name, tree.script(`bench/${benchScript}`), { cwd: tree.dir, execArgv: serverNodeArgs(), env });
  };
}

/** A bot in its own process on a fresh database, plus a probe reading that database. */
async function startBot(launch: Launcher, db: BenchDatabase, phase: string, seed?: (uri: string) => Promise<void>): Promise<RunningBot> {
  const quietMs = await waitUntilQuiet(db.pid, 15_000);
  if (quietMs > 1000) progress(`waited ${(quietMs / 1000).toFixed(1)} s for the database to go quiet`);
  const uri = db.uriFor(phase);
  if (seed) await seed(uri);
  const server = await launch(`bot (${phase})`, 'bot-process.ts', { BENCH_MONGODB_URI: uri });
  const kill = { name: `bot (${phase})`, run: () => server.kill() };
  cleanups.push(kill);
  const probe = await InboxProbe.open(uri);
  const closeProbe = { name: `probe (${phase})`, run: () => probe.close() };
  cleanups.push(closeProbe);
  progress(`bot (${phase}) listening on 127.0.0.1:${server.ports.bot} (pid ${server.pid})`);
  return {
    server,
    probe,
    async stop() {
      await probe.close().catch(() => undefined);
      // The database is thrown away: stop like a crash, without draining the outbox.
      await server.stop(true);
      cleanups.splice(cleanups.indexOf(closeProbe), 1);
      cleanups.splice(cleanups.indexOf(kill), 1);
    },
  };
}

/** Reads a phase's inbox once its bot has stopped (nothing else is using that database then). */
async function countAfterStop(db: BenchDatabase, phase: string, ids: string[]): Promise<{ stored: number; done: number }> {
  const probe = await InboxProbe.open(db.uriOf(phase));
  try {
    return await probe.countIds(ids);
  } finally {
    await probe.close();
  }
}

function trackPeak(results: BenchResults, phase: string, f: LoadFigures, dbLabel: string) {
  const rss = f.resources.childPeakRss;
  if (rss !== undefined && rss > (results.memory.botPeakRss ?? 0)) {
    results.memory.botPeakRss = rss;
    results.memory.botPeakPhase = phase;
  }
  const heap = f.resources.childPeakHeap;
  if (heap !== undefined) results.memory.botPeakHeap = Math.max(heap, results.memory.botPeakHeap ?? 0);
  const dbRss = f.resources.procPeakRss[dbLabel];
  if (dbRss !== undefined) results.memory.databasePeakRss = Math.max(dbRss, results.memory.databasePeakRss ?? 0);
}

async function main(): Promise<BenchResults> {
  const settings = loadSettings();
  process.stdout.write(`${explanation(settings, availableParallelism())}\n\n`);
  const results: BenchResults = {
    settings,
    database: 'not started',
    machine: { cpus: availableParallelism(), node: process.version },
    startedAt: new Date().toISOString(),
    memory: { botIdleRss: undefined, referenceIdleRss: undefined, botPeakRss: undefined, botPeakPhase: undefined, botPeakHeap: undefined, databasePeakRss: undefined },
  };
  try {
    await measureAll(settings, results);
  } catch (err) {
    results.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    progress(`stopped by an error: ${results.error}`);
  } finally {
    await cleanup();
    results.durationMs = performance.now() - t0;
  }
  return results;
}

async function measureAll(settings: BenchSettings, results: BenchResults): Promise<void> {
  const launch = launcher(settings);
  const db = await openBenchDatabase(progress);
  cleanups.push({ name: 'database', run: () => db.close() });
  results.database = db.kind;

  const want = (p: (typeof settings.phases)[number]) => settings.phases.includes(p);
  const botProcesses = (b: RunningBot): WatchedProcess[] => [
    { label: 'server', pid: b.server.pid },
    { label: DB, pid: db.pid },
    { label: GEN, pid: process.pid },
  ];
  const keepPeak = (phase: string, res: WatchResult) => trackPeak(results, phase, { resources: res } as LoadFigures, DB);
  const harness: Harness = {
    settings,
    startBot: (phase, seed) => startBot(launch, db, phase, seed),
    watch: (b) => new ResourceWatch(botProcesses(b as RunningBot), b.server),
    track: keepPeak,
    progress,
  };

  if (want('ack')) await measureAcknowledgement(settings, results, launch, db, botProcesses);
  if (want('steady')) await measureSteady(settings, results, launch, db, botProcesses);
  if (want('stepup')) await measureStepUp(settings, results, launch, db, botProcesses);
  results.feel = {};
  if (want('reply')) results.feel.reply = await measureEndToEnd(harness, 'reply', settings.replyRate, settings.replySeconds);
  if (want('handled')) results.feel.handled = await measureEndToEnd(harness, 'handled', settings.handledRate, settings.handledSeconds);
  if (want('handling')) results.feel.handling = await measureHandling(harness);
  if (want('cards')) results.feel.cards = await measureCards(harness);
}

type BotProcesses = (b: RunningBot) => WatchedProcess[];
const DB = 'database';
const GEN = 'generator';

async function measureAcknowledgement(settings: BenchSettings, results: BenchResults, launch: Launcher, db: BenchDatabase, botProcesses: BotProcesses): Promise<void> {
  const reference = await launch('reference servers', 'ceiling-process.ts', {});
  cleanups.push({ name: 'reference servers', run: () => reference.stop(false) });
  progress(`reference servers: bare Koa on :${reference.ports.bare}, verify-and-decrypt on :${reference.ports.verify} (pid ${reference.pid})`);

  // ---- 1–3: closed loop at `concurrency` senders: bare Koa, verify-and-decrypt, the bot.
  const bot = await startBot(launch, db, 'throughput');
  await sleep(3000);
  results.memory.botIdleRss = (await bot.server.sample())?.rss;
  results.memory.referenceIdleRss = (await reference.sample())?.rss;
  progress(`idle RSS: bot ${mb(results.memory.botIdleRss)}, reference servers ${mb(results.memory.referenceIdleRss)}`);

  progress(`building ${settings.warmupEvents + settings.events} deliveries for the reference servers`);
  const refItems = prepareMessageDeliveries(settings.warmupEvents + settings.events, 'ref');
  const refWarmup = refItems.slice(0, settings.warmupEvents);
  const refMeasured = refItems.slice(settings.warmupEvents);
  const refWatch = (): ResourceWatch =>
    new ResourceWatch([{ label: 'server', pid: reference.pid }, { label: GEN, pid: process.pid }], reference);

  progress(`bare Koa: ${settings.events} events, ${settings.concurrency} senders`);
  const bare = await measureClosedLoop({ target: { port: reference.ports.bare!, path: EVENTS_PATH }, warmup: refWarmup, items: refMeasured, concurrency: settings.concurrency, maxMs: settings.maxSeconds * 1000, watch: refWatch() });
  progress(`bare Koa: ${bare.figures.rate.toFixed(0)} events/s`);
  progress(`verify-and-decrypt: ${settings.events} events, ${settings.concurrency} senders`);
  const verify = await measureClosedLoop({ target: { port: reference.ports.verify!, path: EVENTS_PATH }, warmup: refWarmup, items: refMeasured, concurrency: settings.concurrency, maxMs: settings.maxSeconds * 1000, watch: refWatch() });
  progress(`verify-and-decrypt: ${verify.figures.rate.toFixed(0)} events/s`);

  progress(`building ${settings.warmupEvents + settings.events} deliveries for the bot`);
  const botWarmup = prepareMessageDeliveries(settings.warmupEvents, 'warm');
  const botItems = prepareMessageDeliveries(settings.events, 'tput');
  progress(`bot: ${settings.events} events, ${settings.concurrency} senders`);
  const tput = await measureClosedLoop({ target: { port: bot.server.ports.bot!, path: EVENTS_PATH }, warmup: botWarmup, items: botItems, concurrency: settings.concurrency, maxMs: settings.maxSeconds * 1000, watch: new ResourceWatch(botProcesses(bot), bot.server) });
  const tputBacklog = await bot.probe.backlog();
  await bot.stop();
  const tputCount = await countAfterStop(db, 'throughput', tput.okIds);
  progress(`bot: ${tput.figures.rate.toFixed(0)} events/s; ${tput.figures.ok - tputCount.stored} acknowledged but not stored; ${tputBacklog} not yet handled`);
  trackPeak(results, 'closed-loop throughput', tput.figures, DB);
  results.throughput = {
    bare: bare.figures,
    verify: verify.figures,
    bot: { ...tput.figures, lost: tput.figures.ok - tputCount.stored, backlogAfter: tputBacklog },
    verifyShareOfBare: (verify.figures.rate / bare.figures.rate) * 100,
    botShareOfBare: (tput.figures.rate / bare.figures.rate) * 100,
  };
  await reference.stop(false);
  cleanups.splice(cleanups.findIndex((c) => c.name === 'reference servers'), 1);
}

async function measureSteady(settings: BenchSettings, results: BenchResults, launch: Launcher, db: BenchDatabase, botProcesses: BotProcesses): Promise<void> {
  // ---- 4: steady open-loop rate on a fresh bot and database.
  const steadyCount = settings.steadyRate * settings.steadySeconds;
  progress(`building ${steadyCount} deliveries for the steady run`);
  const steadyItems = prepareMessageDeliveries(steadyCount, 'steady');
  const bot = await startBot(launch, db, 'steady');
  await sleep(1000);
  progress(`steady: ${settings.steadyRate} events/s for ${settings.steadySeconds} s (open loop)`);
  const steady = await measureOpenLoop({ target: { port: bot.server.ports.bot!, path: EVENTS_PATH }, items: steadyItems, rate: settings.steadyRate, maxSockets: settings.concurrency, watch: new ResourceWatch(botProcesses(bot), bot.server) });
  trackPeak(results, 'steady', steady.figures, DB);
  progress(`steady: p99 ${steady.figures.latency.p99.toFixed(1)} ms; draining (up to ${settings.drainSeconds} s)`);
  const drainStart = performance.now();
  const drainWatch = new ResourceWatch(botProcesses(bot), bot.server).start();
  const backlogLeft = await bot.probe.drain(settings.drainSeconds * 1000);
  const drainMs = performance.now() - drainStart;
  const drainRes = await drainWatch.stop();
  if (drainRes.childPeakRss !== undefined && drainRes.childPeakRss > (results.memory.botPeakRss ?? 0)) {
    results.memory.botPeakRss = drainRes.childPeakRss;
    results.memory.botPeakPhase = 'steady (drain)';
  }
  const outboxWaiting = await bot.probe.outboxWaiting();
  const delivered = (await bot.server.sample())?.delivered;
  await bot.stop();
  const { stored, done: handled } = await countAfterStop(db, 'steady', steady.okIds);
  results.steady = {
    targetRate: settings.steadyRate,
    seconds: settings.steadySeconds,
    figures: steady.figures,
    acknowledged: steady.figures.ok,
    stored,
    lost: steady.figures.ok - stored,
    handled,
    drainMs,
    backlogLeft,
    outboxWaiting,
    repliesDelivered: delivered,
  };
  progress(`steady: lost ${steady.figures.ok - stored}, handled ${handled}/${steady.figures.ok}`);
}

async function measureStepUp(settings: BenchSettings, results: BenchResults, launch: Launcher, db: BenchDatabase, botProcesses: BotProcesses): Promise<void> {
  // ---- 5: step-up on a fresh bot and database; stops at the first rate that is not sustained.
  const bot = await startBot(launch, db, 'stepup');
  await sleep(1000);
  const steps: StepFigures[] = [];
  results.stepUp = { steps, sustainableRate: null };
  for (const rate of settings.stepRates) {
    const items = prepareMessageDeliveries(rate * settings.stepSeconds, `step${rate}`);
    progress(`step-up: ${rate} events/s for ${settings.stepSeconds} s`);
    const m = await measureOpenLoop({ target: { port: bot.server.ports.bot!, path: EVENTS_PATH }, items, rate, maxSockets: settings.concurrency, watch: new ResourceWatch(botProcesses(bot), bot.server) });
    trackPeak(results, `step-up ${rate}/s`, m.figures, DB);
    const backlogAfter = await bot.probe.backlog();
    const f = m.figures;
    const reasons: string[] = [];
    if (!(f.latency.p99 < settings.p99TargetMs)) reasons.push(`p99 ${f.latency.p99.toFixed(1)} ms ≥ ${settings.p99TargetMs} ms`);
    if (f.errors > 0) reasons.push(`${f.errors} errors`);
    if (f.rate < settings.achievedShare * rate) reasons.push(`achieved ${f.rate.toFixed(0)}/s < ${(settings.achievedShare * 100).toFixed(0)}% of ${rate}/s`);
    steps.push({ targetRate: rate, figures: f, backlogAfter, sustainable: reasons.length === 0, reasons });
    progress(`step-up ${rate}/s: achieved ${f.rate.toFixed(0)}/s, p99 ${f.latency.p99.toFixed(1)} ms, errors ${f.errors}, unhandled ${backlogAfter}${reasons.length ? ` — not sustained (${reasons.join('; ')})` : ''}`);
    if (reasons.length > 0) break;
    results.stepUp.sustainableRate = rate;
    // Let the handler catch up (bounded) so each step starts from a similar state.
    await bot.probe.drain(5000);
    await sleep(500);
  }
  await bot.stop();
}

const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1e6).toFixed(0)} MB`);

const results = await main();
printReport(results);
process.exitCode = results.error ? 1 : 0;
