import dayjs from '../lib/dayjs.js';
import { SECURITY_LABELS, URGENCY_LABELS, type FlowDef } from '../approvals/approval-flows.js';
import type { ApprovalState } from '../approvals/approval-state.js';
import type { ApprovalFields, ApprovalRequestDoc } from '../models/approval-request.js';
import { callbackButton, card, hr, markdown, note, plain, labelled, esc } from './card-parts.js';
import type { Bilingual, Card, CardElement } from './card-types.js';
import { cardValue } from './card-value.js';

export const AP_SUBMIT = 'ap.submit';
export const AP_DECIDE = 'ap.decide';
export const AP_RESUBMIT = 'ap.resubmit';
export const AP_WITHDRAW = 'ap.withdraw';

export type Names = (openId: string) => string;

/** 批示: leaders write an instruction on any request (the button checks who presses it). */
const instructButton = (r: ApprovalRequestDoc) => callbackButton({ zh: '批示', en: 'Instruct' }, cardValue('ps.new', { k: 'approval', id: r._id }));

const time = (d: Date | undefined, tz: string) => (d ? dayjs(d).tz(tz).format('YYYY-MM-DD HH:mm') : '—');
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

const template = (r: Pick<ApprovalFields, 'urgency'>, status?: string) =>
  status === 'approved' ? 'green' : status === 'returned' ? 'orange' : status === 'withdrawn' ? 'grey' : r.urgency === 'very_urgent' ? 'red' : r.urgency === 'urgent' ? 'orange' : 'blue';

const STATUS: Record<string, Bilingual> = {
  pending: { zh: '审批中', en: 'In progress' },
  returned: { zh: '已退回', en: 'Returned' },
  approved: { zh: '已通过', en: 'Approved' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/** The request's particulars; secret and above only where `showContent` (deciders, requester). */
function particulars(r: ApprovalRequestDoc, s: ApprovalState, flow: FlowDef, names: Names, tz: string): CardElement[] {
  const f = s.fields;
  const mark = f.security !== 'none' ? `　**密级 Security**：<font color='red'>${SECURITY_LABELS[f.security].zh} ${SECURITY_LABELS[f.security].en}</font>` : '';
  return [
    markdown(
      [
        `**${esc(f.title)}**`,
        `**流程 Flow**：${flow.name.zh} ${flow.name.en}　**编号 No.**：${r._id}`,
        `**发起人 From**：${esc(names(r.requester))}　**紧急程度 Urgency**：${URGENCY_LABELS[f.urgency].zh} ${URGENCY_LABELS[f.urgency].en}${mark}`,
        ...(r.deadline ? [`**办结期限 Deadline**：${time(r.deadline, tz)}`] : []),
        ...(f.normative ? ['**规范性文件 Normative document**：是 yes'] : []),
      ].join('\n'),
    ),
    ...(f.summary ? [markdown(`**摘要 Summary**\n${esc(clip(f.summary, 1500))}`)] : []),
    ...(f.link ? [markdown(`**附件/链接 Attachment**：${/^https?:\/\//.test(f.link) ? `[${esc(clip(f.link, 80))}](${f.link})` : esc(f.link)}`)] : []),
  ];
}

/** Steps with who decided what, when, and the comment. */
function progress(s: ApprovalState, names: Names, tz: string): CardElement {
  const lines = s.steps.map((st) => {
    const label = `${st.def.name.zh} ${st.def.name.en}`;
    if (st.status === 'carried') return `- ✔ ${label}：此前已同意 approved in an earlier round`;
    if (st.decisions.length > 0) {
      const ds = st.decisions.map((d) => `${d.outcome === 'approve' ? '同意 approved' : '退回 returned'} · ${esc(names(d.by))} · ${time(d.at, tz)}${d.comment ? `：${esc(clip(d.comment, 200))}` : ''}`);
      const waiting = st.status === 'open' && st.mode === 'all' ? st.deciders.filter((x) => !st.decisions.some((d) => d.by === x)).map(names) : [];
      return `- ${st.status === 'returned' ? '✘' : st.status === 'approved' ? '✔' : '…'} ${label}：${ds.join('；')}${waiting.length ? `（待 waiting: ${waiting.map(esc).join('、')}）` : ''}`;
    }
    if (st.status === 'open') return `- … ${label}：待 ${st.deciders.map((d) => esc(names(d))).join(st.mode === 'all' ? '、' : ' / ')} 审批${st.mode === 'all' ? '（会签 all must approve）' : ''}${st.dueAt ? `，期限 due ${time(st.dueAt, tz)}` : ''}`;
    return `- ○ ${label}`;
  });
  const transfers = s.history
    .filter((e) => e.type === 'transferred' && e.round === s.round)
    .map((e) => (e.type === 'transferred' ? `- ↪ ${esc(names(e.from))} 转交 handed to ${esc(names(e.to))} · ${time(e.at, tz)}${e.comment ? `：${esc(e.comment)}` : ''}` : ''));
  return markdown(`**进度 Progress**（第 ${s.round} 轮 round ${s.round}）\n${[...lines, ...transfers].join('\n')}`);
}

function header(s: ApprovalState, prefix: Bilingual) {
  return { zh: `${prefix.zh} · ${clip(s.fields.title, 30)}`, en: `${prefix.en} · ${STATUS[s.status]!.en}` };
}

/**
 * The decider's card: the request, the history, a comment and 同意 / 退回 / 转交. After a refused
 * press (a comment too long) `form` shows it again with the problem and what they wrote.
 */
export function approvalDecisionCard(r: ApprovalRequestDoc, s: ApprovalState, flow: FlowDef, names: Names, tz: string, form?: { problems: Bilingual[]; comment: string }): Card {
  const step = s.steps[s.current!]!;
  const v = (o: string) => cardValue(AP_DECIDE, { id: r._id, r: s.round, s: step.index, o });
  return card({
    title: header(s, { zh: `待审批：${step.def.name.zh}`, en: `To decide: ${step.def.name.en}` }),
    template: template(s.fields),
    elements: [
      ...particulars(r, s, flow, names, tz),
      hr(),
      progress(s, names, tz),
      ...(form?.problems.length ? [markdown(`<font color='red'>请修改 Please fix:\n${form.problems.map((p) => `- ${esc(p.zh)} ${esc(p.en)}`).join('\n')}</font>`)] : []),
      {
        tag: 'form',
        name: 'decision',
        elements: [
          {
            tag: 'input',
            name: 'comment',
            input_type: 'multiline_text',
            rows: 2,
            max_length: 500,
            label: plain('意见 Comment（退回时必填 required to return，最多 500 字 at most 500 characters）'),
            placeholder: plain('可选 optional'),
            ...(form?.comment ? { default_value: form.comment } : {}),
          },
          ...labelled('转交给 Hand over to', { tag: 'select_person', name: 'to', placeholder: plain('转交时选择同事 pick a colleague to hand over') }),
          {
            tag: 'column_set',
            columns: [
              { tag: 'column', width: 'auto', elements: [{ tag: 'button', name: 'approve', text: plain('同意 Approve'), type: 'primary_filled', form_action_type: 'submit', behaviors: [{ type: 'callback', value: v('approve') }] }] },
              { tag: 'column', width: 'auto', elements: [{ tag: 'button', name: 'return', text: plain('退回 Return'), type: 'danger', form_action_type: 'submit', behaviors: [{ type: 'callback', value: v('return') }] }] },
              { tag: 'column', width: 'auto', elements: [{ tag: 'button', name: 'transfer', text: plain('转交 Hand over'), type: 'default', form_action_type: 'submit', behaviors: [{ type: 'callback', value: v('transfer') }] }] },
            ],
          },
        ],
      },
      instructButton(r),
      note({ zh: `${step.dueAt ? `本步期限 ${time(step.dueAt, tz)}。` : ''}每步只能决定一次，结果永久记录。`, en: `${step.dueAt ? `Due ${time(step.dueAt, tz)}. ` : ''}Each step is decided once; the decision is kept for good.` }),
    ],
  });
}

/** A card that only shows where the request stands (no buttons): the decided copies, stale clicks. */
export function approvalRecordCard(r: ApprovalRequestDoc, s: ApprovalState, flow: FlowDef, names: Names, tz: string, headline?: Bilingual): Card {
  return card({
    title: header(s, headline ?? { zh: `审批${STATUS[s.status]!.zh}`, en: `Approval ${STATUS[s.status]!.en.toLowerCase()}` }),
    template: template(s.fields, s.status),
    elements: [...particulars(r, s, flow, names, tz), hr(), progress(s, names, tz), instructButton(r)],
  });
}

/** The requester's card: progress, and when returned a form to revise and resubmit, or withdraw. */
export function approvalStatusCard(r: ApprovalRequestDoc, s: ApprovalState, flow: FlowDef, names: Names, tz: string): Card {
  const elements: CardElement[] = [...particulars(r, s, flow, names, tz), hr(), progress(s, names, tz)];
  if (s.status === 'returned') {
    elements.push(
      hr(),
      markdown('**修改后重新提交 Revise and resubmit**（从退回的步骤重新开始 restarts at the step that returned it）'),
      approvalFieldsForm({ a: AP_RESUBMIT, id: r._id, r: s.round }, s.fields, { zh: '重新提交 Resubmit', en: '' }, false),
    );
  }
  if (s.status === 'pending' || s.status === 'returned') {
    elements.push(callbackButton({ zh: '撤回', en: 'Withdraw' }, cardValue(AP_WITHDRAW, { id: r._id, r: s.round }), 'danger'));
  }
  return card({ title: header(s, { zh: `我的审批：${STATUS[s.status]!.zh}`, en: 'My request' }), template: template(s.fields, s.status), elements });
}

const option = (value: string, b: Bilingual) => ({ text: plain(`${b.zh} ${b.en}`), value });

/** The request's fields as a form (start and resubmit share it). */
function approvalFieldsForm(submitValue: Record<string, unknown>, f: Partial<ApprovalFields>, submit: Bilingual, withFlow: boolean, flows: FlowDef[] = []): CardElement {
  return {
    tag: 'form',
    name: 'request',
    elements: [
      { tag: 'input', name: 'title', required: true, max_length: 100, label: plain('标题 Title'), default_value: f.title ?? '', placeholder: plain('例如：关于开展冬季安全检查的通知') },
      ...(withFlow ? labelled('流程 Flow', { tag: 'select_static', name: 'flow', required: true, initial_option: flows[0]?.id, options: flows.map((x) => option(x.id, x.name)) }) : []),
      { tag: 'input', name: 'summary', input_type: 'multiline_text', rows: 3, max_length: 1000, label: plain('摘要 Summary'), default_value: f.summary ?? '' },
      { tag: 'input', name: 'link', max_length: 500, label: plain('链接或附件 Link or attachment reference'), default_value: f.link ?? '' },
      ...labelled('紧急程度 Urgency', { tag: 'select_static', name: 'urgency', initial_option: f.urgency ?? 'normal', options: Object.entries(URGENCY_LABELS).map(([k, b]) => option(k, b)) }),
      ...labelled('密级 Security mark', { tag: 'select_static', name: 'security', initial_option: f.security ?? 'none', options: Object.entries(SECURITY_LABELS).map(([k, b]) => option(k, b)) }),
      ...labelled('规范性文件 Normative document', { tag: 'select_static', name: 'normative', initial_option: f.normative ? 'yes' : 'no', options: [option('no', { zh: '否', en: 'No' }), option('yes', { zh: '是（增加法制审核）', en: 'Yes (adds legal review)' })] }),
      { tag: 'button', name: 'submit', text: plain(`${submit.zh}${submit.en ? ` ${submit.en}` : ''}`), type: 'primary_filled', form_action_type: 'submit', behaviors: [{ type: 'callback', value: submitValue }] },
    ],
  };
}

/** `发起审批`: the form to start a request; `problems` marks what was wrong last time. */
export function approvalStartCard(flows: FlowDef[], prefill: Partial<ApprovalFields> = {}, problems: Bilingual[] = []): Card {
  return card({
    title: { zh: '发起审批', en: 'Start an approval' },
    template: 'blue',
    elements: [
      ...(problems.length ? [markdown(`<font color='red'>请修改 Please fix:\n${problems.map((p) => `- ${p.zh} ${p.en}`).join('\n')}</font>`)] : []),
      approvalFieldsForm(cardValue(AP_SUBMIT), prefill, { zh: '提交审批', en: 'Submit' }, true, flows),
      note({ zh: '秘密及以上的内容只有审批人看得到，不会发到群里。', en: 'Secret and above: only the deciders see the content; it never goes to a group.' }),
    ],
  });
}
