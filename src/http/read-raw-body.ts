import type { IncomingMessage } from 'node:http';
import { badRequest, payloadTooLarge } from '../lib/errors.js';

/** The request body exactly as sent (the signature is computed over these bytes). */
export async function readRawBody(req: IncomingMessage, limitBytes = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limitBytes) throw payloadTooLarge(`body larger than ${limitBytes} bytes`);
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof Error && err.name === 'AppError') throw err;
    throw badRequest('request body could not be read', err);
  }
  return Buffer.concat(chunks).toString('utf8');
}
