import type { ApprovalService } from '../approvals/approval-service.js';
import { errorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { Job } from './scheduler.js';

/**
 * Every 5 minutes: re-derive each open request (opens a step a crash left unopened, sends what
 * was not sent, and gives a step open for a week a fresh card before Lark's 14-day limit).
 */
export function approvalSweepJob(approvals: ApprovalService, log: Logger): Job {
  return {
    name: 'approval-sweep',
    cron: '*/5 * * * *',
    async run() {
      for (const id of await approvals.openIds()) {
        await approvals.advance(id).catch((err) => log.error({ approval: id, err: errorMessage(err) }, 'approval sweep failed for a request'));
      }
    },
  };
}
