import { toast } from '../cards/toast.js';
import { decide } from '../directory/policy.js';
import type { Directory } from '../directory/directory.js';
import type { Outbox } from '../outbox/outbox.js';
import { cardContent } from '../outbox/outgoing-message.js';
import type { SupervisionService } from '../supervision/supervision-service.js';
import type { TicketService } from '../tickets/ticket-service.js';
import type { CardAction } from './card-action.js';

/**
 * "查看" on a digest: the item's card arrives in the person's direct chat; the digest stays. The
 * button's value can be crafted, so each kind is opened only for those who may see it; the
 * refusal names who may.
 */
export function itemOpenAction(deps: { tickets: TicketService; supervision: SupervisionService; directory: Directory; outbox: Outbox }): CardAction {
  return async ({ value, event, ctx }) => {
    const id = typeof value.id === 'string' ? value.id : '';
    const by = event.operator.open_id;
    const person = await deps.directory.person(by);
    let card: Record<string, unknown> | null = null;
    if (value.k === 'ticket') {
      const loaded = await deps.tickets.load(id);
      if (loaded) {
        const units = await deps.directory.units({ includeInactive: true });
        const overseers = units.find((u) => u.code === loaded.state.leadUnit)?.sectionHeads ?? [];
        const names = await deps.directory.names([...overseers, loaded.ticket.intakeBy]);
        const name = (x: string) => units.find((u) => u.code === x)?.name ?? names.get(x) ?? x;
        const allowed = decide(person, 'ticket.view', { units: [loaded.state.leadUnit ?? '', ...loaded.state.coUnits].filter(Boolean), overseers, owner: loaded.ticket.intakeBy, names: name });
        if (!allowed.allowed) return { toast: toast('warning', allowed.reason.zh, allowed.reason.en) };
        card = await deps.tickets.card('record', loaded, { fullTimeline: true, viewer: person });
      }
    } else if (value.k === 'supervision') {
      const found = await deps.supervision.viewable(id, by);
      if (found && 'refused' in found) return { toast: toast('warning', found.refused.zh, found.refused.en) };
      if (found) {
        // This card is a holder too: patched when progress is reported or the item ends.
        card = await deps.supervision.card(found.loaded, undefined, by);
        await deps.supervision.hold(id, `open:${ctx.eventId}`, by);
      }
    } else {
      return { toast: toast('warning', '这个按钮已失效或无法识别', 'This button is no longer valid') };
    }
    if (!card) return { toast: toast('warning', `找不到 ${id}`, `${id} not found`) };
    await deps.outbox.enqueue([{ op: 'send', key: `open:${ctx.eventId}`, receiveIdType: 'open_id', receiveId: by, msgType: 'interactive', content: cardContent(card) }]);
    return { toast: toast('info', '已发到您的私聊', 'Sent to your direct chat') };
  };
}
