import { claimWork } from '../db/claims.js';
import { backoffMs } from '../lib/backoff.js';
import type { Clock } from '../lib/clock.js';
import { errorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import type { LoadGauge } from '../lib/load-gauge.js';
import { PollLoop } from '../lib/poll-loop.js';
import { CARD_ACTION_EVENT, envelopeSchema, type Envelope } from '../lark/envelope.js';
import type { ClaimModel } from '../models/claim.js';
import type { InboxEventDoc } from '../models/inbox-event.js';
import type { CardAnswer } from './handler-types.js';
import type { InboxStore } from './inbox-store.js';
import type { EventRouter } from './route-event.js';

export interface InboxWorkerOptions {
  pollMs: number;
  leaseMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  batch: number;
  /**
   * Handlers running at once in this process; the rest wait (in memory, then in the database).
   * 32: a handler mostly waits on the database, and writes made at the same moment share one
   * command (BatchWriter) — measured on the 2-core bench, 1,000 帮助 handled at 91/s with 8, 123/s
   * with 32, 133/s with 64 (for more memory).
   */
  concurrency: number;
  /**
   * Events kept waiting in memory; beyond this they are left to the poll. 5,000 (about 10 MB of
   * envelopes, 25 s of handling): a queued event costs a queue insert, a share of a sorted poll
   * and a delete besides its handling — measured on the 2-core bench, 3,000 帮助 at once were
   * handled at 193/s with 2,000 here (a third through the queue) and 255/s with 5,000.
   */
  queueMax: number;
  /** Card callbacks must be answered within 3 s: answer "working on it" after this. */
  cardAnswerMs: number;
}

export const defaultInboxWorkerOptions: InboxWorkerOptions = {
  pollMs: 1000,
  leaseMs: 60_000,
  maxAttempts: 5,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  batch: 200,
  concurrency: 32,
  queueMax: 5000,
  cardAnswerMs: 2500,
};

export interface InboxWorkerDeps {
  store: InboxStore;
  claims: ClaimModel;
  route: EventRouter;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** Identifies this process in claims. */
  owner: string;
  /** While acknowledgements pour in, no new handler starts (see LoadGauge). */
  load?: LoadGauge;
  /**
   * A card callback's answer that could not go back in the callback's own answer (it came
   * after "working on it", or the poll ran it): deliver its card some other way (a delayed
   * card update by the callback's token). Runs before the event is marked done.
   */
  lateAnswer?: (eventId: string, envelope: Envelope, answer: CardAnswer) => Promise<void>;
}

/** The inline answer to one card callback: given once, by the handler or by the clock. */
class InlineAnswer {
  late = false;
  private given = false;
  private resolve!: (a: CardAnswer) => void;
  readonly answer = new Promise<CardAnswer>((r) => (this.resolve = r));

  /** The handler's answer; false when the clock answered first ("working on it"). */
  give(a: CardAnswer): boolean {
    if (this.late) return false;
    if (!this.given) {
      this.given = true;
      this.resolve(a);
    }
    return true;
  }

  /** Time is up: "working on it", unless the handler already answered. */
  timeUp(): void {
    if (this.given) return;
    this.late = true;
    this.given = true;
    this.resolve(workingOnIt);
  }
}

const workingOnIt: CardAnswer = {
  toast: {
    type: 'info',
    content: '已收到，正在处理 Received, working on it',
    i18n: { zh_cn: '已收到，正在处理', en_us: 'Received, working on it' },
  },
};

const failedAnswer: CardAnswer = {
  toast: {
    type: 'error',
    content: '处理失败，请稍后再试 Something went wrong, please try again',
    i18n: { zh_cn: '处理失败，请稍后再试', en_us: 'Something went wrong, please try again' },
  },
};

/**
 * Runs handlers for accepted events, each attempt claimed once across replicas
 * (`inbox:<eventId>:<attempt>`; the first attempt of an event run by the process that accepted it
 * is held by its record, claimWork); failures retry with backoff and end as `failed` in the log.
 * Events left half-done by a dead process are found again when their lease runs out.
 */
export class InboxWorker {
  private readonly loop: PollLoop;
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** Accepted events waiting for a free handler slot, oldest first; `queued`: it has a queue row. */
  private readonly queue: { doc: InboxEventDoc; queued: boolean }[] = [];
  private active = 0;
  private pumpLater: NodeJS.Timeout | undefined;
  private readonly opts: InboxWorkerOptions;
  private running = false;
  /** The last poll filled its batch: look again as soon as the memory queue drains. */
  private dbBacklog = false;
  private lastPoll = 0;

  constructor(
    private readonly deps: InboxWorkerDeps,
    opts: Partial<InboxWorkerOptions> = {},
  ) {
    this.opts = { ...defaultInboxWorkerOptions, ...opts };
    this.loop = new PollLoop(() => this.pollOnce(), this.opts.pollMs, (err) =>
      deps.log.error({ err: errorMessage(err) }, 'inbox poll failed'),
    );
  }

  start(): void {
    this.running = true;
    this.loop.start();
  }

  /** How long an attempt (and a stored event's first attempt, claimWork) is held before another process may take over. */
  get leaseMs(): number {
    return this.opts.leaseMs;
  }

  /**
   * Handle one just-accepted event soon, without waiting for the poll (only while running).
   * At most `concurrency` handlers run at once so that handling never starves acknowledging.
   * False when it was not taken (not running, or the memory queue is full): the caller queues it
   * in the database for the poll.
   */
  dispatch(doc: InboxEventDoc): boolean {
    return this.take(doc, false);
  }

  private take(doc: InboxEventDoc, queued: boolean): boolean {
    if (this.inflight.has(doc._id)) return true;
    if (!this.running || this.queue.length >= this.opts.queueMax) return false;
    this.queue.push({ doc, queued });
    this.inflight.set(doc._id, Promise.resolve());
    this.pump();
    return true;
  }

  private pump(): void {
    if (this.deps.load?.busy()) {
      this.pumpLater ??= setTimeout(() => {
        this.pumpLater = undefined;
        this.pump();
      }, 100);
      return;
    }
    while (this.running && this.active < this.opts.concurrency && this.queue.length > 0) {
      const { doc, queued } = this.queue.shift()!;
      this.active++;
      const run = this.process(doc, queued, false)
        .catch((err) => this.deps.log.error({ eventId: doc._id, err: errorMessage(err) }, 'dispatch failed'))
        .finally(() => {
          this.active--;
          this.pump();
          if (this.queue.length === 0 && this.dbBacklog) this.loop.kick();
        });
      this.track(doc._id, run);
    }
  }

  /**
   * Runs a card callback inline and answers within `cardAnswerMs`: with the handler's answer
   * as soon as it has one (before the event is marked done), else "working on it" — and then
   * the handler's card follows as a delayed update (`lateAnswer`).
   */
  async runCard(doc: InboxEventDoc): Promise<CardAnswer> {
    const inline = new InlineAnswer();
    const run = this.process(doc, false, true, inline).then((a) => inline.give(a ?? {}));
    this.track(doc._id, run);
    const timer = setTimeout(() => inline.timeUp(), this.opts.cardAnswerMs);
    const answer = await inline.answer;
    clearTimeout(timer);
    return answer;
  }

  /**
   * Stops polling and waits up to `graceMs` for running handlers. What is left stays in the queue,
   * claimed: the next process takes it over once the claim's lease runs out.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    await this.loop.stop();
    clearTimeout(this.pumpLater);
    this.pumpLater = undefined;
    // Events taken in memory but not started go to the queue for the next process.
    for (const { doc, queued } of this.queue.splice(0)) {
      this.inflight.delete(doc._id);
      if (!queued) await this.deps.store.enqueue(doc).catch((err) => this.deps.log.error({ eventId: doc._id, err: errorMessage(err) }, 'could not queue an event on shutdown'));
    }
    const pending = [...this.inflight.values()];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(pending), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
  }

  private track(eventId: string, run: Promise<unknown>) {
    this.inflight.set(eventId, run);
    void run.finally(() => this.inflight.delete(eventId));
  }

  /**
   * Picks up what dispatch did not (retries, expired leases, events queued while busy). A full
   * batch means more may be waiting: the next look comes as soon as the memory queue has drained,
   * not a poll interval later (a burst beyond `queueMax` is then handled at full speed).
   */
  private async pollOnce(): Promise<number | void> {
    const room = Math.min(this.opts.batch, this.opts.queueMax - this.queue.length);
    if (room <= 0 || this.queue.length > 0) return;
    // At most one look every 100 ms however often it is kicked (rows another replica holds stay due).
    const since = Date.now() - this.lastPoll;
    if (since < 100) return 100 - since;
    this.lastPoll = Date.now();
    const docs = await this.deps.store.due(this.deps.clock.now(), room);
    this.dbBacklog = docs.length === room;
    for (const doc of docs) this.take(doc, true);
  }

  /**
   * One attempt. For card callbacks (`card`), a thrown handler error is answered with an
   * error toast and not retried: the person who clicked was told it failed. `queued`: the event
   * came from the queue (its row goes when it is done).
   */
  private async process(doc: InboxEventDoc, queued: boolean, card: boolean, inline?: InlineAnswer): Promise<CardAnswer | undefined> {
    const { store, claims, clock, metrics } = this.deps;
    const now = clock.now();
    const held = !queued ? 'here' : doc.stranded ? 'stranded' : 'open';
    const attempt = await claimWork(claims, `inbox:${doc._id}`, { attempts: doc.attempts, storedAt: doc.receivedAt, held }, this.deps.owner, now, this.opts.leaseMs);
    if (attempt === null) {
      // Someone holds this attempt. A queue row whose event is already handled goes now, not
      // after the claim's lease, so that it does not take the poll's room meanwhile.
      if (queued && ['done', 'failed'].includes((await store.get(doc._id))?.status ?? '')) await store.dequeue(doc._id);
      return undefined;
    }
    // A second attempt, or one taking over a stale claim: the row we hold may be old news (handled
    // since by another replica, or by a process that died before taking it off the queue).
    if (doc.attempts > 0 || attempt > doc.attempts + 1) {
      const current = await store.get(doc._id);
      if (!current || current.status === 'done' || current.status === 'failed') {
        await store.dequeue(doc._id);
        return undefined;
      }
    }
    const log = this.deps.log.child({ eventId: doc.eventId ?? doc._id, ...(doc.eventId && doc.eventId !== doc._id ? { inboxKey: doc._id } : {}), eventType: doc.type, attempt });
    try {
      const envelope = envelopeSchema.parse(JSON.parse(doc.raw));
      const answer = await this.deps.route(envelope, { eventId: doc._id, eventType: doc.type, log, now });
      // A card callback's answer goes back inline if it still can; otherwise its card follows.
      if (doc.type === CARD_ACTION_EVENT && answer && !inline?.give(answer) && answer.card && this.deps.lateAnswer) {
        log.info('card answered late: its card follows as a delayed update');
        await this.deps.lateAnswer(doc._id, envelope, answer);
      }
      await store.markDone(doc._id, attempt, clock.now(), queued);
      metrics.eventsHandled.inc({ type: doc.type, outcome: 'done' });
      return answer ?? {};
    } catch (err) {
      const message = errorMessage(err);
      if (card || attempt >= this.opts.maxAttempts) {
        await store.markFailed(doc._id, attempt, clock.now(), message, queued);
        metrics.eventsHandled.inc({ type: doc.type, outcome: 'failed' });
        metrics.eventsFailed.inc({ type: doc.type });
        log.error({ err: message, stack: err instanceof Error ? err.stack : undefined }, 'handler failed; event marked failed');
        return card ? failedAnswer : undefined;
      }
      const delay = backoffMs(attempt, this.opts.backoffBaseMs, this.opts.backoffMaxMs);
      await store.markRetry(doc, attempt, new Date(clock.now().getTime() + delay), message);
      metrics.eventsHandled.inc({ type: doc.type, outcome: 'retry' });
      log.warn({ err: message, retryInMs: delay }, 'handler failed; will retry');
      return undefined;
    }
  }
}
