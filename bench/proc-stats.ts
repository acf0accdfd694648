import { readFileSync } from 'node:fs';

/**
 * CPU time and resident memory of a process, read from /proc (Linux). Undefined elsewhere or
 * when the process is gone: these figures are context, never required.
 */
export interface ProcSample {
  /** User + system CPU time, in milliseconds. */
  cpuMs: number;
  rssBytes: number;
}

const TICKS_PER_SECOND = 100;

export function readProc(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may hold spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
    return { cpuMs: ((utime + stime) * 1000) / TICKS_PER_SECOND, rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

/** Share of one core used between two samples taken `wallMs` apart (100 = one full core). */
export function cpuPercent(before: ProcSample | undefined, after: ProcSample | undefined, wallMs: number): number | undefined {
  if (!before || !after || wallMs <= 0) return undefined;
  return ((after.cpuMs - before.cpuMs) / wallMs) * 100;
}

/**
 * Waits (at most `maxMs`) until `pid` uses less than `belowPercent` of a core over a 500 ms
 * window, so that one phase's leftover work does not run into the next. Returns the wait (ms).
 */
export async function waitUntilQuiet(pid: number | undefined, maxMs: number, belowPercent = 15): Promise<number> {
  const started = Date.now();
  if (!pid) return 0;
  for (let i = 0; i < 1000 && Date.now() - started < maxMs; i++) {
    const before = readProc(pid);
    await new Promise((r) => setTimeout(r, 500));
    const used = cpuPercent(before, readProc(pid), 500);
    if (used === undefined || used < belowPercent) break;
  }
  return Date.now() - started;
}
