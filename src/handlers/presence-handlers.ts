import { outcomeAnswer } from './outcome-answer.js';
import { PC_PRESENT } from '../cards/presence-cards.js';
import type { Command } from '../commands/command.js';
import { CHECK_MINUTES, type PresenceService } from '../duty/presence-service.js';
import { textContent } from '../outbox/outgoing-message.js';
import type { CardAction } from './card-action.js';

/** `查岗` / `spot check` (the duty section head) and 到岗 on the officers' cards. */
export function presenceHandlers(presence: PresenceService) {
  const command: Command = {
    id: 'duty.check',
    words: ['查岗', 'spot check'],
    summary: { zh: `查岗：当班人员须在 ${CHECK_MINUTES} 分钟内确认到岗（值班科长）`, en: `Spot check: the officers on duty confirm within ${CHECK_MINUTES} minutes (the duty section head)` },
    async run(ctx) {
      const r = await presence.start(ctx.senderOpenId);
      if ('refused' in r) return [{ msgType: 'text', content: textContent(`${r.refused.zh}\n${r.refused.en}`) }];
      const who = r.check.officers.map(r.names);
      const text = r.fresh
        ? `已向 ${who.join('、')} 发出查岗，${CHECK_MINUTES} 分钟后汇总结果。\nAsked ${who.join(', ')} to confirm; the result comes in ${CHECK_MINUTES} minutes.`
        : `本分钟已查岗（${r.check._id}），结果将按时送达。\nA check was already started this minute (${r.check._id}); its result comes on time.`;
      return [{ msgType: 'text', content: textContent(text) }];
    },
  };
  const actions: Record<string, CardAction> = {
    [PC_PRESENT]: async ({ value, event }) => outcomeAnswer(await presence.present({ id: String(value.id), by: event.operator.open_id }), (shown) => shown.card),
  };
  return { command, actions };
}
