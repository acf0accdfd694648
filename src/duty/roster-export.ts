import { stringify } from 'csv-stringify/sync';
import type { DutyShiftDoc } from '../models/duty-shift.js';
import type { ShiftPattern } from './shift-patterns.js';

/** The roster as CSV in the import format (open_ids), with names beside them, UTF-8 with BOM for Excel. */
export function rosterCsv(shifts: DutyShiftDoc[], names: (id: string) => string): string {
  const rows = shifts.map((s) => [s.date, s.shift, s.primary, s.secondary ?? '', s.leader ?? '', names(s.primary), s.secondary ? names(s.secondary) : '', s.leader ? names(s.leader) : '']);
  return `\uFEFF${stringify([['date', 'shift', 'primary', 'secondary', 'leader', 'primary_name', 'secondary_name', 'leader_name'], ...rows])}`;
}

const ics = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const escapeText = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');

/** RFC 5545 3.1: lines longer than 75 octets are folded (CRLF and a space), never inside a character. */
function fold(line: string): string {
  const parts: string[] = [];
  let cur = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (octets + n > (parts.length ? 74 : 75)) {
      parts.push(cur);
      cur = '';
      octets = 0;
    }
    cur += ch;
    octets += n;
  }
  parts.push(cur);
  return parts.join('\r\n ');
}

/**
 * iCalendar (RFC 5545) for people's calendars: one event per shift, times in UTC, each with its
 * LAST-MODIFIED so a swap shows as a change. `feed`: a subscribed calendar (named, and with the
 * refresh interval calendar apps read).
 */
export function rosterIcs(shifts: DutyShiftDoc[], patterns: ShiftPattern[], names: (id: string) => string, stamp: Date, forPerson?: string, feed?: { name: string; tz: string }): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//govdesk//duty roster//ZH', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(feed?.name ?? '值班表 Duty roster')}`];
  if (feed) lines.push(`X-WR-TIMEZONE:${feed.tz}`, 'REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'X-PUBLISHED-TTL:PT1H');
  for (const s of shifts) {
    const pattern = patterns.find((p) => p.key === s.shift);
    const role = forPerson ? (s.primary === forPerson ? '主班' : s.secondary === forPerson ? '副班' : '带班领导') : '';
    const who = `主班 ${names(s.primary)}${s.secondary ? ` 副班 ${names(s.secondary)}` : ''}${s.leader ? ` 带班 ${names(s.leader)}` : ''}`;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${s._id}@govdesk`,
      `DTSTAMP:${ics(stamp)}`,
      // RFC 5545 3.8.7.3 LAST-MODIFIED and 3.8.7.4 SEQUENCE (raised on each change of who or when,
      // so calendar apps replace their copy of the event); 3.8.7.2 DTSTAMP: with METHOD, when this
      // calendar was made.
      `LAST-MODIFIED:${ics(s.updatedAt)}`,
      `SEQUENCE:${s.sequence ?? 0}`,
      `DTSTART:${ics(s.start)}`,
      `DTEND:${ics(s.end)}`,
      `SUMMARY:${escapeText(`值班 ${pattern?.name.zh ?? s.shift}${role ? ` · ${role}` : ''}`)}`,
      `DESCRIPTION:${escapeText(who)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
