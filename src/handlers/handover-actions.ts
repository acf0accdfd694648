import { HO_HAND, HO_TAKE } from '../cards/handover-cards.js';
import { toast } from '../cards/toast.js';
import type { HandoverOutcome, HandoverService } from '../duty/handover-service.js';
import type { CardAnswer } from '../inbox/handler-types.js';
import type { CardAction } from './card-action.js';

/** 交班 and 接班 on the handover cards. */
export function handoverActions(handover: HandoverService): Record<string, CardAction> {
  const answer = (o: HandoverOutcome): CardAnswer =>
    o.kind === 'refused' ? { toast: toast('warning', o.message.zh, o.message.en) } : { toast: toast(o.kind === 'done' ? 'success' : 'info', o.message.zh, o.message.en), card: { type: 'raw', data: o.card } };
  return {
    [HO_HAND]: async ({ value, event }) => answer(await handover.handOver({ from: String(value.from), to: String(value.to), by: event.operator.open_id, note: String(event.action.form_value?.note ?? '') })),
    [HO_TAKE]: async ({ value, event }) => answer(await handover.takeOver({ shift: String(value.shift), by: event.operator.open_id })),
  };
}
