export interface RateLimit {
  max: number;
  windowMs: number;
}

/**
 * Lark's published limits — 50/s and 1000/min per app; 5/s per user, per group, per message
 * patched — counted over windows 10% longer, because Lark counts arrivals and ours leave a
 * moment before they arrive (network and load jitter).
 */
export const LARK_APP_LIMITS: RateLimit[] = [
  { max: 50, windowMs: 1100 },
  { max: 1000, windowMs: 66_000 },
];
export const LARK_RECEIVER_LIMIT: RateLimit = { max: 5, windowMs: 1100 };

/**
 * Sliding-window limiter, in process. `reserve` takes a slot for a receiver (and for the app)
 * or says how long to wait; `pause` holds a key back after Lark answered 429.
 */
export class RateLimiter {
  private readonly appHits: number[] = [];
  private readonly receiverHits = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    private readonly appLimits: RateLimit[] = LARK_APP_LIMITS,
    private readonly receiverLimit: RateLimit = LARK_RECEIVER_LIMIT,
  ) {}

  /** Takes a slot now (returns 0) or says how many ms to wait. */
  reserve(receiver: string, nowMs: number): number {
    return this.check(receiver, nowMs, true);
  }

  /** How many ms until the app may send anything at all (0: now), whoever to. */
  appWait(nowMs: number): number {
    const paused = this.pausedUntil.get('*') ?? 0;
    if (paused > nowMs) return paused - nowMs;
    const longest = Math.max(...this.appLimits.map((l) => l.windowMs));
    prune(this.appHits, nowMs - longest);
    let wait = 0;
    for (const limit of this.appLimits) wait = Math.max(wait, waitFor(this.appHits, limit, nowMs));
    return wait;
  }

  /** How many ms until `receiver` could be sent to (0: now), without taking the slot. */
  peek(receiver: string, nowMs: number): number {
    return this.check(receiver, nowMs, false);
  }

  private check(receiver: string, nowMs: number, take: boolean): number {
    const paused = Math.max(this.pausedUntil.get(receiver) ?? 0, this.pausedUntil.get('*') ?? 0);
    if (paused > nowMs) return paused - nowMs;
    const longest = Math.max(...this.appLimits.map((l) => l.windowMs));
    prune(this.appHits, nowMs - longest);
    let wait = 0;
    for (const limit of this.appLimits) wait = Math.max(wait, waitFor(this.appHits, limit, nowMs));
    const hits = this.receiverHits.get(receiver) ?? [];
    prune(hits, nowMs - this.receiverLimit.windowMs);
    wait = Math.max(wait, waitFor(hits, this.receiverLimit, nowMs));
    if (wait > 0 || !take) return wait;
    this.appHits.push(nowMs);
    hits.push(nowMs);
    this.receiverHits.set(receiver, hits);
    if (this.receiverHits.size > 10_000) this.sweep(nowMs);
    return 0;
  }

  /** Hold `receiver` (or '*' for the whole app) back until `untilMs`. */
  pause(receiver: string, untilMs: number): void {
    this.pausedUntil.set(receiver, Math.max(untilMs, this.pausedUntil.get(receiver) ?? 0));
  }

  private sweep(nowMs: number) {
    for (const [key, hits] of this.receiverHits) {
      prune(hits, nowMs - this.receiverLimit.windowMs);
      if (hits.length === 0) this.receiverHits.delete(key);
    }
    for (const [key, until] of this.pausedUntil) if (until <= nowMs) this.pausedUntil.delete(key);
  }
}

function prune(hits: number[], olderThan: number) {
  let drop = 0;
  while (drop < hits.length && hits[drop]! <= olderThan) drop++;
  if (drop > 0) hits.splice(0, drop);
}

/**
 * Within one window at most `max` hits: wait until the oldest one counted leaves the window.
 * `hits` is in ascending order, so the window's start is found by binary search (this runs for
 * every waiting message at every look, against up to 1,000 hits of the minute window).
 */
function waitFor(hits: number[], limit: RateLimit, nowMs: number): number {
  const after = nowMs - limit.windowMs;
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hits[mid]! > after) hi = mid;
    else lo = mid + 1;
  }
  const inWindow = hits.length - lo;
  if (inWindow < limit.max) return 0;
  return hits[hits.length - limit.max]! + limit.windowMs - nowMs;
}
