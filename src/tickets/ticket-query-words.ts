import type { Bilingual } from '../cards/card-types.js';
import dayjs from '../lib/dayjs.js';
import { TICKET_STATUSES, TICKET_URGENCIES, TICKET_URGENCY_LABELS, STATUS_LABELS, type TicketStatus, type TicketUrgency } from './ticket-types.js';

/**
 * What `查询`, `工单 列表` and `工单 导出` were asked for, as people say it: a ticket number, a
 * phone (4 to 11 digits: the last digits or the whole number), words for the caller, place and
 * content, a period (今天/本周/上周/本月/上月/今年, a day, or `YYYY-MM-DD~YYYY-MM-DD`), states as
 * the desk names them (待签收, 办理中, 超期, 未办结 …), an urgency and (for lists) a unit.
 */
export interface TicketQuery {
  /** A ticket number: 查询 shows that ticket. */
  number?: string;
  /** Digits to find in callers' phones (whole number, or its last digits). */
  phones: string[];
  /** Words each found in the caller's name, the place or the content (all of them must be). */
  terms: string[];
  /** States to keep (any of them); empty for every state. */
  statuses: TicketStatus[];
  /** Only tickets past their deadline and still open (超期). */
  overdue?: boolean;
  urgency?: TicketUrgency;
  /** Lead unit code. */
  unit?: string;
  /** Logged from (inclusive) to (exclusive). */
  range?: { from: Date; to: Date; label: Bilingual };
  /** The words understood, as a person would read them back (shown on the card). */
  label: string;
}

/** `search` (查询): free words are searched; `filters` (列表, 导出): every word must be a filter. */
export type QueryMode = 'search' | 'filters';

export interface QueryContext {
  mode: QueryMode;
  now: Date;
  tz: string;
  /** The office's units (code and name), for `工单 列表 东镇`. */
  units: { code: string; name: string }[];
  /** The ticket number pattern (`ZX-\d{8}-\d{4}`). */
  numberPattern: RegExp;
}

export type ParsedQuery = { query: TicketQuery } | { problem: Bilingual };

const OPEN: TicketStatus[] = ['registered', 'assigned', 'returned', 'handling', 'replied', 'callback'];

/** States as the desk names them (besides each state's own label and code). */
const STATUS_WORDS: Record<string, TicketStatus[]> = {
  待派单: ['registered', 'returned'],
  待派: ['registered', 'returned'],
  待签收: ['assigned'],
  已派单: ['assigned'],
  办理中: ['handling'],
  在办: ['handling'],
  已退回: ['returned'],
  退回: ['returned'],
  待改派: ['returned'],
  待审核: ['replied'],
  已答复: ['replied'],
  待回访: ['callback'],
  已办结: ['closed', 'archived'],
  办结: ['closed', 'archived'],
  已归档: ['archived'],
  归档: ['archived'],
  不予受理: ['rejected'],
  已合并: ['merged'],
  合并: ['merged'],
  未办结: OPEN,
  未办: OPEN,
  在途: OPEN,
  open: OPEN,
};

const OVERDUE_WORDS = new Set(['超期', '逾期', '已超期', 'overdue']);

/** A day in the office's time zone, strictly `YYYY-MM-DD`; null when no such day. */
function localDay(text: string, tz: string): dayjs.Dayjs | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const d = dayjs.tz(`${text} 00:00:00`, tz);
  return d.isValid() && d.format('YYYY-MM-DD') === text ? d : null;
}

/** 今天/本周/上周/本月/上月/今年 (and their English names) as [from, to) in the office's zone. */
export function periodWord(word: string, now: Date, tz: string): { from: Date; to: Date; label: Bilingual } | null {
  const local = dayjs(now).tz(tz);
  const today = dayjs.tz(local.format('YYYY-MM-DD 00:00:00'), tz);
  const monday = today.subtract((local.day() + 6) % 7, 'day');
  const first = dayjs.tz(local.format('YYYY-MM-01 00:00:00'), tz);
  const jan1 = dayjs.tz(`${local.year()}-01-01 00:00:00`, tz);
  const range = (from: dayjs.Dayjs, to: dayjs.Dayjs, zh: string, en: string) => ({ from: from.toDate(), to: to.toDate(), label: { zh, en } });
  switch (word.toLowerCase()) {
    case '今天':
    case '今日':
    case 'today':
      return range(today, today.add(1, 'day'), '今天', 'Today');
    case '本周':
    case 'this-week':
      return range(monday, monday.add(7, 'day'), '本周', 'This week');
    case '上周':
    case 'last-week':
      return range(monday.subtract(7, 'day'), monday, '上周', 'Last week');
    case '本月':
    case 'this-month':
      return range(first, first.add(1, 'month'), '本月', 'This month');
    case '上月':
    case 'last-month':
      return range(first.subtract(1, 'month'), first, '上月', 'Last month');
    case '今年':
    case 'this-year':
      return range(jan1, jan1.add(1, 'year'), '今年', 'This year');
    default:
      return null;
  }
}

/** `YYYY-MM-DD~YYYY-MM-DD` (both days included) or one day; a problem when the days are wrong. */
function dateRange(word: string, tz: string): { from: Date; to: Date; label: Bilingual } | { problem: Bilingual } | null {
  const m = /^(\d{4}-\d{1,2}-\d{1,2})(?:[~～](\d{4}-\d{1,2}-\d{1,2}))?$/.exec(word);
  if (!m) return null;
  const pad = (s: string) => s.replace(/-(\d)(?=-|$)/g, '-0$1');
  const a = localDay(pad(m[1]!), tz);
  const b = m[2] ? localDay(pad(m[2]), tz) : a;
  if (!a || !b) return { problem: { zh: `日期「${word}」不对，请写成 2026-11-01~2026-11-30`, en: `"${word}" is not a date range: write 2026-11-01~2026-11-30` } };
  if (b.isBefore(a)) return { problem: { zh: `日期范围「${word}」的结束日早于开始日`, en: `In "${word}" the end comes before the start` } };
  const label = m[2] ? `${a.format('YYYY-MM-DD')}~${b.format('YYYY-MM-DD')}` : a.format('YYYY-MM-DD');
  return { from: a.toDate(), to: b.add(1, 'day').toDate(), label: { zh: label, en: label } };
}

/** The words of a query (pure: the clock, zone and units come in `ctx`). */
export function parseTicketQuery(text: string, ctx: QueryContext): ParsedQuery {
  const words = text.split(/[\s\u3000]+/).filter(Boolean);
  const q: TicketQuery = { phones: [], terms: [], statuses: [], label: words.join(' ') };
  const statuses = new Set<TicketStatus>();
  const numberRe = new RegExp(`^${ctx.numberPattern.source}$`, 'i');
  for (const w of words) {
    const lower = w.toLowerCase();
    if (numberRe.test(w)) {
      if (ctx.mode === 'filters') return { problem: { zh: `要查看工单 ${w.toUpperCase()}，请发送「查询 ${w.toUpperCase()}」`, en: `To see ${w.toUpperCase()}, send "查询 ${w.toUpperCase()}"` } };
      q.number = w.toUpperCase();
      continue;
    }
    const period = periodWord(w, ctx.now, ctx.tz);
    const dates = period ?? dateRange(w, ctx.tz);
    if (dates) {
      if ('problem' in dates) return dates;
      if (q.range) return { problem: { zh: `只能写一个时段（已有「${q.range.label.zh}」，又写了「${w}」）`, en: `Give one period only ("${q.range.label.en}" and "${w}")` } };
      q.range = dates;
      continue;
    }
    if (OVERDUE_WORDS.has(lower)) {
      q.overdue = true;
      continue;
    }
    const named = (Object.hasOwn(STATUS_WORDS, lower) ? STATUS_WORDS[lower] : undefined) ?? TICKET_STATUSES.filter((s) => s === lower || STATUS_LABELS[s].zh.split('，')[0] === w);
    if (named.length) {
      for (const s of named) statuses.add(s);
      continue;
    }
    const urgency = TICKET_URGENCIES.find((u) => u === lower || TICKET_URGENCY_LABELS[u].zh === w);
    if (urgency) {
      q.urgency = urgency;
      continue;
    }
    if (/^\d{4,11}$/.test(w)) {
      q.phones.push(w);
      continue;
    }
    if (ctx.mode === 'filters') {
      const unit = ctx.units.find((u) => u.code === w || u.name === w);
      if (unit) {
        q.unit = unit.code;
        continue;
      }
      return {
        problem: {
          zh: `看不懂筛选条件「${w}」。可用：状态（如 待签收、办理中、已办结、未办结）、超期、时段（今天/本周/上周/本月/上月/今年 或 2026-11-01~2026-11-30）、单位、紧急/特急、电话号码；按关键词找请发送「查询 ${w}」`,
          en: `Unknown filter "${w}". Use a state (待签收, 办理中 …), 超期, a period (本周, 上月, 2026-11-01~2026-11-30), a unit, 紧急/特急 or a phone number; to search words send "查询 ${w}"`,
        },
      };
    }
    if (/^\d+$/.test(w)) return { problem: { zh: `「${w}」不是电话号码：请写 4 到 11 位数字（号码后几位或完整号码）`, en: `"${w}" is not a phone number: give 4 to 11 digits (the last digits or the whole number)` } };
    q.terms.push(w);
  }
  q.statuses = TICKET_STATUSES.filter((s) => statuses.has(s));
  return { query: q };
}

/** Whether the query asks for anything at all (查询 with nothing to look for is a mistake). */
export const isEmptyQuery = (q: TicketQuery) =>
  !q.number && q.phones.length === 0 && q.terms.length === 0 && q.statuses.length === 0 && !q.overdue && !q.urgency && !q.unit && !q.range;
