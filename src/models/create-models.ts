import type { Connection } from 'mongoose';
import { claimModel } from './claim.js';
import { inboxEventModel } from './inbox-event.js';
import { outboxMessageModel } from './outbox-message.js';

export function createModels(conn: Connection) {
  return {
    claims: claimModel(conn),
    inboxEvents: inboxEventModel(conn),
    outboxMessages: outboxMessageModel(conn),
  };
}
export type Models = ReturnType<typeof createModels>;

/** Builds every index declared beside the schemas (createIndexes is idempotent). */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
