import { LarkCallError } from './lark-call-error.js';

export type LarkErrorClass =
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'bad_token' }
  | { kind: 'retryable' }
  /** Lark refused the card itself (message create/reply/patch 230099, 230025): sending it again cannot help. */
  | { kind: 'card_refused' }
  | { kind: 'permanent' };

/** Codes that mean the cached tenant token is no good: drop it and retry once. */
export const TOKEN_ERROR_CODES = new Set([99991663, 99991664, 99991671]);
export const RATE_LIMIT_CODE = 99991400;
/**
 * Lark refused the content: 230099 "Failed to create card content" (its ErrCode says why) and
 * 230025 "The length of the message content reaches its limit" (cards at most 30 KB), from the
 * error tables of im-v1 message create, reply and patch; 11311 "卡片格式不符合要求" from the
 * delayed card update's.
 */
export const CARD_REFUSED_CODES = new Set([230099, 230025, 11311]);

/** The one place that decides what a failed Open API call means. */
export function classifyLarkError(err: unknown): LarkErrorClass {
  if (!(err instanceof LarkCallError)) return { kind: 'retryable' };
  if (err.status === 429 || err.code === RATE_LIMIT_CODE) {
    const reset = Number(err.headers['x-ogw-ratelimit-reset']);
    return { kind: 'rate_limited', retryAfterMs: Number.isFinite(reset) && reset > 0 ? Math.min(reset, 3600) * 1000 : 1000 };
  }
  if (err.code !== undefined && TOKEN_ERROR_CODES.has(err.code)) return { kind: 'bad_token' };
  if (err.code !== undefined && CARD_REFUSED_CODES.has(err.code)) return { kind: 'card_refused' };
  if (err.status === undefined || err.status >= 500 || err.status === 408) return { kind: 'retryable' };
  return { kind: 'permanent' };
}
