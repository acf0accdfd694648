import dayjs from '../lib/dayjs.js';
import type { DutyCheckDoc } from '../models/duty-check.js';
import { callbackButton, card, markdown, note } from './card-parts.js';
import type { Card, CardElement } from './card-types.js';
import { cardValue } from './card-value.js';

/** 到岗 on a 查岗 card. */
export const PC_PRESENT = 'pc.present';

const hm = (d: Date, tz: string) => dayjs(d).tz(tz).format('HH:mm');

/**
 * 查岗: for each officer on duty; 到岗 within 10 minutes. Rows are markdown
 * (card-json-v2-components/content-components/rich-text.md); 到岗 is a button with a `callback`
 * behaviour carrying the check's id (card-json-v2-components/interactive-components/button.md).
 */
export function presenceAskCard(check: DutyCheckDoc, officer: string, names: (id: string) => string, tz: string): Card {
  const answer = check.answers.find((a) => a.who === officer);
  const elements: CardElement[] = [
    markdown(`值班科长 **${names(check.by)}** 于 ${hm(check.at, tz)} 查岗，请于 **${hm(check.due, tz)}** 前确认到岗。\n${names(check.by)} is checking who is at their post: confirm by ${hm(check.due, tz)}.`),
  ];
  if (answer) elements.push(markdown(`<font color='green'>已于 ${hm(answer.at, tz)} 确认到岗 Confirmed present at ${hm(answer.at, tz)}</font>`));
  else elements.push(callbackButton({ zh: '到岗', en: 'Present' }, cardValue(PC_PRESENT, { id: check._id }), 'primary_filled'));
  return card({ title: { zh: '查岗', en: 'Spot check' }, template: answer ? 'green' : 'orange', elements });
}

/** 到岗 at the shift's start: each officer who pressed 接班, with the time (duty_handovers `present`). */
export type ShiftStartPresence = { who: string; at: Date }[];

/** The 查岗 result for the section head, 10 minutes after: who confirmed when, who did not, and 接班 到岗. */
export function presenceResultCard(check: DutyCheckDoc, start: ShiftStartPresence, names: (id: string) => string, tz: string): Card {
  const answered = new Map(check.answers.map((a) => [a.who, a.at]));
  const confirmed = check.officers.filter((o) => answered.has(o));
  const missing = check.officers.filter((o) => !answered.has(o));
  const elements: CardElement[] = [
    markdown(`**查岗** ${dayjs(check.at).tz(tz).format('MM-DD HH:mm')}（${check.shift}），确认时限 ${hm(check.due, tz)}\nSpot check at ${hm(check.at, tz)}, answers due ${hm(check.due, tz)}`),
    markdown(
      `**已到岗 Confirmed**\n${confirmed.length ? confirmed.map((o) => `- ${names(o)} ${hm(answered.get(o)!, tz)}`).join('\n') : '无 None'}`,
    ),
    markdown(`**未确认 Did not confirm**\n${missing.length ? missing.map((o) => `- <font color='red'>${names(o)}</font>`).join('\n') : '无 None'}`),
    markdown(
      start.length
        ? `**接班到岗 Present at shift start**：${start.map((p) => `${names(p.who)} ${dayjs(p.at).tz(tz).format('MM-DD HH:mm')}`).join('、')}`
        : "**接班到岗 Present at shift start**：<font color='orange'>本班尚未接班 not taken over</font>",
    ),
    note({ zh: '到岗时间以按下「到岗」或「接班」的时刻为准。', en: 'Times are when 到岗 (or 接班 at the start) was pressed.' }),
  ];
  return card({ title: { zh: '查岗结果', en: 'Spot check result' }, template: missing.length ? 'red' : 'green', elements });
}
