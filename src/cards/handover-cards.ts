import dayjs from '../lib/dayjs.js';
import type { DutyShiftDoc } from '../models/duty-shift.js';
import { card, markdown, note, plain, labelled, esc } from './card-parts.js';
import type { Card, CardElement } from './card-types.js';
import { cardValue } from './card-value.js';

export const HO_HAND = 'ho.hand';
export const HO_TAKE = 'ho.take';
export const HO_LEAVE = 'ho.leave';
export const HO_SUB = 'ho.sub';

export interface HandoverView {
  items: { id: string; title: string }[];
  note?: string;
  handedBy?: string;
  handedAt?: Date;
  takenBy?: string;
  takenAt?: Date;
}

const t = (d: Date, tz: string) => dayjs(d).tz(tz).format('MM-DD HH:mm');
const list = (items: HandoverView['items']) => (items.length ? items.map((i) => `- ${i.id}：${esc(i.title).slice(0, 40)}`).join('\n') : '无未结事项 Nothing open');

/** A shift reminder (the evening before, and an hour before). */
export function shiftReminderCard(s: DutyShiftDoc, shiftName: string, role: string, tz: string): Card {
  return card({
    title: { zh: `值班提醒 · ${shiftName}`, en: 'Duty reminder' },
    template: 'indigo',
    elements: [markdown(`您将于 **${t(s.start, tz)}** 至 ${t(s.end, tz)} 值${shiftName}（${role}）。\nYou are on duty from ${t(s.start, tz)} to ${t(s.end, tz)}.`)],
  });
}

/** 交班: for the outgoing primary at the end of the shift. */
export function handOverCard(outgoing: DutyShiftDoc, incoming: DutyShiftDoc | null, view: HandoverView, names: (id: string) => string, tz: string): Card {
  const elements: CardElement[] = [
    markdown(`**本班** ${t(outgoing.start, tz)}–${t(outgoing.end, tz)}　**接班人 Next primary**：${incoming ? names(incoming.primary) : '未排班 not rostered'}`),
    markdown(`**未结事项 Open items**\n${list(view.items)}`),
  ];
  if (view.handedAt) elements.push(markdown(`<font color='green'>已于 ${t(view.handedAt, tz)} 由 ${names(view.handedBy ?? '')} 交班</font>${view.note ? `：${view.note}` : ''}`));
  else if (incoming)
    elements.push({
      tag: 'form',
      name: 'handover',
      elements: [
        { tag: 'input', name: 'note', input_type: 'multiline_text', rows: 3, max_length: 1000, label: plain('交班说明 Handover note') },
        { tag: 'button', name: 'hand', text: plain('交班 Hand over'), type: 'primary_filled', form_action_type: 'submit', behaviors: [{ type: 'callback', value: cardValue(HO_HAND, { from: outgoing._id, to: incoming._id }) }] },
      ],
    });
  return card({ title: { zh: '交班', en: 'Hand over the shift' }, template: view.handedAt ? 'green' : 'orange', elements });
}

/** 接班: for the incoming primary at the start of the shift. */
export function takeOverCard(incoming: DutyShiftDoc, view: HandoverView, names: (id: string) => string, tz: string): Card {
  const elements: CardElement[] = [
    markdown(`**本班** ${t(incoming.start, tz)}–${t(incoming.end, tz)}`),
    markdown(view.handedAt ? `**交班 Handed over** ${t(view.handedAt, tz)} ${names(view.handedBy ?? '')}${view.note ? `：${view.note}` : ''}` : "<font color='orange'>上一班尚未交班 The last shift has not handed over yet</font>"),
    markdown(`**未结事项 Open items**\n${list(view.items)}`),
  ];
  if (view.takenAt) elements.push(markdown(`<font color='green'>已于 ${t(view.takenAt, tz)} 由 ${names(view.takenBy ?? '')} 接班（到岗）</font>`));
  else elements.push({ tag: 'button', text: plain('接班 Take over'), type: 'primary_filled', behaviors: [{ type: 'callback', value: cardValue(HO_TAKE, { shift: incoming._id }) }] });
  elements.push(note({ zh: '开班 15 分钟未接班将通知副班和值班科长，30 分钟通知主任。', en: 'Not taken over 15 minutes in: the secondary and the section head are told; 30 minutes: the director.' }));
  return card({ title: { zh: '接班', en: 'Take over the shift' }, template: view.takenAt ? 'green' : 'orange', elements });
}

/** 离岗: an officer on duty names a substitute; they may go only once the substitute has pressed 接班. */
export function leaveShiftCard(shift: DutyShiftDoc, tz: string): Card {
  return card({
    title: { zh: '离岗替班', en: 'Leave during a shift' },
    template: 'orange',
    elements: [
      markdown(`本班 ${t(shift.start, tz)}–${t(shift.end, tz)}。须由替班人按「接班」后方可离岗。\nYou may leave only after your substitute has pressed "Take over".`),
      {
        tag: 'form',
        name: 'leave',
        elements: [
          ...labelled('替班人 Substitute', { tag: 'select_person', name: 'to', required: true }),
          { tag: 'input', name: 'note', max_length: 500, label: plain('原因 Reason') },
          { tag: 'button', name: 'ask', text: plain('请求替班 Ask'), type: 'primary_filled', form_action_type: 'submit', behaviors: [{ type: 'callback', value: cardValue(HO_LEAVE, { shift: shift._id }) }] },
        ],
      },
    ],
  });
}

/** The substitute's card: 接班 takes the rest of the shift. */
export function substituteCard(shift: DutyShiftDoc, from: string, note: string, names: (id: string) => string, tz: string, taken: boolean): Card {
  return card({
    title: { zh: '替班接班', en: 'Take over as substitute' },
    template: taken ? 'green' : 'orange',
    elements: [
      markdown(`**${names(from)}** 请您替班：${t(shift.start, tz)}–${t(shift.end, tz)}${note ? `\n原因 Reason：${esc(note)}` : ''}`),
      taken
        ? markdown("<font color='green'>已接班 Taken over</font>")
        : { tag: 'button', text: plain('接班 Take over'), type: 'primary_filled', behaviors: [{ type: 'callback', value: cardValue(HO_SUB, { shift: shift._id, from }) }] },
    ],
  });
}
