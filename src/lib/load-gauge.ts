/**
 * Counts acknowledgements in a sliding second. While Lark is delivering faster than
 * `busyPerSecond`, background work (handlers, sends) holds back so that acknowledging — which
 * Lark times out after 3 s and then re-sends — keeps the database to itself. On FerretDB every
 * update scans its collection inside SQLite's single write lock, so a handler's writes would
 * otherwise queue the acknowledgements behind them.
 */
export class LoadGauge {
  private readonly hits: number[] = [];

  constructor(
    private readonly busyPerSecond = 100,
    private readonly now: () => number = Date.now,
  ) {}

  note(): void {
    this.hits.push(this.now());
    if (this.hits.length > this.busyPerSecond * 4) this.prune();
  }

  /** When the last delivery was noted (0: none yet): background work may wait for a pause. */
  lastAt(): number {
    return this.hits.at(-1) ?? 0;
  }

  busy(): boolean {
    this.prune();
    return this.hits.length > this.busyPerSecond;
  }

  private prune() {
    const cutoff = this.now() - 1000;
    let drop = 0;
    while (drop < this.hits.length && this.hits[drop]! <= cutoff) drop++;
    if (drop > 0) this.hits.splice(0, drop);
  }
}
