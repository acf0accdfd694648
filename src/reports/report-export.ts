import { stringify } from 'csv-stringify/sync';
import writeXlsxFile from 'write-excel-file/node';
import type { Report } from './report-service.js';
import { percent, type Figures } from './ticket-figures.js';

const LEDGER_HEADER = ['工单号 No.', '登记日 Logged', '类别 Category', '主办单位 Unit', '已办结 Closed', '按期 On time', '回访 Callback', '退单 Returned', '重办 Redone'];
const FIGURES_HEADER = ['单位 Unit', '受理 Accepted', '办结 Closed', '办结率', '按期办结率', '满意率', '回访率', '退单率', '重办 Redone', '平均办理天数 Avg days'];

const ledgerRows = (r: Report, unitName: (c: string) => string) =>
  r.facts.map((f) => [f.id, f.loggedDay, f.category, unitName(f.unit), f.closed ? '是' : '否', f.closed ? (f.onTime ? '是' : '否') : '', f.callback ?? '', f.returned ? '是' : '否', f.redone ? '是' : '否']);

const figuresRow = (name: string, f: Figures) => [name, f.accepted, f.closed, percent(f.completionRate), percent(f.onTimeRate), percent(f.satisfactionRate), percent(f.callbackRate), percent(f.returnRate), f.redone, f.averageHandlingDays === null ? '' : f.averageHandlingDays.toFixed(1)];

const figuresRows = (r: Report) => [figuresRow('全部 All', r.overall), ...r.byUnit.map((u) => figuresRow(u.name, u.figures))];

/** The ledger (台账) and the figures table as CSV (UTF-8 with BOM, for Excel). */
export function reportCsv(r: Report, unitName: (c: string) => string): { ledger: string; figures: string } {
  return { ledger: `\uFEFF${stringify([LEDGER_HEADER, ...ledgerRows(r, unitName)])}`, figures: `\uFEFF${stringify([FIGURES_HEADER, ...figuresRows(r)])}` };
}

/** The same as an .xlsx workbook: a 台账 sheet and a 统计 sheet. */
export async function reportXlsx(r: Report, unitName: (c: string) => string): Promise<Buffer> {
  const data = (rows: (string | number)[][]) => rows.map((row, i) => row.map((v) => (i === 0 ? { value: String(v), fontWeight: 'bold' as const } : { value: v })));
  return writeXlsxFile([
    { sheet: '台账 Ledger', data: data([LEDGER_HEADER, ...ledgerRows(r, unitName)]) },
    { sheet: '统计 Figures', data: data([FIGURES_HEADER, ...figuresRows(r)]) },
  ]).toBuffer();
}

/** The monthly bulletin (督查通报) as .xlsx, one sheet per section. */
export async function bulletinXlsx(
  b: { report: Report; overdue: { id: string; unit: string; days: number }[]; supervisionDue: { id: string; content: string; unit: string; deadline: string }[]; unitName: (c: string) => string },
): Promise<Buffer> {
  const data = (rows: (string | number)[][]) => rows.map((row, i) => row.map((v) => (i === 0 ? { value: String(v), fontWeight: 'bold' as const } : { value: v })));
  const o = b.report.overall;
  return writeXlsxFile([
    { sheet: '概况 Overview', data: data([['指标 Figure', '值 Value'], ['受理 Accepted', o.accepted], ['办结率', percent(o.completionRate)], ['按期办结率', percent(o.onTimeRate)], ['满意率', percent(o.satisfactionRate)], ['回访率', percent(o.callbackRate)], ['退单率', percent(o.returnRate)], ['重办 Redone', o.redone]]) },
    { sheet: '单位排名 Ranking', data: data([['名次 Rank', ...FIGURES_HEADER], ...b.report.byUnit.map((u, i) => [i + 1, ...figuresRow(u.name, u.figures)])]) },
    { sheet: '超期通报 Overdue', data: data([['事项 Item', '单位 Unit', '超期工作日 Working days overdue'], ...b.overdue.map((x) => [x.id, b.unitName(x.unit), x.days])]) },
    { sheet: '重办件 Redone', data: data([['工单号 No.', '单位 Unit'], ...b.report.facts.filter((f) => f.redone).map((f) => [f.id, b.unitName(f.unit)])]) },
    { sheet: '督办事项 Supervision', data: data([['编号 No.', '内容 Content', '单位 Unit', '期限 Deadline'], ...b.supervisionDue.map((s) => [s.id, s.content, b.unitName(s.unit), s.deadline])]) },
  ]).toBuffer();
}
