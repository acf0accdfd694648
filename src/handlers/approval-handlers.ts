import { outcomeAnswer } from './outcome-answer.js';
import { ApprovalError, type ApprovalOutcome, type ApprovalService } from '../approvals/approval-service.js';
import { parseApprovalFields } from '../approvals/approval-fields.js';
import type { FlowRegistry } from '../approvals/approval-flows.js';
import { AP_DECIDE, AP_RESUBMIT, AP_SUBMIT, AP_WITHDRAW, approvalStartCard } from '../cards/approval-cards.js';
import type { Bilingual, Card } from '../cards/card-types.js';
import { toast } from '../cards/toast.js';
import type { Command } from '../commands/command.js';
import type { CardAnswer } from '../inbox/handler-types.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent, textContent } from '../outbox/outgoing-message.js';
import type { CardAction } from './card-action.js';
import { larkPerson } from '../lark/form-values.js';

const raw = (card: Card): CardAnswer['card'] => ({ type: 'raw', data: card });
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

/** `发起审批` / `approve new`: the form, in the person's direct chat (never in a group). */
export function approvalStartCommand(deps: { flows: FlowRegistry; outbox: Outbox }): Command {
  return {
    id: 'approval.new',
    words: ['发起审批', 'approve new'],
    summary: { zh: '发起审批（发文、请示等）', en: 'Start an approval (documents, requests)' },
    async run(ctx) {
      const form = cardContent(approvalStartCard(deps.flows.all().filter((f) => f.fromChat)));
      if (ctx.chatType === 'p2p') return [{ msgType: 'interactive', content: form }];
      await deps.outbox.enqueue([{ op: 'send', key: `ap-form:${ctx.eventId}`, receiveIdType: 'open_id', receiveId: ctx.senderOpenId, msgType: 'interactive', content: form }]);
      return [{ msgType: 'text', content: textContent('审批表单已私信发给您（审批内容不在群里显示）。\nI sent you the form in a direct chat: approvals are not shown in groups.') }];
    },
  };
}

/** The card actions of approvals: submit, decide (同意 / 退回 / 转交), resubmit, withdraw. */
export function approvalActions(deps: { approvals: ApprovalService; flows: FlowRegistry }): Record<string, CardAction> {
  const { approvals } = deps;

  const answer = async (o: ApprovalOutcome, view: 'record' | 'status'): Promise<CardAnswer> => {
    // Bad input (a comment too long): the card again, with the problem and what they wrote.
    if (o.kind === 'refused' && o.form && o.loaded) {
      const card = (await approvals.cards(o.loaded)).decision({ problems: [o.message], comment: o.form.comment });
      return { toast: toast('warning', o.message.zh, o.message.en), card: raw(card) };
    }
    return outcomeAnswer(o, async (shown) => {
      const cards = await approvals.cards(shown);
      return view === 'status' ? cards.status() : cards.record();
    });
  };
  const problemsToast = (problems: Bilingual[]) => toast('warning', `请修改：${problems.map((p) => p.zh).join('；')}`, `Please fix: ${problems.map((p) => p.en).join('; ')}`);

  return {
    [AP_SUBMIT]: async ({ event, ctx }) => {
      const form = event.action.form_value ?? {};
      const parsed = parseApprovalFields(form);
      const flowId = str(form.flow) || 'document';
      const startable = deps.flows.all().filter((f) => f.fromChat);
      if ('problems' in parsed) {
        const prefill = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, k === 'normative' ? v === 'yes' : v]));
        return { toast: problemsToast(parsed.problems), card: raw(approvalStartCard(startable, prefill, parsed.problems)) };
      }
      if (!startable.some((f) => f.id === flowId)) return { toast: toast('warning', `不能从聊天发起「${flowId}」`, `${flowId} cannot be started from chat`) };
      try {
        const started = await approvals.start({
          flow: flowId,
          fields: parsed.fields,
          requester: event.operator.open_id,
          key: ctx.eventId,
          ...(event.context?.open_message_id ? { statusMessageId: event.context.open_message_id } : {}),
        });
        const cards = await approvals.cards(started);
        return { toast: toast('success', `已提交，编号 ${started.request._id}`, `Submitted as ${started.request._id}`), card: raw(cards.status()) };
      } catch (err) {
        if (err instanceof ApprovalError) return { toast: toast('warning', err.reason.zh, err.reason.en) };
        throw err;
      }
    },

    [AP_DECIDE]: async ({ value, event }) => {
      const form = event.action.form_value ?? {};
      const base = { id: str(value.id), round: num(value.r), step: num(value.s), by: event.operator.open_id, comment: str(form.comment) };
      if (value.o === 'transfer') {
        const to = larkPerson(form.to);
        if (to === null) return { toast: toast('warning', '无法识别所选的同事，请重新选择', 'The colleague could not be read; pick again') };
        return answer(await approvals.transfer({ ...base, to }), 'record');
      }
      if (value.o !== 'approve' && value.o !== 'return') return { toast: toast('warning', '这个按钮已失效或无法识别', 'This button is no longer valid') };
      return answer(await approvals.decide({ ...base, outcome: value.o }), 'record');
    },

    [AP_RESUBMIT]: async ({ value, event }) => {
      const parsed = parseApprovalFields(event.action.form_value ?? {});
      if ('problems' in parsed) return { toast: problemsToast(parsed.problems) };
      return answer(await approvals.resubmit({ id: str(value.id), round: num(value.r), by: event.operator.open_id, fields: parsed.fields }), 'status');
    },

    [AP_WITHDRAW]: async ({ value, event }) =>
      answer(await approvals.withdraw({ id: str(value.id), round: num(value.r), by: event.operator.open_id }), 'status'),
  };
}
