import type { Report } from '../reports/report-service.js';
import { percent } from '../reports/ticket-figures.js';
import { callbackButton, card, markdown, note } from './card-parts.js';
import type { Card, CardElement } from './card-types.js';
import { cardValue } from './card-value.js';

export const RP_PERIOD = 'rp.period';

/** The periods offered as buttons (the command's words: 上周, 本月, 上月, 今年). */
export const REPORT_PERIODS = [
  ['last-week', '上周', 'Last week'],
  ['this-month', '本月', 'This month'],
  ['last-month', '上月', 'Last month'],
  ['this-year', '今年', 'This year'],
] as const;

/**
 * 报表: the period's figures, on-time rate by unit (bar) and intake per day (line), and other
 * periods. A period without tickets says so plainly instead of showing empty figures and charts.
 */
export function reportCard(r: Report): Card {
  const o = r.overall;
  const days = o.averageHandlingDays === null ? '—' : `${o.averageHandlingDays.toFixed(1)} 天`;
  const units = r.byUnit.slice(0, 15);
  const elements: CardElement[] = [];
  if (r.facts.length === 0) {
    elements.push(markdown(`**本期没有工单** No tickets in this period\n${r.range.label.zh}没有登记工单，可切换到其他时段查看。\nNo tickets were logged in this period: pick another one below.`));
  } else {
    elements.push(
      markdown(
        [
          `**受理 Accepted** ${o.accepted}　**办结 Closed** ${o.closed}　**办结率** ${percent(o.completionRate)}`,
          `**按期办结率 On time** ${percent(o.onTimeRate)}　**满意率 Satisfied** ${percent(o.satisfactionRate)}　**回访率 Called back** ${percent(o.callbackRate)}`,
          `**退单率 Returned** ${percent(o.returnRate)}　**重办 Redone** ${o.redone}　**平均办理时长 Avg. handling** ${days}`,
          `**直办 Answered at once** ${o.direct}${o.accepted ? `（占受理 ${percent(o.direct / o.accepted)} of accepted）` : ''}`,
        ].join('\n'),
      ),
    );
  }
  if (units.length) {
    elements.push({
      tag: 'table',
      page_size: 10,
      columns: [
        { name: 'unit', display_name: '单位 Unit', data_type: 'text' },
        { name: 'accepted', display_name: '受理', data_type: 'number' },
        { name: 'completion', display_name: '办结率', data_type: 'text' },
        { name: 'ontime', display_name: '按期办结率', data_type: 'text' },
        { name: 'satisfaction', display_name: '满意率', data_type: 'text' },
      ],
      rows: units.map((u) => ({ unit: u.name, accepted: u.figures.accepted, completion: percent(u.figures.completionRate), ontime: percent(u.figures.onTimeRate), satisfaction: percent(u.figures.satisfactionRate) })),
    });
    elements.push({
      tag: 'chart',
      aspect_ratio: '16:9',
      chart_spec: {
        type: 'bar',
        title: { text: '按期办结率（按单位） On-time rate by unit' },
        data: [{ id: 'units', values: units.map((u) => ({ unit: u.name, rate: Math.round((u.figures.onTimeRate ?? 0) * 1000) / 10 })) }],
        xField: 'unit',
        yField: 'rate',
        axes: [{ orient: 'left', max: 100 }],
      },
    });
  }
  if (r.intakePerDay.length) {
    elements.push({
      tag: 'chart',
      aspect_ratio: '16:9',
      chart_spec: { type: 'line', title: { text: '每日受理量 Intake per day' }, data: [{ id: 'days', values: r.intakePerDay.map((d) => ({ day: d.day.slice(5), count: d.count })) }], xField: 'day', yField: 'count' },
    });
  }
  elements.push(
    {
      tag: 'column_set',
      columns: REPORT_PERIODS.map(([p, zh, en]) => ({ tag: 'column', width: 'auto', elements: [callbackButton({ zh, en }, cardValue(RP_PERIOD, { p }))] })),
    },
    note({ zh: '口径：按登记日期统计；延期获批后按新期限判断按期；重办件只计一次；满意率按首次回访。', en: 'By the date logged; approved extensions move the deadline; redone tickets count once; satisfaction by the first callback.' }),
  );
  return card({ title: { zh: `工单报表 · ${r.range.label.zh}`, en: `Report · ${r.range.label.en}` }, template: 'blue', elements });
}
