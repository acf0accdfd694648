import type { Bilingual } from '../cards/card-types.js';
import dayjs from '../lib/dayjs.js';
import type { Clock } from '../lib/clock.js';
import type { CalendarDayModel } from '../models/calendar-day.js';
import type { CalendarYearModel } from '../models/calendar-year.js';
import { packageKnowsYear, type DayOverride } from './work-calendar.js';

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
 * a release or a restart. It also keeps the years whose official schedule was imported
 * (`calendar import`): only those, and the years the package ships, count as known — one
 * override (`calendar set`) does not make its year known.
 */
export class CalendarStore {
  readonly overrides = new Map<string, DayOverride>();
  readonly notes = new Map<string, string>();
  /** Years imported with `calendar import` (read live by the WorkCalendar). */
  readonly importedYears = new Set<number>();

  constructor(
    private readonly model: CalendarDayModel,
    private readonly clock: Clock,
    private readonly years?: CalendarYearModel,
  ) {}

  async refresh(): Promise<void> {
    const [docs, years] = await Promise.all([this.model.find({}).lean(), this.years ? this.years.find({}, { _id: 1 }).lean() : []]);
    this.overrides.clear();
    this.notes.clear();
    for (const d of docs) {
      this.overrides.set(d._id, d.kind);
      if (d.note) this.notes.set(d._id, d.note);
    }
    this.importedYears.clear();
    for (const y of years) this.importedYears.add(Number(y._id));
  }

  async set(entries: DayEntry[], by: string): Promise<void> {
    const at = this.clock.now();
    for (const e of entries) await this.model.updateOne({ _id: e.date }, { $set: { kind: e.kind, note: e.note, by, at } }, { upsert: true });
    await this.refresh();
  }

  /**
   * `calendar import`: the State Council's notice. Its days are written like overrides, and
   * every year it covers becomes known; the running bot then recomputes the open deadlines that
   * ran into those years (`recomputedAt` unset until it has). Returns the years.
   */
  async import(entries: DayEntry[], by: string): Promise<number[]> {
    if (!this.years) throw new Error('CalendarStore: no calendar_years model to record an import');
    await this.set(entries, by);
    const at = this.clock.now();
    const counts = new Map<number, number>();
    for (const e of entries) counts.set(Number(e.date.slice(0, 4)), (counts.get(Number(e.date.slice(0, 4))) ?? 0) + 1);
    for (const [year, days] of counts) {
      await this.years.updateOne({ _id: String(year) }, { $set: { importedAt: at, by, days }, $unset: { recomputedAt: 1 } }, { upsert: true });
    }
    await this.refresh();
    return [...counts.keys()].sort();
  }

  /** Imported years whose open deadlines the bot has not recomputed yet, with when they were imported. */
  async yearsToRecompute(): Promise<{ year: number; importedAt: Date }[]> {
    if (!this.years) return [];
    const docs = await this.years.find({}).lean();
    return docs.filter((d) => !d.recomputedAt).map((d) => ({ year: Number(d._id), importedAt: d.importedAt }));
  }

  /**
   * Runs `recompute` for each imported year not yet recomputed, then marks it. Recomputing is
   * idempotent (an unchanged deadline writes nothing), so two replicas doing it at once is harmless.
   */
  async recomputePending(recompute: (year: number) => Promise<number>): Promise<number> {
    let moved = 0;
    for (const { year } of await this.yearsToRecompute()) {
      moved += await recompute(year);
      await this.years?.updateOne({ _id: String(year) }, { $set: { recomputedAt: this.clock.now() } });
    }
    return moved;
  }

  async unset(date: string): Promise<void> {
    await this.model.deleteOne({ _id: date });
    await this.refresh();
  }

  /** Whether a year's official schedule is known: the package ships it, or an admin imported it (an override is not enough). */
  async knowsYear(year: number): Promise<boolean> {
    if (packageKnowsYear(year)) return true;
    return this.years ? (await this.years.countDocuments({ _id: String(year) })) > 0 : false;
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
