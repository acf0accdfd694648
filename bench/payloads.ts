import { randomBytes } from 'node:crypto';
import { cardActionEvent, larkDelivery, messageEvent } from '../test/helpers/lark-payloads.js';
import { BENCH_SECRETS } from './settings.js';

/** One delivery ready to go on the wire: its bytes and headers are computed before measuring. */
export interface PreparedDelivery {
  eventId: string;
  /** Where the bot's inbox keeps it: `msg:<message_id>` for a received message, else the event_id. */
  inboxId: string;
  /** The message the event carries (a received message) or the card it was clicked on. */
  messageId: string;
  body: Buffer;
  headers: Record<string, string>;
}

const wire = (payload: unknown): { body: Buffer; headers: Record<string, string> } => {
  const d = larkDelivery(payload, { encryptKey: BENCH_SECRETS.encryptKey });
  const body = Buffer.from(d.body, 'utf8');
  return { body, headers: { ...d.headers, 'content-length': String(body.length) } };
};

/** How many staff the message events come from, each in a one-to-one chat with the bot. */
export const BENCH_STAFF = 300;

/**
 * Builds `count` signed and encrypted `im.message.receive_v1` deliveries (text 帮助, the
 * verification token in the envelope header), each with its own event_id and message_id, using
 * the test suite's own builders so the scheme is the one Lark uses and the tests check. They
 * come in turn from `BENCH_STAFF` people, each in their own chat: an office's load, not one
 * person typing 15 messages a second (Lark itself allows 5 sends/s to one user or chat).
 */
export function prepareMessageDeliveries(count: number, label: string): PreparedDelivery[] {
  const run = `${label}_${randomBytes(4).toString('hex')}`;
  const out: PreparedDelivery[] = new Array<PreparedDelivery>(count);
  for (let i = 0; i < count; i++) {
    const eventId = `ev_bench_${run}_${i}`;
    const messageId = `om_bench_${run}_${i}`;
    const staff = i % BENCH_STAFF;
    const payload = messageEvent({
      eventId,
      messageId,
      token: BENCH_SECRETS.verificationToken,
      appId: BENCH_SECRETS.appId,
      text: '帮助',
      openId: `ou_bench_staff_${staff}`,
      chatId: `oc_bench_p2p_${staff}`,
    });
    out[i] = { eventId, inboxId: `msg:${messageId}`, messageId, ...wire(payload) };
  }
  return out;
}

/** One signed and encrypted `card.action.trigger` (a button or a form submit), as Lark posts it to /lark/card. */
export function prepareCardClick(o: { openId: string; value: Record<string, unknown>; formValue?: Record<string, unknown>; label: string }): PreparedDelivery {
  const id = `${o.label}_${randomBytes(6).toString('hex')}`;
  const eventId = `ev_bench_${id}`;
  const messageId = `om_bench_card_${id}`;
  const ev = cardActionEvent({ eventId, token: BENCH_SECRETS.verificationToken, appId: BENCH_SECRETS.appId, openId: o.openId, value: o.value, ...(o.formValue ? { formValue: o.formValue } : {}), messageId });
  // Each click carries its own callback token, as Lark's do.
  ev.event.token = `c-bench-${id}`;
  return { eventId, inboxId: eventId, messageId, ...wire(ev) };
}
