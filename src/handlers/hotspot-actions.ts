import { HS_MERGE, HS_SUPERVISE } from '../cards/hotspot-card.js';
import { toast } from '../cards/toast.js';
import type { HotspotService } from '../tickets/hotspot-service.js';
import type { CardAction } from './card-action.js';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const idsOf = (v: unknown) => [...new Set(str(v).split(',').map((x) => x.trim()).filter((x) => /^[A-Z]{1,6}-\d{8}-\d{4}$/.test(x)))];

/** 合并 and 督办 on a 热点预警 card (the card stays as it is: the answer says what was done). */
export function hotspotActions(hotspot: HotspotService): Record<string, CardAction> {
  return {
    [HS_MERGE]: async ({ value, event }) => {
      const r = await hotspot.merge({ ids: idsOf(value.ids), by: event.operator.open_id });
      return { toast: toast(r.kind === 'done' ? 'success' : 'warning', r.message.zh, r.message.en) };
    },
    [HS_SUPERVISE]: async ({ value, event }) => {
      const ids = idsOf(value.ids);
      if (!ids.length) return { toast: toast('warning', '这个按钮已失效', 'This button is no longer valid') };
      const label = str(value.l).slice(0, 60);
      const r = await hotspot.supervise({ ids, label, unit: str(value.u), hours: Number(value.h) || 0, by: event.operator.open_id, key: `hotspot:${ids.join(',')}` });
      return { toast: toast(r.kind === 'done' ? 'success' : 'warning', r.message.zh, r.message.en) };
    },
  };
}
