import { AESCipher } from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { computeSignature, decryptPayload, encryptPayload, safeEqual, verifySignature } from '../../src/lark/lark-crypto.js';
import { encryptLikeLark, signLikeLark } from '../helpers/lark-payloads.js';

const key = 'kudryavka-encrypt-key';
const text = JSON.stringify({ schema: '2.0', header: { event_id: 'e1' }, event: { text: '帮助 help' } });

describe('Lark crypto', () => {
  it("the SDK's own AESCipher decrypts what the test helper encrypts", () => {
    expect(new AESCipher(key).decrypt(encryptLikeLark(key, text))).toBe(text);
  });

  it('decryptPayload reads what Lark (the helper) encrypts, and encryptPayload what the SDK reads', () => {
    expect(decryptPayload(key, encryptLikeLark(key, text))).toBe(text);
    expect(new AESCipher(key).decrypt(encryptPayload(key, text))).toBe(text);
  });

  it('the documented example: decrypting "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=" with key "test key" gives "hello world"', () => {
    expect(decryptPayload('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
  });

  it('refuses data encrypted with another key or cut short', () => {
    expect(() => decryptPayload('other key', encryptLikeLark(key, text))).toThrow();
    expect(() => decryptPayload(key, 'AAAA')).toThrow();
  });

  it('signs timestamp + nonce + key + raw body with SHA-256, and checks in constant time', () => {
    const body = '{"encrypt":"abc"}';
    const sig = signLikeLark('1700000000', 'nonce-1', key, body);
    expect(computeSignature('1700000000', 'nonce-1', key, body)).toBe(sig);
    expect(verifySignature({ timestamp: '1700000000', nonce: 'nonce-1', signature: sig, encryptKey: key, rawBody: body })).toBe(true);
    expect(verifySignature({ timestamp: '1700000000', nonce: 'nonce-1', signature: sig, encryptKey: key, rawBody: `${body} ` })).toBe(false);
    expect(verifySignature({ timestamp: '1700000001', nonce: 'nonce-1', signature: sig, encryptKey: key, rawBody: body })).toBe(false);
    expect(verifySignature({ timestamp: '1700000000', nonce: 'nonce-1', signature: 'short', encryptKey: key, rawBody: body })).toBe(false);
  });

  it('safeEqual compares whole strings', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
