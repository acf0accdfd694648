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
    const v1WithoutType = larkDelivery({ uuid: 'x', event: {}, token: 'vt-456', type: 'event_callback' }, { encryptKey: 'ek-123' });
    expect(refusal(() => open(v1WithoutType))).toMatchObject({ status: 400, message: expect.stringMatching(/schema 1.0/) });
    expect(refusal(() => open(larkDelivery({ schema: '3.0', header: {}, event: {} }, { encryptKey: 'ek-123' }))).status).toBe(422);
  });

  describe('schema 1.0 events (事件概述: {uuid, token, ts, type: event_callback, event: {type}})', () => {
    // bot-events.md's documented p2p_chat_create, its comments removed.
    const p2pChatCreate = {
      ts: '1502199207.7171419',
      uuid: 'bc447199585340d1f3728d26b1c0297a',
      token: 'vt-456',
      type: 'event_callback',
      event: {
        app_id: 'cli_9c8609450f78d102',
        chat_id: 'oc_26b66a5eb603162b849f91bcd8815b20',
        operator: { open_id: 'ou_2d2c0399b53d06fd195bb393cd1e38f2', user_id: 'gfa21d92' },
        tenant_key: '736588c9260f175c',
        type: 'p2p_chat_create',
        user: { name: '张三', open_id: 'ou_7dede290d6a27698b969a7fd70ca53da', user_id: 'gfa21d92' },
      },
    };

    it('carries p2p_chat_create on as an envelope keyed by its uuid', () => {
      const opened = open(larkDelivery(p2pChatCreate, { encryptKey: 'ek-123' }), secrets);
      expect(opened).toMatchObject({ kind: 'event', envelope: { schema: '2.0', header: { event_id: 'v1:bc447199585340d1f3728d26b1c0297a', event_type: 'p2p_chat_create', create_time: '1502199207717' }, event: { user: { open_id: 'ou_7dede290d6a27698b969a7fd70ca53da' } } } });
    });

    it('acknowledges other 1.0 events without handling them', () => {
      const addBot = { ...p2pChatCreate, uuid: 'u2', event: { ...p2pChatCreate.event, type: 'add_bot', open_chat_id: 'oc_1' } };
      expect(open(larkDelivery(addBot, { encryptKey: 'ek-123' }))).toEqual({ kind: 'ignored', eventType: 'v1:add_bot' });
    });

    it('checks their token like any delivery', () => {
      expect(refusal(() => open(larkDelivery({ ...p2pChatCreate, token: 'wrong' }, { encryptKey: 'ek-123' }))).status).toBe(403);
    });
  });

  describe('the replay window (replay-window.ts)', () => {
    const at = (hoursAgo: number) => Math.floor(Date.now() / 1000 - hoursAgo * 3600);
    const ev = () => messageEvent({ token: 'vt-456' });

    it('takes a retry stamped with the first attempt\'s time, even the last one, 7 h 05 min later', () => {
      expect(open(larkDelivery(ev(), { encryptKey: 'ek-123', timestamp: at(7.1) })).kind).toBe('event');
    });

    it('refuses a validly signed delivery 3 days old, and one from beyond the window', () => {
      expect(refusal(() => open(larkDelivery(ev(), { encryptKey: 'ek-123', timestamp: at(72) })))).toMatchObject({ status: 401, message: 'request timestamp outside the replay window' });
      expect(refusal(() => open(larkDelivery(ev(), { encryptKey: 'ek-123', timestamp: at(8.1) }))).status).toBe(401);
    });

    it('refuses a timestamp from the future beyond clock drift, and one that is not a time', () => {
      expect(refusal(() => open(larkDelivery(ev(), { encryptKey: 'ek-123', timestamp: at(-0.5) }))).status).toBe(401);
      const d = larkDelivery(ev(), { encryptKey: 'ek-123' });
      expect(refusal(() => openLarkRequest(d.body, { ...d.headers, 'x-lark-request-timestamp': 'yesterday' }, secrets)).status).toBe(401);
    });

    it('without an encrypt key, judges by the event\'s create_time', () => {
      const old = messageEvent({ token: 'vt-456' });
      old.header.create_time = String(Date.now() - 72 * 3600_000);
      expect(refusal(() => open(larkDelivery(old), { encryptKey: undefined, verificationToken: 'vt-456' })).status).toBe(401);
      expect(open(larkDelivery(messageEvent({ token: 'vt-456' })), { encryptKey: undefined, verificationToken: 'vt-456' }).kind).toBe('event');
    });

    it('keeps dedupe records longer than the window plus Lark\'s retry horizon', async () => {
      const { HANDLED_EVENTS_KEPT_MS } = await import('../../src/schedules/purge-job.js');
      const { MIN_DEDUPE_RETENTION_MS, REPLAY_WINDOW_MS, LARK_RETRY_HORIZON_MS } = await import('../../src/lark/replay-window.js');
      expect(LARK_RETRY_HORIZON_MS).toBeGreaterThan((7 * 60 + 5) * 60_000);
      expect(REPLAY_WINDOW_MS).toBeGreaterThan(LARK_RETRY_HORIZON_MS);
      expect(HANDLED_EVENTS_KEPT_MS).toBeGreaterThanOrEqual(MIN_DEDUPE_RETENTION_MS);
    });
  });

  it('refuses an encrypted body when no key is configured', () => {
    const d = larkDelivery(messageEvent(), { encryptKey: 'ek-123' });
    expect(refusal(() => open(d, { encryptKey: undefined, verificationToken: undefined })).status).toBe(400);
  });
});
