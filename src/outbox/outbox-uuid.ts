import { createHash } from 'node:crypto';

/** Lark's idempotency `uuid` (≤ 50 chars) derived from the outbox key: same key, same uuid. */
export function outboxUuid(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
