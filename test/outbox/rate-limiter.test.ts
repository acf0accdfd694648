import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/outbox/rate-limiter.js';

describe('RateLimiter', () => {
  it('lets 5 messages a second through to one receiver (over a 10% longer window), then says how long to wait', () => {
    const l = new RateLimiter();
    for (let i = 0; i < 5; i++) expect(l.reserve('open_id:ou_a', 1000 + i)).toBe(0);
    expect(l.reserve('open_id:ou_a', 1010)).toBe(1100 - 10);
    expect(l.reserve('open_id:ou_b', 1010)).toBe(0);
    expect(l.reserve('open_id:ou_a', 2000)).not.toBe(0);
    expect(l.reserve('open_id:ou_a', 2100)).toBe(0);
  });

  it('keeps the whole app under 50 a second and 1000 a minute', () => {
    const l = new RateLimiter();
    let sent = 0;
    for (let i = 0; i < 60; i++) if (l.reserve(`r${i}`, 5000) === 0) sent++;
    expect(sent).toBe(50);
    let t = 10_000;
    let minute = 0;
    for (let s = 0; s < 60; s++, t += 1000) for (let i = 0; i < 50; i++) if (l.reserve(`m${s}-${i}`, t) === 0) minute++;
    expect(minute).toBeLessThanOrEqual(1000);
  });

  it('says when the app as a whole may send again, whoever to', () => {
    const l = new RateLimiter();
    expect(l.appWait(5000)).toBe(0);
    for (let i = 0; i < 50; i++) l.reserve(`r${i}`, 5000 + i);
    expect(l.appWait(5100)).toBe(5000 + 1100 - 5100);
    expect(l.appWait(6100)).toBe(0);
    l.pause('*', 9000);
    expect(l.appWait(7000)).toBe(2000);
    l.pause('open_id:ou_a', 20_000);
    expect(l.appWait(9000)).toBe(0);
  });

  it('holds a receiver (or the whole app) after Lark says 429', () => {
    const l = new RateLimiter();
    l.pause('open_id:ou_a', 5000);
    expect(l.reserve('open_id:ou_a', 1000)).toBe(4000);
    expect(l.reserve('open_id:ou_b', 1000)).toBe(0);
    l.pause('*', 3000);
    expect(l.reserve('open_id:ou_b', 1000)).toBe(2000);
  });
});
