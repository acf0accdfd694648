import type { Models } from '../models/create-models.js';
import type { Job } from './scheduler.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Expiry as a scheduled purge (no TTL indexes: FerretDB lacks them). Event keys are kept 7 days,
 * far past Lark's ~7 h of retries; failed events 30 days for investigation; sent messages 30 days.
 */
export function purgeJob(models: Models): Job {
  return {
    name: 'purge',
    cron: '17 * * * *',
    async run(now) {
      const t = now.getTime();
      await models.inboxEvents.deleteMany({ status: 'done', receivedAt: { $lt: new Date(t - 7 * DAY) } });
      await models.inboxEvents.deleteMany({ status: 'failed', receivedAt: { $lt: new Date(t - 30 * DAY) } });
      await models.claims.deleteMany({ at: { $lt: new Date(t - 7 * DAY) } });
      await models.outboxMessages.deleteMany({ status: { $in: ['sent', 'failed'] }, createdAt: { $lt: new Date(t - 30 * DAY) } });
    },
  };
}
