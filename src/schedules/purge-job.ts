import { MIN_DEDUPE_RETENTION_MS } from '../lark/replay-window.js';
import { InboxStore } from '../inbox/inbox-store.js';
import type { Models } from '../models/create-models.js';
import { OutboxStore } from '../outbox/outbox-store.js';
import type { Job } from './scheduler.js';

const DAY = 24 * 60 * 60 * 1000;
/**
 * Handled events are the dedupe records: kept 2 days, well past what the replay window needs
 * (window + Lark's retry horizon, about 15 h: replay-window.ts), so no replay the window lets
 * in can find its record gone.
 */
export const HANDLED_EVENTS_KEPT_MS = Math.max(2 * DAY, MIN_DEDUPE_RETENTION_MS);
/** Sent (and failed) messages are kept a week: an outbox key dedupes only while its row lives. */
export const SENT_MESSAGES_KEPT_MS = 7 * DAY;
/**
 * A sent card's row holds its message_id, which every later update of that card needs: kept as
 * long as Lark lets a card be updated, "仅支持更新 14 天内发送的消息" (im-v1/message/patch).
 */
export const SENT_CARDS_KEPT_MS = 14 * DAY;

/**
 * Expiry as a scheduled purge (no TTL indexes: FerretDB lacks them), after queueing again the
 * work a dead process left only in its memory (STRANDED_AFTER_MS). Handled events are kept
 * 2 days, well past Lark's last retry (~7 h); failed events 30 days for investigation; sent
 * messages 7 days (sent cards 14, while Lark lets them be updated); claims 3 days. Short, because on FerretDB every update and every unindexed
 * query scans its whole collection (measured: updateOne by _id 126 ms at 30,000 rows): small
 * live collections keep the bot fast.
 */
/**
 * Work recorded as waiting this long without a queue row was held in the memory of a process that
 * died (no live process holds an event or a message that long): the purge queues it again.
 */
export const STRANDED_AFTER_MS = 10 * 60 * 1000;

export function purgeJob(models: Models): Job {
  return {
    name: 'purge',
    cron: '17 * * * *',
    async run(now) {
      const t = now.getTime();
      const stranded = new Date(t - STRANDED_AFTER_MS);
      await new InboxStore(models.inboxEvents, models.inboxQueue).requeueStranded(stranded);
      await new OutboxStore(models.outboxMessages, models.outboxQueue).requeueStranded(stranded);
      await models.inboxEvents.deleteMany({ status: 'done', receivedAt: { $lt: new Date(t - HANDLED_EVENTS_KEPT_MS) } });
      await models.inboxEvents.deleteMany({ status: 'failed', receivedAt: { $lt: new Date(t - 30 * DAY) } });
      await models.claims.deleteMany({ at: { $lt: new Date(t - 3 * DAY) } });
      await models.outboxMessages.deleteMany({ status: { $in: ['sent', 'failed'] }, createdAt: { $lt: new Date(t - SENT_CARDS_KEPT_MS) } });
      await models.outboxMessages.deleteMany({
        status: { $in: ['sent', 'failed'] },
        createdAt: { $lt: new Date(t - SENT_MESSAGES_KEPT_MS) },
        $nor: [{ status: 'sent', op: { $in: ['send', 'reply'] }, msgType: 'interactive' }],
      });
    },
  };
}
