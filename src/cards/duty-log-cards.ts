import dayjs from '../lib/dayjs.js';
import type { DutyLogDoc, DutyLogEventDoc, IncidentDoc, IncidentEventDoc } from '../models/duty-log.js';
import { card, hr, markdown, note, plain, labelled, esc, inline } from './card-parts.js';
import type { Bilingual, Card, CardElement } from './card-types.js';
import { cardValue } from './card-value.js';

export const DL_SUBMIT = 'dl.submit';
export const INC_ACK = 'inc.ack';
export const INC_REPORT = 'inc.report';
export const INC_FOLLOWUP = 'inc.followup';
export const INC_FINAL = 'inc.final';
export const DL_FORWARD = 'dl.forward';
export const DL_ACK = 'dl.ack';
export const DL_UPDATE = 'dl.update';
export const DL_CLOSE = 'dl.close';

const CHANNELS: [string, Bilingual][] = [
  ['phone', { zh: '电话', en: 'Phone' }],
  ['fax', { zh: '传真', en: 'Fax' }],
  ['telegram', { zh: '电报', en: 'Telegram' }],
  ['verbal', { zh: '口述', en: 'Verbal' }],
  ['document', { zh: '来文', en: 'Document' }],
];
const opt = (value: string, b: Bilingual) => ({ text: plain(`${b.zh} ${b.en}`), value });

/**
 * 值班记录 / 上报事件: the fields the duty-room rules require. The 上报事件 form (`major`) is
 * always a major incident (its submit says so), so it can go to people who may report an
 * incident but not keep the log (the director, a dispatcher); the log form has the 重大 choice.
 */
export function dutyLogFormCard(major: boolean, problems: Bilingual[] = []): Card {
  const input = (name: string, label: string, rows = 1): CardElement => ({ tag: 'input', name, label: plain(label), max_length: 1000, ...(rows > 1 ? { input_type: 'multiline_text', rows } : {}) });
  return card({
    title: major ? { zh: '上报重特大事件', en: 'Report a major incident' } : { zh: '值班记录', en: 'Duty log entry' },
    template: major ? 'red' : 'indigo',
    elements: [
      ...(problems.length ? [markdown(`<font color='red'>请修改 Please fix:\n${problems.map((p) => `- ${p.zh} ${p.en}`).join('\n')}</font>`)] : []),
      {
        tag: 'form',
        name: 'dutylog',
        elements: [
          input('occurredAt', '时间 When'),
          input('place', '地点 Where'),
          { ...input('what', '事件经过 What happened', 3), required: true },
          input('cause', '原因 Cause', 2),
          input('contactName', '联系人姓名 Contact name'),
          input('contactTitle', '联系人职务 Contact title'),
          input('contactPhone', '联系电话 Contact phone'),
          input('instruction', '领导批示及处理意见 Leader instruction and handling opinion', 2),
          input('result', '处理结果 Result', 2),
          ...labelled('来源 Channel', { tag: 'select_static', name: 'channel', initial_option: 'phone', options: CHANNELS.map(([v, b]) => opt(v, b)) }),
          ...(major ? [] : labelled('重大事件 Major incident', { tag: 'select_static', name: 'major', initial_option: 'no', options: [opt('no', { zh: '否', en: 'No' }), opt('yes', { zh: '是（立即上报主任和带班领导）', en: 'Yes (alert the director and the leader on duty now)' })] })),
          { tag: 'button', name: 'submit', text: plain(major ? '立即上报 Report now' : '记录 Log it'), type: major ? 'danger' : 'primary_filled', form_action_type: 'submit', behaviors: [{ type: 'callback', value: major ? cardValue(DL_SUBMIT, { major: true }) : cardValue(DL_SUBMIT) }] },
        ],
      },
      note({ zh: '值班记录保密：仅值班人员、带班领导、主任和领导可见，不发到群里。', en: 'The duty log is confidential: duty staff, leaders on duty, the director and leaders only; never in groups.' }),
    ],
  });
}

/**
 * A duty-log entry. `view`: `duty` (the duty room: forward to a unit, add a result, close),
 * `unit` (a unit it was forwarded to: 已收到), or `record` (no buttons).
 */
export function dutyLogEntryCard(
  e: DutyLogDoc,
  names: (id: string) => string,
  tz: string,
  view: 'duty' | 'unit' | 'record' = 'duty',
  extra: { events?: DutyLogEventDoc[]; units?: { code: string; name: string }[]; unitName?: (code: string) => string } = {},
): Card {
  const line = (label: string, v: string) => (v ? [`**${label}**：${esc(v)}`] : []);
  const unitName = extra.unitName ?? ((c: string) => c);
  const history = (extra.events ?? []).map(
    (x) => `- ${dayjs(x.at).tz(tz).format('MM-DD HH:mm')} ${esc(names(x.by))}：${{ forwarded: `转办 ${unitName(x.unit)}`, acknowledged: `${unitName(x.unit)} 已收到`, updated: '处理结果', closed: '办结' }[x.type]}${x.note ? ` ${esc(x.note)}` : ''}`,
  );
  const actions: CardElement[] = [];
  if (view === 'duty' && e.status === 'open') {
    actions.push({
      tag: 'form',
      name: 'entry',
      elements: [
        ...labelled('转办单位 Forward to unit', { tag: 'select_static', name: 'unit', options: (extra.units ?? []).map((u) => ({ text: plain(u.name), value: u.code })) }),
        { tag: 'input', name: 'note', input_type: 'multiline_text', rows: 2, max_length: 1000, label: plain('说明或处理结果 Note or result') },
        {
          tag: 'column_set',
          columns: [
            { tag: 'column', width: 'auto', elements: [{ tag: 'button', name: 'forward', text: plain('转办 Forward'), type: 'primary', form_action_type: 'submit', behaviors: [{ type: 'callback', value: cardValue(DL_FORWARD, { id: e._id }) }] }] },
            { tag: 'column', width: 'auto', elements: [{ tag: 'button', name: 'update', text: plain('记录结果 Add result'), type: 'default', form_action_type: 'submit', behaviors: [{ type: 'callback', value: cardValue(DL_UPDATE, { id: e._id }) }] }] },
            { tag: 'column', width: 'auto', elements: [{ tag: 'button', name: 'close', text: plain('办结 Close'), type: 'primary_filled', form_action_type: 'submit', behaviors: [{ type: 'callback', value: cardValue(DL_CLOSE, { id: e._id }) }] }] },
          ],
        },
      ],
    });
  }
  if (view === 'unit') actions.push({ tag: 'button', text: plain('已收到 Acknowledge'), type: 'primary_filled', behaviors: [{ type: 'callback', value: cardValue(DL_ACK, { id: e._id }) }] });
  return card({
    title: { zh: `值班记录 ${e._id}${e.major ? ' · 重大' : ''}${e.status === 'closed' ? ' · 已办结' : ''}`, en: `Duty log ${e._id}` },
    template: e.major ? 'red' : e.status === 'closed' ? 'green' : 'indigo',
    elements: [
      markdown(
        [
          ...line('时间 When', e.occurredAt),
          ...line('地点 Where', e.place),
          ...line('事件经过 What happened', e.what),
          ...line('原因 Cause', e.cause),
          ...line('联系人 Contact', [e.contactName, e.contactTitle, e.contactPhone].filter(Boolean).join(' · ')),
          ...line('领导批示及处理意见 Instruction', e.instruction),
          ...line('处理结果 Result', e.result),
          ...line('来源 Channel', inline(CHANNELS.find(([v]) => v === e.channel)?.[1] ?? { zh: e.channel, en: e.channel })),
          `**记录人 Logged by**：${esc(names(e.loggedBy))} · ${dayjs(e.loggedAt).tz(tz).format('YYYY-MM-DD HH:mm')}`,
        ].join('\n'),
      ),
      ...(history.length ? [hr(), markdown(`**办理过程 Record**\n${history.join('\n')}`)] : []),
      ...actions,
    ],
  });
}

/** The incident's card: what happened, the 30-minute clock, who knows, and its buttons. */
export function incidentCard(i: IncidentDoc, entry: DutyLogDoc, events: IncidentEventDoc[], names: (id: string) => string, tz: string, now: Date): Card {
  const t = (d: Date) => dayjs(d).tz(tz).format('HH:mm');
  const limit = new Date(i.loggedAt.getTime() + 30 * 60_000);
  const elapsed = Math.floor((now.getTime() - i.loggedAt.getTime()) / 60_000);
  const ack = events.find((e) => e.type === 'acknowledged');
  const reported = events.find((e) => e.type === 'reported');
  const final = events.find((e) => e.type === 'final_report');
  const reports = events.filter((e) => e.type === 'reported' || e.type === 'followup' || e.type === 'final_report');
  const clock = reported
    ? `<font color='green'>已于 ${t(reported.at)} 首报上级 first report by ${esc(names(reported.by))}</font>`
    : elapsed >= 30
      ? `<font color='red'>⚠ 已超 30 分钟时限（${t(limit)}）未报送 — 30-minute limit passed</font>`
      : `<font color='orange'>30 分钟内报送上级：时限 ${t(limit)}，已过 ${elapsed} 分钟 — report by ${t(limit)}</font>`;
  const elements: CardElement[] = [
    markdown(`**${esc(entry.what.slice(0, 500))}**${entry.place ? `\n**地点 Where**：${esc(entry.place)}` : ''}${entry.occurredAt ? `\n**时间 When**：${esc(entry.occurredAt)}` : ''}${entry.contactName || entry.contactPhone ? `\n**联系人 Contact**：${esc([entry.contactName, entry.contactTitle, entry.contactPhone].filter(Boolean).join(' · '))}` : ''}`),
    markdown(`**登记 Logged**：${t(i.loggedAt)} ${esc(names(i.loggedBy))}　${clock}\n**知悉 Acknowledged**：${ack ? `${esc(names(ack.by))} ${t(ack.at)}` : "<font color='red'>尚无人确认 nobody yet</font>"}`),
  ];
  // 信息报送: the report upward, drafted from the entry, for the duty officer to copy and send.
  const draft = [
    `${entry.occurredAt || dayjs(i.loggedAt).tz(tz).format('M月D日H时m分')}，${entry.place || '（地点）'}发生${entry.what}。`,
    entry.cause ? `原因：${entry.cause}。` : '',
    entry.contactName || entry.contactPhone ? `信息来源：${[entry.contactName, entry.contactTitle, entry.contactPhone].filter(Boolean).join('，')}。` : '',
    entry.instruction ? `领导批示及处理意见：${entry.instruction}。` : '',
    entry.result ? `处理情况：${entry.result}。` : '',
    '后续情况将及时续报。',
  ].filter(Boolean).join('');
  if (!reported) elements.push(markdown(`**信息报送稿 Draft report upward**\n${esc(draft)}`));
  // 首报 / 续报 / 终报: each press one line — when, which, who received it, who sent it.
  const stage = { reported: '首报 First', followup: '续报 Follow-up', final_report: '终报 Final' } as Record<string, string>;
  if (reports.length)
    elements.push(
      hr(),
      markdown(`**报送上级记录 Reports upward**${final ? "　<font color='green'>已终报，报送结束 closed</font>" : ''}\n${reports.map((r) => `- ${t(r.at)} ${stage[r.type]}　接收 To：${esc(r.receiver || '—')}　报送 By：${esc(names(r.by))}${r.note ? `\n  ${esc(r.note)}` : ''}`).join('\n')}`),
    );
  const button = (name: string, label: string, type: string, action: string) => ({ tag: 'column', width: 'auto', elements: [{ tag: 'button', name, text: plain(label), type, form_action_type: 'submit', behaviors: [{ type: 'callback', value: cardValue(action, { id: i._id }) }] }] });
  const columns = [
    ...(ack ? [] : [button('ack', '已知悉 Acknowledge', 'danger', INC_ACK)]),
    ...(reported ? [] : [button('report', '首报 First report', 'primary', INC_REPORT)]),
    ...(reported && !final ? [button('followup', '续报 Follow-up', 'default', INC_FOLLOWUP), button('final', '终报 Final report', 'primary_filled', INC_FINAL)] : []),
  ];
  // Card JSON 2.0: 表单容器 form (card-json-v2-components/containers/form-container.md) and 输入框
  // input (interactive-components/input.md: name, input_type, rows, max_length 1~1000, label,
  // placeholder "最多支持 100 个字符"), as in the duty-log form above.
  if (columns.length)
    elements.push({
      tag: 'form',
      name: 'incident',
      elements: [
        ...(final
          ? []
          : [
              { tag: 'input', name: 'receiver', max_length: 100, label: plain('接收人 Received by'), placeholder: plain('上级单位及姓名，如 区应急局 李科长 Unit and name at the higher level') },
              { tag: 'input', name: 'note', input_type: 'multiline_text', rows: 2, max_length: 1000, label: plain('报送内容摘要 Summary (续报/终报 required)') },
            ]),
        { tag: 'column_set', columns },
      ],
    });
  return card({ title: { zh: `【重特大事件】${entry.what.slice(0, 20)}`, en: `Major incident ${i._id}` }, template: 'red', elements });
}
