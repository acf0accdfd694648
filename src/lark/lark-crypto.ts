import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Lark's event crypto: AES-256-CBC with key = SHA-256(encrypt key), the first 16 bytes of the
 * decoded data are the IV, PKCS#7 padding; signature = hex SHA-256 of
 * timestamp + nonce + encrypt key + raw body.
 */
const aesKey = (encryptKey: string) => createHash('sha256').update(encryptKey).digest();

export function decryptPayload(encryptKey: string, encrypted: string): string {
  const data = Buffer.from(encrypted, 'base64');
  if (data.length < 32 || data.length % 16 !== 0) throw new Error('encrypted payload has the wrong length');
  const decipher = createDecipheriv('aes-256-cbc', aesKey(encryptKey), data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}

export function encryptPayload(encryptKey: string, plaintext: string, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv('aes-256-cbc', aesKey(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function computeSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string | Buffer): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey)
    .update(rawBody)
    .digest('hex');
}

/** Constant-time comparison of two strings (false on any length difference). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

export function verifySignature(input: {
  timestamp: string;
  nonce: string;
  signature: string;
  encryptKey: string;
  rawBody: string | Buffer;
}): boolean {
  const expected = computeSignature(input.timestamp, input.nonce, input.encryptKey, input.rawBody);
  return safeEqual(expected, input.signature.toLowerCase());
}
