import { callbackButton, card, markdown, note, esc } from './card-parts.js';
import type { Card, CardElement } from './card-types.js';
import { cardValue } from './card-value.js';

export const ITEM_OPEN = 'item.open';

export interface OverdueItem {
  kind: 'ticket' | 'supervision';
  id: string;
  unit: string;
  title: string;
  deadline: string; // YYYY-MM-DD
  workingDaysOverdue: number;
}

/**
 * Lark takes at most 200 elements in a card (card-json-v2-structure.md), text objects included:
 * a row costs 6 (column set, two columns, its text, the button and the button's text), a unit's
 * heading 1; the rest of the card (header, intro, the "more" line, the note) stays under 10.
 */
const ELEMENT_BUDGET = 190;
const ROW_COST = 6;

/** The daily overdue digest: by unit, oldest first, with days overdue and a button to open each. */
export function overdueDigestCard(groups: { unitName: string; items: OverdueItem[] }[], day: string): Card {
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  const elements: CardElement[] = [markdown(`${day}，您关注的单位共有 **${total}** 项超期。\n${total} overdue item(s) in the units you oversee.`)];
  let shown = 0;
  let used = 0;
  for (const g of groups) {
    const room = Math.floor((ELEMENT_BUDGET - used - 1) / ROW_COST);
    if (room <= 0) break;
    const items = [...g.items].sort((a, b) => b.workingDaysOverdue - a.workingDaysOverdue || a.deadline.localeCompare(b.deadline)).slice(0, room);
    shown += items.length;
    used += 1 + items.length * ROW_COST;
    elements.push(markdown(`**${g.unitName}**（${g.items.length}）`));
    for (const i of items) {
      elements.push({
        tag: 'column_set',
        columns: [
          { tag: 'column', width: 'weighted', weight: 4, elements: [markdown(`<font color='red'>● 超期 ${i.workingDaysOverdue} 个工作日</font> ${i.kind === 'ticket' ? '工单' : '督办'} ${i.id}：${esc(i.title).slice(0, 40)}（期限 ${i.deadline}）`)] },
          { tag: 'column', width: 'auto', elements: [callbackButton({ zh: '查看', en: 'Open' }, cardValue(ITEM_OPEN, { k: i.kind, id: i.id }))] },
        ],
      });
    }
  }
  if (total > shown) elements.push(markdown(`还有 ${total - shown} 项未列出，发送「工单 列表 超期」查看。\n${total - shown} more: send "tickets overdue".`));
  elements.push(note({ zh: '每个工作日 9:00 发送；没有超期事项时不发送。', en: 'Sent at 9:00 on working days; nothing is sent when nothing is overdue.' }));
  return card({ title: { zh: `超期事项日报 · ${day}`, en: 'Overdue digest' }, template: 'red', elements });
}

/**
 * 催办通知 (to the unit head, `urge`) and 超期上报 (to the directors, `escalate`): one overdue
 * item, how long overdue, with the item's 查看 button. Sent once per item and person; the
 * same notice is written on the item's timeline.
 */
export function overdueNoticeCard(kind: 'urge' | 'escalate', item: OverdueItem, unitName: string): Card {
  const what = item.kind === 'ticket' ? { zh: '工单', en: 'Ticket' } : { zh: '督办事项', en: 'Supervision item' };
  const urge = kind === 'urge';
  return card({
    title: urge ? { zh: `催办通知 · ${item.id}`, en: 'Urging notice' } : { zh: `超期上报 · ${item.id}`, en: 'Overdue escalation' },
    template: urge ? 'orange' : 'red',
    elements: [
      markdown(
        [
          `**${what.zh} ${what.en}**：${item.id}`,
          `**内容 Content**：${esc(item.title.slice(0, 200))}`,
          `**承办单位 Lead unit**：${esc(unitName)}`,
          `**期限 Deadline**：<font color='red'>● ${item.deadline} 已超期 ${item.workingDaysOverdue} 个工作日 ${item.workingDaysOverdue} working day(s) overdue</font>`,
        ].join('\n'),
      ),
      markdown(
        urge
          ? `请${esc(unitName)}抓紧办理，并在事项上报告进展。\nPlease act on it and report progress on the item.`
          : `${esc(unitName)}的这一事项已超期 ${item.workingDaysOverdue} 个工作日，特此上报。\nThis item at ${esc(unitName)} is ${item.workingDaysOverdue} working day(s) overdue.`,
      ),
      { tag: 'column_set', columns: [{ tag: 'column', width: 'auto', elements: [callbackButton({ zh: '查看', en: 'Open' }, cardValue(ITEM_OPEN, { k: item.kind, id: item.id }))] }] },
      note({ zh: '本通知已记入事项的办理记录。', en: "This notice is recorded on the item's timeline." }),
    ],
  });
}
