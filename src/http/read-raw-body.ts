import type { IncomingMessage } from 'node:http';
import { badRequest, payloadTooLarge } from '../lib/errors.js';

/**
 * The request body exactly as sent (the signature is computed over these bytes). An over-long
 * body is refused with 413; the rest of it is discarded, not left unread, so the connection
 * is not wedged (the error middleware also closes it).
 */
export function readRawBody(req: IncomingMessage, limitBytes = 1024 * 1024): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.reject(payloadTooLarge(`body larger than ${limitBytes} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limitBytes) {
        over = true;
        chunks.length = 0;
        reject(payloadTooLarge(`body larger than ${limitBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.once('error', (err) => reject(badRequest('request body could not be read', err)));
  });
}
