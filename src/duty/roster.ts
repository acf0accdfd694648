import { parse as parseCsv } from 'csv-parse/sync';
import type { Bilingual } from '../cards/card-types.js';
import type { Directory, Person } from '../directory/directory.js';
import dayjs from '../lib/dayjs.js';
import type { Clock } from '../lib/clock.js';
import type { DutyShiftDoc, DutyShiftModel } from '../models/duty-shift.js';
import type { ShiftPattern } from './shift-patterns.js';

export interface RosterRow {
  line: number;
  date: string;
  shift: string;
  primary: string;
  secondary: string;
  leader: string;
}

export type Shift = Omit<DutyShiftDoc, 'source' | 'updatedAt' | 'sequence'>;

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The shift's start and end: an end not after the start runs into the next day. */
export function shiftTimes(date: string, p: ShiftPattern, tz: string): { start: Date; end: Date } {
  const start = dayjs.tz(`${date} ${p.start}`, tz);
  let end = dayjs.tz(`${date} ${p.end}`, tz);
  if (!end.isAfter(start)) end = dayjs.tz(`${start.add(1, 'day').format('YYYY-MM-DD')} ${p.end}`, tz);
  return { start: start.toDate(), end: end.toDate() };
}

/** Rows from a roster file: CSV `date,shift,primary,secondary,leader` (header optional) or a JSON list. */
export function readRosterFile(text: string): { rows: RosterRow[] } | { problems: Bilingual[] } {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body.startsWith('[')) {
    try {
      const list = JSON.parse(body) as Record<string, unknown>[];
      return { rows: list.map((r, i) => ({ line: i + 1, date: String(r.date ?? ''), shift: String(r.shift ?? ''), primary: String(r.primary ?? ''), secondary: String(r.secondary ?? ''), leader: String(r.leader ?? '') })) };
    } catch (err) {
      return { problems: [{ zh: `不是有效的 JSON：${(err as Error).message}`, en: `not valid JSON: ${(err as Error).message}` }] };
    }
  }
  let records: string[][];
  try {
    records = parseCsv(body, { relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (err) {
    return { problems: [{ zh: `不是有效的 CSV：${(err as Error).message}`, en: `not valid CSV: ${(err as Error).message}` }] };
  }
  const header = records[0]?.[0]?.toLowerCase() === 'date';
  const rows: RosterRow[] = [];
  records.forEach((cells, i) => {
    if ((header && i === 0) || cells.every((c) => c === '')) return;
    const [date = '', shift = '', primary = '', secondary = '', leader = ''] = cells;
    rows.push({ line: i + 1, date, shift, primary, secondary, leader });
  });
  return { rows };
}

/**
 * Checks a month's roster before anything is written: dates and shifts, people known and in
 * the right role (by open_id or by a name that is unique), a primary on every shift, nobody on
 * two overlapping shifts, and no gap — every shift of every day of the months it covers.
 */
export async function validateRoster(rows: RosterRow[], patterns: ShiftPattern[], directory: Directory, tz: string): Promise<{ shifts: Shift[] } | { problems: Bilingual[] }> {
  const problems: Bilingual[] = [];
  const at = (r: RosterRow) => ({ zh: `第 ${r.line} 行`, en: `row ${r.line}` });
  const people = await directory.people();
  const byId = new Map(people.map((p) => [p.openId, p]));
  const byName = new Map<string, Person[]>();
  for (const p of people) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const find = (r: RosterRow, who: string, field: string, roles: string[]): Person | null => {
    const p = byId.get(who) ?? (byName.get(who)?.length === 1 ? byName.get(who)![0] : undefined);
    const w = at(r);
    if (!p) {
      problems.push({ zh: `${w.zh} ${field}：通讯录中没有「${who}」${byName.get(who)?.length ? '（重名，请用 open_id）' : ''}`, en: `${w.en}, ${field}: "${who}" is not in the directory${byName.get(who)?.length ? ' (several people have that name; use the open_id)' : ''}` });
      return null;
    }
    if (!roles.some((r2) => p.roles.includes(r2 as never))) {
      problems.push({ zh: `${w.zh} ${field}：${p.name} 没有${roles.includes('duty_officer') ? '值班员' : '带班领导'}角色`, en: `${w.en}, ${field}: ${p.name} is not a ${roles.includes('duty_officer') ? 'duty officer' : 'leader on duty'}` });
      return null;
    }
    return p;
  };
  const shifts: (Shift & { line: number })[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const w = at(r);
    const pattern = patterns.find((p) => p.key === r.shift || p.name.zh === r.shift);
    if (!DATE.test(r.date) || dayjs.utc(r.date).format('YYYY-MM-DD') !== r.date) {
      problems.push({ zh: `${w.zh}：日期应为 YYYY-MM-DD：${r.date}`, en: `${w.en}: the date must be YYYY-MM-DD: ${r.date}` });
      continue;
    }
    if (!pattern) {
      problems.push({ zh: `${w.zh}：未知班次「${r.shift}」（可用：${patterns.map((p) => `${p.key} ${p.name.zh}`).join('、')}）`, en: `${w.en}: unknown shift "${r.shift}" (known: ${patterns.map((p) => p.key).join(', ')})` });
      continue;
    }
    const id = `${r.date}:${pattern.key}`;
    if (seen.has(id)) {
      problems.push({ zh: `${w.zh}：${r.date} ${pattern.name.zh} 重复（与第 ${seen.get(id)} 行相同）`, en: `${w.en}: ${r.date} ${pattern.key} appears twice (also row ${seen.get(id)})` });
      continue;
    }
    seen.set(id, r.line);
    if (!r.primary) {
      problems.push({ zh: `${w.zh}：${r.date} ${pattern.name.zh}没有主班`, en: `${w.en}: ${r.date} ${pattern.key} has no primary` });
      continue;
    }
    const primary = find(r, r.primary, 'primary 主班', ['duty_officer']);
    const secondary = r.secondary ? find(r, r.secondary, 'secondary 副班', ['duty_officer']) : null;
    const leader = r.leader ? find(r, r.leader, 'leader 带班领导', ['duty_leader', 'leader']) : null;
    if (primary && secondary && primary.openId === secondary.openId) problems.push({ zh: `${w.zh}：主班和副班不能是同一人`, en: `${w.en}: the primary and the secondary must differ` });
    if (!primary) continue;
    const { start, end } = shiftTimes(r.date, pattern, tz);
    shifts.push({ _id: id, date: r.date, shift: pattern.key, start, end, primary: primary.openId, ...(secondary ? { secondary: secondary.openId } : {}), ...(leader ? { leader: leader.openId } : {}), line: r.line });
  }
  // Nobody on two shifts that overlap (as primary or secondary).
  const byPerson = new Map<string, (Shift & { line: number })[]>();
  for (const s of shifts) for (const p of [s.primary, s.secondary].filter(Boolean) as string[]) byPerson.set(p, [...(byPerson.get(p) ?? []), s]);
  for (const [p, list] of byPerson) {
    list.sort((a, b) => a.start.getTime() - b.start.getTime());
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.start.getTime() < list[i - 1]!.end.getTime()) {
        const name = byId.get(p)?.name ?? p;
        problems.push({ zh: `第 ${list[i]!.line} 行：${name} 与第 ${list[i - 1]!.line} 行的班次时间重叠`, en: `row ${list[i]!.line}: ${name} is also on the overlapping shift of row ${list[i - 1]!.line}` });
      }
    }
  }
  // No gaps: every shift of every day in the months the file covers.
  const months = new Set(rows.filter((r) => DATE.test(r.date)).map((r) => r.date.slice(0, 7)));
  for (const month of months) {
    const first = dayjs.utc(`${month}-01`);
    for (let d = first; d.month() === first.month(); d = d.add(1, 'day')) {
      for (const p of patterns) {
        const id = `${d.format('YYYY-MM-DD')}:${p.key}`;
        if (!seen.has(id)) problems.push({ zh: `缺班：${d.format('YYYY-MM-DD')} ${p.name.zh}没有安排`, en: `gap: nobody is on ${d.format('YYYY-MM-DD')} ${p.key}` });
      }
    }
  }
  return problems.length ? { problems } : { shifts: shifts.map(({ line: _line, ...s }) => s) };
}

/** The roster in the database: replace months, who is on now and next, a person's shifts. */
export class Roster {
  constructor(
    private readonly model: DutyShiftModel,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes the months these shifts cover: upserts each, then removes the months' shifts not in it.
   * A shift whose people or times change gets a higher `sequence` and a new `updatedAt` (so
   * subscribed calendars update it); one written again unchanged keeps both.
   */
  async replace(shifts: Shift[], source: DutyShiftDoc['source']): Promise<void> {
    const now = this.clock.now();
    for (const s of shifts) {
      const old = await this.model.findById(s._id).lean();
      const same = old && old.primary === s.primary && (old.secondary ?? '') === (s.secondary ?? '') && (old.leader ?? '') === (s.leader ?? '') && old.start.getTime() === s.start.getTime() && old.end.getTime() === s.end.getTime();
      const sequence = old ? (old.sequence ?? 0) + (same ? 0 : 1) : 0;
      await this.model.replaceOne({ _id: s._id }, { ...s, source, updatedAt: same ? old.updatedAt : now, sequence }, { upsert: true });
    }
    const months = [...new Set(shifts.map((s) => s.date.slice(0, 7)))];
    const keep = new Set(shifts.map((s) => s._id));
    for (const m of months) {
      const old = await this.model.find({ date: { $gte: `${m}-01`, $lte: `${m}-31` } }, { _id: 1 }).lean();
      const stale = old.map((o) => o._id).filter((id) => !keep.has(id));
      if (stale.length) await this.model.deleteMany({ _id: { $in: stale } });
    }
  }

  async month(month: string): Promise<DutyShiftDoc[]> {
    const docs = await this.model.find({ date: { $gte: `${month}-01`, $lte: `${month}-31` } }).lean();
    return docs.sort((a, b) => a.start.getTime() - b.start.getTime());
  }

  /** The shift on now (if any) and the one after it. */
  async nowAndNext(now: Date): Promise<{ current: DutyShiftDoc | null; next: DutyShiftDoc | null }> {
    const around = await this.model.find({ end: { $gt: now } }).sort({ start: 1 }).limit(3).lean();
    const current = around.find((s) => s.start.getTime() <= now.getTime()) ?? null;
    const next = around.find((s) => s.start.getTime() > now.getTime()) ?? null;
    return { current, next };
  }

  /** A person's shifts from now on (primary, secondary or leader on duty), all of them. */
  async of(openId: string, now: Date): Promise<DutyShiftDoc[]> {
    const docs = await this.model.find({ end: { $gt: now }, $or: [{ primary: openId }, { secondary: openId }, { leader: openId }] }).lean();
    return docs.sort((a, b) => a.start.getTime() - b.start.getTime());
  }
}
