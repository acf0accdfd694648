import { outcomeAnswer } from './outcome-answer.js';
import { HO_HAND, HO_LEAVE, HO_SUB, HO_TAKE } from '../cards/handover-cards.js';
import type { Command } from '../commands/command.js';
import { cardContent, textContent } from '../outbox/outgoing-message.js';
import type { HandoverOutcome, HandoverService } from '../duty/handover-service.js';
import type { CardAction } from './card-action.js';
import { toast } from '../cards/toast.js';
import { larkPerson } from '../lark/form-values.js';

/** 交班 and 接班 on the handover cards. */
export function handoverActions(handover: HandoverService): Record<string, CardAction> {
  const answer = (o: HandoverOutcome) => outcomeAnswer(o, (shown) => shown.card);
  return {
    [HO_HAND]: async ({ value, event }) => answer(await handover.handOver({ from: String(value.from), to: String(value.to), by: event.operator.open_id, note: String(event.action.form_value?.note ?? '') })),
    [HO_TAKE]: async ({ value, event }) => answer(await handover.takeOver({ shift: String(value.shift), by: event.operator.open_id })),
    [HO_LEAVE]: async ({ value, event }) => {
      const to = larkPerson(event.action.form_value?.to);
      if (to === null) return { toast: toast('warning', '无法识别所选的替班人，请重新选择', 'The substitute could not be read; pick again') };
      return answer(await handover.askSubstitute({ shift: String(value.shift), by: event.operator.open_id, to, note: String(event.action.form_value?.note ?? '') }));
    },
    [HO_SUB]: async ({ value, event }) => answer(await handover.takeAsSubstitute({ shift: String(value.shift), from: String(value.from), by: event.operator.open_id })),
  };
}

/** `离岗` / `leave shift`: an officer on duty asks a substitute. */
export function leaveShiftCommand(handover: HandoverService): Command {
  return {
    id: 'duty.leave',
    words: ['离岗', 'leave shift'],
    summary: { zh: '当班期间离岗（须替班人接班）', en: 'Leave during your shift (a substitute must take over first)' },
    async run(ctx) {
      const s = await handover.currentShiftOf(ctx.senderOpenId);
      if (!s) return [{ msgType: 'text', content: textContent('您现在不在班上。\nYou are not on duty now.') }];
      return [{ msgType: 'interactive', content: cardContent(handover.leaveCard(s)) }];
    },
  };
}
