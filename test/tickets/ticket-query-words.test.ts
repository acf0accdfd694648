import { describe, expect, it } from 'vitest';
import dayjs from '../../src/lib/dayjs.js';
import { isEmptyQuery, parseTicketQuery, type QueryMode, type TicketQuery } from '../../src/tickets/ticket-query-words.js';
import { matchScore } from '../../src/tickets/ticket-search.js';

const TZ = 'Asia/Shanghai';
/** Wednesday 2 December 2026, 10:00 in Beijing. */
const NOW = dayjs.tz('2026-12-02 10:00', TZ).toDate();
const units = [
  { code: 'dz', name: '东镇' },
  { code: 'zjj', name: '区住建局' },
];
const ctx = (mode: QueryMode = 'search') => ({ mode, now: NOW, tz: TZ, units, numberPattern: /ZX-\d{8}-\d{4}/ });
const parse = (text: string, mode: QueryMode = 'search'): TicketQuery => {
  const r = parseTicketQuery(text, ctx(mode));
  if ('problem' in r) throw new Error(r.problem.zh);
  return r.query;
};
const problem = (text: string, mode: QueryMode = 'search') => {
  const r = parseTicketQuery(text, ctx(mode));
  return 'problem' in r ? r.problem : null;
};
const local = (d: Date) => dayjs(d).tz(TZ).format('YYYY-MM-DD HH:mm');

describe('查询 words', () => {
  it('takes a ticket number, 4 to 11 digits as phones, and other words as caller, place or content', () => {
    expect(parse('zx-20261121-0001').number).toBe('ZX-20261121-0001');
    expect(parse('5678')).toMatchObject({ phones: ['5678'], terms: [] });
    expect(parse('13812345678').phones).toEqual(['13812345678']);
    expect(parse('张三 幸福小区 路灯')).toMatchObject({ phones: [], terms: ['张三', '幸福小区', '路灯'] });
    // Three digits or twelve are no phone: said so, not searched.
    expect(problem('123')?.zh).toContain('不是电话号码');
    expect(problem('123456789012')?.zh).toContain('4 到 11 位数字');
  });

  it('reads the period words in the office time zone, [from, to)', () => {
    const range = (w: string) => {
      const r = parse(w).range!;
      return [local(r.from), local(r.to)];
    };
    expect(range('今天')).toEqual(['2026-12-02 00:00', '2026-12-03 00:00']);
    expect(range('本周')).toEqual(['2026-11-30 00:00', '2026-12-07 00:00']);
    expect(range('上周')).toEqual(['2026-11-23 00:00', '2026-11-30 00:00']);
    expect(range('本月')).toEqual(['2026-12-01 00:00', '2027-01-01 00:00']);
    expect(range('上月')).toEqual(['2026-11-01 00:00', '2026-12-01 00:00']);
    expect(range('今年')).toEqual(['2026-01-01 00:00', '2027-01-01 00:00']);
    expect(range('2026-11-01~2026-11-15')).toEqual(['2026-11-01 00:00', '2026-11-16 00:00']);
    expect(range('2026-11-3')).toEqual(['2026-11-03 00:00', '2026-11-04 00:00']);
    const q = parse('幸福小区 上月');
    expect(q.terms).toEqual(['幸福小区']);
    expect(q.range?.label.zh).toBe('上月');
  });

  it('refuses a wrong date range and two periods, saying what is wrong', () => {
    expect(problem('2026-11-31~2026-12-01')?.zh).toContain('日期「2026-11-31~2026-12-01」不对');
    expect(problem('2026-12-01~2026-11-01')?.zh).toContain('结束日早于开始日');
    expect(problem('本周 上月')?.zh).toContain('只能写一个时段');
  });

  it('understands states as people say them, and urgency', () => {
    expect(parse('待签收').statuses).toEqual(['assigned']);
    expect(parse('办理中').statuses).toEqual(['handling']);
    expect(parse('待派单').statuses).toEqual(['registered', 'returned']);
    expect(parse('已办结').statuses).toEqual(['closed', 'archived']);
    expect(parse('未办结').statuses).toEqual(['registered', 'assigned', 'returned', 'handling', 'replied', 'callback']);
    expect(parse('待回访 待审核').statuses).toEqual(['replied', 'callback']);
    expect(parse('已登记').statuses).toEqual(['registered']);
    expect(parse('超期')).toMatchObject({ overdue: true, statuses: [] });
    expect(parse('特急').urgency).toBe('very_urgent');
    // A word that only looks like an object key is a search word.
    expect(parse('constructor').terms).toEqual(['constructor']);
  });

  it('a query with nothing to look for is empty', () => {
    expect(isEmptyQuery(parse(''))).toBe(true);
    expect(isEmptyQuery(parse('本周'))).toBe(false);
  });
});

describe('工单 列表 / 导出 filters', () => {
  it('takes units by code or name, states, periods, urgency and phones', () => {
    expect(parse('东镇 待签收 本周 紧急', 'filters')).toMatchObject({ unit: 'dz', statuses: ['assigned'], urgency: 'urgent', range: { label: { zh: '本周' } } });
    expect(parse('zjj 超期', 'filters')).toMatchObject({ unit: 'zjj', overdue: true });
    expect(parse('5678', 'filters').phones).toEqual(['5678']);
  });

  it('refuses a word that is no filter, pointing to 查询 for words', () => {
    const p = problem('火星', 'filters')!;
    expect(p.zh).toContain('看不懂筛选条件「火星」');
    expect(p.zh).toContain('查询 火星');
    expect(p.en).toContain('Unknown filter "火星"');
    expect(problem('ZX-20261121-0001', 'filters')?.zh).toContain('查询 ZX-20261121-0001');
  });
});

describe('ranking a match', () => {
  const t = { phone: '13812345678', callerName: '张三', place: '幸福小区', content: '幸福小区3栋路灯坏了三天' };
  it('counts exact matches (whole phone, caller, place) and refuses what does not match', () => {
    expect(matchScore(t, { phones: ['5678'], terms: [] })).toBe(0);
    expect(matchScore(t, { phones: ['13812345678'], terms: [] })).toBe(1);
    expect(matchScore(t, { phones: ['1234'], terms: [] })).toBeNull();
    expect(matchScore(t, { phones: [], terms: ['幸福小区'] })).toBe(1);
    expect(matchScore(t, { phones: [], terms: ['幸福'] })).toBe(0);
    expect(matchScore(t, { phones: [], terms: ['路灯', '张三'] })).toBe(1);
    expect(matchScore(t, { phones: [], terms: ['路灯', '噪音'] })).toBeNull();
  });
  it('never finds an anonymous caller by phone or name, only by place and content', () => {
    const anonymous = { ...t, anonymous: true };
    expect(matchScore(anonymous, { phones: ['5678'], terms: [] })).toBeNull();
    expect(matchScore(anonymous, { phones: [], terms: ['张三'] })).toBeNull();
    expect(matchScore(anonymous, { phones: [], terms: ['路灯'] })).toBe(0);
  });
});
