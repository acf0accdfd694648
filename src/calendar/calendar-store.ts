import chineseDays from 'chinese-days';
import type { Bilingual } from '../cards/card-types.js';
import dayjs from '../lib/dayjs.js';
import type { Clock } from '../lib/clock.js';
import type { CalendarDayModel } from '../models/calendar-day.js';
import type { DayOverride } from './work-calendar.js';

const DATE_SHAPE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A real calendar date written YYYY-MM-DD (2027-02-30 is not). */
const DATE = { test: (s: string) => DATE_SHAPE.test(s) && dayjs.utc(s).format('YYYY-MM-DD') === s };

export interface DayEntry {
  date: string;
  kind: DayOverride;
  note: string;
}

/**
 * The admins' overrides, kept in the database and mirrored into the map the WorkCalendar
 * reads; `refresh` (every minute in the bot) makes a change from the CLI take effect without
 * a release or a restart.
 */
export class CalendarStore {
  readonly overrides = new Map<string, DayOverride>();
  readonly notes = new Map<string, string>();

  constructor(
    private readonly model: CalendarDayModel,
    private readonly clock: Clock,
  ) {}

  async refresh(): Promise<void> {
    const docs = await this.model.find({}).lean();
    this.overrides.clear();
    this.notes.clear();
    for (const d of docs) {
      this.overrides.set(d._id, d.kind);
      if (d.note) this.notes.set(d._id, d.note);
    }
  }

  async set(entries: DayEntry[], by: string): Promise<void> {
    const at = this.clock.now();
    for (const e of entries) await this.model.updateOne({ _id: e.date }, { $set: { kind: e.kind, note: e.note, by, at } }, { upsert: true });
    await this.refresh();
  }

  async unset(date: string): Promise<void> {
    await this.model.deleteOne({ _id: date });
    await this.refresh();
  }

  /** Whether next year's schedule is known: the package knows its New Year holiday, or an admin imported it. */
  async knowsYear(year: number): Promise<boolean> {
    if (chineseDays.isHoliday(`${year}-01-01`)) return true;
    return (await this.model.countDocuments({ _id: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } })) > 0;
  }
}

/** Reads `YYYY-MM-DD workday|holiday [note]` lines (or a JSON list of {date, kind, note}); every problem by line. */
export function parseCalendarFile(text: string): { entries: DayEntry[] } | { problems: Bilingual[] } {
  const problems: Bilingual[] = [];
  const entries: DayEntry[] = [];
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  let rows: { line: number; date: string; kind: string; note: string }[] = [];
  if (trimmed.startsWith('[')) {
    try {
      const json = JSON.parse(trimmed) as { date?: unknown; kind?: unknown; note?: unknown }[];
      rows = json.map((r, i) => ({ line: i + 1, date: String(r.date ?? ''), kind: String(r.kind ?? ''), note: String(r.note ?? '') }));
    } catch (err) {
      return { problems: [{ zh: `不是有效的 JSON：${(err as Error).message}`, en: `not valid JSON: ${(err as Error).message}` }] };
    }
  } else {
    rows = trimmed.split(/\r?\n/).flatMap((l, i) => {
      const line = l.replace(/#.*$/, '').trim();
      if (!line) return [];
      const [date = '', kind = '', ...note] = line.split(/[\s,，]+/);
      return [{ line: i + 1, date, kind, note: note.join(' ') }];
    });
  }
  const seen = new Set<string>();
  for (const r of rows) {
    const kind = /^(workday|上班|补班|工作日)$/.test(r.kind) ? 'workday' : /^(holiday|休|休息|放假|节假日)$/.test(r.kind) ? 'holiday' : null;
    if (!DATE.test(r.date)) problems.push({ zh: `第 ${r.line} 行：日期格式应为 YYYY-MM-DD：${r.date}`, en: `line ${r.line}: the date must be YYYY-MM-DD: ${r.date}` });
    else if (!kind) problems.push({ zh: `第 ${r.line} 行：应为 workday 或 holiday：${r.kind}`, en: `line ${r.line}: must be workday or holiday: ${r.kind}` });
    else if (seen.has(r.date)) problems.push({ zh: `第 ${r.line} 行：${r.date} 重复`, en: `line ${r.line}: ${r.date} appears twice` });
    else {
      seen.add(r.date);
      entries.push({ date: r.date, kind, note: r.note.slice(0, 100) });
    }
  }
  if (rows.length === 0) problems.push({ zh: '文件中没有日期', en: 'the file has no dates' });
  return problems.length ? { problems } : { entries };
}

export const isDate = (s: string) => DATE.test(s);
