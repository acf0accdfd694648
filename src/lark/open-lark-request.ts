import { badRequest, badSignature, badToken, unsupported } from '../lib/errors.js';
import { decryptPayload, safeEqual, verifySignature } from './lark-crypto.js';
import { envelopeSchema, urlVerificationSchema, type Envelope } from './envelope.js';

export interface LarkSecrets {
  encryptKey: string | undefined;
  verificationToken: string | undefined;
}

export type OpenedRequest = { kind: 'challenge'; challenge: string } | { kind: 'event'; envelope: Envelope };

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
export function openLarkRequest(rawBody: string, headers: Headers, secrets: LarkSecrets): OpenedRequest {
  const outer = parseJsonObject(rawBody, 'request body');
  const timestamp = header(headers, 'x-lark-request-timestamp');
  const nonce = header(headers, 'x-lark-request-nonce');
  const signature = header(headers, 'x-lark-signature');
  const signed = Boolean(timestamp && nonce && signature);

  if (secrets.encryptKey && signed) {
    const ok = verifySignature({ timestamp: timestamp!, nonce: nonce!, signature: signature!, encryptKey: secrets.encryptKey, rawBody });
    if (!ok) throw badSignature('signature does not match');
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

  if (payload.schema !== '2.0') {
    throw unsupported('only schema 2.0 events and card.action.trigger callbacks are supported');
  }
  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) {
    const first = envelope.error.issues[0];
    throw badRequest(`malformed event envelope: ${first?.path.join('.') || '(root)'} ${first?.message ?? ''}`.trim());
  }
  checkToken(envelope.data.header.token, secrets.verificationToken);
  return { kind: 'event', envelope: envelope.data };
}

function checkToken(token: string | undefined, expected: string | undefined) {
  if (!expected) return;
  if (!token || !safeEqual(token, expected)) throw badToken('verification token does not match');
}
