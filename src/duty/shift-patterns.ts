import type { Bilingual } from '../cards/card-types.js';

/** A kind of shift and its hours (end before start: it runs into the next day). */
export interface ShiftPattern {
  key: string;
  name: Bilingual;
  start: string; // HH:mm
  end: string; // HH:mm
}

/** Default: day 08:30–17:30, night 17:30–08:30 (DUTY_SHIFTS overrides, e.g. "day=08:30-17:30,night=17:30-08:30"). */
export const DEFAULT_SHIFTS: ShiftPattern[] = [
  { key: 'day', name: { zh: '白班', en: 'Day' }, start: '08:30', end: '17:30' },
  { key: 'night', name: { zh: '夜班', en: 'Night' }, start: '17:30', end: '08:30' },
];

const NAMES: Record<string, Bilingual> = { day: { zh: '白班', en: 'Day' }, night: { zh: '夜班', en: 'Night' }, all: { zh: '全天', en: 'All day' } };
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Parses DUTY_SHIFTS; null when it is not `key=HH:mm-HH:mm[,…]`. */
export function parseShifts(spec: string): ShiftPattern[] | null {
  const out: ShiftPattern[] = [];
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z][a-z0-9_]*)=(\d\d:\d\d)-(\d\d:\d\d)$/.exec(part);
    if (!m || !TIME.test(m[2]!) || !TIME.test(m[3]!) || m[2] === m[3]) return null;
    out.push({ key: m[1]!, name: NAMES[m[1]!] ?? { zh: m[1]!, en: m[1]! }, start: m[2]!, end: m[3]! });
  }
  return out.length ? out : null;
}
