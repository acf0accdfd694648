import { describe, expect, it } from 'vitest';
import { classifyLarkError } from '../../src/lark/classify-lark-error.js';
import { LarkCallError } from '../../src/lark/lark-call-error.js';

const e = (status: number | undefined, code?: number, headers: Record<string, string> = {}) => new LarkCallError('x', status, code, headers);

describe('classifyLarkError', () => {
  it('rate limits: 429 or code 99991400, waiting as x-ogw-ratelimit-reset says', () => {
    expect(classifyLarkError(e(429, 99991400, { 'x-ogw-ratelimit-reset': '3' }))).toEqual({ kind: 'rate_limited', retryAfterMs: 3000 });
    expect(classifyLarkError(e(400, 99991400))).toEqual({ kind: 'rate_limited', retryAfterMs: 1000 });
  });
  it('bad tenant tokens', () => {
    for (const code of [99991663, 99991664, 99991671]) expect(classifyLarkError(e(400, code)).kind).toBe('bad_token');
  });
  it('server errors and network failures are retryable; other client errors are permanent', () => {
    expect(classifyLarkError(e(500)).kind).toBe('retryable');
    expect(classifyLarkError(e(503, 1)).kind).toBe('retryable');
    expect(classifyLarkError(e(undefined)).kind).toBe('retryable');
    expect(classifyLarkError(new Error('socket hang up')).kind).toBe('retryable');
    expect(classifyLarkError(e(400, 230002)).kind).toBe('permanent');
    expect(classifyLarkError(e(200, 230001)).kind).toBe('permanent');
  });
});
