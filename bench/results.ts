import type { FeelFigures } from './feel.js';
import type { LoadFigures } from './phases.js';
import type { BenchSettings } from './settings.js';

/** Everything one run measured; sections stay undefined when the run stopped before them. */
export interface ThroughputFigures {
  bare: LoadFigures;
  verify: LoadFigures;
  bot: LoadFigures & { lost: number; backlogAfter: number };
  /** verify rate as a percentage of the bare Koa rate. */
  verifyShareOfBare: number;
  botShareOfBare: number;
}

export interface SteadyFigures {
  targetRate: number;
  seconds: number;
  figures: LoadFigures;
  acknowledged: number;
  stored: number;
  lost: number;
  handled: number;
  drainMs: number;
  backlogLeft: number;
  outboxWaiting: number;
  repliesDelivered: number | undefined;
}

export interface StepFigures {
  targetRate: number;
  figures: LoadFigures;
  backlogAfter: number;
  sustainable: boolean;
  /** Why not sustainable (empty when it is). */
  reasons: string[];
}

export interface MemoryFigures {
  botIdleRss: number | undefined;
  referenceIdleRss: number | undefined;
  botPeakRss: number | undefined;
  botPeakPhase: string | undefined;
  botPeakHeap: number | undefined;
  databasePeakRss: number | undefined;
}

export interface BenchResults {
  settings: BenchSettings;
  database: string;
  machine: { cpus: number; node: string };
  startedAt: string;
  durationMs?: number;
  throughput?: ThroughputFigures;
  steady?: SteadyFigures;
  stepUp?: { steps: StepFigures[]; sustainableRate: number | null };
  /** Issue 15's figures: what people feel (reply, handled, handling, card callbacks). */
  feel?: FeelFigures;
  memory: MemoryFigures;
  error?: string;
}
