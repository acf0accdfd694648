import { outcomeAnswer } from './outcome-answer.js';
import { DL_ACK, DL_CLOSE, DL_FORWARD, DL_SUBMIT, DL_UPDATE, dutyLogFormCard, INC_ACK, INC_FINAL, INC_FOLLOWUP, INC_REPORT } from '../cards/duty-log-cards.js';
import { toast } from '../cards/toast.js';
import type { Command } from '../commands/command.js';
import type { DutyOutcome, DutyService } from '../duty/duty-service.js';
import { cardContent, textContent } from '../outbox/outgoing-message.js';
import type { CardAction } from './card-action.js';

const inGroup = { msgType: 'text' as const, content: textContent('值班记录和事件上报涉密，请在与政务助手的私聊中使用。\nThe duty log and incident reports are confidential: use them in your direct chat with the bot.') };

/** 值班记录 / duty log, 上报事件 / report incident, and the incident card's buttons. */
export function dutyLogHandlers(deps: { duty: DutyService }) {
  const { duty } = deps;
  const form = (major: boolean): Command => ({
    id: major ? 'duty.incident' : 'duty.log',
    words: major ? ['上报事件', 'report incident'] : ['值班记录', 'duty log'],
    summary: major ? { zh: '上报重特大事件（立即通知主任和带班领导）', en: 'Report a major incident (alerts the director and the leader on duty)' } : { zh: '记录值班事项', en: 'Log what came in on duty' },
    async run(ctx) {
      if (ctx.chatType !== 'p2p') return [inGroup];
      // The form (and its submit button) only for those who may submit it.
      const allowed = await duty.may(ctx.person, major ? 'duty.incident' : 'duty.log');
      if (!allowed.allowed) return [{ msgType: 'text', content: textContent(`${allowed.reason.zh}\n${allowed.reason.en}`) }];
      return [{ msgType: 'interactive', content: cardContent(dutyLogFormCard(major)) }];
    },
  });

  const answer = (o: DutyOutcome) => outcomeAnswer(o, (shown) => shown.card);

  const actions: Record<string, CardAction> = {
    [DL_SUBMIT]: async ({ value, event, ctx }) => {
      const major = value.major === true;
      const r = await duty.log({ form: event.action.form_value ?? {}, by: event.operator.open_id, key: ctx.eventId, major });
      if ('refused' in r) return { toast: toast('warning', r.refused.zh, r.refused.en) };
      if ('problems' in r) return { toast: toast('warning', r.problems.map((p) => p.zh).join('；'), r.problems.map((p) => p.en).join('; ')), card: { type: 'raw', data: dutyLogFormCard(major || event.action.form_value?.major === 'yes', r.problems) } };
      if (r.incident) return { toast: toast('success', `已上报，事件编号 ${r.incident._id}`, `Reported: ${r.incident._id}`), card: { type: 'raw', data: await duty.incidentCard(r.incident._id) } };
      return { toast: toast('success', `已记录 ${r.entry._id}`, `Logged ${r.entry._id}`), card: { type: 'raw', data: await duty.entryCard(r.entry) } };
    },
    [DL_FORWARD]: async ({ value, event, ctx }) => answer(await duty.entryAction({ id: String(value.id), by: event.operator.open_id, op: 'forward', unit: String(event.action.form_value?.unit ?? ''), note: String(event.action.form_value?.note ?? ''), key: ctx.eventId })),
    [DL_UPDATE]: async ({ value, event, ctx }) => answer(await duty.entryAction({ id: String(value.id), by: event.operator.open_id, op: 'update', note: String(event.action.form_value?.note ?? ''), key: ctx.eventId })),
    [DL_CLOSE]: async ({ value, event, ctx }) => answer(await duty.entryAction({ id: String(value.id), by: event.operator.open_id, op: 'close', note: String(event.action.form_value?.note ?? ''), key: ctx.eventId })),
    [DL_ACK]: async ({ value, event, ctx }) => answer(await duty.entryAction({ id: String(value.id), by: event.operator.open_id, op: 'ack', note: '', key: ctx.eventId })),
    [INC_ACK]: async ({ value, event }) => answer(await duty.acknowledge(String(value.id), event.operator.open_id)),
    // 首报 / 续报 / 终报: each press one record, keyed by the stage or by the callback's event.
    ...Object.fromEntries(
      ([[INC_REPORT, 'first'], [INC_FOLLOWUP, 'followup'], [INC_FINAL, 'final']] as const).map(([action, stage]) => [
        action,
        (async ({ value, event, ctx }) =>
          answer(await duty.reportUp({ id: String(value.id), by: event.operator.open_id, stage, receiver: String(event.action.form_value?.receiver ?? ''), note: String(event.action.form_value?.note ?? ''), key: ctx.eventId }))) satisfies CardAction,
      ]),
    ),
  };
  return { commands: [form(false), form(true)], actions };
}
