import { performance } from 'node:perf_hooks';
import type { BotInfo, LarkApi } from '../src/lark/lark-api.js';
import type { OutboxMessageDoc } from '../src/models/outbox-message.js';

/** Send calls remembered for the end-to-end figures (a bench run stays well below this). */
const REMEMBERED = 500_000;

/** An Open API that accepts every message at once, so the bench measures the bot, not Lark. */
export class InstantLarkApi implements LarkApi {
  delivered = 0;
  /**
   * When the bot made the send call for each reply, epoch ms (performance.timeOrigin-based, so
   * comparable with the load generator's clock): keyed by the message replied to, for replies.
   */
  readonly replyCalls = new Map<string, number>();

  deliver(msg: OutboxMessageDoc): Promise<{ messageId?: string }> {
    this.delivered++;
    if (msg.op === 'reply' && msg.messageId && this.replyCalls.size < REMEMBERED && !this.replyCalls.has(msg.messageId)) {
      this.replyCalls.set(msg.messageId, performance.timeOrigin + performance.now());
    }
    return Promise.resolve({ messageId: 'om_x' });
  }

  dropToken(): void {}

  botInfo(): Promise<BotInfo> {
    return Promise.resolve({ openId: 'ou_bench_bot', name: '政务助手' });
  }

  /** The bench sends no pictures: a tiny file if asked. */
  messageResource(): Promise<Buffer> {
    return Promise.resolve(Buffer.from('bench'));
  }
}
