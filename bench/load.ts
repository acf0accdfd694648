import { Agent, request, type ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { PreparedDelivery } from './payloads.js';

/**
 * The load generator: posts prepared deliveries to 127.0.0.1 over a keep-alive agent, either
 * closed-loop (N senders, each sending its next request when the previous one is answered) or
 * open-loop (requests leave at fixed times whatever the answers; latency is counted from the
 * planned send time, so a server that falls behind cannot hide it).
 */
export interface Target {
  port: number;
  path: string;
}

export interface LoadResult {
  planned: number;
  /** Requests actually sent (a closed loop stops sending at its time limit). */
  sent: number;
  /** Requests answered 200. */
  ok: number;
  /** Everything else: other statuses, transport errors, timeouts. */
  errors: number;
  /** Count per outcome: HTTP status ("200", "503") or error code ("ECONNRESET", "timeout"). */
  outcomes: Record<string, number>;
  /** Acknowledgement latency (ms) of each 200 answer. */
  latenciesMs: Float64Array;
  /** Per planned request: 1 when answered 200. */
  okMask: Uint8Array;
  /** First request (or planned start) to last answer. */
  elapsedMs: number;
  /** Open loop only: how late each request actually left (generator lag), ms. */
  sendLagMs?: Float64Array;
  /** Open loop only: when each request was due to leave, epoch ms (performance.timeOrigin-based, comparable across processes). */
  plannedAtEpochMs?: Float64Array;
  firstError?: string;
}

const REQUEST_TIMEOUT_MS = 30_000;
/** An open-loop run is cut off this long after its last planned send; unanswered requests count as errors. */
const OPEN_LOOP_GRACE_MS = 10_000;

export function createAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

type Done = (outcome: string, detail?: string) => void;

function send(agent: Agent, target: Target, d: PreparedDelivery, inflight: Set<ClientRequest>, done: Done): void {
  let finished = false;
  const finish: Done = (outcome, detail) => {
    if (finished) return;
    finished = true;
    inflight.delete(req);
    done(outcome, detail);
  };
  const req = request(
    { agent, host: '127.0.0.1', port: target.port, path: target.path, method: 'POST', headers: d.headers },
    (res) => {
      const status = String(res.statusCode ?? 0);
      let text = '';
      if (res.statusCode !== 200) res.on('data', (c: Buffer) => (text = (text + c.toString('utf8')).slice(0, 300)));
      else res.resume();
      res.once('end', () => finish(status, text || undefined));
      res.once('error', (err: NodeJS.ErrnoException) => finish(err.code ?? 'response_error', err.message));
    },
  );
  inflight.add(req);
  req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(Object.assign(new Error('no answer in time'), { code: 'timeout' })));
  req.once('error', (err: NodeJS.ErrnoException) => finish(err.code ?? 'request_error', err.message));
  req.once('close', () => finish('closed', 'connection closed before an answer'));
  req.end(d.body);
}

class Recorder {
  readonly latenciesMs: number[] = [];
  readonly okMask: Uint8Array;
  readonly outcomes: Record<string, number> = {};
  ok = 0;
  errors = 0;
  firstError: string | undefined;
  lastEnd = 0;

  constructor(readonly planned: number) {
    this.okMask = new Uint8Array(planned);
  }

  record(i: number, outcome: string, detail: string | undefined, latencyMs: number, end: number) {
    this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
    if (end > this.lastEnd) this.lastEnd = end;
    if (outcome === '200') {
      this.ok++;
      this.okMask[i] = 1;
      this.latenciesMs.push(latencyMs);
    } else {
      this.errors++;
      this.firstError ??= `${outcome}${detail ? `: ${detail}` : ''}`;
    }
  }

  result(startedAt: number, sent: number, sendLagMs?: Float64Array): LoadResult {
    return {
      planned: this.planned,
      sent,
      ok: this.ok,
      errors: this.errors,
      outcomes: this.outcomes,
      latenciesMs: Float64Array.from(this.latenciesMs),
      okMask: this.okMask,
      elapsedMs: Math.max(0, this.lastEnd - startedAt),
      ...(sendLagMs ? { sendLagMs } : {}),
      ...(this.firstError ? { firstError: this.firstError } : {}),
    };
  }
}

/**
 * `concurrency` senders, each with one request in flight, until every delivery is answered or
 * `maxMs` have passed (then no new request is sent and the run ends when the last one returns).
 */
export function closedLoop(agent: Agent, target: Target, items: PreparedDelivery[], concurrency: number, maxMs = Infinity): Promise<LoadResult> {
  const n = items.length;
  const rec = new Recorder(n);
  const inflight = new Set<ClientRequest>();
  return new Promise((resolve) => {
    const startedAt = performance.now();
    let next = 0;
    let answered = 0;
    let resolved = false;
    const lane = () => {
      if (next >= n || performance.now() - startedAt > maxMs) {
        if (answered === next && !resolved) {
          resolved = true;
          resolve(rec.result(startedAt, next));
        }
        return;
      }
      const i = next++;
      const sentAt = performance.now();
      send(agent, target, items[i]!, inflight, (outcome, detail) => {
        const end = performance.now();
        rec.record(i, outcome, detail, end - sentAt, end);
        answered++;
        lane();
      });
    };
    for (let l = 0; l < Math.max(1, Math.min(concurrency, n)); l++) lane();
  });
}

/** Sends delivery i at start + i/rate seconds, whatever the answers; latency from that plan. */
export function openLoop(agent: Agent, target: Target, items: PreparedDelivery[], rate: number): Promise<LoadResult> {
  const n = items.length;
  const rec = new Recorder(n);
  const sendLag = new Float64Array(n);
  const inflight = new Set<ClientRequest>();
  const intervalMs = 1000 / rate;
  return new Promise((resolve) => {
    const startedAt = performance.now() + 20;
    if (n === 0) return resolve(rec.result(startedAt, 0, sendLag));
    const planned = (i: number) => startedAt + i * intervalMs;
    const plannedAtEpochMs = Float64Array.from({ length: n }, (_, i) => performance.timeOrigin + planned(i));
    let next = 0;
    let answered = 0;
    let timer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      for (const req of [...inflight]) req.destroy(Object.assign(new Error('no answer 10 s after the last planned send'), { code: 'cut_off' }));
    }, planned(n - 1) - performance.now() + OPEN_LOOP_GRACE_MS);
    const tick = () => {
      const now = performance.now();
      while (next < n && planned(next) <= now) {
        const i = next++;
        sendLag[i] = now - planned(i);
        send(agent, target, items[i]!, inflight, (outcome, detail) => {
          const end = performance.now();
          rec.record(i, outcome, detail, end - planned(i), end);
          if (++answered === n) {
            clearTimeout(deadline);
            clearTimeout(timer);
            resolve({ ...rec.result(startedAt, n, sendLag), plannedAtEpochMs });
          }
        });
      }
      if (next < n) timer = setTimeout(tick, Math.max(0, planned(next) - performance.now()));
    };
    timer = setTimeout(tick, Math.max(0, startedAt - performance.now()));
  });
}
