import dayjs from '../lib/dayjs.js';

/**
 * Values as Lark sends them from card components (form-container.md 回调结构, and each
 * component's page), read into plain values. Each reader returns '' (or []) when the field was
 * left empty, and null when it holds something Lark would not send — the handler then answers
 * naming the field, and changes nothing.
 *
 * - date_picker: "2024-04-01 +0800" (date-picker.md)
 * - picker_time: "00:00 +0800" (time-selector.md)
 * - picker_datetime: "2024-04-29 07:07 +0800" (date-time-picker.md)
 * - select_person: an open_id; multi_select_person / multi_select_static: arrays (in forms)
 * - checker: a boolean (`checked`)
 */

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const offsetMinutes = (s: string): number | null => {
  const m = OFFSET.exec(s);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null;
};

/** A real calendar date written YYYY-MM-DD (no 02-30). */
const realDate = (d: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return false;
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return t.getUTCMonth() === Number(m[2]) - 1 && t.getUTCDate() === Number(m[3]);
};

/**
 * A date_picker's value as the calendar date the person picked: "2026-12-21 +0800" →
 * "2026-12-21". A bare date is taken too (what older clients and our own defaults hold).
 */
export function larkDate(v: unknown): string | null {
  if (v === undefined || v === null || v === '') return '';
  if (typeof v !== 'string') return null;
  const [date, offset, ...rest] = v.trim().split(/\s+/);
  if (!date || rest.length > 0 || !realDate(date)) return null;
  if (offset !== undefined && offsetMinutes(offset) === null) return null;
  return date;
}

/** A picker_time's value "HH:mm +0800" as the time of day in `tz` (the office's time zone). */
export function larkTime(v: unknown, tz: string): string | null {
  if (v === undefined || v === null || v === '') return '';
  if (typeof v !== 'string') return null;
  const m = /^(\d{2}):(\d{2})(?:\s+(\S+))?$/.exec(v.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  if (m[3] === undefined) return `${m[1]}:${m[2]}`;
  const offset = offsetMinutes(m[3]);
  if (offset === null) return null;
  // The time was picked in the person's zone; shown in the office's (dates do not matter here).
  const at = dayjs.utc(`2026-01-01T${m[1]}:${m[2]}:00Z`).subtract(offset, 'minute');
  return at.tz(tz).format('HH:mm');
}

/** A picker_datetime's value "2024-04-29 07:07 +0800" as an instant. */
export function larkDateTime(v: unknown, tz: string): Date | '' | null {
  if (v === undefined || v === null || v === '') return '';
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})\s+(\d{2}):(\d{2})(?:\s+(\S+))?$/.exec(v.trim());
  if (!m || !realDate(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  if (m[4] === undefined) return dayjs.tz(`${m[1]} ${m[2]}:${m[3]}`, tz).toDate();
  const offset = offsetMinutes(m[4]);
  if (offset === null) return null;
  return dayjs.utc(`${m[1]}T${m[2]}:${m[3]}:00Z`).subtract(offset, 'minute').toDate();
}

/** A select_person's value: one open_id. */
export function larkPerson(v: unknown): string | null {
  if (v === undefined || v === null || v === '') return '';
  if (Array.isArray(v) && v.length === 1) return larkPerson(v[0]);
  return typeof v === 'string' && /^ou_[\w-]{1,128}$/.test(v.trim()) ? v.trim() : null;
}

/** A multi-select's values (multi_select_static, multi_select_person): an array of strings. */
export function larkOptions(v: unknown): string[] | null {
  if (v === undefined || v === null || v === '') return [];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return null;
  return [...new Set(v.filter((x) => x !== ''))];
}

/** A checker's value: a boolean. */
export const larkChecked = (v: unknown): boolean => v === true || v === 'true';
