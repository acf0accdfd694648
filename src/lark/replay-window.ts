/**
 * How long a signed delivery stays acceptable, and how long its dedupe record must then live.
 *
 * Lark retries a failed push after 15 s, 5 min, 1 h and 6 h, four times at most (事件概述,
 * 推送周期和频次), each attempt given 3 s: the last retry leaves about 7 h 05 min after the
 * first. Whether a retry is signed with a fresh X-Lark-Request-Timestamp is documented nowhere
 * (and no SDK checks the timestamp), so the window assumes the worst — every retry carries the
 * first attempt's timestamp — and still takes each of them: 8 hours. A genuine retry is never
 * refused; a delivery captured and replayed later than that is (401).
 *
 * Within the window a replay is a duplicate: its dedupe record must outlive the window after the
 * last genuine delivery (had the retries been re-signed): window + retry horizon ≈ 15 h 06 min.
 */
export const LARK_RETRY_HORIZON_MS = (15 + 5 * 60 + 60 * 60 + 6 * 60 * 60 + 4 * 3) * 1000;
export const REPLAY_WINDOW_MS = 8 * 60 * 60 * 1000;
/** A timestamp ahead of our clock by more than this is refused too (clocks drift a little). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
export const MIN_DEDUPE_RETENTION_MS = REPLAY_WINDOW_MS + LARK_RETRY_HORIZON_MS;

/**
 * Lark's timestamps: X-Lark-Request-Timestamp in seconds (the SDKs' and docs' samples), the
 * envelope's create_time in milliseconds (as a string). Either is read; null when unreadable.
 */
export function timestampMs(value: string | undefined): number | null {
  if (!value || !/^\d{9,16}(\.\d+)?$/.test(value)) return null;
  const n = Number(value);
  return n > 1e12 ? n : n * 1000;
}

/** Whether a delivery stamped `at` may still be taken at `now`. */
export const withinReplayWindow = (at: number, now: number) => at >= now - REPLAY_WINDOW_MS && at <= now + CLOCK_SKEW_MS;
