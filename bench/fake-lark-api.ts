import type { BotInfo, LarkApi } from '../src/lark/lark-api.js';

/** An Open API that accepts every message at once, so the bench measures the bot, not Lark. */
export class InstantLarkApi implements LarkApi {
  delivered = 0;

  deliver(): Promise<{ messageId?: string }> {
    this.delivered++;
    return Promise.resolve({ messageId: 'om_x' });
  }

  dropToken(): void {}

  botInfo(): Promise<BotInfo> {
    return Promise.resolve({ openId: 'ou_bench_bot', name: '政务助手' });
  }
}
