import { randomBytes } from 'node:crypto';
import { larkDelivery, messageEvent } from '../test/helpers/lark-payloads.js';
import { BENCH_SECRETS } from './settings.js';

/** One delivery ready to go on the wire: its bytes and headers are computed before measuring. */
export interface PreparedDelivery {
  eventId: string;
  body: Buffer;
  headers: Record<string, string>;
}

/**
 * Builds `count` signed and encrypted `im.message.receive_v1` deliveries (text 帮助, the
 * verification token in the envelope header), each with its own event_id, using the test
 * suite's own builders so the scheme is the one Lark uses and the tests check.
 */
export function prepareMessageDeliveries(count: number, label: string): PreparedDelivery[] {
  const run = `${label}_${randomBytes(4).toString('hex')}`;
  const out: PreparedDelivery[] = new Array<PreparedDelivery>(count);
  for (let i = 0; i < count; i++) {
    const eventId = `ev_bench_${run}_${i}`;
    const payload = messageEvent({ eventId, token: BENCH_SECRETS.verificationToken, appId: BENCH_SECRETS.appId, text: '帮助' });
    const d = larkDelivery(payload, { encryptKey: BENCH_SECRETS.encryptKey });
    const body = Buffer.from(d.body, 'utf8');
    out[i] = { eventId, body, headers: { ...d.headers, 'content-length': String(body.length) } };
  }
  return out;
}
