/**
 * The benchmark's knobs (environment variables) and the fixed secrets the bot under test and
 * the load generator share. Read once; every figure printed says which settings produced it.
 */
const intFromEnv = (name: string, fallback: number, min: number, max: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max} (got ${raw})`);
  return n;
};

const ratesFromEnv = (name: string, fallback: number[]): number[] => {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const rates = raw.split(',').map((s) => Number(s.trim()));
  if (rates.length === 0 || rates.length > 20 || rates.some((r) => !Number.isInteger(r) || r < 1 || r > 50_000)) {
    throw new Error(`${name} must be a comma-separated list of up to 20 rates from 1 to 50000 (got ${raw})`);
  }
  return rates;
};

export const ALL_PHASES = ['ack', 'steady', 'stepup', 'reply', 'handled', 'handling', 'cards'] as const;
export type BenchPhase = (typeof ALL_PHASES)[number];

const phasesFromEnv = (): BenchPhase[] => {
  const raw = process.env.BENCH_PHASES;
  if (raw === undefined || raw.trim() === '') return [...ALL_PHASES];
  const phases = raw.split(',').map((s) => s.trim());
  const unknown = phases.filter((p) => !(ALL_PHASES as readonly string[]).includes(p));
  if (unknown.length > 0 || phases.length === 0) throw new Error(`BENCH_PHASES must be a comma-separated list of ${ALL_PHASES.join(', ')} (got ${raw})`);
  return phases as BenchPhase[];
};

const runnerFromEnv = (): 'node' | 'tsx' => {
  const raw = process.env.BENCH_RUNNER?.trim() || 'node';
  if (raw !== 'node' && raw !== 'tsx') throw new Error(`BENCH_RUNNER must be node or tsx (got ${raw})`);
  return raw;
};

export interface BenchSettings {
  /** Events per closed-loop throughput run (each target). */
  events: number;
  /** A closed-loop run stops sending after this long even if `events` were not all sent. */
  maxSeconds: number;
  /** Requests sent to each target before measuring (not counted). */
  warmupEvents: number;
  /** Concurrent closed-loop senders (and the agent's maxSockets). */
  concurrency: number;
  steadyRate: number;
  steadySeconds: number;
  /** Open-loop rates tried in order; the step-up stops at the first rate that fails. */
  stepRates: number[];
  stepSeconds: number;
  /** Longest wait for the bot to finish handling what it acknowledged. */
  drainSeconds: number;
  /** Acknowledgement p99 that counts as sustainable, and the share of the target rate. */
  p99TargetMs: number;
  achievedShare: number;
  /** Which phases run (BENCH_PHASES, comma-separated; default all of ALL_PHASES). */
  phases: BenchPhase[];
  /** End-to-end reply latency (event in → send call): open-loop rate and seconds. */
  replyRate: number;
  replySeconds: number;
  /** Handled latency (event in → reply queued in the outbox): open-loop rate and seconds. */
  handledRate: number;
  handledSeconds: number;
  /** Handling throughput: help commands sent closed-loop at `concurrency` senders, then drained. */
  handlingEvents: number;
  /** Card callbacks: clicks one after another, clicks at once, and how many rounds of those. */
  cardSingle: number;
  cardBurst: number;
  cardRounds: number;
  /** How the servers under test run: transpiled JavaScript under plain node (default), or tsx. */
  runner: 'node' | 'tsx';
}

export function loadSettings(): BenchSettings {
  return {
    events: intFromEnv('BENCH_EVENTS', 20_000, 100, 1_000_000),
    maxSeconds: intFromEnv('BENCH_MAX_SECONDS', 30, 1, 3600),
    warmupEvents: intFromEnv('BENCH_WARMUP_EVENTS', 1000, 0, 100_000),
    concurrency: intFromEnv('BENCH_CONCURRENCY', 200, 1, 2000),
    steadyRate: intFromEnv('BENCH_STEADY_RATE', 500, 1, 50_000),
    steadySeconds: intFromEnv('BENCH_STEADY_SECONDS', 60, 1, 3600),
    stepRates: ratesFromEnv('BENCH_STEP_RATES', [10, 25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 4000, 6000]),
    stepSeconds: intFromEnv('BENCH_STEP_SECONDS', 10, 1, 600),
    drainSeconds: intFromEnv('BENCH_DRAIN_SECONDS', 15, 0, 600),
    p99TargetMs: 50,
    achievedShare: 0.95,
    runner: runnerFromEnv(),
    phases: phasesFromEnv(),
    replyRate: intFromEnv('BENCH_REPLY_RATE', 15, 1, 50_000),
    replySeconds: intFromEnv('BENCH_REPLY_SECONDS', 60, 1, 3600),
    handledRate: intFromEnv('BENCH_HANDLED_RATE', 50, 1, 50_000),
    handledSeconds: intFromEnv('BENCH_HANDLED_SECONDS', 60, 1, 3600),
    handlingEvents: intFromEnv('BENCH_HANDLING_EVENTS', 3000, 10, 1_000_000),
    cardSingle: intFromEnv('BENCH_CARD_SINGLE', 20, 1, 10_000),
    cardBurst: intFromEnv('BENCH_CARD_BURST', 50, 1, 2000),
    cardRounds: intFromEnv('BENCH_CARD_ROUNDS', 3, 1, 100),
  };
}

/** Secrets of the bot under test; the generator signs and encrypts with the same ones. */
export const BENCH_SECRETS = {
  appId: 'cli_b3nch0000000001',
  appSecret: 'bench-app-secret-not-used',
  encryptKey: 'bench-encrypt-key-5e1d0c',
  verificationToken: 'bench-verification-token-a94f',
} as const;

export const EVENTS_PATH = '/lark/events';
