import { stringify } from 'csv-stringify/sync';
import { CALLBACK_LABELS, CATEGORY_LABELS } from '../tickets/ticket-types.js';
import type { Report } from './report-service.js';
import { percent, type Figures } from './ticket-figures.js';
import { LEDGER_HEADER, LEDGER_WIDTHS, ledgerRow, type LedgerEntry } from './ticket-ledger.js';

const FIGURES_HEADER = ['单位 Unit', '受理 Accepted', '办结 Closed', '办结率', '按期办结率', '满意率', '回访率', '退单率', '重办 Redone', '平均办理天数 Avg days', '直办 Answered at once'];

/** What the ledger files need: the period's report and each ticket's ledger line. */
export interface Ledger {
  report: Report;
  entries: LedgerEntry[];
}

export interface LedgerFormat {
  unitName: (code: string) => string;
  /** The office's time zone, for the times written. */
  tz: string;
}

const ledgerRows = (l: Ledger, f: LedgerFormat) => l.entries.map((e) => ledgerRow(e, f));

const figuresRow = (name: string, f: Figures) => [name, f.accepted, f.closed, percent(f.completionRate), percent(f.onTimeRate), percent(f.satisfactionRate), percent(f.callbackRate), percent(f.returnRate), f.redone, f.averageHandlingDays === null ? '' : f.averageHandlingDays.toFixed(1), f.direct];

const figuresRows = (r: Report) => [figuresRow('全部 All', r.overall), ...r.byUnit.map((u) => figuresRow(u.name, u.figures))];

const sheetData = (rows: (string | number)[][]) => rows.map((row, i) => row.map((v) => (i === 0 ? { value: String(v), fontWeight: 'bold' as const } : { value: v })));

/**
 * The .xlsx writer, loaded the first time a workbook is made: it costs the bot about 10 MB of
 * memory, and most days nobody exports.
 */
const xlsxWriter = async () => (await import('write-excel-file/node')).default;

/** The ledger (台账) and the figures table as CSV (UTF-8 with BOM, for Excel). */
export function reportCsv(l: Ledger, f: LedgerFormat): { ledger: string; figures: string } {
  return { ledger: `\uFEFF${stringify([[...LEDGER_HEADER], ...ledgerRows(l, f)])}`, figures: `\uFEFF${stringify([FIGURES_HEADER, ...figuresRows(l.report)])}` };
}

/** The same as an .xlsx workbook: a 台账 sheet and a 统计 sheet. */
export async function reportXlsx(l: Ledger, f: LedgerFormat): Promise<Buffer> {
  const writeXlsxFile = await xlsxWriter();
  return writeXlsxFile([
    { sheet: '台账 Ledger', data: sheetData([[...LEDGER_HEADER], ...ledgerRows(l, f)]), columns: LEDGER_WIDTHS.map((width) => ({ width })), stickyRowsCount: 1 },
    { sheet: '统计 Figures', data: sheetData([FIGURES_HEADER, ...figuresRows(l.report)]) },
  ]).toBuffer();
}

const ITEM_KINDS = { ticket: '工单', supervision: '督办事项' } as const;

/** The monthly bulletin (督查通报) as .xlsx, one sheet per section; every code written as its Chinese label. */
export async function bulletinXlsx(b: {
  report: Report;
  overdue: { id: string; unit: string; days: number; kind?: keyof typeof ITEM_KINDS }[];
  supervisionDue: { id: string; content: string; unit: string; deadline: string }[];
  unitName: (c: string) => string;
}): Promise<Buffer> {
  const o = b.report.overall;
  const redone = b.report.facts.filter((f) => f.redone);
  const writeXlsxFile = await xlsxWriter();
  return writeXlsxFile([
    { sheet: '概况 Overview', data: sheetData([['指标 Figure', '值 Value'], ['受理 Accepted', o.accepted], ['办结率', percent(o.completionRate)], ['按期办结率', percent(o.onTimeRate)], ['满意率', percent(o.satisfactionRate)], ['回访率', percent(o.callbackRate)], ['退单率', percent(o.returnRate)], ['重办 Redone', o.redone], ['直办 Answered at once', o.direct]]) },
    { sheet: '单位排名 Ranking', data: sheetData([['名次 Rank', ...FIGURES_HEADER], ...b.report.byUnit.map((u, i) => [i + 1, ...figuresRow(u.name, u.figures)])]) },
    { sheet: '超期通报 Overdue', data: sheetData([['事项 Item', '类型 Kind', '单位 Unit', '超期工作日 Working days overdue'], ...b.overdue.map((x) => [x.id, x.kind ? ITEM_KINDS[x.kind] : '', b.unitName(x.unit), x.days])]) },
    { sheet: '重办件 Redone', data: sheetData([['工单号 No.', '类别 Category', '单位 Unit', '首次回访 First callback'], ...redone.map((f) => [f.id, CATEGORY_LABELS[f.category]?.zh ?? f.category, b.unitName(f.unit), f.callback ? CALLBACK_LABELS[f.callback].zh : ''])]) },
    { sheet: '督办事项 Supervision', data: sheetData([['编号 No.', '内容 Content', '单位 Unit', '期限 Deadline'], ...b.supervisionDue.map((s) => [s.id, s.content, b.unitName(s.unit), s.deadline])]) },
  ]).toBuffer();
}

/**
 * 工单 导出: the tickets found, as an .xlsx workbook: a 工单 sheet with each ticket's ledger line
 * (the 台账's columns) and a 办理过程 sheet with every step of their timelines.
 */
export async function ticketsXlsx(x: { entries: LedgerEntry[]; steps: string[][]; header: string[]; widths: number[] }, f: LedgerFormat): Promise<Buffer> {
  const writeXlsxFile = await xlsxWriter();
  return writeXlsxFile([
    { sheet: '工单 Tickets', data: sheetData([[...LEDGER_HEADER], ...x.entries.map((e) => ledgerRow(e, f))]), columns: LEDGER_WIDTHS.map((width) => ({ width })), stickyRowsCount: 1 },
    { sheet: '办理过程 Timeline', data: sheetData([x.header, ...x.steps]), columns: x.widths.map((width) => ({ width })), stickyRowsCount: 1 },
  ]).toBuffer();
}
