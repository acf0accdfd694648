import type { ChildServer } from './child.js';
import { cpuPercent, readProc, type ProcSample } from './proc-stats.js';

/**
 * Watches resources while a phase runs: the server child's own RSS and heap (asked over IPC
 * every `intervalMs`, keeping the peak), and the CPU share of each listed process from /proc.
 */
export interface WatchedProcess {
  label: string;
  pid: number | undefined;
}

export interface WatchResult {
  wallMs: number;
  /** Percent of one core, per label (undefined when /proc is not readable). */
  cpu: Record<string, number | undefined>;
  /** Peak RSS per label from /proc (bytes). */
  procPeakRss: Record<string, number | undefined>;
  /** Peak RSS / heap the child reported itself (bytes). */
  childPeakRss: number | undefined;
  childPeakHeap: number | undefined;
  /** The child's last `delivered` count (bot: replies handed to the fake Open API). */
  childDelivered: number | undefined;
}

export class ResourceWatch {
  private readonly before = new Map<string, ProcSample | undefined>();
  private readonly procPeak = new Map<string, number>();
  private childPeakRss: number | undefined;
  private childPeakHeap: number | undefined;
  private childDelivered: number | undefined;
  private startedAt = 0;
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly processes: WatchedProcess[],
    private readonly child: ChildServer | undefined,
    private readonly intervalMs = 250,
  ) {}

  start(): this {
    this.startedAt = Date.now();
    for (const p of this.processes) this.before.set(p.label, p.pid ? readProc(p.pid) : undefined);
    this.running = true;
    this.loop = this.run();
    return this;
  }

  private async sampleOnce(): Promise<void> {
    for (const p of this.processes) {
      const rss = p.pid ? readProc(p.pid)?.rssBytes : undefined;
      if (rss !== undefined && Number.isFinite(rss)) this.procPeak.set(p.label, Math.max(rss, this.procPeak.get(p.label) ?? 0));
    }
    const s = await this.child?.sample();
    if (s) {
      this.childPeakRss = Math.max(s.rss, this.childPeakRss ?? 0);
      this.childPeakHeap = Math.max(s.heapUsed, this.childPeakHeap ?? 0);
      if (s.delivered !== undefined) this.childDelivered = s.delivered;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      await this.sampleOnce();
      await new Promise((r) => setTimeout(r, this.intervalMs));
    }
  }

  async stop(): Promise<WatchResult> {
    this.running = false;
    await this.loop;
    await this.sampleOnce();
    const wallMs = Date.now() - this.startedAt;
    const cpu: Record<string, number | undefined> = {};
    const procPeakRss: Record<string, number | undefined> = {};
    for (const p of this.processes) {
      cpu[p.label] = p.pid ? cpuPercent(this.before.get(p.label), readProc(p.pid), wallMs) : undefined;
      procPeakRss[p.label] = this.procPeak.get(p.label);
    }
    return { wallMs, cpu, procPeakRss, childPeakRss: this.childPeakRss, childPeakHeap: this.childPeakHeap, childDelivered: this.childDelivered };
  }
}
