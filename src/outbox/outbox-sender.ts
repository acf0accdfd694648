import { claimWork } from '../db/claims.js';
import { backoffMs } from '../lib/backoff.js';
import type { Clock } from '../lib/clock.js';
import { errorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import type { LoadGauge } from '../lib/load-gauge.js';
import { PollLoop } from '../lib/poll-loop.js';
import { classifyLarkError } from '../lark/classify-lark-error.js';
import type { LarkApi } from '../lark/lark-api.js';
import type { ClaimModel } from '../models/claim.js';
import type { OutboxMessageDoc } from '../models/outbox-message.js';
import { refusedRowFallback } from './card-fallback.js';
import type { OutboxStore } from './outbox-store.js';
import { outboxUuid } from './outbox-uuid.js';
import type { RateLimiter } from './rate-limiter.js';

export interface OutboxSenderOptions {
  pollMs: number;
  leaseMs: number;
  /** Failed sends (not rate-limit answers) before a message is marked failed. */
  maxFailures: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  concurrency: number;
  batch: number;
  /** Freshly enqueued rows kept in memory for sending; beyond this they wait for the poll. */
  readyMax: number;
}

export const defaultOutboxSenderOptions: OutboxSenderOptions = {
  pollMs: 500,
  leaseMs: 30_000,
  maxFailures: 8,
  backoffBaseMs: 1000,
  backoffMaxMs: 5 * 60_000,
  concurrency: 16,
  batch: 200,
  readyMax: 5000,
};

export interface OutboxSenderDeps {
  store: OutboxStore;
  claims: ClaimModel;
  api: LarkApi;
  limiter: RateLimiter;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  owner: string;
  /** While acknowledgements pour in, sending waits (see LoadGauge). */
  load?: LoadGauge;
  /** Told of each message sent with its Lark message id (a failure here is logged; the row stays sent). */
  onSent?: (row: OutboxMessageDoc, larkMessageId: string) => Promise<void>;
}

/** Which rate-limit bucket a row counts against: its receiver, its chat, or the message patched. */
export const receiverKey = (m: OutboxMessageDoc): string =>
  m.op === 'send' || m.op === 'file' ? `${m.receiveIdType}:${m.receiveId}` : m.op === 'reply' ? `chat:${m.chatId ?? m.messageId}` : `${m.op}:${m.messageId ?? m.targetKey ?? m.token}`;

/** Two patches of the same card: the same outbox key or the same Lark message targeted. */
const sameCard = (a: OutboxMessageDoc, b: OutboxMessageDoc): boolean =>
  a.targetKey ? a.targetKey === b.targetKey : a.messageId !== undefined && a.messageId === b.messageId;

/**
 * Sends the outbox: each attempt claimed once (`outbox:<id>:<attempt>`; the first send of a row
 * this process stored is held by its record, claimWork), Lark's uuid derived
 * from the key so a resend after a crash is deduplicated by Lark, rate limits kept in process
 * and honoured when Lark answers 429, a bad token dropped and retried once, server errors
 * retried with backoff, permanent failures recorded.
 */
export class OutboxSender {
  private readonly loop: PollLoop;
  private readonly inflight = new Map<string, Promise<void>>();
  /** Rows handed over by `offer` or read by the poll (or held back by the rate limiter), not yet started; `queued`: it has a queue row. */
  private readonly ready = new Map<string, { doc: OutboxMessageDoc; queued: boolean }>();
  private running = false;
  private lastDbPoll = 0;
  /** The last poll filled its batch: look in the database again without waiting. */
  private dbBacklog = true;
  private readonly opts: OutboxSenderOptions;

  constructor(
    private readonly deps: OutboxSenderDeps,
    opts: Partial<OutboxSenderOptions> = {},
  ) {
    this.opts = { ...defaultOutboxSenderOptions, ...opts };
    this.loop = new PollLoop(() => this.pollOnce(), this.opts.pollMs, (err) =>
      deps.log.error({ err: errorMessage(err) }, 'outbox poll failed'),
    );
  }

  start(): void {
    this.running = true;
    this.loop.start();
  }

  /** How long an attempt (and a stored message's first attempt, claimWork) is held before another process may take over. */
  get leaseMs(): number {
    return this.opts.leaseMs;
  }

  /** Whether this process sends (the outbox then hands it new rows instead of queueing them). */
  get isRunning(): boolean {
    return this.running;
  }

  /** Rows held only in this process's memory (no queue row), not yet started. */
  holding(): number {
    let n = 0;
    for (const r of this.ready.values()) if (!r.queued) n++;
    return n;
  }

  kick(): void {
    this.loop.kick();
  }

  /**
   * Rows just stored by the outbox (and not queued): send them without reading them back.
   * Returns those not taken (not running, or beyond `readyMax`), which the caller queues for the
   * poll. The poll stays the fallback: retries, rows due later, rows from a dead process.
   */
  offer(docs: OutboxMessageDoc[]): OutboxMessageDoc[] {
    const declined: OutboxMessageDoc[] = [];
    for (const doc of docs) {
      if (this.inflight.has(doc._id) || this.ready.has(doc._id)) continue;
      if (this.running && this.ready.size < this.opts.readyMax) this.ready.set(doc._id, { doc, queued: false });
      else declined.push(doc);
    }
    this.kick();
    return declined;
  }

  /**
   * Stops polling, then keeps sending what is already due (replies to the last events handled)
   * for up to `graceMs`; what is still in flight after that stays queued under its claim, which
   * the next process takes over once the claim's lease runs out.
   */
  async stop(graceMs = 10_000): Promise<void> {
    await this.loop.stop();
    const until = Date.now() + graceMs;
    let timer: NodeJS.Timeout | undefined;
    const drain = async () => {
      while (Date.now() < until) {
        const wait = await this.pollOnce();
        await Promise.allSettled([...this.inflight.values()]);
        if (wait === undefined && (await this.deps.store.due(this.deps.clock.now(), 1)).length === 0) return;
        await new Promise((r) => setTimeout(r, Math.min(typeof wait === 'number' && wait > 0 ? wait : 50, 500)));
      }
    };
    await Promise.race([drain(), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    this.running = false;
    // Rows held only in memory go to the queue for the next process.
    const unqueued = [...this.ready.values()].filter((r) => !r.queued).map((r) => r.doc);
    this.ready.clear();
    await this.deps.store.queueRows(unqueued).catch((err) => this.deps.log.error({ err: errorMessage(err) }, 'could not queue unsent messages on shutdown'));
  }

  /**
   * Starts as many sends as there are free slots and the rate limiter allows: first the rows
   * handed over in memory, then (every `pollMs`, or at once while a backlog is known) what the
   * database has due. Says when to look again.
   */
  private async pollOnce(): Promise<number | void> {
    if (this.deps.load?.busy()) return 100;
    if (this.inflight.size >= this.opts.concurrency) {
      await Promise.race(this.inflight.values());
      return 0;
    }
    const nowMs = this.deps.clock.now().getTime();
    if (this.dbBacklog || this.ready.size === 0 || nowMs - this.lastDbPoll >= this.opts.pollMs) {
      this.lastDbPoll = nowMs;
      const due = await this.deps.store.due(this.deps.clock.now(), this.opts.batch);
      const fresh = due.filter((doc) => !this.inflight.has(doc._id) && !this.ready.has(doc._id));
      for (const doc of fresh) this.ready.set(doc._id, { doc, queued: true });
      // More may be waiting only if this batch was full of rows we did not hold yet; rows held
      // back by the rate limiter come first in the next batch too, so polling again is useless.
      this.dbBacklog = due.length === this.opts.batch && fresh.length > 0 && this.ready.size < this.opts.readyMax;
    }
    // The app's own limit (50/s) reached: nobody can be sent to yet, so the rows held (thousands,
    // after a burst) are not looked at one by one on every turn.
    const appWait = this.deps.limiter.appWait(this.deps.clock.now().getTime());
    if (appWait > 0) return this.dbBacklog ? Math.min(appWait, 50) : appWait;
    let soonest: number | undefined;
    for (const { doc, queued } of this.ready.values()) {
      if (this.inflight.size >= this.opts.concurrency) return 0;
      if (this.inflight.has(doc._id)) {
        this.ready.delete(doc._id);
        continue;
      }
      const wait = this.deps.limiter.peek(receiverKey(doc), this.deps.clock.now().getTime());
      if (wait > 0) {
        soonest = Math.min(soonest ?? wait, wait);
        continue;
      }
      this.ready.delete(doc._id);
      const run = this.sendOne(doc, queued).catch((err) => this.deps.log.error({ outboxId: doc._id, err: errorMessage(err) }, 'send crashed'));
      this.inflight.set(doc._id, run);
      void run.finally(() => {
        this.inflight.delete(doc._id);
        if (this.ready.size > 0 || this.dbBacklog) this.kick();
      });
    }
    return this.dbBacklog ? 0 : soonest;
  }

  /** Waits for a rate-limit slot right before the call, so Lark counts what we counted. */
  private async slot(key: string): Promise<void> {
    for (;;) {
      const wait = this.deps.limiter.reserve(key, this.deps.clock.now().getTime());
      if (wait <= 0) return;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /**
   * A patch is sent only if no newer patch of the same card is waiting (that one carries the
   * newer state), and once the message it targets by outbox key has been sent.
   */
  private async preparePatch(doc: OutboxMessageDoc, log: Logger, attempt: number, queued: boolean): Promise<OutboxMessageDoc | null> {
    const { store, clock } = this.deps;
    if (doc.op === 'patch' && (this.newerPatchHeld(doc) || (await store.newerPatchExists(doc)))) {
      await store.markSent(doc._id, clock.now(), undefined, attempt, queued);
      log.debug('patch superseded by a newer one');
      return null;
    }
    if (doc.messageId || !doc.targetKey) return doc;
    const target = await store.get(doc.targetKey);
    if (target?.status === 'sent' && target.larkMessageId) return { ...doc, messageId: target.larkMessageId };
    if (!target || target.status === 'failed' || (target.status === 'sent' && !target.larkMessageId)) {
      await store.markFailed(doc._id, clock.now(), `the message it updates (${doc.targetKey}) was never sent`, attempt, queued);
      log.warn({ targetKey: doc.targetKey }, 'patch dropped: its message was never sent');
      return null;
    }
    await store.markRetry(doc, new Date(clock.now().getTime() + 1000), `waiting for ${doc.targetKey} to be sent`, doc.failures ?? 0, attempt);
    return null;
  }

  /** A later patch of the same card waiting in this process's memory (it carries the newer state). */
  private newerPatchHeld(doc: OutboxMessageDoc): boolean {
    for (const { doc: other } of this.ready.values()) {
      if (other.op === 'patch' && other._id !== doc._id && sameCard(other, doc) && other.createdAt > doc.createdAt) return true;
    }
    return false;
  }

  /** A patch was sent: older patches of the same card still waiting (here or in the queue) are settled unsent. */
  private async supersedeOlderPatches(doc: OutboxMessageDoc): Promise<void> {
    const { store, clock } = this.deps;
    for (const [id, { doc: other, queued }] of this.ready) {
      if (other.op === 'patch' && id !== doc._id && sameCard(other, doc) && other.createdAt < doc.createdAt) {
        this.ready.delete(id);
        await store.markSent(id, clock.now(), undefined, undefined, queued);
      }
    }
    await store.supersedeOlderPatches(doc, clock.now());
  }

  /**
   * Lark refused the card itself: record why (its ErrPath and ErrMsg name the rule) and send the
   * card's content as text instead, keyed from the refused row so it is sent once.
   */
  private async refused(doc: OutboxMessageDoc, message: string, log: Logger, attempt: number, queued: boolean): Promise<void> {
    const { store, clock, metrics } = this.deps;
    metrics.sends.inc({ outcome: 'failed' });
    await store.markFailed(doc._id, clock.now(), message, attempt, queued);
    const fallback = refusedRowFallback(doc);
    log.error({ err: message, fallback: fallback?.key ?? null }, 'Lark refused the card; its content is sent as text');
    if (fallback) await store.queueRows(this.offer(await store.enqueue([fallback], clock.now(), () => true)));
  }

  private async sendOne(doc: OutboxMessageDoc, queued: boolean): Promise<void> {
    const { store, claims, api, clock, metrics, limiter } = this.deps;
    const now = clock.now();
    const held = !queued ? 'here' : doc.stranded ? 'stranded' : 'open';
    const attempt = await claimWork(claims, `outbox:${doc._id}`, { attempts: doc.attempts, storedAt: doc.createdAt, held }, this.deps.owner, now, this.opts.leaseMs);
    if (attempt === null) {
      // Someone holds this attempt. A queue row whose message is already sent goes now, not
      // after the claim's lease, so that it does not take the poll's room meanwhile.
      if (queued && ['sent', 'failed'].includes((await store.get(doc._id))?.status ?? '')) await store.dequeue(doc._id);
      return;
    }
    // A second attempt, or one taking over a stale claim: the row we hold may be old news (sent
    // since by another replica, or by a process that died before taking it off the queue).
    if (doc.attempts > 0 || attempt > doc.attempts + 1) {
      const current = await store.get(doc._id);
      if (!current || current.status === 'sent' || current.status === 'failed') {
        await store.dequeue(doc._id);
        return;
      }
    }
    const log = this.deps.log.child({ outboxId: doc._id, attempt });
    if (doc.op === 'patch' || doc.op === 'urgent' || (doc.op === 'reply' && doc.targetKey)) {
      const ready = await this.preparePatch(doc, log, attempt, queued);
      if (!ready) return;
      doc = ready;
    }
    const uuid = outboxUuid(doc._id);
    let tokenRetried = false;
    for (;;) {
      try {
        await this.slot(receiverKey(doc));
        const res = await api.deliver(doc, uuid);
        await store.markSent(doc._id, clock.now(), res.messageId, attempt, queued);
        if (res.messageId && this.deps.onSent) await this.deps.onSent(doc, res.messageId).catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'after-send hook failed'));
        if (doc.op === 'patch') await this.supersedeOlderPatches(doc);
        metrics.sends.inc({ outcome: 'sent' });
        log.debug({ larkMessageId: res.messageId }, 'sent');
        return;
      } catch (err) {
        const cls = classifyLarkError(err);
        const message = errorMessage(err);
        if (cls.kind === 'bad_token' && !tokenRetried) {
          tokenRetried = true;
          api.dropToken();
          log.warn('tenant token rejected; dropped it and retrying once');
          continue;
        }
        const failures = (doc.failures ?? 0) + (cls.kind === 'rate_limited' ? 0 : 1);
        if (cls.kind === 'rate_limited') {
          const until = clock.now().getTime() + cls.retryAfterMs;
          limiter.pause(receiverKey(doc), until);
          metrics.sends.inc({ outcome: 'rate_limited' });
          await store.markRetry(doc, new Date(until), message, failures, attempt);
          log.warn({ retryInMs: cls.retryAfterMs }, 'rate limited by Lark; will retry');
          return;
        }
        if (cls.kind === 'card_refused') {
          await this.refused(doc, message, log, attempt, queued);
          return;
        }
        if (cls.kind === 'permanent' || failures >= this.opts.maxFailures) {
          metrics.sends.inc({ outcome: 'failed' });
          await store.markFailed(doc._id, clock.now(), message, attempt, queued);
          log.error({ err: message, failures }, 'message could not be sent; marked failed');
          return;
        }
        const delay = backoffMs(failures, this.opts.backoffBaseMs, this.opts.backoffMaxMs);
        metrics.sends.inc({ outcome: 'retry' });
        await store.markRetry(doc, new Date(clock.now().getTime() + delay), message, failures, attempt);
        log.warn({ err: message, retryInMs: delay }, 'send failed; will retry');
        return;
      }
    }
  }
}
