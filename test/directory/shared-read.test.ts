import { describe, expect, it } from 'vitest';
import { SharedRead } from '../../src/directory/directory.js';

/** A read that counts its runs and resolves when told. */
const counting = () => {
  let runs = 0;
  const pending: ((v: number[]) => void)[] = [];
  const read = () => {
    runs++;
    return new Promise<number[]>((r) => pending.push(r));
  };
  return { read, runs: () => runs, finish: (v: number[]) => pending.shift()!(v) };
};

describe('SharedRead: one read of a whole list for everyone who asks at once, reused for a moment', () => {
  it('callers asking while a read is under way share it', async () => {
    const c = counting();
    const s = new SharedRead(c.read);
    const a = s.get();
    const b = s.get();
    c.finish([1]);
    expect(await a).toEqual([1]);
    expect(await b).toEqual([1]);
    expect(c.runs()).toBe(1);
    // Without reuse, the next caller reads afresh.
    const next = s.get();
    c.finish([2]);
    expect(await next).toEqual([2]);
    expect(c.runs()).toBe(2);
  });

  it('a finished read is reused for reuseMs, then read again; drop() (a change made here) reads afresh at once', async () => {
    let now = 0;
    const c = counting();
    const s = new SharedRead(c.read, 300, () => now);
    const first = s.get();
    c.finish([1]);
    await first;
    now = 299;
    expect(await s.get()).toEqual([1]);
    expect(c.runs()).toBe(1);
    now = 300;
    const second = s.get();
    c.finish([2]);
    expect(await second).toEqual([2]);
    expect(c.runs()).toBe(2);
    s.drop();
    const third = s.get();
    c.finish([3]);
    expect(await third).toEqual([3]);
    expect(c.runs()).toBe(3);
  });

  it('a failed read is not reused', async () => {
    let fail = true;
    const s = new SharedRead(() => (fail ? Promise.reject(new Error('db down')) : Promise.resolve([7])), 300, () => 0);
    await expect(s.get()).rejects.toThrow('db down');
    fail = false;
    expect(await s.get()).toEqual([7]);
  });
});
