import { callbackButton, card, esc, markdown, note } from './card-parts.js';
import type { Card, CardElement } from './card-types.js';
import { cardValue } from './card-value.js';

/** 合并 and 督办 on a hot-spot alert. */
export const HS_MERGE = 'hs.merge';
export const HS_SUPERVISE = 'hs.supervise';

/** Tickets a card lists, and its buttons carry (a button's value takes 512 characters a field). */
export const HOTSPOT_LISTED = 20;

export interface HotspotLine {
  id: string;
  /** MM-DD HH:mm */
  at: string;
  status: { zh: string; en: string };
  content: string;
  place: string;
}

export interface HotspotAlert {
  /** What the tickets share: a place (幸福小区) or, for similar content, its gist. */
  label: string;
  kind: 'name' | 'place' | 'text';
  hours: number;
  /** The tickets, earliest first. */
  tickets: HotspotLine[];
  /** The unit that handled the earlier tickets (督办 goes to it), with its name. */
  unit?: { code: string; name: string };
}

/**
 * 热点预警: several tickets about one place or matter within the window, listed earliest first,
 * with 合并 (the later ones into the first) and 督办 (a supervision item for the unit). Buttons are
 * callback buttons (card JSON 2.0, interactive-components/button.md: tag, text, type, behaviors),
 * straight in the body as JSON 2.0 allows; rows are markdown (content-components/rich-text.md).
 */
export function hotspotCard(a: HotspotAlert): Card {
  const listed = a.tickets.slice(0, HOTSPOT_LISTED);
  const what = a.kind === 'text' ? { zh: '内容相近的诉求', en: 'calls about the same matter' } : { zh: `涉及「${esc(a.label)}」的来电`, en: `calls about ${esc(a.label)}` };
  const elements: CardElement[] = [
    markdown(`${a.hours} 小时内已有 **${a.tickets.length}** 件${what.zh}，请关注是否为群体性或集中问题。\n${a.tickets.length} ${what.en} within ${a.hours} hours: check whether it is one shared problem.`),
    markdown(
      listed
        .map((t) => `- **${t.id}** ${t.at} · ${t.status.zh}${t.place ? ` · ${esc(t.place).slice(0, 20)}` : ''} · ${esc(t.content).slice(0, 40)}`)
        .join('\n'),
    ),
  ];
  if (a.tickets.length > listed.length) elements.push(markdown(`另有 ${a.tickets.length - listed.length} 件未列出。\n${a.tickets.length - listed.length} more not listed.`));
  if (a.unit) elements.push(markdown(`**承办单位 Unit**：${esc(a.unit.name)}`));
  const ids = listed.map((t) => t.id).join(',');
  elements.push(
    callbackButton({ zh: '合并', en: 'Merge' }, cardValue(HS_MERGE, { ids }), 'primary'),
    callbackButton({ zh: '督办', en: 'Supervise' }, cardValue(HS_SUPERVISE, { ids, l: a.label.slice(0, 60), ...(a.unit ? { u: a.unit.code } : {}), h: a.hours })),
    note({
      zh: `合并：把后来的待派单工单并入第一件 ${listed[0]?.id ?? ''}（派单员）。督办：为承办单位立一项督办事项（督办管理人员）。`,
      en: `Merge: the later tickets still to be assigned go into the first, ${listed[0]?.id ?? ''} (dispatchers). Supervise: opens a supervision item for the unit (supervision managers).`,
    }),
  );
  return card({ title: { zh: `热点预警 · ${a.label.slice(0, 30)}`, en: 'Hot spot alert' }, template: 'orange', elements });
}
