import cliProgress from 'cli-progress';
import type { Writable } from 'node:stream';

/** Rows above which imports and syncs show a progress bar. */
export const PROGRESS_THRESHOLD = 300;

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

/**
 * A progress bar on `stream` (stderr) once the job is bigger than the threshold; nothing for
 * small jobs. Syncs learn their size as they go, so `update` may raise the total.
 */
export function progressBar(stream: Writable, label: string, expected: number, tty: boolean): Progress {
  let bar: cliProgress.SingleBar | undefined;
  const start = (total: number) => {
    bar = new cliProgress.SingleBar(
      {
        stream: stream as NodeJS.WritableStream,
        format: `${label} [{bar}] {value}/{total} {percentage}%`,
        noTTYOutput: !tty,
        notTTYSchedule: 1000,
        hideCursor: tty,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
  };
  return {
    update(done, total = expected) {
      if (!bar && total > PROGRESS_THRESHOLD) start(total);
      if (!bar) return;
      if (total !== bar.getTotal()) bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
