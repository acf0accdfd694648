import { outcomeAnswer } from './outcome-answer.js';
import { SW_ACCEPT, SW_ASK, SW_DECLINE, swapFormCard } from '../cards/swap-cards.js';
import type { Command } from '../commands/command.js';
import type { Roster } from '../duty/roster.js';
import type { SwapOutcome, SwapService } from '../duty/swap-service.js';
import type { Clock } from '../lib/clock.js';
import { cardContent } from '../outbox/outgoing-message.js';
import type { CardAction } from './card-action.js';
import { larkPerson } from '../lark/form-values.js';
import { toast } from '../cards/toast.js';

/** `换班` / `swap` and the swap card's buttons. */
export function swapHandlers(deps: { swaps: SwapService; roster: Roster; clock: Clock; tz: string }) {
  const command: Command = {
    id: 'duty.swap',
    words: ['换班', 'swap'],
    summary: { zh: '请同事代班（同事同意、科长审批后生效）', en: 'Ask a colleague to take a shift (after they accept and the section head approves)' },
    async run(ctx) {
      const mine = (await deps.roster.of(ctx.senderOpenId, deps.clock.now())).filter((s) => s.start.getTime() > deps.clock.now().getTime() && (s.primary === ctx.senderOpenId || s.secondary === ctx.senderOpenId));
      return [{ msgType: 'interactive', content: cardContent(swapFormCard(mine, ctx.senderOpenId, deps.tz)) }];
    },
  };
  const answer = (o: SwapOutcome) => outcomeAnswer(o, (shown) => shown.card);
  const actions: Record<string, CardAction> = {
    [SW_ASK]: async ({ event, ctx }) => {
      const f = event.action.form_value ?? {};
      const to = larkPerson(f.to);
      if (to === null) return { toast: toast('warning', '无法识别所选的同事，请重新选择', 'The colleague could not be read; pick again') };
      return answer(await deps.swaps.ask({ shift: String(f.shift ?? ''), to, reason: String(f.reason ?? ''), by: event.operator.open_id, key: ctx.eventId }));
    },
    [SW_ACCEPT]: async ({ value, event }) => answer(await deps.swaps.answer({ id: String(value.id), by: event.operator.open_id, accept: true })),
    [SW_DECLINE]: async ({ value, event }) => answer(await deps.swaps.answer({ id: String(value.id), by: event.operator.open_id, accept: false })),
  };
  return { command, actions };
}
