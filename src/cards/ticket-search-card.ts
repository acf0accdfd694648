import dayjs from '../lib/dayjs.js';
import type { SearchPage, TicketHit } from '../tickets/ticket-search.js';
import { STATUS_LABELS } from '../tickets/ticket-types.js';
import { callbackButton, card, esc, markdown, note } from './card-parts.js';
import type { Bilingual, Card, CardElement } from './card-types.js';
import { cardValue } from './card-value.js';

/** 下一页 / 上一页 on a result card: `{a, m: 's'|'l', q: <the words>, p: <page>}`. */
export const TK_FIND = 'tk.find';

/** The words a page button carries (card values hold 512 characters; queries are far shorter). */
export const MAX_QUERY_CHARS = 200;

export interface SearchCardInput {
  /** `s`: 查询; `l`: 工单 列表 (the button re-runs the same one). */
  mode: 's' | 'l';
  /** The words asked, as typed (after the command word). */
  words: string;
  result: SearchPage;
  tz: string;
  /** The deadline light of a ticket (red overdue, yellow due within a working day). */
  light: (t: TicketHit) => 'red' | 'yellow' | undefined;
}

/** One result: number, state, light, when logged, caller (phone's last 4 digits), place, content. */
export function searchLine(t: TicketHit, tz: string, light: 'red' | 'yellow' | undefined): string {
  const mark = light === 'red' ? " <font color='red'>● 超期</font>" : light === 'yellow' ? " <font color='orange'>● 即将到期</font>" : '';
  const phone = (t.phone ?? '').replace(/\D/g, '');
  const caller = t.anonymous ? '匿名' : [t.callerName ? esc(t.callerName.slice(0, 10)) : '', phone ? `尾号${phone.slice(-4)}` : ''].filter(Boolean).join(' ');
  const parts = [
    `登记 ${dayjs(t.createdAt).tz(tz).format('YYYY-MM-DD')}`,
    ...(t.deadline ? [`期限 ${dayjs(t.deadline).tz(tz).format('MM-DD')}`] : []),
    ...(caller ? [caller] : []),
    ...(t.place ? [esc(t.place.slice(0, 20))] : []),
    esc(t.content.slice(0, 30)),
  ];
  return `- **${t._id}** ${STATUS_LABELS[t.status].zh}${mark} · ${parts.join(' · ')}`;
}

/**
 * The results of 查询 or 工单 列表, 10 a card: how many the person may see, which page, and
 * 上一页 / 下一页 buttons carrying the words and the page. Buttons sit in a column set, as Lark's
 * JSON 2.0 pages for the button (card-json-v2-components/interactive-components/button.md:
 * `behaviors` of type `callback` with a `value`) and the column set
 * (card-json-v2-components/containers/column-set.md) describe them.
 */
export function ticketSearchCard(i: SearchCardInput): Card {
  const { result: r } = i;
  const title: Bilingual = i.mode === 's' ? { zh: `查询结果（共 ${r.total} 件）`, en: `Search results (${r.total})` } : { zh: `工单列表（共 ${r.total} 件）`, en: `Tickets (${r.total})` };
  const asked = i.words ? `「${esc(i.words)}」` : '全部';
  const elements: CardElement[] = [
    markdown(
      r.total === 0
        ? `没有找到${asked}相关、您有权查看的工单。\nNo ticket you may see matches.`
        : `${i.mode === 's' ? '查询' : '筛选'}${asked}：共找到 **${r.total}** 件，第 ${r.page}/${r.pages} 页（每页 10 件）。\n${r.total} found; page ${r.page} of ${r.pages}.`,
    ),
  ];
  if (r.items.length) elements.push(markdown(r.items.map((t) => searchLine(t, i.tz, i.light(t))).join('\n')));
  const words = i.words.slice(0, MAX_QUERY_CHARS);
  const buttons: CardElement[] = [];
  if (r.page > 1) buttons.push(callbackButton({ zh: '上一页', en: 'Previous' }, cardValue(TK_FIND, { m: i.mode, q: words, p: r.page - 1 })));
  if (r.page < r.pages) buttons.push(callbackButton({ zh: '下一页', en: 'Next page' }, cardValue(TK_FIND, { m: i.mode, q: words, p: r.page + 1 }), 'primary'));
  if (buttons.length) elements.push({ tag: 'column_set', columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })) });
  elements.push(
    note(
      i.mode === 's'
        ? { zh: '先列出完全匹配（完整电话、来电人姓名或地点）的工单，再按登记时间从新到旧。发送「查询 工单号」查看详情。', en: 'Exact matches (whole phone, caller or place) first, then the newest. Send "查询" and a ticket number for its details.' }
        : { zh: '按登记时间从新到旧。发送「查询 工单号」查看详情；「工单 导出」加同样的条件可导出为 Excel。', en: 'Newest first. Send "查询" and a ticket number for details; "工单 导出" with the same words exports them.' },
    ),
  );
  return card({ title, template: 'wathet', elements });
}
