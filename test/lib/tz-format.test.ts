import { describe, expect, it } from 'vitest';
import dayjs from '../../src/lib/dayjs.js';
import { dayInTz, timeInTz } from '../../src/lib/tz-format.js';

describe('dates in the office time zone, as dayjs would print them', () => {
  const moments = ['2026-12-31T15:59:59.999Z', '2026-12-31T16:00:00Z', '2026-03-08T06:59:00Z', '2026-03-08T07:00:00Z', '2026-11-01T05:30:00Z', '2026-02-17T00:00:00Z'];
  for (const tz of ['Asia/Shanghai', 'America/New_York', 'UTC']) {
    it(`agrees with dayjs.tz in ${tz}, also across midnight and DST`, () => {
      for (const m of moments) {
        const at = new Date(m);
        expect(dayInTz(at, tz)).toBe(dayjs(at).tz(tz).format('YYYY-MM-DD'));
        expect(timeInTz(at, tz)).toBe(dayjs(at).tz(tz).format('MM-DD HH:mm'));
        // A second answer (from the memo) is the same.
        expect(timeInTz(new Date(m), tz)).toBe(dayjs(at).tz(tz).format('MM-DD HH:mm'));
      }
    });
  }
});
