import type { Report } from '../reports/report-service.js';
import { percent } from '../reports/ticket-figures.js';
import { card, hr, markdown, note, esc } from './card-parts.js';
import type { Card } from './card-types.js';

/** 督查通报: the month's units ranked, the overdue and redone items named, supervision items due. */
export function bulletinCard(r: Report, overdue: { id: string; unit: string; days: number }[], supervisionDue: { id: string; content: string; unit: string; deadline: string }[], unitName: (c: string) => string): Card {
  const ranked = r.byUnit.map((u, i) => `${i + 1}. **${u.name}**　按期 ${percent(u.figures.onTimeRate)}　办结 ${percent(u.figures.completionRate)}　满意 ${percent(u.figures.satisfactionRate)}　退单 ${u.figures.returned}　重办 ${u.figures.redone}`);
  const redone = r.facts.filter((f) => f.redone).map((f) => `- ${f.id}（${unitName(f.unit)}）`);
  return card({
    title: { zh: `督查通报 · ${r.range.label.zh}`, en: `Monthly bulletin · ${r.range.label.en}` },
    template: 'carmine',
    elements: [
      markdown(`**全区 Overall**：受理 ${r.overall.accepted}，办结率 ${percent(r.overall.completionRate)}，按期办结率 ${percent(r.overall.onTimeRate)}，满意率 ${percent(r.overall.satisfactionRate)}，回访率 ${percent(r.overall.callbackRate)}，退单率 ${percent(r.overall.returnRate)}`),
      markdown(`**单位排名（按期办结率） Units ranked by on-time rate**\n${ranked.slice(0, 30).join('\n') || '无 none'}`),
      hr(),
      markdown(`**超期通报 Overdue items named**\n${overdue.slice(0, 30).map((o) => `- ${o.id}（${unitName(o.unit)}，超期 ${o.days} 个工作日）`).join('\n') || '无 none'}`),
      markdown(`**重办件 Redone**\n${redone.slice(0, 30).join('\n') || '无 none'}`),
      markdown(`**到期督办事项 Supervision items due**\n${supervisionDue.slice(0, 30).map((s) => `- ${s.id} ${esc(s.content.slice(0, 30))}（${unitName(s.unit)}，期限 ${s.deadline}）`).join('\n') || '无 none'}`),
      note({ zh: '口径见「报表」说明。', en: 'Definitions as in the report.' }),
    ],
  });
}
