import { badRequest, badSignature, badToken, unsupported } from '../lib/errors.js';
import { decryptPayload, safeEqual, verifySignature } from './lark-crypto.js';
import { envelopeSchema, P2P_CHAT_CREATE_EVENT, urlVerificationSchema, type Envelope } from './envelope.js';
import { timestampMs, withinReplayWindow } from './replay-window.js';

export interface LarkSecrets {
  encryptKey: string | undefined;
  verificationToken: string | undefined;
}

export type OpenedRequest =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'event'; envelope: Envelope }
  /** A genuine delivery the bot does not handle (e.g. a schema 1.0 event): answered 200, nothing stored. */
  | { kind: 'ignored'; eventType: string };

/** Schema 1.0 events the bot handles, carried on as 2.0-shaped envelopes keyed by their uuid. */
const V1_HANDLED = new Set([P2P_CHAT_CREATE_EVENT]);

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const parseJsonObject = (text: string, what: string): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badRequest(`${what} is not valid JSON`, err);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
};

/**
 * Authenticates, decrypts and parses one delivery from Lark.
 * - With an encrypt key, the signature over the raw body is required and checked in constant
 *   time. The one exception is the URL-verification challenge, which Lark may send before the
 *   signature is set up: it is accepted unsigned only when it arrives encrypted with our key.
 * - The verification token is checked whenever one is configured.
 * Throws coded 4xx errors; never a 5xx for a caller's mistake.
 */
export function openLarkRequest(rawBody: string, headers: Headers, secrets: LarkSecrets, now: number = Date.now()): OpenedRequest {
  const outer = parseJsonObject(rawBody, 'request body');
  const timestamp = header(headers, 'x-lark-request-timestamp');
  const nonce = header(headers, 'x-lark-request-nonce');
  const signature = header(headers, 'x-lark-signature');
  const signed = Boolean(timestamp && nonce && signature);

  if (secrets.encryptKey && signed) {
    const ok = verifySignature({ timestamp: timestamp!, nonce: nonce!, signature: signature!, encryptKey: secrets.encryptKey, rawBody });
    if (!ok) throw badSignature('signature does not match');
    // A valid signature on an old request is a replay (see replay-window.ts for the window).
    const at = timestampMs(timestamp);
    if (at === null || !withinReplayWindow(at, now)) throw badSignature('request timestamp outside the replay window');
  }

  let payload = outer;
  const encrypted = typeof outer.encrypt === 'string';
  if (encrypted) {
    if (!secrets.encryptKey) throw badRequest('payload is encrypted but LARK_ENCRYPT_KEY is not configured');
    let plaintext: string;
    try {
      plaintext = decryptPayload(secrets.encryptKey, outer.encrypt as string);
    } catch (err) {
      throw badRequest('payload cannot be decrypted with the configured key', err);
    }
    payload = parseJsonObject(plaintext, 'decrypted payload');
  } else if ('encrypt' in outer) {
    throw badRequest('"encrypt" must be a string');
  }

  if (payload.type === 'url_verification') {
    if (secrets.encryptKey && !signed && !encrypted) throw badSignature('unsigned, unencrypted request refused');
    const challenge = urlVerificationSchema.safeParse(payload);
    if (!challenge.success) throw badRequest('url_verification needs a challenge string');
    checkToken(challenge.data.token, secrets.verificationToken);
    return { kind: 'challenge', challenge: challenge.data.challenge };
  }

  if (secrets.encryptKey && !signed) throw badSignature('missing X-Lark-Signature headers');

  if (payload.schema === undefined && payload.type === 'event_callback') return openV1Event(payload, secrets);
  if (payload.schema !== '2.0') {
    throw unsupported('only schema 2.0 events and card.action.trigger callbacks are supported');
  }
  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) {
    const first = envelope.error.issues[0];
    throw badRequest(`malformed event envelope: ${first?.path.join('.') || '(root)'} ${first?.message ?? ''}`.trim());
  }
  checkToken(envelope.data.header.token, secrets.verificationToken);
  // Unsigned deliveries (no encrypt key) have only the event's own time to judge a replay by.
  if (!signed) {
    const created = timestampMs(envelope.data.header.create_time);
    if (created !== null && !withinReplayWindow(created, now)) throw badSignature('event create_time outside the replay window');
  }
  return { kind: 'event', envelope: envelope.data };
}

/**
 * Schema 1.0 (事件概述): `{uuid, token, ts, type: "event_callback", event: {type, …}}`, signed and
 * encrypted as 2.0 is. Handled types go on as a 2.0-shaped envelope keyed by `uuid` (the docs'
 * dedupe key for 1.0); every other type is acknowledged and ignored, so Lark stops re-sending it.
 */
function openV1Event(payload: Record<string, unknown>, secrets: LarkSecrets): OpenedRequest {
  checkToken(typeof payload.token === 'string' ? payload.token : undefined, secrets.verificationToken);
  const event = payload.event as Record<string, unknown> | undefined;
  const type = typeof event?.type === 'string' ? event.type : '';
  const uuid = typeof payload.uuid === 'string' ? payload.uuid : '';
  if (!event || !type || !uuid) throw badRequest('malformed schema 1.0 event: uuid and event.type are required');
  if (!V1_HANDLED.has(type)) return { kind: 'ignored', eventType: `v1:${type}` };
  const ts = typeof payload.ts === 'string' ? Math.round(Number(payload.ts) * 1000) : NaN;
  return {
    kind: 'event',
    envelope: {
      schema: '2.0',
      header: {
        event_id: `v1:${uuid}`.slice(0, 128),
        event_type: type,
        ...(Number.isFinite(ts) ? { create_time: String(ts) } : {}),
        ...(typeof event.app_id === 'string' ? { app_id: event.app_id } : {}),
        ...(typeof event.tenant_key === 'string' ? { tenant_key: event.tenant_key } : {}),
      },
      event,
    },
  };
}

function checkToken(token: string | undefined, expected: string | undefined) {
  if (!expected) return;
  if (!token || !safeEqual(token, expected)) throw badToken('verification token does not match');
}
