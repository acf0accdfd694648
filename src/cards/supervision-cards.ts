import dayjs from '../lib/dayjs.js';
import type { Unit } from '../directory/directory.js';
import type { SupervisionEventDoc, SupervisionItemDoc } from '../models/supervision-item.js';
import type { LoadedItem } from '../supervision/supervision-service.js';
import { callbackButton, card, hr, markdown, note, plain, labelled, esc } from './card-parts.js';
import { ITEM_OPEN } from './digest-card.js';
import type { Bilingual, Card, CardElement } from './card-types.js';
import { cardValue } from './card-value.js';

export const SV_PROGRESS = 'sv.progress';
export const SV_DONE = 'sv.done';
export const SV_CLOSE = 'sv.close';
export const SV_SUBMIT = 'sv.submit';
export const PS_NEW = 'ps.new';
export const PS_SUBMIT = 'ps.submit';

const date = (d: Date, tz: string) => dayjs(d).tz(tz).format('YYYY-MM-DD');
/** Overdue once its deadline (the end of its working day, as stored) has passed. */
const overdue = (item: Pick<SupervisionItemDoc, 'deadline' | 'status'>, now: Date, _tz: string) => item.status === 'open' && item.deadline.getTime() < now.getTime();

const STATUS: Record<string, Bilingual> = {
  open: { zh: '办理中', en: 'Open' },
  done: { zh: '已落实', en: 'Done' },
  closed: { zh: '已销号', en: 'Closed' },
};

const submit = (name: string, label: string, value: Record<string, unknown>, type = 'default'): CardElement => ({
  tag: 'column',
  width: 'auto',
  elements: [{ tag: 'button', name, text: plain(label), type, form_action_type: 'submit', behaviors: [{ type: 'callback', value }] }],
});

const problemsLine = (problems: Bilingual[]): CardElement[] =>
  problems.length ? [markdown(`<font color='red'>请修改 Please fix:\n${problems.map((p) => `- ${esc(p.zh)} ${esc(p.en)}`).join('\n')}</font>`)] : [];

/**
 * One item: content, unit, leader, deadline, progress; the note form while it is open. After a
 * refused note (too long) `form` shows it again with the problem and what was written.
 */
export function supervisionItemCard(
  loaded: LoadedItem,
  names: (id: string) => string,
  unitName: string,
  tz: string,
  now: Date,
  form?: { problems: Bilingual[]; note: string },
  /** What the card's holder may do: its unit reports (已落实 for a follow-up), the office closes (销号). */
  can: { report: boolean; close: boolean } = { report: false, close: false },
): Card {
  const { item, events, status } = loaded;
  const late = overdue({ deadline: item.deadline, status }, now, tz);
  const isInstruction = item.kind === 'instruction';
  const label: Record<SupervisionEventDoc['type'], string> = { progress: '进展', done: '已落实', closed: '销号', urged: '催办通知 urging notice', escalated: '超期上报 escalated' };
  const progress = events.map((e) => `- ${dayjs(e.at).tz(tz).format('MM-DD HH:mm')} ${esc(names(e.by))}：${label[e.type] ?? e.type}${e.note ? ` ${esc(e.note)}` : ''}`);
  const elements: CardElement[] = [
    markdown(
      [
        `**${isInstruction ? '批示内容 Instruction' : '督办事项 Item'}**：${esc(item.content)}`,
        ...(item.standard ? [`**完成标准 Standard of done**：${esc(item.standard)}`] : []),
        `**承办单位 Lead unit**：${esc(unitName)}　**负责领导 Leader**：${esc(names(item.leader))}`,
        `**期限 Deadline**：${late ? `<font color='red'>${date(item.deadline, tz)} 已逾期 overdue</font>` : date(item.deadline, tz)}　**状态 Status**：${STATUS[status]!.zh} ${STATUS[status]!.en}`,
        ...(item.source ? [`**来源 From**：${esc(item.source.title)}（${item.source.id}）`] : []),
        `**编号 No.**：${item._id}`,
      ].join('\n'),
    ),
  ];
  if (progress.length) elements.push(hr(), markdown(`**办理记录 Record**\n${progress.join('\n')}`));
  const buttons: CardElement[] = [];
  const v = (a: string) => cardValue(a, { id: item._id });
  if (status === 'open' && can.report) buttons.push(submit('progress', '报告进展 Report progress', v(SV_PROGRESS)));
  if (status === 'open' && can.report && isInstruction) buttons.push(submit('done', '已落实 Done', v(SV_DONE), 'primary_filled'));
  if (status === 'open' && can.close && !isInstruction) buttons.push(submit('close', '销号 Close', v(SV_CLOSE), 'primary_filled'));
  if (buttons.length) {
    elements.push(...problemsLine(form?.problems ?? []));
    elements.push({
      tag: 'form',
      name: 'report',
      elements: [
        {
          tag: 'input',
          name: 'note',
          input_type: 'multiline_text',
          rows: 2,
          max_length: 1000,
          label: plain('情况说明 Note（最多 1000 字 at most 1000 characters）'),
          placeholder: plain('进展或落实情况 what has been done'),
          ...(form?.note ? { default_value: form.note } : {}),
        },
        { tag: 'column_set', columns: buttons },
      ],
    });
  }
  if (status === 'open') {
    elements.push(note(isInstruction ? { zh: '承办单位落实后点「已落实」并说明情况。', en: 'The unit marks it done with a note once done.' } : { zh: '承办单位报告进展，办结后由办公室销号。', en: 'The unit reports progress; the office closes it when done.' }));
  }
  return card({
    title: { zh: `${isInstruction ? '领导批示' : '督办事项'} · ${item.content.slice(0, 24)}`, en: `${isInstruction ? 'Leader instruction' : 'Supervision item'} · ${STATUS[status]!.en}` },
    template: status !== 'open' ? 'green' : late ? 'red' : isInstruction ? 'violet' : 'indigo',
    elements,
  });
}

/** Rows the ledger shows at most (each a column_set with its buttons; the card has an element budget). */
const LEDGER_ROWS = 40;

/**
 * `督办 列表`: overdue, open and done items, each a row with 查看 (the item's card in a direct
 * chat) and, for the office (`canClose`), 销号 on open supervision items.
 */
export function supervisionLedgerCard(items: SupervisionItemDoc[], unitNames: Map<string, string>, tz: string, now: Date, canClose = false): Card {
  const line = (i: SupervisionItemDoc) =>
    `${i.kind === 'instruction' ? '【批示】' : '【督办】'}${esc(i.content.slice(0, 40))} · ${esc(unitNames.get(i.leadUnit) ?? i.leadUnit)} · 期限 ${date(i.deadline, tz)} · ${i._id}`;
  const late = items.filter((i) => overdue(i, now, tz));
  const open = items.filter((i) => i.status === 'open' && !overdue(i, now, tz));
  const done = items.filter((i) => i.status !== 'open').slice(-20);
  let room = LEDGER_ROWS;
  let hidden = 0;
  // A row: text and buttons in columns (card-json-v2-components/containers/column-set.md), as on the digest.
  const row = (i: SupervisionItemDoc): CardElement => ({
    tag: 'column_set',
    columns: [
      { tag: 'column', width: 'weighted', weight: 4, elements: [markdown(line(i))] },
      { tag: 'column', width: 'auto', elements: [callbackButton({ zh: '查看', en: 'Open' }, cardValue(ITEM_OPEN, { k: 'supervision', id: i._id }))] },
      ...(canClose && i.status === 'open' && i.kind === 'supervision'
        ? [{ tag: 'column', width: 'auto', elements: [callbackButton({ zh: '销号', en: 'Close' }, cardValue(SV_CLOSE, { id: i._id, from: 'ledger' }), 'primary_filled')] }]
        : []),
    ],
  });
  const section = (title: Bilingual, list: SupervisionItemDoc[], color?: string): CardElement[] => {
    const shown = list.slice(0, Math.max(room, 0));
    room -= shown.length;
    hidden += list.length - shown.length;
    return [markdown(`**${color ? `<font color='${color}'>` : ''}${title.zh} ${title.en}（${list.length}）${color ? '</font>' : ''}**${list.length ? '' : '\n无 none'}`), ...shown.map(row)];
  };
  const elements: CardElement[] = [...section({ zh: '已逾期', en: 'Overdue' }, late, 'red'), ...section({ zh: '办理中', en: 'Open' }, open), ...section({ zh: '已办结', en: 'Done' }, done, 'green')];
  if (hidden) elements.push(markdown(`还有 ${hidden} 项未列出。\n${hidden} more not shown.`));
  elements.push(note({ zh: '点「查看」在私聊中打开事项卡片；发送「督办 新建」新建督办事项。', en: 'Press Open for the item\'s card in your direct chat; send "supervise new" to create an item.' }));
  return card({ title: { zh: '督查督办台账', en: 'Supervision ledger' }, template: late.length ? 'red' : 'indigo', elements });
}

const unitOptions = (units: Unit[]) => units.map((u) => ({ text: plain(`${u.name}（${u.code}）`), value: u.code }));

/** What a refused form had in it, to show it again (nothing the person wrote is lost). */
export interface SupervisionPrefill {
  content?: string;
  standard?: string;
  unit?: string;
  /** YYYY-MM-DD */
  deadline?: string;
}

/** `督办 新建`: the form for a supervision item; after a refused submit, with its problems and what was filled in. */
export function supervisionNewCard(units: Unit[], defaultDeadline: string, problems: Bilingual[] = [], prefill: SupervisionPrefill = {}): Card {
  const unit = prefill.unit && units.some((u) => u.code === prefill.unit) ? prefill.unit : undefined;
  return card({
    title: { zh: '新建督办事项', en: 'New supervision item' },
    template: 'indigo',
    elements: [
      ...problemsLine(problems),
      {
        tag: 'form',
        name: 'supervision',
        elements: [
          { tag: 'input', name: 'content', input_type: 'multiline_text', rows: 3, required: true, max_length: 1000, label: plain('督办内容 Content（最多 1000 字 at most 1000 characters）'), ...(prefill.content ? { default_value: prefill.content } : {}) },
          { tag: 'input', name: 'standard', input_type: 'multiline_text', rows: 2, max_length: 1000, label: plain('完成标准 Standard of done（最多 1000 字）'), ...(prefill.standard ? { default_value: prefill.standard } : {}) },
          ...labelled('承办单位 Lead unit', { tag: 'select_static', name: 'unit', required: true, options: unitOptions(units), ...(unit ? { initial_option: unit } : {}) }),
          ...labelled('负责领导 Responsible leader', { tag: 'select_person', name: 'leader', required: true }),
          ...labelled('期限 Deadline', { tag: 'date_picker', name: 'deadline', required: true, initial_date: prefill.deadline ?? defaultDeadline }),
          { tag: 'button', name: 'submit', text: plain('创建 Create'), type: 'primary_filled', form_action_type: 'submit', behaviors: [{ type: 'callback', value: cardValue(SV_SUBMIT) }] },
        ],
      },
    ],
  });
}

/**
 * 批示: the leader's form, sent privately, for an instruction on an approval (or a ticket, a duty
 * log). After a refused submit `form` shows it again with the problems and what was filled in.
 */
export function instructionFormCard(
  source: { kind: string; id: string; title: string },
  units: Unit[],
  defaultDeadline: string,
  form?: { problems: Bilingual[]; text: string; units: string[]; deadline?: string },
): Card {
  const chosen = (form?.units ?? []).filter((u) => units.some((x) => x.code === u));
  return card({
    title: { zh: `批示 · ${source.title.slice(0, 24)}`, en: 'Write an instruction' },
    template: 'violet',
    elements: [
      markdown(`**事由 Subject**：${esc(source.title)}（${source.id}）`),
      ...problemsLine(form?.problems ?? []),
      {
        tag: 'form',
        name: 'instruction',
        elements: [
          { tag: 'input', name: 'text', input_type: 'multiline_text', rows: 3, required: true, max_length: 1000, label: plain('批示内容 Instruction（最多 1000 字 at most 1000 characters）'), ...(form?.text ? { default_value: form.text } : {}) },
          ...labelled('承办单位 Units to follow up', { tag: 'multi_select_static', name: 'units', required: true, options: unitOptions(units), ...(chosen.length ? { selected_values: chosen } : {}) }),
          ...labelled('落实期限 Deadline', { tag: 'date_picker', name: 'deadline', required: true, initial_date: form?.deadline ?? defaultDeadline }),
          { tag: 'button', name: 'submit', text: plain('发出批示 Send'), type: 'primary_filled', form_action_type: 'submit', behaviors: [{ type: 'callback', value: cardValue(PS_SUBMIT, { k: source.kind, id: source.id, t: source.title.slice(0, 200) }) }] },
        ],
      },
    ],
  });
}
