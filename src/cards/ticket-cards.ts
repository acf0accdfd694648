import dayjs from '../lib/dayjs.js';
import type { Unit } from '../directory/directory.js';
import type { TicketDoc, TicketTransitionDoc } from '../models/ticket.js';
import { isOverdue, urgencyOf, type TicketState } from '../tickets/ticket-state.js';
import {
  CALLBACK_LABELS,
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  OUT_OF_SCOPE_LABELS,
  RETURN_REASON_LABELS,
  STATUS_LABELS,
  TICKET_URGENCY_LABELS,
  type OutOfScope,
} from '../tickets/ticket-types.js';
import { card, hr, markdown, note, plain, labelled, esc } from './card-parts.js';
import type { Bilingual, Card, CardElement } from './card-types.js';
import { cardValue } from './card-value.js';
import type { UnitShare } from '../tickets/unit-suggester.js';

export const TK_INTAKE = 'tk.intake';
export const TK_ACT = 'tk.act';

/** Who a ticket card is for, and so which buttons it has. */
export type TicketView = 'dispatch' | 'assignment' | 'coinfo' | 'handling' | 'review' | 'callback' | 'closed' | 'record';

export interface TicketCardInput {
  ticket: TicketDoc;
  state: TicketState;
  names: (openId: string) => string;
  unitName: (code: string) => string;
  units: Unit[];
  tz: string;
  now: Date;
  /** For the dispatch card: the deadline offered (YYYY-MM-DD). */
  defaultDeadline?: string;
  /** 查询: the whole timeline (up to 60 steps) instead of the latest 8. */
  fullTimeline?: boolean;
  /** The person it is for may write a 批示 (leaders): the card offers it. */
  instruct?: boolean;
  /** The light: yellow within one working day of the deadline, red when overdue. */
  light?: 'yellow' | 'red';
  /** The deadline was counted over a year whose holidays are not published yet: it may move. */
  provisional?: boolean;
  /** 派单: the most likely lead units (smart dispatch), best first; the first is pre-selected. */
  suggestion?: UnitShare[];
}

/** A share as people read it ("<" is kept out of markdown, see `esc`). */
const percent = (share: number, lang: 'zh' | 'en') => (share >= 0.005 ? `${Math.round(share * 100)}%` : lang === 'zh' ? '不足1%' : 'under 1%');

/** "建议：城管局 62% · 住建局 21% · 街道办 9%", and what it is based on. */
export function suggestionLines(suggestion: UnitShare[], unitName: (code: string) => string): CardElement[] {
  const list = (lang: 'zh' | 'en') => suggestion.map((x) => `${esc(unitName(x.unit))} ${percent(x.share, lang)}`).join(' · ');
  return [
    markdown(`**建议：**${list('zh')}\n**Suggested:** ${list('en')}`),
    note({
      zh: '按本办以往派单中最终签收的单位推荐，已预选第一个，可改选其他单位。',
      en: "Learned from the office's past tickets (the unit that finally accepted each); the first is pre-selected, pick another if need be.",
    }),
  ];
}

const time = (d: Date, tz: string) => dayjs(d).tz(tz).format('MM-DD HH:mm');
const day = (d: Date, tz: string) => dayjs(d).tz(tz).format('YYYY-MM-DD');
const opt = (value: string, b: Bilingual) => ({ text: plain(`${b.zh} ${b.en}`), value });
const btn = (name: string, label: string, value: Record<string, unknown>, type = 'default'): CardElement => ({
  tag: 'column',
  width: 'auto',
  elements: [{ tag: 'button', name: `btn_${name}`, text: plain(label), type, form_action_type: 'submit', behaviors: [{ type: 'callback', value }] }],
});
const form = (name: string, fields: CardElement[], buttons: CardElement[]): CardElement => ({ tag: 'form', name: `form_${name}`, elements: [...fields, { tag: 'column_set', columns: buttons }] });
const input = (name: string, label: string, rows = 1, extra: Record<string, unknown> = {}): CardElement => ({
  tag: 'input',
  name,
  label: plain(label),
  max_length: 1000,
  ...(rows > 1 ? { input_type: 'multiline_text', rows } : {}),
  ...extra,
});

export const ACTION_LABELS: Record<string, Bilingual> = {
  register: { zh: '登记', en: 'logged' },
  reject: { zh: '不予受理', en: 'not accepted' },
  assign: { zh: '派单', en: 'assigned' },
  accept: { zh: '签收', en: 'accepted' },
  return: { zh: '退回', en: 'returned' },
  progress: { zh: '办理进展', en: 'progress' },
  extension_requested: { zh: '申请延期', en: 'asked for more time' },
  extended: { zh: '延期获批', en: 'extension approved' },
  extension_refused: { zh: '延期未获批', en: 'extension refused' },
  reply: { zh: '提交结果', en: 'submitted the result' },
  review_accept: { zh: '审核通过', en: 'accepted the result' },
  redo: { zh: '重办', en: 'sent back for redo' },
  callback: { zh: '回访', en: 'called back' },
  close: { zh: '办结', en: 'closed' },
  archive: { zh: '归档', en: 'archived' },
  merge: { zh: '合并', en: 'merged' },
  merged_in: { zh: '并入重复件', en: 'repeat merged in' },
  instruction: { zh: '领导批示', en: 'leader instruction' },
  urged: { zh: '催办通知', en: 'urging notice' },
  escalated: { zh: '超期上报', en: 'escalated' },
  deadline_recomputed: { zh: '期限重算', en: 'deadline recomputed' },
};

/** One line of the timeline: when, who, what, and why. */
export function timelineLine(t: TicketTransitionDoc, names: (id: string) => string, unitName: (c: string) => string, tz: string): string {
  const d = t.data ?? {};
  const label = ACTION_LABELS[t.action] ?? { zh: t.action, en: t.action };
  let detail = '';
  if (t.action === 'assign') detail = `→ ${unitName(String(d.leadUnit))}${Array.isArray(d.coUnits) && d.coUnits.length ? `（协办 ${d.coUnits.map((c) => unitName(String(c))).join('、')}）` : ''}，期限 ${d.deadline ? day(new Date(String(d.deadline)), tz) : '—'}`;
  if (t.action === 'return') detail = `${RETURN_REASON_LABELS[d.reason as keyof typeof RETURN_REASON_LABELS]?.zh ?? ''}`;
  if (t.action === 'callback') detail = CALLBACK_LABELS[d.outcome as keyof typeof CALLBACK_LABELS]?.zh ?? '';
  if (t.action === 'extended') detail = `新期限 ${day(new Date(String(d.deadline)), tz)}`;
  if (t.action === 'extension_requested') detail = `${d.days} 个工作日（${d.approval}）`;
  if (t.action === 'reject') detail = OUT_OF_SCOPE_LABELS[d.outOfScope as OutOfScope]?.reason.zh ?? '';
  if (t.action === 'merge') detail = `并入 ${d.into}`;
  if (t.action === 'merged_in') detail = `${d.from}`;
  if (t.action === 'reply') detail = `办理结果 Result：${esc(String(d.result ?? '').slice(0, 120))}；答复来电人 Reply to the caller：${esc(String(d.reply ?? '').slice(0, 120))}`;
  if (t.action === 'urged' || t.action === 'escalated') detail = `超期 ${d.days} 个工作日（期限 ${d.deadline ? day(new Date(String(d.deadline)), tz) : '—'}），已通知 ${Array.isArray(d.to) ? d.to.map((x) => names(String(x))).join('、') : '—'}`;
  if (t.action === 'deadline_recomputed') detail = `按 ${d.year} 年节假日安排：${d.was ? day(new Date(String(d.was)), tz) : '—'} → ${day(new Date(String(d.deadline)), tz)}`;
  const text = [detail, t.note ? esc(t.note.slice(0, 300)) : ''].filter(Boolean).join('：');
  return `- ${time(t.at, tz)} ${esc(names(t.by))} **${label.zh}** ${label.en}${text ? ` ${text}` : ''}`;
}

function summary(i: TicketCardInput): CardElement[] {
  const { ticket: t, state: s, tz, now } = i;
  const overdue = i.light === 'red' || isOverdue({ deadline: s.deadline, status: s.status }, now);
  const caller = t.anonymous ? '匿名 Anonymous' : `${esc(t.callerName || '—')}${t.phone ? ` · ${t.phone}` : ''}`;
  const lines = [
    `**${esc(t.content.slice(0, 600))}**`,
    `**来电人 Caller**：${caller}　**渠道 Channel**：${CHANNEL_LABELS[t.channel].zh}`,
    `**类别 Category**：${CATEGORY_LABELS[t.category].zh} ${CATEGORY_LABELS[t.category].en}　**紧急程度 Urgency**：${TICKET_URGENCY_LABELS[urgencyOf(t, s)].zh}${t.place ? `　**地点 Place**：${esc(t.place)}` : ''}`,
    ...(s.leadUnit ? [`**主办 Lead unit**：${esc(i.unitName(s.leadUnit))}${s.coUnits.length ? `　**协办 Co-units**：${s.coUnits.map((c) => esc(i.unitName(c))).join('、')}` : ''}`] : []),
    ...(s.deadline
      ? [`**期限 Deadline**：${overdue ? `<font color='red'>● ${day(s.deadline, tz)} 已超期 overdue</font>` : i.light === 'yellow' ? `<font color='orange'>● ${day(s.deadline, tz)} 即将到期 due soon</font>` : day(s.deadline, tz)}${i.provisional ? `（暂定：待节假日安排公布后确认 provisional until the year's holidays are published）` : ''}`]
      : []),
    ...(t.possibleRepeats.length ? [`<font color='orange'>**疑似重复 Possible repeat of**：${t.possibleRepeats.join('、')}</font>`] : []),
    // What the unit did and told the caller: the dispatcher reviews it, the clerk calls back on it.
    ...(s.reply
      ? [`**办理结果 Result**（${esc(i.names(s.reply.by))} ${time(s.reply.at, tz)}）：${esc(s.reply.result.slice(0, 1000))}`, `**答复来电人 Reply given to the caller**：${esc(s.reply.reply.slice(0, 1000))}`]
      : []),
  ];
  const shown = i.fullTimeline ? 60 : 8;
  const recent = s.timeline.slice(-shown).map((x) => timelineLine(x, i.names, i.unitName, tz));
  return [markdown(lines.join('\n')), hr(), markdown(`**办理过程 Timeline**${s.timeline.length > shown ? `（最近 ${shown} 条，共 ${s.timeline.length} 条 latest ${shown} of ${s.timeline.length}）` : ''}\n${recent.join('\n')}`)];
}

/** The card for one audience; `record` has no buttons (decided copies, viewers). */
export function ticketCard(view: TicketView, i: TicketCardInput): Card {
  const { ticket: t, state: s } = i;
  const v = (op: string, extra: Record<string, string | number> = {}) => cardValue(TK_ACT, { id: t._id, v: s.version, op, ...extra });
  const elements = summary(i);
  // Handling units are towns, streets and departments; the office's own sections do not take tickets.
  const unitOptions = i.units.filter((u) => u.kind !== 'section').map((u) => opt(u.code, { zh: u.name, en: u.code }));
  // The lead unit offered: the suggestion (smart dispatch), else the unit it was last given to.
  // initial_option is an option's value (下拉选择-单选, interactive-components/single-select-dropdown-menu.md).
  const initialLead = i.suggestion?.[0]?.unit ?? s.leadUnit;
  switch (view) {
    case 'dispatch':
      if (i.suggestion?.length) elements.push(...suggestionLines(i.suggestion, i.unitName));
      elements.push(
        form(
          'dispatch',
          [
            ...labelled('主办单位 Lead unit', { tag: 'select_static', name: 'leadUnit', required: true, options: unitOptions, ...(initialLead ? { initial_option: initialLead } : {}) }),
            ...labelled('协办单位 Co-units', { tag: 'multi_select_static', name: 'coUnits', options: unitOptions }),
            ...labelled('办理期限 Deadline', { tag: 'date_picker', name: 'deadline', ...(i.defaultDeadline ? { initial_date: i.defaultDeadline } : {}) }),
            ...labelled('紧急程度 Urgency', { tag: 'select_static', name: 'urgency', initial_option: urgencyOf(t, s), options: Object.entries(TICKET_URGENCY_LABELS).map(([k, b]) => opt(k, b)) }),
            ...(t.possibleRepeats.length ? labelled('合并到 Merge into', { tag: 'select_static', name: 'into', options: t.possibleRepeats.map((r) => opt(r, { zh: r, en: '' })) }) : []),
          ],
          [btn('assign', '派单 Assign', v('assign'), 'primary_filled'), ...(t.possibleRepeats.length ? [btn('merge', '合并 Merge', v('merge'))] : [])],
        ),
      );
      break;
    case 'assignment':
      elements.push(
        form(
          'assignment',
          [
            ...labelled('退回原因 Reason to return', { tag: 'select_static', name: 'reason', options: Object.entries(RETURN_REASON_LABELS).map(([k, b]) => opt(k, b)) }),
            input('note', '说明 Note（退回时必填 required to return）', 2),
          ],
          [btn('accept', '签收 Accept', v('accept'), 'primary_filled'), btn('return', '退回 Return', v('return'), 'danger')],
        ),
      );
      break;
    case 'handling':
      elements.push(
        form(
          'handling',
          [
            input('note', '办理进展 / 延期理由 Progress or reason for more time', 2),
            input('result', '办理结果 Result', 3),
            input('reply', '答复来电人的内容 What the caller was told', 2),
            { tag: 'input', name: 'days', label: plain('延期工作日数 Working days more'), placeholder: plain('1–30') },
          ],
          [
            btn('reply', '提交结果 Submit result', v('reply'), 'primary_filled'),
            btn('progress', '报告进展 Report progress', v('progress')),
            ...(s.pendingExtension ? [] : [btn('extend', '申请延期 Ask for more time', v('extend'))]),
          ],
        ),
      );
      break;
    case 'review':
      elements.push(
        form('review', [input('note', '重办理由 Why redo（重办时必填 required to redo）', 2)], [
          btn('accept', '审核通过 Accept', v('review_accept'), 'primary_filled'),
          btn('redo', '重办 Redo', v('redo'), 'danger'),
        ]),
      );
      break;
    case 'callback':
      elements.push(
        form('callback', [input('note', '回访记录 Callback note（不满意时必填 required if not satisfied）', 2)], [
          btn('satisfied', '满意', v('callback', { o: 'satisfied' }), 'primary_filled'),
          btn('basically', '基本满意', v('callback', { o: 'basically' })),
          btn('unsatisfied', '不满意', v('callback', { o: 'unsatisfied' }), 'danger'),
          ...(t.anonymous || !t.phone ? [btn('none', '无法回访 No callback', v('callback', { o: 'none' }))] : []),
        ]),
      );
      break;
    case 'closed':
      elements.push(form('archive', [], [btn('archive', '归档 Archive', v('archive'), 'primary')]));
      break;
    case 'coinfo':
      elements.push(note({ zh: '贵单位为本件协办单位，请配合主办单位办理。', en: 'Your unit co-handles this ticket; please support the lead unit.' }));
      break;
    case 'record':
      break;
  }
  // 批示 only for whoever may write one (leaders), on every ticket card they get, 查询 included.
  if (i.instruct) elements.push({ tag: 'button', text: plain('批示 Instruct'), type: 'default', behaviors: [{ type: 'callback', value: cardValue('ps.new', { k: 'ticket', id: t._id }) }] });
  const st = STATUS_LABELS[s.status];
  const template = s.status === 'closed' || s.status === 'archived' ? 'green' : s.status === 'rejected' || s.status === 'merged' ? 'grey' : urgencyOf(t, s) === 'very_urgent' ? 'red' : urgencyOf(t, s) === 'urgent' ? 'orange' : 'blue';
  return card({ title: { zh: `工单 ${t._id} · ${st.zh}`, en: `Ticket ${t._id} · ${st.en}` }, template, elements });
}

/** `登记`: the intake form, pre-filled from free text, with last time's problems marked. */
export function intakeFormCard(prefill: Record<string, unknown> = {}, problems: (Bilingual & { field: string })[] = []): Card {
  const val = (k: string) => (typeof prefill[k] === 'string' ? (prefill[k] as string) : '');
  const mark = (field: string, label: string) => {
    const p = problems.find((x) => x.field === field);
    return p ? `${label} ⚠ ${p.zh} ${p.en}` : label;
  };
  return card({
    title: { zh: '登记来电', en: 'Log a call' },
    template: 'blue',
    elements: [
      ...(problems.length ? [markdown(`<font color='red'>请修改 Please fix:\n${problems.map((p) => `- ${p.zh} ${p.en}`).join('\n')}</font>`)] : []),
      {
        tag: 'form',
        name: 'intake',
        elements: [
          { tag: 'column_set', columns: [
            { tag: 'column', width: 'weighted', weight: 1, elements: [{ tag: 'input', name: 'callerName', label: plain(mark('callerName', '来电人 Caller')), default_value: val('callerName'), max_length: 32 }] },
            { tag: 'column', width: 'weighted', weight: 1, elements: [{ tag: 'input', name: 'phone', label: plain(mark('phone', '电话 Phone')), default_value: val('phone'), max_length: 20 }] },
          ] },
          ...labelled('匿名 Anonymous', { tag: 'select_static', name: 'anonymous', initial_option: prefill.anonymous === 'yes' || prefill.anonymous === true ? 'yes' : 'no', options: [opt('no', { zh: '否', en: 'No' }), opt('yes', { zh: '是', en: 'Yes' })] }),
          ...labelled(mark('channel', '渠道 Channel'), { tag: 'select_static', name: 'channel', initial_option: val('channel') || 'phone', options: Object.entries(CHANNEL_LABELS).map(([k, b]) => opt(k, b)) }),
          ...labelled(mark('category', '类别 Category'), { tag: 'select_static', name: 'category', required: true, ...(val('category') ? { initial_option: val('category') } : {}), options: Object.entries(CATEGORY_LABELS).map(([k, b]) => opt(k, b)) }),
          { tag: 'input', name: 'content', required: true, input_type: 'multiline_text', rows: 4, max_length: 1000, label: plain(mark('content', '诉求内容 What the caller asks')), default_value: val('content') },
          { tag: 'input', name: 'place', max_length: 100, label: plain(mark('place', '地点 Place')), default_value: val('place') },
          ...labelled(mark('urgency', '紧急程度 Urgency'), { tag: 'select_static', name: 'urgency', initial_option: val('urgency') || 'normal', options: Object.entries(TICKET_URGENCY_LABELS).map(([k, b]) => opt(k, b)) }),
          ...labelled('不予受理 Out of scope（受理范围外才选 only if outside our remit）', { tag: 'select_static', name: 'outOfScope', ...(val('outOfScope') ? { initial_option: val('outOfScope') } : {}), options: Object.entries(OUT_OF_SCOPE_LABELS).map(([k, b]) => opt(k, { zh: `${b.reason.zh} → ${b.goTo.zh}`, en: `${b.reason.en} → ${b.goTo.en}` })) }),
          { tag: 'button', name: 'submit', text: plain('确认登记'), type: 'primary_filled', form_action_type: 'submit', behaviors: [{ type: 'callback', value: cardValue(TK_INTAKE) }] },
        ],
      },
    ],
  });
}

/** A list of tickets (todo, lists), one line each. */
export function ticketListCard(title: Bilingual, lines: string[], empty: Bilingual): Card {
  return card({
    title,
    template: 'wathet',
    elements: [markdown(lines.length ? lines.join('\n') : `${empty.zh}\n${empty.en}`), note({ zh: '发送「查询 工单号」查看详情。', en: 'Send "查询" and a ticket number for its details.' })],
  });
}
