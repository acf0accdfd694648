import { reportCard, RP_PERIOD } from '../cards/report-card.js';
import type { Bilingual, Card } from '../cards/card-types.js';
import { toast } from '../cards/toast.js';
import type { Command } from '../commands/command.js';
import type { Directory } from '../directory/directory.js';
import { decide } from '../directory/policy.js';
import type { Clock } from '../lib/clock.js';
import { cardContent, textContent } from '../outbox/outgoing-message.js';
import { periodRange, type ReportService } from '../reports/report-service.js';
import type { CardAction } from './card-action.js';
import type { Outbox } from '../outbox/outbox.js';
import { reportXlsx } from '../reports/report-export.js';

/** `报表` / `report [本月|上周|上月|今年]` (this month by default), for leaders, the director, section heads (their units) and unit heads (theirs). */
export function reportHandlers(deps: { reports: ReportService; directory: Directory; outbox: Outbox; clock: Clock; tz: string }) {
  const build = async (openId: string, period: string): Promise<{ refused: Bilingual } | { card: Card }> => {
    const person = await deps.directory.person(openId);
    const allowed = decide(person, 'report.view');
    if (!allowed.allowed) return { refused: allowed.reason };
    const range = periodRange(period, deps.clock.now(), deps.tz);
    if (!range) return { refused: { zh: `不认识的时段「${period}」，可用：上周、上月、本月、今年`, en: `Unknown period "${period}": use last-week, last-month, this-month or this-year` } };
    const units = await deps.reports.scope(person!);
    return { card: reportCard(await deps.reports.summary(range, { units })) };
  };
  const command: Command = {
    id: 'report',
    words: ['报表', 'report'],
    usage: '报表 [本月|上周|上月|今年]；报表 导出 [本月|上月…]',
    summary: { zh: '工单统计：办结率、按期办结率、满意率…（图表）', en: 'Ticket figures with charts' },
    async run(ctx) {
      const exporting = /^(导出|export)\s*/i.exec(ctx.args);
      if (exporting) {
        // The ledger and figures as an .xlsx file message to the person who asked.
        const period = ctx.args.slice(exporting[0].length).trim() || '本月';
        const person = await deps.directory.person(ctx.senderOpenId);
        const allowed = decide(person, 'report.view');
        if (!allowed.allowed) return [{ msgType: 'text', content: textContent(`${allowed.reason.zh}\n${allowed.reason.en}`) }];
        const range = periodRange(period, deps.clock.now(), deps.tz);
        if (!range) return [{ msgType: 'text', content: textContent(`不认识的时段「${period}」，可用：上周、上月、本月、今年\nUnknown period "${period}"`) }];
        const ledger = await deps.reports.ledger(range, { units: await deps.reports.scope(person!) });
        const { report } = ledger;
        const names = new Map((await deps.directory.units({ includeInactive: true })).map((u) => [u.code, u.name]));
        const file = await reportXlsx(ledger, { unitName: (c) => names.get(c) ?? c, tz: deps.tz });
        await deps.outbox.enqueue([{ op: 'file', key: `report-file:${ctx.eventId}`, receiveIdType: 'open_id', receiveId: ctx.senderOpenId, fileName: `工单台账-${range.label.zh}.xlsx`, content: file.toString('base64') }]);
        return [{ msgType: 'text', content: textContent(`${range.label.zh}的台账和统计表（${report.facts.length} 件）已发给您。\nThe ledger and figures (${report.facts.length} tickets) are on their way as a file.`) }];
      }
      const r = await build(ctx.senderOpenId, ctx.args || '本月');
      if ('refused' in r) return [{ msgType: 'text', content: textContent(`${r.refused.zh}\n${r.refused.en}`) }];
      return [{ msgType: 'interactive', content: cardContent(r.card) }];
    },
  };
  const actions: Record<string, CardAction> = {
    [RP_PERIOD]: async ({ value, event }) => {
      const r = await build(event.operator.open_id, String(value.p ?? ''));
      if ('refused' in r) return { toast: toast('warning', r.refused.zh, r.refused.en) };
      return { toast: toast('info', '已切换时段', 'Period changed'), card: { type: 'raw', data: r.card } };
    },
  };
  return { command, actions };
}
