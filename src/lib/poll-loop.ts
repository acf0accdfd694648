/**
 * Runs `tick` again and again: every `intervalMs`, sooner when kicked, never two at once.
 * `tick` may return how soon (ms) it wants to run again.
 */
export class PollLoop {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private kicked = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly tick: () => Promise<number | void>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.done;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      let next: number | void = undefined;
      try {
        next = await this.tick();
      } catch (err) {
        this.onError(err);
      }
      if (!this.running) break;
      if (this.kicked) continue;
      const wait = Math.max(0, Math.min(this.intervalMs, typeof next === 'number' ? next : this.intervalMs));
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, wait);
      });
      clearTimeout(this.timer);
      this.wake = undefined;
    }
  }
}
