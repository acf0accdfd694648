import { describe, expect, it } from 'vitest';
import { LoadGauge } from '../../src/lib/load-gauge.js';

describe('LoadGauge', () => {
  it('is busy while more than the threshold arrived within the last second, and calms down after', () => {
    let now = 1_000_000;
    const g = new LoadGauge(3, () => now);
    for (let i = 0; i < 3; i++) g.note();
    expect(g.busy()).toBe(false);
    g.note();
    expect(g.busy()).toBe(true);
    now += 999;
    expect(g.busy()).toBe(true);
    now += 2;
    expect(g.busy()).toBe(false);
  });

  it('says when the last delivery came (0 before any), for work that waits for a pause', () => {
    let now = 5000;
    const g = new LoadGauge(100, () => now);
    expect(g.lastAt()).toBe(0);
    g.note();
    now = 7000;
    g.note();
    expect(g.lastAt()).toBe(7000);
  });
});
