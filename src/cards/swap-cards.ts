import dayjs from '../lib/dayjs.js';
import type { DutyShiftDoc } from '../models/duty-shift.js';
import type { DutySwapDoc } from '../models/duty-swap.js';
import { card, markdown, plain, labelled, esc } from './card-parts.js';
import type { Card, CardElement } from './card-types.js';
import { cardValue } from './card-value.js';

export const SW_ASK = 'sw.ask';
export const SW_ACCEPT = 'sw.accept';
export const SW_DECLINE = 'sw.decline';

const when = (s: DutyShiftDoc, tz: string) => `${dayjs(s.start).tz(tz).format('MM-DD HH:mm')}–${dayjs(s.end).tz(tz).format('MM-DD HH:mm')}`;

/** 换班: pick one of my shifts and a colleague. */
export function swapFormCard(mine: DutyShiftDoc[], me: string, tz: string): Card {
  if (mine.length === 0) return card({ title: { zh: '换班', en: 'Swap a shift' }, template: 'indigo', elements: [markdown('您近期没有可以换的班次。\nYou have no coming shift to swap.')] });
  return card({
    title: { zh: '换班', en: 'Swap a shift' },
    template: 'indigo',
    elements: [
      {
        tag: 'form',
        name: 'swap',
        elements: [
          ...labelled('我的班次 My shift', { tag: 'select_static', name: 'shift', required: true, options: mine.map((s) => ({ text: plain(`${when(s, tz)} ${s.primary === me ? '主班' : '副班'}`), value: s._id })) }),
          ...labelled('请哪位同事代班 Colleague to take it', { tag: 'select_person', name: 'to', required: true }),
          { tag: 'input', name: 'reason', max_length: 500, label: plain('原因 Reason') },
          { tag: 'button', name: 'ask', text: plain('发出请求 Ask'), type: 'primary_filled', form_action_type: 'submit', behaviors: [{ type: 'callback', value: cardValue(SW_ASK) }] },
        ],
      },
    ],
  });
}

const STATUS: Record<DutySwapDoc['status'], string> = {
  asked: '等待同事答复 waiting for the colleague',
  declined: '同事已拒绝 declined by the colleague',
  accepted: '同事已同意，等待科长审批 accepted; waiting for the section head',
  approved: '已批准，值班表已更新 approved; the roster is changed',
  refused: '未获批准 not approved',
};

/** The swap as the colleague (with 同意/拒绝 while asked) or anyone concerned sees it. */
export function swapCard(swap: DutySwapDoc, shift: DutyShiftDoc, names: (id: string) => string, tz: string, forColleague: boolean): Card {
  const elements: CardElement[] = [
    markdown(`**${names(swap.from)}** 请 **${names(swap.to)}** 代${swap.role === 'primary' ? '主班' : '副班'}：${when(shift, tz)}${swap.reason ? `\n原因 Reason：${esc(swap.reason)}` : ''}\n**状态 Status**：${STATUS[swap.status]}${swap.note ? `\n${esc(swap.note)}` : ''}`),
  ];
  if (forColleague && swap.status === 'asked') {
    elements.push({
      tag: 'column_set',
      columns: [
        { tag: 'column', width: 'auto', elements: [{ tag: 'button', text: plain('同意代班 Accept'), type: 'primary_filled', behaviors: [{ type: 'callback', value: cardValue(SW_ACCEPT, { id: swap._id }) }] }] },
        { tag: 'column', width: 'auto', elements: [{ tag: 'button', text: plain('拒绝 Decline'), type: 'danger', behaviors: [{ type: 'callback', value: cardValue(SW_DECLINE, { id: swap._id }) }] }] },
      ],
    });
  }
  return card({ title: { zh: '换班申请', en: 'Shift swap' }, template: swap.status === 'approved' ? 'green' : swap.status === 'declined' || swap.status === 'refused' ? 'grey' : 'indigo', elements });
}
