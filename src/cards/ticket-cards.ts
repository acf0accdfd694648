import { dayInTz, timeInTz } from '../lib/tz-format.js';
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
/** The 催办 button (dispatchers, leaders): `{ id, v }`, v the version the card was built on. */
export const TK_URGE = 'tk.urge';
/** 采用此答复: the intake form again, set to 直接答复 with a past answer's reply filled in. */
export const TK_USE_ANSWER = 'tk.use';
/** 重发附件: the ticket's attachments sent to whoever pressed it (`{ id }`). */
export const TK_ATT_SEND = 'tk.att.send';
/** 撤销 on the card confirming an attachment: takes it off the ticket (`{ id, m }`, m its message id). */
export const TK_ATT_UNDO = 'tk.att.undo';

/** Who a ticket card is for, and so which buttons it has. */
export type TicketView = 'dispatch' | 'assignment' | 'coinfo' | 'handling' | 'transfer' | 'review' | 'callback' | 'closed' | 'record';

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
  /** 查询 by a dispatcher: the form to add or remove co-units (while assigned or in hand). */
  coUnitsForm?: boolean;
  /** For the transfer card (申请改派): the deadline the rule gives the new unit (YYYY-MM-DD). */
  transferDeadline?: string;
  /** 查询: the whole timeline (up to 60 steps) instead of the latest 8. */
  fullTimeline?: boolean;
  /** The person it is for may write a 批示 (leaders): the card offers it. */
  instruct?: boolean;
  /** The light: yellow within one working day of the deadline, red when overdue. */
  light?: 'yellow' | 'red';
  /** The deadline was counted over a year whose holidays are not published yet: it may move. */
  provisional?: boolean;
  /** The person it is for may urge (催办: dispatchers, leaders): the card offers it on open tickets. */
  urge?: boolean;
  /** A 催办 card: its header and banner. */
  urging?: { title: Bilingual; text: Bilingual };
  /** While it waits for the callback: when the caller is to be called back by. */
  callbackDue?: Date;
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

const time = timeInTz;
const day = dayInTz;
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
  direct_answer: { zh: '直接答复', en: 'answered at once' },
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
  transfer_requested: { zh: '申请改派', en: 'asked for a transfer' },
  transfer: { zh: '改派', en: 'transferred' },
  transfer_refused: { zh: '不同意改派', en: 'refused the transfer' },
  co_units: { zh: '调整协办', en: 'changed the co-units' },
  suspension_requested: { zh: '申请挂起', en: 'asked to suspend' },
  suspended: { zh: '挂起', en: 'suspended' },
  suspension_refused: { zh: '挂起未获批', en: 'suspension refused' },
  resumed: { zh: '恢复办理', en: 'resumed' },
  urged: { zh: '催办通知', en: 'urging notice' },
  escalated: { zh: '超期上报', en: 'escalated' },
  deadline_recomputed: { zh: '期限重算', en: 'deadline recomputed' },
  urge: { zh: '催办', en: 'urged' },
  accept_chased: { zh: '签收催办', en: 'chased to accept' },
  attachment: { zh: '附件', en: 'attached' },
  attachment_removed: { zh: '撤销附件', en: 'removed an attachment' },
};

/** A size as people read it: 830 B, 12.4 KB, 3.1 MB. */
export const fileSize = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
/** How an attachment is named on cards: its file name, or 图片 Picture for a picture. */
export const attachmentName = (a: { kind: string; name: string }) => a.name || (a.kind === 'image' ? '图片 Picture' : '文件 File');

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
  if (t.action === 'direct_answer') detail = `答复来电人 Reply to the caller：${esc(String(d.answer ?? '').slice(0, 120))}`;
  if (t.action === 'reject') detail = OUT_OF_SCOPE_LABELS[d.outOfScope as OutOfScope]?.reason.zh ?? '';
  if (t.action === 'merge') detail = `并入 ${d.into}`;
  if (t.action === 'suspension_requested') detail = `预计 ${d.until} 恢复（${d.approval}）`;
  if (t.action === 'suspended') detail = `计时暂停，预计 ${d.until} 恢复`;
  if (t.action === 'resumed') detail = `挂起 ${d.days} 个工作日${d.deadline ? `，新期限 ${day(new Date(String(d.deadline)), tz)}` : ''}`;
  if (t.action === 'co_units') detail = `协办 ${Array.isArray(d.coUnits) && d.coUnits.length ? d.coUnits.map((c) => unitName(String(c))).join('、') : '无 none'}`;
  if (t.action === 'transfer') detail = `${d.from ? `${unitName(String(d.from))} ` : ''}→ ${unitName(String(d.leadUnit))}${Array.isArray(d.coUnits) && d.coUnits.length ? `（协办 ${d.coUnits.map((c) => unitName(String(c))).join('、')}）` : ''}，期限 ${d.deadline ? day(new Date(String(d.deadline)), tz) : '—'}${d.kept ? '（不变 unchanged）' : ''}`;
  if (t.action === 'merged_in') detail = `${d.from}`;
  if (t.action === 'reply') detail = `办理结果 Result：${esc(String(d.result ?? '').slice(0, 120))}；答复来电人 Reply to the caller：${esc(String(d.reply ?? '').slice(0, 120))}`;
  if (t.action === 'urged' || t.action === 'escalated') detail = `超期 ${d.days} 个工作日（期限 ${d.deadline ? day(new Date(String(d.deadline)), tz) : '—'}），已通知 ${Array.isArray(d.to) ? d.to.map((x) => names(String(x))).join('、') : '—'}`;
  const told = Array.isArray(d.to) ? d.to.map((x) => esc(names(String(x)))).join('、') : '—';
  if (t.action === 'urge') detail = `已通知 ${esc(unitName(String(d.unit ?? '')))}：${told}`;
  if (t.action === 'accept_chased') detail = `${d.days} 个工作日未签收，已${d.stage === 2 ? '报派单员' : '催办'}：${told}`;
  if (t.action === 'attachment') detail = `${d.kind === 'image' ? '📷' : '📎'} ${esc(attachmentName({ kind: String(d.kind), name: String(d.name ?? '') }))}（${fileSize(Number(d.size ?? 0))}）`;
  if (t.action === 'attachment_removed') detail = esc(String(d.name ?? ''));
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
    ...(s.suspended
      ? [`<font color='grey'>**已挂起 Suspended**：${time(s.suspended.since, tz)} 起计时暂停 clock stopped${s.suspended.until ? `，预计 ${s.suspended.until} 恢复 expected to resume` : ''}${s.suspended.was ? `；原期限 deadline was ${day(s.suspended.was, tz)}，恢复后顺延挂起的工作日 moves by the working days suspended` : ''}</font>`]
      : []),
    ...(i.callbackDue
      ? [`**回访期限 Call back by**：${i.callbackDue.getTime() < now.getTime() ? `<font color='red'>● ${day(i.callbackDue, tz)} 已超期 overdue</font>` : day(i.callbackDue, tz)}`]
      : []),
    ...((cb) => (cb ? [`**回访 Callback**：${CALLBACK_LABELS[cb.data.outcome as keyof typeof CALLBACK_LABELS]?.zh ?? ''} ${CALLBACK_LABELS[cb.data.outcome as keyof typeof CALLBACK_LABELS]?.en ?? ''}（${esc(i.names(cb.by))} ${time(cb.at, tz)}）`] : []))(
      [...s.timeline].reverse().find((x) => x.action === 'callback'),
    ),
    ...(t.possibleRepeats.length ? [`<font color='orange'>**疑似重复 Possible repeat of**：${t.possibleRepeats.join('、')}</font>`] : []),
    // What the unit did and told the caller: the dispatcher reviews it, the clerk calls back on it.
    ...(s.reply
      ? [`**办理结果 Result**（${esc(i.names(s.reply.by))} ${time(s.reply.at, tz)}）：${esc(s.reply.result.slice(0, 1000))}`, `**答复来电人 Reply given to the caller**：${esc(s.reply.reply.slice(0, 1000))}`]
      : []),
  ];
  // 附件: what was attached, how big, who and when (查询 lists them too: it is this card).
  if (s.attachments.length) {
    lines.push(
      `**附件 Attachments**（${s.attachments.length}）`,
      ...s.attachments.slice(0, 20).map((a) => `- ${a.kind === 'image' ? '📷' : '📎'} ${esc(attachmentName(a))} · ${fileSize(a.size)} · ${esc(i.names(a.by))} ${time(a.at, tz)}`),
      ...(s.attachments.length > 20 ? [`- …（共 ${s.attachments.length} 个 ${s.attachments.length} in all）`] : []),
    );
  }
  const shown = i.fullTimeline ? 60 : 8;
  const recent = s.timeline.slice(-shown).map((x) => timelineLine(x, i.names, i.unitName, tz));
  return [markdown(lines.join('\n')), hr(), markdown(`**办理过程 Timeline**${s.timeline.length > shown ? `（最近 ${shown} 条，共 ${s.timeline.length} 条 latest ${shown} of ${s.timeline.length}）` : ''}\n${recent.join('\n')}`)];
}

/** The card for one audience; `record` has no buttons (decided copies, viewers). */
export function ticketCard(view: TicketView, i: TicketCardInput): Card {
  const { ticket: t, state: s } = i;
  const v = (op: string, extra: Record<string, string | number> = {}) => cardValue(TK_ACT, { id: t._id, v: s.version, op, ...extra });
  const elements = summary(i);
  if (i.urging) elements.unshift(markdown(`<font color='red'>**${esc(i.urging.text.zh)}**</font>\n${esc(i.urging.text.en)}`), hr());
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
            input('note', '办理进展 / 延期或改派理由 Progress, or why more time or another unit', 2),
            input('result', '办理结果 Result', 3),
            input('reply', '答复来电人的内容 What the caller was told', 2),
            { tag: 'input', name: 'days', label: plain('延期工作日数 Working days more'), placeholder: plain('1–30') },
            ...(s.suspended ? [] : labelled('预计恢复日期 Expected resume date（挂起时必填 required to suspend）', { tag: 'date_picker', name: 'until' })),
          ],
          [
            btn('reply', '提交结果 Submit result', v('reply'), 'primary_filled'),
            btn('progress', '报告进展 Report progress', v('progress')),
            ...(s.pendingExtension ? [] : [btn('extend', '申请延期 Ask for more time', v('extend'))]),
            ...(s.pendingTransfer ? [] : [btn('transfer_ask', '申请改派 Ask to transfer', v('transfer_ask'))]),
            ...(s.suspended ? [btn('resume', '恢复 Resume', v('resume'), 'primary')] : s.pendingSuspension ? [] : [btn('suspend', '挂起 Suspend', v('suspend'))]),
          ],
        ),
      );
      if (s.pendingTransfer) elements.push(note({ zh: `改派申请（${i.names(s.pendingTransfer.by)}）待派单员审核，审核前请继续办理。`, en: 'A transfer request waits for a dispatcher; carry on until it is decided.' }));
      break;
    case 'transfer': {
      // The dispatcher decides a unit's 申请改派: transfer (picking the new unit and deadline here) or refuse.
      const asked = s.pendingTransfer;
      if (!asked) break;
      elements.push(markdown(`**申请改派 Transfer asked**：${esc(i.names(asked.by))}（${esc(s.leadUnit ? i.unitName(s.leadUnit) : '—')}）：${esc(asked.reason.slice(0, 500))}`));
      const suggested = i.suggestion?.filter((x) => x.unit !== s.leadUnit) ?? [];
      if (suggested.length) elements.push(...suggestionLines(suggested, i.unitName));
      elements.push(
        form(
          'transfer',
          [
            // Not `required`: the form's 不同意 needs no unit (the service checks 同意并改派 has one).
            ...labelled('改派至 New lead unit', { tag: 'select_static', name: 'leadUnit', options: unitOptions.filter((o) => o.value !== s.leadUnit), ...(suggested[0] ? { initial_option: suggested[0].unit } : {}) }),
            ...labelled('协办单位 Co-units', { tag: 'multi_select_static', name: 'coUnits', options: unitOptions }),
            ...labelled('办理期限 Deadline', { tag: 'date_picker', name: 'deadline', ...(i.transferDeadline ? { initial_date: i.transferDeadline } : {}) }),
            input('note', '说明 Note（不同意时必填 required to refuse）', 2),
          ],
          [btn('transfer', '同意并改派 Approve and transfer', v('transfer'), 'primary_filled'), btn('transfer_refuse', '不同意 Refuse', v('transfer_refuse'), 'danger')],
        ),
      );
      break;
    }
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
  if (i.coUnitsForm && (s.status === 'assigned' || s.status === 'handling')) {
    // multi_select_static's `selected_values` (multi-select-dropdown-menu.md): the co-units as they stand.
    elements.push(
      form(
        'co_units',
        [
          ...labelled('协办单位 Co-units', { tag: 'multi_select_static', name: 'coUnits', options: unitOptions.filter((o) => o.value !== s.leadUnit), ...(s.coUnits.length ? { selected_values: s.coUnits } : {}) }),
          input('note', '说明 Note', 1),
        ],
        [btn('co_units', '调整协办 Change co-units', v('co_units'))],
      ),
    );
  }
  // 批示 only for whoever may write one (leaders), on every ticket card they get, 查询 included.
  // 催办 for whoever may urge, while the unit has it (待签收, 办理中). A button straight in `elements`
  // with a callback behaviour: tag, text, type, behaviors are what button.md (card JSON 2.0,
  // feishu-cards/card-json-v2-components/interactive-components/button.md) lists.
  if (i.urge && ['assigned', 'handling'].includes(s.status)) elements.push({ tag: 'button', text: plain('催办 Urge'), type: 'default', behaviors: [{ type: 'callback', value: cardValue(TK_URGE, { id: t._id, v: s.version }) }] });
  // 重发附件: the attachments sent to whoever presses it (the service checks they may see the ticket).
  if (s.attachments.length) elements.push({ tag: 'button', text: plain('重发附件 Send me the attachments'), type: 'default', behaviors: [{ type: 'callback', value: cardValue(TK_ATT_SEND, { id: t._id }) }] });
  if (i.instruct) elements.push({ tag: 'button', text: plain('批示 Instruct'), type: 'default', behaviors: [{ type: 'callback', value: cardValue('ps.new', { k: 'ticket', id: t._id }) }] });
  const st = STATUS_LABELS[s.status];
  const template = s.status === 'closed' || s.status === 'archived' ? 'green' : s.status === 'rejected' || s.status === 'merged' ? 'grey' : urgencyOf(t, s) === 'very_urgent' ? 'red' : urgencyOf(t, s) === 'urgent' ? 'orange' : 'blue';
  if (i.urging) return card({ title: i.urging.title, template: 'orange', elements });
  const paused = s.suspended ? { zh: '（已挂起）', en: ' (suspended)' } : { zh: '', en: '' };
  return card({ title: { zh: `工单 ${t._id} · ${st.zh}${paused.zh}`, en: `Ticket ${t._id} · ${st.en}${paused.en}` }, template, elements });
}

/** A past answer 登记 suggests: the earlier call, the reply the caller accepted, and how they judged it. */
export interface SuggestedAnswer {
  _id: string;
  content: string;
  reply: string;
  outcome: 'satisfied' | 'basically';
}

/**
 * 相似来电的已认可答复: up to 3 earlier calls like this one, with the replies their callers
 * accepted, each with 采用此答复 — a submit button of the intake form (containers/form-container.md:
 * a button in a form has a `name` and `form_action_type`), so what the clerk typed comes back with it.
 */
function suggestedAnswers(suggestions: SuggestedAnswer[]): CardElement[] {
  if (!suggestions.length) return [];
  return [
    markdown('**相似来电的已认可答复 Similar calls, answers the callers accepted**'),
    ...suggestions.slice(0, 3).flatMap((a, i): CardElement[] => {
      const judged = CALLBACK_LABELS[a.outcome];
      return [
        markdown(`**${i + 1}. ${a._id}**（来电人${judged.zh} caller ${judged.en.toLowerCase()}）\n来电 Call：${esc(a.content.slice(0, 120))}\n答复 Reply：${esc(a.reply.slice(0, 500))}`),
        { tag: 'column_set', columns: [btn(`use_${i + 1}`, '采用此答复 Use this answer', cardValue(TK_USE_ANSWER, { id: a._id }))] },
      ];
    }),
    note({ zh: '采用后办理方式设为「直接答复」并填入该答复，核对修改后确认登记即办结。', en: 'Using one sets the handling to 直接答复 with that reply filled in: check it, then 确认登记 closes the call.' }),
    hr(),
  ];
}

/**
 * `登记`: the intake form, pre-filled from free text, with last time's problems marked, and for a
 * 咨询 call the accepted answers to similar earlier calls. The form's fields follow Lark's form
 * container (containers/form-container.md: every interactive component in a form has a `name`,
 * `required` is checked on submit, one button submits) and its input and single-select pages
 * (interactive-components/input.md: `input_type` multiline_text with `rows`, `max_length` 1–1000,
 * `default_value`; single-select-dropdown-menu.md: `options`, `initial_option`).
 */
export function intakeFormCard(prefill: Record<string, unknown> = {}, problems: (Bilingual & { field: string })[] = [], suggestions: SuggestedAnswer[] = []): Card {
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
          ...suggestedAnswers(suggestions),
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
          // 即办件: the clerk answered on the spot; the ticket is logged and closed at once (直办).
          ...labelled(mark('handling', '办理方式 Handling'), {
            tag: 'select_static',
            name: 'handling',
            initial_option: val('handling') === 'direct' ? 'direct' : 'dispatch',
            options: [opt('dispatch', { zh: '派单办理', en: 'Dispatch to a unit' }), opt('direct', { zh: '直接答复（当场答复，登记即办结）', en: 'Answer at once (closed as logged)' })],
          }),
          { tag: 'input', name: 'answer', input_type: 'multiline_text', rows: 3, max_length: 1000, label: plain(mark('answer', '直接答复内容 Answer given（直接答复时必填 required to answer at once）')), default_value: val('answer') },
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

/**
 * The answer to a picture or file attached: which ticket, what, and (when it came within 10
 * minutes of 确认登记, or at any time) 撤销 to take it off again. A button straight in
 * `elements` with a callback behaviour, as button.md (card JSON 2.0) lists.
 */
export function attachedCard(input: { ticket: string; attachment: { messageId: string; kind: string; name: string; size: number }; count: number; undo: boolean; removed?: boolean }): Card {
  const a = input.attachment;
  const what = `${a.kind === 'image' ? '📷' : '📎'} ${esc(attachmentName(a))}（${fileSize(a.size)}）`;
  if (input.removed) {
    return card({ title: { zh: `已撤销附件 · ${input.ticket}`, en: `Attachment removed · ${input.ticket}` }, template: 'grey', elements: [markdown(`${what} 已从工单 **${input.ticket}** 撤下。\nRemoved from ${input.ticket}.`)] });
  }
  return card({
    title: { zh: `已附到工单 ${input.ticket}`, en: `Attached to ${input.ticket}` },
    template: 'green',
    elements: [
      markdown(`${what} 已附到工单 **${input.ticket}**（共 ${input.count} 个附件）。\nAttached to ${input.ticket} (${input.count} in all).`),
      ...(input.undo ? [note({ zh: '附错了工单？按「撤销」撤下。', en: 'Wrong ticket? Press 撤销 to take it off.' }), { tag: 'button', text: plain('撤销 Undo'), type: 'danger', behaviors: [{ type: 'callback', value: cardValue(TK_ATT_UNDO, { id: input.ticket, m: a.messageId }) }] }] : []),
    ],
  });
}
