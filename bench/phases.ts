import { closedLoop, createAgent, openLoop, type LoadResult, type Target } from './load.js';
import type { PreparedDelivery } from './payloads.js';
import { perSecond, summarise, type LatencySummary } from './stats.js';
import type { ResourceWatch, WatchResult } from './watch.js';

/** One measured load run turned into figures (rates, percentiles, resources). */
export interface LoadFigures {
  planned: number;
  sent: number;
  ok: number;
  errors: number;
  outcomes: Record<string, number>;
  firstError?: string;
  elapsedMs: number;
  /** 200 answers per second of wall time (first send to last answer). */
  rate: number;
  latency: LatencySummary;
  /** Open loop: how late requests left the generator. */
  sendLag?: LatencySummary;
  resources: WatchResult;
}

export interface Measured {
  figures: LoadFigures;
  /** Inbox ids of the deliveries answered 200. */
  okIds: string[];
  /** Open loop: when each delivery was due to be sent, epoch ms (the "event in" of end-to-end figures). */
  plannedAtEpochMs?: Float64Array;
}

const toFigures = (load: LoadResult, resources: WatchResult): LoadFigures => ({
  planned: load.planned,
  sent: load.sent,
  ok: load.ok,
  errors: load.errors,
  outcomes: load.outcomes,
  ...(load.firstError ? { firstError: load.firstError } : {}),
  elapsedMs: load.elapsedMs,
  rate: perSecond(load.ok, load.elapsedMs),
  latency: summarise(load.latenciesMs),
  ...(load.sendLagMs ? { sendLag: summarise(load.sendLagMs) } : {}),
  resources,
});

const okIdsOf = (items: PreparedDelivery[], load: LoadResult) => items.filter((_, i) => load.okMask[i] === 1).map((d) => d.inboxId);

const WARMUP_MAX_MS = 5000;

/** Closed loop at `concurrency` senders: an unmeasured warm-up (at most 5 s), then the measured run. */
export async function measureClosedLoop(opts: {
  target: Target;
  warmup: PreparedDelivery[];
  items: PreparedDelivery[];
  concurrency: number;
  /** Stop sending after this long (ms). */
  maxMs: number;
  watch: ResourceWatch;
}): Promise<Measured> {
  const agent = createAgent(opts.concurrency);
  try {
    if (opts.warmup.length > 0) await closedLoop(agent, opts.target, opts.warmup, opts.concurrency, Math.min(opts.maxMs, WARMUP_MAX_MS));
    opts.watch.start();
    const load = await closedLoop(agent, opts.target, opts.items, opts.concurrency, opts.maxMs);
    return { figures: toFigures(load, await opts.watch.stop()), okIds: okIdsOf(opts.items, load) };
  } finally {
    agent.destroy();
  }
}

/** Open loop at `rate` per second over all `items` (their count sets the duration). */
export async function measureOpenLoop(opts: { target: Target; items: PreparedDelivery[]; rate: number; maxSockets: number; watch: ResourceWatch }): Promise<Measured> {
  const agent = createAgent(opts.maxSockets);
  try {
    opts.watch.start();
    const load = await openLoop(agent, opts.target, opts.items, opts.rate);
    return { figures: toFigures(load, await opts.watch.stop()), okIds: okIdsOf(opts.items, load), ...(load.plannedAtEpochMs ? { plannedAtEpochMs: load.plannedAtEpochMs } : {}) };
  } finally {
    agent.destroy();
  }
}
