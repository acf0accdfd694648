import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/errors.js';
import { openLarkRequest, type LarkSecrets } from '../../src/lark/open-lark-request.js';
import { larkDelivery, messageEvent } from '../helpers/lark-payloads.js';

const secrets: LarkSecrets = { encryptKey: 'ek-123', verificationToken: 'vt-456' };
const open = (d: { body: string; headers: Record<string, string> }, s = secrets) => openLarkRequest(d.body, d.headers, s);
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return { status: (err as AppError).status, code: (err as AppError).code, message: (err as AppError).message };
  }
  throw new Error('expected a refusal');
};

describe('openLarkRequest', () => {
  it('opens a signed, encrypted schema 2.0 event', () => {
    const opened = open(larkDelivery(messageEvent({ token: 'vt-456', eventId: 'ev_1' }), { encryptKey: 'ek-123' }));
    expect(opened.kind).toBe('event');
    if (opened.kind === 'event') expect(opened.envelope.header.event_id).toBe('ev_1');
  });

  it('answers an encrypted challenge even unsigned (the encryption proves the key)', () => {
    const d = larkDelivery({ type: 'url_verification', challenge: 'ch-1', token: 'vt-456' }, { encryptKey: 'ek-123', sign: false });
    expect(open(d)).toEqual({ kind: 'challenge', challenge: 'ch-1' });
  });

  it('answers a plain challenge when no encrypt key is configured', () => {
    const d = larkDelivery({ type: 'url_verification', challenge: 'ch-2', token: 'vt-456' });
    expect(open(d, { encryptKey: undefined, verificationToken: 'vt-456' })).toEqual({ kind: 'challenge', challenge: 'ch-2' });
  });

  it('refuses a plain unsigned challenge when an encrypt key is configured', () => {
    const d = larkDelivery({ type: 'url_verification', challenge: 'ch-3', token: 'vt-456' });
    expect(refusal(() => open(d)).status).toBe(401);
  });

  it('refuses a forged signature with 401', () => {
    const d = larkDelivery(messageEvent({ token: 'vt-456' }), { encryptKey: 'ek-123' });
    d.headers['x-lark-signature'] = 'f'.repeat(64);
    expect(refusal(() => open(d))).toMatchObject({ status: 401, code: 'bad_signature' });
  });

  it('refuses a body changed after signing', () => {
    const d = larkDelivery(messageEvent({ token: 'vt-456' }), { encryptKey: 'ek-123' });
    expect(refusal(() => open({ ...d, body: d.body.replace('}', ' }') })).status).toBe(401);
  });

  it('refuses an unsigned event when an encrypt key is configured', () => {
    const d = larkDelivery(messageEvent({ token: 'vt-456' }), { encryptKey: 'ek-123', sign: false });
    expect(refusal(() => open(d)).status).toBe(401);
  });

  it('refuses a wrong verification token with 403', () => {
    const d = larkDelivery(messageEvent({ token: 'wrong' }), { encryptKey: 'ek-123' });
    expect(refusal(() => open(d))).toMatchObject({ status: 403, code: 'bad_token' });
  });

  it('answers malformed bodies with 4xx naming the problem', () => {
    const sign = (body: string) => larkDelivery(JSON.parse(body), { encryptKey: 'ek-123', encrypt: false });
    expect(refusal(() => openLarkRequest('not json', {}, secrets))).toMatchObject({ status: 400, message: 'request body is not valid JSON' });
    expect(refusal(() => openLarkRequest('[1,2]', {}, secrets))).toMatchObject({ status: 400 });
    expect(refusal(() => open(sign('{"encrypt":"bm90IHJlYWxseQ=="}'))).message).toMatch(/cannot be decrypted/);
    expect(refusal(() => open(sign('{"encrypt":42}'))).message).toMatch(/must be a string/);
    const noHeader = larkDelivery({ schema: '2.0', event: {} }, { encryptKey: 'ek-123' });
    expect(refusal(() => open(noHeader)).message).toMatch(/malformed event envelope: header/);
    const oldSchema = larkDelivery({ uuid: 'x', event: { type: 'message' }, token: 'vt-456', type: 'event_callback' }, { encryptKey: 'ek-123' });
    expect(refusal(() => open(oldSchema)).status).toBe(422);
  });

  it('refuses an encrypted body when no key is configured', () => {
    const d = larkDelivery(messageEvent(), { encryptKey: 'ek-123' });
    expect(refusal(() => open(d, { encryptKey: undefined, verificationToken: undefined })).status).toBe(400);
  });
});
